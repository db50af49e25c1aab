import { toBundles } from '../domain';
import type { CustomerBundle, Dataset, Invoice, MaintenanceOperation, Site, Vehicle } from '../domain';
import { RelanceError } from '../errors';
import { fromEpochDay, isoDay, toEpochDay } from '../internal/epochDays';
import { flatString } from '../internal/flatString';
import type { Writable } from '../internal/writable';
import { customerVehicles, vehicleOdometer } from './customerVehicles';
import type { ClassifyInvoiceOptions, InvoiceClassification } from './classifyInvoice';
import { inspectionDue } from './inspectionDue';
import type { InspectionRule } from './inspectionDue';
import { planItemStatuses } from './maintenanceStatus';
import type { DueStatus, LastDone } from './maintenanceStatus';
import type { MaintenancePlan } from './plans/schema';

/** Options of {@link dueServices}. */
export interface DueServicesOptions {
  /** The day of the call list. */
  readonly asOf: Date;
  /** Include work due up to this many days after `asOf`. Default 30. */
  readonly horizonDays?: number;
  /** Maintenance plans by make (case-insensitive). */
  readonly plans: Readonly<Record<string, MaintenancePlan>>;
  /** The plan of makes not in `plans`; without it their services are not listed (tests and tyres still are). */
  readonly defaultPlan?: MaintenancePlan;
  /** Sites, for each vehicle's country (inspection rules). Default: the dataset's sites; none for bundles (then `country`). */
  readonly sites?: readonly Site[];
  /** Country when the site is unknown. Default `FR`. */
  readonly country?: string;
  /** Roadworthiness-test rules by country. Default: the shipped rules. */
  readonly inspectionRules?: Readonly<Record<string, InspectionRule>>;
  /** Tyre wear distance, km. Default 40,000. */
  readonly tyreWearKm?: number;
  /** Days before a projected due date when the status becomes `due-soon`. Default: `horizonDays`. */
  readonly dueSoonDays?: number;
  /** Options for classifying invoices (lexicon). */
  readonly classify?: ClassifyInvoiceOptions;
  /** Classifications already computed, by invoice id (saves classifying again). */
  readonly classified?: ReadonlyMap<string, InvoiceClassification>;
  /** What to list. Default all three. */
  readonly kinds?: ReadonlyArray<'service' | 'inspection' | 'tyres'>;
}

/** One line of the call list: a vehicle whose service, test or tyres are due. */
export interface DueItem {
  readonly customerId: string;
  readonly vehicleId: string;
  /** The site that looks after it: the customer's home site, else the site of its last invoice. */
  readonly siteId?: string;
  readonly make: string;
  readonly model: string;
  /** What is due. */
  readonly kind: 'service' | 'inspection' | 'tyres';
  /** For a service, the plan operation due. */
  readonly operation?: MaintenanceOperation;
  /** `due-soon`, `due` or `overdue`. */
  readonly status: Exclude<DueStatus, 'ok' | 'unknown'>;
  /** The (projected) due date: "since when" for overdue work. */
  readonly dueDate: Date;
  /** Days past the due date (0 when not yet due). */
  readonly daysOverdue: number;
  /** The last time this work was done, if recorded. */
  readonly lastDone?: { readonly date: Date; readonly km?: number; readonly invoiceId?: string };
  /** The last customer visit of the vehicle (any work that counts as a visit). */
  readonly lastVisit?: { readonly date: Date; readonly invoiceId: string; readonly category: string };
  /** Why, in words. */
  readonly reason: string;
}

/**
 * The call list: every vehicle whose service, roadworthiness test or tyres are due, overdue,
 * or due within `horizonDays` — the customers who should have come. For each vehicle of each
 * customer: the odometer is projected (`projectOdometer()` over its readings and invoices), the
 * plan of its make is read against its invoices (`maintenanceStatus()`, the vehicle's own
 * indicators overriding), the test date comes from the tests on its invoices and its
 * country's rule (`inspectionDue()`), and tyres are due when the projected distance since the
 * last tyres (or since new) reaches `tyreWearKm`.
 *
 * Left out: vehicles the customer disposed of (a disposal on or before `asOf`), vehicles a
 * contact found no longer owned, vehicles known only through internal work (preparation,
 * "cession interne") with no sale to the customer and no customer visit, and vehicles whose
 * last visits are internal work the customer has not bought the car back after.
 *
 * Accepts a dataset or an iterable of bundles, so a base of millions of vehicles can stream.
 *
 * @param source - a dataset, or customer bundles
 * @param options - see {@link DueServicesOptions}
 * @returns the due items, customer by customer, most overdue first within a customer
 * @throws {@link RelanceError} `invalid_input` for an invalid `asOf` or `horizonDays`
 *
 * @example
 * ```ts
 * import { dueServices, EXAMPLE_ALTERNATING_PLAN, EXAMPLE_LONGLIFE_PLAN, EXAMPLE_FIXED_TIMING_BELT_PLAN } from 'relance/invoices';
 * import { simulateDealer } from 'relance/simulate';
 *
 * const asOf = new Date('2025-06-30');
 * const { dataset } = simulateDealer({ seed: 4, customers: 300, asOf });
 * const due = dueServices(dataset, {
 *   asOf,
 *   horizonDays: 30,
 *   plans: { Valmont: EXAMPLE_LONGLIFE_PLAN, Cerise: EXAMPLE_ALTERNATING_PLAN, Rhodan: EXAMPLE_FIXED_TIMING_BELT_PLAN },
 * });
 * console.log(due.length > 0, due[0]?.reason);
 * ```
 */
export function dueServices(source: Dataset | Iterable<CustomerBundle>, options: DueServicesOptions): DueItem[] {
  const out: DueItem[] = [];
  for (const items of dueServicesByCustomer(source, options)) for (const item of items) out.push(item);
  return out;
}

/**
 * The streaming form of {@link dueServices}: yields each customer's due items (possibly
 * none), one customer at a time, without holding the list.
 *
 * @param source - a dataset, or customer bundles
 * @param options - see {@link DueServicesOptions}
 * @returns a generator of each customer's due items
 *
 * @example
 * ```ts
 * import { dueServicesByCustomer, EXAMPLE_GENERIC_PLAN } from 'relance/invoices';
 * import { simulateBundles } from 'relance/simulate';
 *
 * const asOf = new Date('2025-06-30');
 * let overdue = 0;
 * for (const items of dueServicesByCustomer(simulateBundles({ seed: 1, customers: 200, asOf }), { asOf, plans: {}, defaultPlan: EXAMPLE_GENERIC_PLAN })) {
 *   overdue += items.filter((i) => i.status === 'overdue').length;
 * }
 * console.log(overdue > 0);
 * ```
 */
export function* dueServicesByCustomer(source: Dataset | Iterable<CustomerBundle>, options: DueServicesOptions): Generator<DueItem[], void, undefined> {
  if (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime())) {
    throw new RelanceError('invalid_input', 'dueServices: asOf must be a valid Date');
  }
  const horizon = options.horizonDays ?? 30;
  if (!Number.isFinite(horizon) || horizon < 0) throw new RelanceError('invalid_input', 'dueServices: horizonDays must be a finite number ≥ 0');
  const asOf = toEpochDay(options.asOf);
  const plans = new Map(Object.entries(options.plans).map(([make, plan]) => [make.toLowerCase(), plan]));
  const sites = options.sites ?? (Symbol.iterator in source ? [] : (source as Dataset).sites);
  const countryOf = new Map(sites.map((s) => [s.id, s.country]));
  const kinds = new Set(options.kinds ?? ['service', 'inspection', 'tyres']);
  const wear = options.tyreWearKm ?? 40_000;
  const dueSoon = options.dueSoonDays ?? horizon;

  for (const bundle of toBundles(source)) {
    const items: DueItem[] = [];
    for (const { vehicle, invoices, visits, classified } of customerVehicles(bundle, asOf, options)) {
      items.push(...dueForVehicle(bundle, vehicle, invoices, visits, classified, options, { asOfDay: asOf, horizon, planByMake: plans, countryOf, kindSet: kinds, wear, dueSoon }));
    }
    items.sort((a, b) => b.daysOverdue - a.daysOverdue || a.dueDate.getTime() - b.dueDate.getTime() || (a.vehicleId < b.vehicleId ? -1 : a.vehicleId > b.vehicleId ? 1 : 0));
    yield items;
  }
}

interface Resolved {
  readonly asOfDay: number;
  readonly horizon: number;
  readonly planByMake: Map<string, MaintenancePlan>;
  readonly countryOf: Map<string, string>;
  readonly kindSet: Set<string>;
  readonly wear: number;
  readonly dueSoon: number;
}

function dueForVehicle(
  bundle: CustomerBundle,
  vehicle: Vehicle,
  invoices: readonly Invoice[],
  visits: readonly Invoice[],
  classified: ReadonlyMap<string, InvoiceClassification>,
  options: DueServicesOptions,
  r: Resolved,
): DueItem[] {
  const asOfDate = fromEpochDay(r.asOfDay);
  const odometer = vehicleOdometer(bundle, vehicle, invoices, r.asOfDay);
  const lastVisitInvoice = visits.reduce<Invoice | undefined>((best, i) => (best === undefined || i.date > best.date ? i : best), undefined);
  const siteId = bundle.customer.homeSiteId ?? lastVisitInvoice?.siteId ?? invoices[invoices.length - 1]?.siteId;
  const lastVisit =
    lastVisitInvoice === undefined
      ? undefined
      : { date: lastVisitInvoice.date, invoiceId: lastVisitInvoice.id, category: (classified.get(lastVisitInvoice.id) as InvoiceClassification).category };
  const customerId = bundle.customer.id;
  const horizonEnd = r.asOfDay + r.horizon;
  const out: DueItem[] = [];
  const listed = (due: number, status: DueStatus): boolean => status !== 'ok' && status !== 'unknown' && due <= horizonEnd;
  // One literal of one shape, the optional fields added after it: spreading a shared base of
  // varying shape into every item cost more than the rest of the item's making.
  const push = (kind: DueItem['kind'], due: number, status: DueStatus, reason: string, extra: Pick<DueItem, 'operation' | 'lastDone'>): void => {
    const item: Writable<DueItem> = { customerId, vehicleId: vehicle.id, make: vehicle.make, model: vehicle.model, kind, status: status as DueItem['status'], dueDate: fromEpochDay(due), daysOverdue: Math.max(0, r.asOfDay - due), reason: flatString(reason) };
    if (siteId !== undefined) item.siteId = siteId;
    if (lastVisit !== undefined) item.lastVisit = lastVisit;
    if (extra.operation !== undefined) item.operation = extra.operation;
    if (extra.lastDone !== undefined) item.lastDone = extra.lastDone;
    out.push(item);
  };

  if (r.kindSet.has('service')) {
    const plan = r.planByMake.get(vehicle.make.toLowerCase()) ?? options.defaultPlan;
    if (plan !== undefined) {
      const statuses = planItemStatuses(
        vehicle,
        invoices,
        plan,
        { asOf: asOfDate, odometer, indicators: bundle.serviceIndicators, classified, dueSoonDays: r.dueSoon },
        (day, status) => day !== undefined && listed(day, status),
      );
      for (const s of statuses) {
        if (s.projectedDueDate === undefined) continue;
        const last: LastDone | undefined = s.lastDone;
        push('service', toEpochDay(s.projectedDueDate), s.status, s.reason, {
          operation: s.operation,
          ...(last === undefined ? {} : { lastDone: { date: last.date, km: last.km, invoiceId: last.invoiceId } }),
        });
      }
    }
  }
  if (r.kindSet.has('inspection')) {
    const tests = invoices.filter((i) => (classified.get(i.id) as InvoiceClassification).categories.includes('inspection')).map((i) => i.date);
    const country = (siteId === undefined ? undefined : r.countryOf.get(siteId)) ?? options.country ?? 'FR';
    const result = inspectionDue(vehicle, tests, {
      asOf: asOfDate,
      country,
      dueSoonDays: r.dueSoon,
      ...(options.inspectionRules === undefined ? {} : { rules: options.inspectionRules }),
    });
    if (result.dueDate !== undefined && listed(toEpochDay(result.dueDate), result.status)) {
      push('inspection', toEpochDay(result.dueDate), result.status, result.reason, result.lastInspection === undefined ? {} : { lastDone: { date: result.lastInspection } });
    }
  }
  if (r.kindSet.has('tyres') && odometer.kmPerDay > 0) {
    let last: Invoice | undefined;
    for (const i of invoices) if ((classified.get(i.id) as InvoiceClassification).categories.includes('tyres') && (last === undefined || i.date > last.date)) last = i;
    const lastKm = last === undefined ? 0 : (last.odometerKm ?? Math.max(0, odometer.km - odometer.kmPerDay * (r.asOfDay - toEpochDay(last.date))));
    const dueKm = lastKm + r.wear;
    const due = Math.floor(r.asOfDay + (dueKm - odometer.km) / odometer.kmPerDay);
    const status: DueStatus = due < r.asOfDay - 30 ? 'overdue' : due <= r.asOfDay ? 'due' : due <= r.asOfDay + r.dueSoon ? 'due-soon' : 'ok';
    if (!listed(due, status)) return out;
    const since = last === undefined ? 'since new' : `since the last tyres ${isoDay(toEpochDay(last.date))} at ${Math.round(lastKm)} km (${last.id})`;
    push('tyres', due, status, `${status}: ${r.wear} km of wear ${since}; projected ${Math.round(dueKm)} km on ${isoDay(due)} (${odometer.method}, ${Math.round(odometer.kmPerDay * 365.25)} km/year)`, last === undefined ? {} : { lastDone: { date: last.date, km: Math.round(lastKm), invoiceId: last.id } });
  }
  return out;
}
