import type { Customer, CustomerBundle, Dataset } from '../domain';
// Deep imports on purpose: the domain and invoices indexes would pull zod's schemas in.
import { bundleIndex, isDataset } from '../domain/bundlesOf';
import { RelanceError } from '../errors';
import { DAYS_PER_MONTH, fromEpochDay, isoDay, toEpochDay } from '../internal/epochDays';
import type { ClassifyInvoiceOptions, InvoiceClassification } from '../invoices/classifyInvoice';
import { customerVehicles, releasedVehicles, vehicleOdometer } from '../invoices/customerVehicles';
import type { CustomerVehicle } from '../invoices/customerVehicles';
import { planItemStatuses } from '../invoices/maintenanceStatus';
import { EXAMPLE_GENERIC_PLAN } from '../invoices/plans/examples';
import type { MaintenancePlan } from '../invoices/plans/schema';

/**
 * What a signal says:
 * - `workshop-silence`: a vehicle the customer still has has not been to the workshop for
 *   longer than its maintenance plan allows (a plan item overdue by `silenceGraceDays`, no
 *   customer visit since it fell due);
 * - `serviced-elsewhere`: a contact's outcome says the vehicle is serviced elsewhere, and the
 *   customer has not been back since;
 * - `disposal-without-repurchase`: the customer parted with a vehicle (sold, registration
 *   change, scrapped, reported, or a contact found them no longer its owner) and nobody in the
 *   household bought one in the group since;
 * - `competitor-purchase`: a vehicle the group did not sell appeared on the account after the
 *   household had bought from the group, and the household keeps no comparable car with us;
 * - `household-addition` (not attrition): the same, but the household keeps a car bought with
 *   us, at least as large, that still comes to the workshop — a second car (a daughter's small
 *   car), not a lost customer.
 */
export type AttritionSignalKind =
  | 'workshop-silence'
  | 'serviced-elsewhere'
  | 'disposal-without-repurchase'
  | 'competitor-purchase'
  | 'household-addition';

/** One piece of evidence about a customer leaving, or (for `household-addition`) not leaving. */
export interface AttritionSignal {
  readonly kind: AttritionSignalKind;
  /** False only for `household-addition`, which is reported so that nobody mistakes it for attrition. */
  readonly attrition: boolean;
  /** The vehicle concerned, when there is one. */
  readonly vehicleId?: string | undefined;
  /** When the evidence dates from: the missed due date, the contact's outcome, the disposal, the vehicle's first visit. */
  readonly date: Date;
  /** Why, in words, with the records that show it. */
  readonly reason: string;
}

/** What {@link attritionSignals} finds for one customer. */
export interface AttritionAssessment {
  readonly customerId: string;
  readonly householdId?: string | undefined;
  /** True when at least one signal is attrition. */
  readonly atRisk: boolean;
  /** Every signal, oldest evidence first. */
  readonly signals: readonly AttritionSignal[];
  /** Vehicles bought in the group that the household still has and still services with us. */
  readonly householdKeeps: readonly string[];
}

/** Options of {@link attritionSignals}. */
export interface AttritionSignalsOptions {
  /** The day of the question: records after it are ignored. */
  readonly asOf: Date;
  /** Maintenance plans by make (case-insensitive), for the workshop-silence signal. */
  readonly plans?: Readonly<Record<string, MaintenancePlan>> | undefined;
  /** The plan of makes not in `plans`. Default `EXAMPLE_GENERIC_PLAN` (oil every year or 20,000 km). */
  readonly defaultPlan?: MaintenancePlan | undefined;
  /** Days past a plan item's (projected) due date, with no customer visit, before silence is a signal. Default 180 (a missed service is common; half a year without coming is not). */
  readonly silenceGraceDays?: number | undefined;
  /**
   * A household purchase in the group from this many days before a disposal onwards counts as
   * its replacement (a new car bought first, the old one sold privately later). Default 180.
   */
  readonly replacementWindowDays?: number | undefined;
  /**
   * Rank of a vehicle segment, larger for larger (dearer) cars, overriding the defaults
   * (`A` 1 … `F` 6; `SUV-x` and `MPV-x` half a rank above `x`; `LCV` 3). Keys are
   * case-insensitive. A vehicle whose segment has no rank is not compared.
   */
  readonly segmentRank?: Readonly<Record<string, number>> | undefined;
  /** Options for classifying invoices (lexicon). */
  readonly classify?: ClassifyInvoiceOptions | undefined;
  /** Classifications already computed, by invoice id. */
  readonly classified?: ReadonlyMap<string, InvoiceClassification> | undefined;
}

const DEFAULT_SILENCE_GRACE_DAYS = 180;
const DEFAULT_REPLACEMENT_WINDOW_DAYS = 180;
const LETTER_RANK: Readonly<Record<string, number>> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6 };

/** The default rank of a segment: `A` 1 … `F` 6, `SUV-C`/`MPV-C` 3.5, `LCV` 3; else undefined. */
function defaultSegmentRank(segment: string): number | undefined {
  const s = segment.trim().toUpperCase();
  if (s === 'LCV') return 3;
  const letter = LETTER_RANK[s];
  if (letter !== undefined) return letter;
  const m = /^(?:SUV|MPV)[- ]?([A-F])$/.exec(s);
  return m === null ? undefined : (LETTER_RANK[m[1] as string] as number) + 0.5;
}

interface Household {
  readonly bundles: readonly CustomerBundle[];
  readonly self: CustomerBundle;
}

interface DatasetLookup {
  readonly bundleOf: (customer: Customer) => CustomerBundle;
  readonly byId: ReadonlyMap<string, Customer>;
  readonly members: ReadonlyMap<string, readonly Customer[]>;
}

const lookups = new WeakMap<Dataset, DatasetLookup>();

function lookupOf(dataset: Dataset): DatasetLookup {
  const cached = lookups.get(dataset);
  if (cached !== undefined) return cached;
  const byId = new Map<string, Customer>();
  const members = new Map<string, Customer[]>();
  dataset.customers.forEach((c, i) => {
    if (byId.has(c.id)) {
      throw new RelanceError('invalid_input', `attritionSignals: customers[${i}].id duplicates customer ${c.id}`, {
        issues: [{ code: 'duplicate_id', path: ['customers', i, 'id'], message: `duplicate customer id ${c.id}` }],
      });
    }
    byId.set(c.id, c);
    if (c.householdId !== undefined) {
      const list = members.get(c.householdId);
      if (list === undefined) members.set(c.householdId, [c]);
      else list.push(c);
    }
  });
  const lookup = { bundleOf: bundleIndex(dataset), byId, members };
  lookups.set(dataset, lookup);
  return lookup;
}

function householdOf(customer: Customer | string, source: Dataset | readonly CustomerBundle[]): Household {
  const id = typeof customer === 'string' ? customer : customer.id;
  if (isDataset(source)) {
    const lookup = lookupOf(source);
    const found = lookup.byId.get(id);
    if (found === undefined) throw new RelanceError('invalid_reference', `attritionSignals: customer ${id} is not in the dataset`);
    const self = lookup.bundleOf(found);
    const others = found.householdId === undefined ? [] : (lookup.members.get(found.householdId) ?? []).filter((c) => c.id !== id);
    return { self, bundles: [self, ...others.map((c) => lookup.bundleOf(c))] };
  }
  const self = source.find((b) => b.customer.id === id);
  if (self === undefined) throw new RelanceError('invalid_reference', `attritionSignals: customer ${id} is not among the bundles given`);
  const hh = self.customer.householdId;
  const others = hh === undefined ? [] : source.filter((b) => b !== self && b.customer.householdId === hh);
  return { self, bundles: [self, ...others] };
}

/** A missed due date with no customer visit since, if the plan says the vehicle should have come. */
function silenceOf(
  bundle: CustomerBundle,
  cv: CustomerVehicle,
  plan: MaintenancePlan,
  asOfDay: number,
  graceDays: number,
): { readonly dueDay: number; readonly operation: string; readonly lastVisitDay: number | undefined } | undefined {
  let lastVisitDay: number | undefined;
  for (const v of cv.visits) {
    const d = toEpochDay(v.date);
    if (lastVisitDay === undefined || d > lastVisitDay) lastVisitDay = d;
  }
  const odometer = vehicleOdometer(bundle, cv.vehicle, cv.invoices, asOfDay);
  const statuses = planItemStatuses(
    cv.vehicle,
    cv.invoices,
    plan,
    { asOf: fromEpochDay(asOfDay), odometer, indicators: bundle.serviceIndicators, classified: cv.classified },
    (day, status) => day !== undefined && status === 'overdue' && asOfDay - day >= graceDays && (lastVisitDay === undefined || lastVisitDay < day),
  );
  let best: { dueDay: number; operation: string; lastVisitDay: number | undefined } | undefined;
  for (const s of statuses) {
    if (s.projectedDueDate === undefined) continue;
    const day = toEpochDay(s.projectedDueDate);
    if (best === undefined || day < best.dueDay) best = { dueDay: day, operation: s.operation, lastVisitDay };
  }
  return best;
}

const months = (days: number): string => (days / DAYS_PER_MONTH).toFixed(1);

/**
 * Signs that a customer is leaving the group, read from their records and their household's:
 * a vehicle that has not been to the workshop for longer than its maintenance plan allows, a
 * contact that found it serviced elsewhere, a vehicle parted with and not replaced in the
 * group, a vehicle the group did not sell appearing on the account. Households count: a
 * second, smaller car of another brand bought while the household keeps its main car with
 * us (bought here, still serviced here, at least as large) is a `household-addition`, reported
 * with `attrition: false`, not a competitor purchase.
 *
 * "With us" means bought in the group, still had (no disposal, no `no-longer-owner` outcome,
 * not taken back by the dealer) and not itself silent. A vehicle's acquisition date outside
 * the group is unknown: its first visit stands for it, and a vehicle is a purchase only when
 * it appears after the household's first purchase in the group (before that, the customer
 * is a workshop customer, not a buyer who left). Segments stand for price: a host with
 * better knowledge passes its own `segmentRank`.
 *
 * A dataset is indexed once and the index cached, so calling this for every customer of a
 * base is linear; a host streaming households passes the household's bundles instead.
 *
 * @param customer - the customer, or their id
 * @param source - the dataset, or the bundles of the customer's household (the customer's included)
 * @param options - `asOf`, maintenance plans, thresholds; see {@link AttritionSignalsOptions}
 * @returns the customer's signals, `atRisk`, and the cars the household keeps with us
 * @throws {@link RelanceError} `invalid_input` for an invalid `asOf` or threshold, or duplicated
 *   customer ids; `invalid_reference` when the customer is not in `source`
 *
 * @example
 * ```ts
 * import { simulateDealer } from 'relance/simulate';
 * import { attritionSignals } from 'relance/repurchase';
 *
 * const asOf = new Date('2025-06-30');
 * const { dataset } = simulateDealer({ seed: 1, customers: 300, asOf });
 * const assessed = dataset.customers.map((c) => attritionSignals(c, dataset, { asOf }));
 * const atRisk = assessed.filter((a) => a.atRisk).length;
 * const additions = assessed.flatMap((a) => a.signals).filter((s) => s.kind === 'household-addition').length;
 * console.log(atRisk > 0, additions >= 0);
 * ```
 */
export function attritionSignals(
  customer: Customer | string,
  source: Dataset | readonly CustomerBundle[],
  options: AttritionSignalsOptions,
): AttritionAssessment {
  if (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime())) {
    throw new RelanceError('invalid_input', 'attritionSignals: asOf must be a valid Date');
  }
  const grace = options.silenceGraceDays ?? DEFAULT_SILENCE_GRACE_DAYS;
  if (!Number.isFinite(grace) || grace < 0) throw new RelanceError('invalid_input', 'attritionSignals: silenceGraceDays must be a finite number ≥ 0');
  const window = options.replacementWindowDays ?? DEFAULT_REPLACEMENT_WINDOW_DAYS;
  if (!Number.isFinite(window) || window < 0) throw new RelanceError('invalid_input', 'attritionSignals: replacementWindowDays must be a finite number ≥ 0');
  const asOfDay = toEpochDay(options.asOf);
  const { self, bundles } = householdOf(customer, source);
  const selfId = self.customer.id;

  const plans = new Map(Object.entries(options.plans ?? {}).map(([make, plan]) => [make.toLowerCase(), plan]));
  const planOf = (make: string): MaintenancePlan => plans.get(make.toLowerCase()) ?? options.defaultPlan ?? EXAMPLE_GENERIC_PLAN;
  const ranks = new Map(Object.entries(options.segmentRank ?? {}).map(([k, v]) => [k.trim().toUpperCase(), v]));
  const rankOf = (segment: string | undefined): number | undefined =>
    segment === undefined ? undefined : (ranks.get(segment.trim().toUpperCase()) ?? defaultSegmentRank(segment));

  // The household's purchases in the group, up to asOf.
  const householdSales = bundles.flatMap((b) => b.sales.filter((s) => s.customerId === b.customer.id && toEpochDay(s.date) <= asOfDay));
  const soldToHousehold = new Set(householdSales.map((s) => s.vehicleId));
  const firstPurchaseDay = householdSales.reduce((d, s) => Math.min(d, toEpochDay(s.date)), Infinity);

  // Which group cars the household has on a day and still services with us.
  type Kept = { readonly cv: CustomerVehicle; readonly rank: number | undefined };
  const keptOn = (day: number): Kept[] => {
    const kept: Kept[] = [];
    for (const bundle of bundles) {
      for (const cv of customerVehicles(bundle, day, options)) {
        if (cv.bought && silenceOf(bundle, cv, planOf(cv.vehicle.make), day, grace) === undefined) kept.push({ cv, rank: rankOf(cv.vehicle.segment) });
      }
    }
    return kept;
  };

  // The customer's own vehicles: silent ones are signals.
  const signals: AttritionSignal[] = [];
  const selfVehicles = customerVehicles(self, asOfDay, options);
  for (const cv of selfVehicles) {
    const silent = silenceOf(self, cv, planOf(cv.vehicle.make), asOfDay, grace);
    if (silent === undefined) continue;
    const last = silent.lastVisitDay === undefined ? 'no customer visit on file' : `the last customer visit was on ${isoDay(silent.lastVisitDay)}`;
    signals.push({
      kind: 'workshop-silence',
      attrition: true,
      vehicleId: cv.vehicle.id,
      date: fromEpochDay(silent.dueDay),
      reason: `${cv.vehicle.make} ${cv.vehicle.model} (${cv.vehicle.id}): ${silent.operation} fell due on ${isoDay(silent.dueDay)} under plan ${planOf(cv.vehicle.make).id}, ${months(asOfDay - silent.dueDay)} months ago; ${last}`,
    });
  }

  // Serviced elsewhere, and not back since.
  const lastVisitOf = new Map<string, number>();
  let lastVisitAny = -Infinity;
  for (const cv of selfVehicles) {
    for (const v of cv.visits) {
      const d = toEpochDay(v.date);
      lastVisitOf.set(cv.vehicle.id, Math.max(lastVisitOf.get(cv.vehicle.id) ?? -Infinity, d));
      lastVisitAny = Math.max(lastVisitAny, d);
    }
  }
  const had = new Set(selfVehicles.map((cv) => cv.vehicle.id));
  const elsewhere = new Map<string, { day: number; contactId: string }>();
  for (const c of self.contacts) {
    if (c.outcome !== 'serviced-elsewhere') continue;
    const day = toEpochDay(c.outcomeAt ?? c.sentAt);
    if (day > asOfDay) continue;
    if (c.vehicleId !== undefined && !had.has(c.vehicleId)) continue;
    const since = c.vehicleId === undefined ? lastVisitAny : (lastVisitOf.get(c.vehicleId) ?? -Infinity);
    if (since > day) continue;
    const key = c.vehicleId ?? '';
    const known = elsewhere.get(key);
    if (known === undefined || day > known.day) elsewhere.set(key, { day, contactId: c.id });
  }
  for (const [vehicleId, e] of elsewhere) {
    signals.push({
      kind: 'serviced-elsewhere',
      attrition: true,
      ...(vehicleId === '' ? {} : { vehicleId }),
      date: fromEpochDay(e.day),
      reason: `contact ${e.contactId} on ${isoDay(e.day)}: serviced elsewhere${vehicleId === '' ? '' : ` (${vehicleId})`}; no customer visit since`,
    });
  }

  // Vehicles parted with and not replaced in the group.
  const released = releasedVehicles(self, asOfDay);
  const reasonOf = new Map<string, string>();
  for (const d of self.disposals) if (d.customerId === selfId && toEpochDay(d.date) <= asOfDay) reasonOf.set(d.vehicleId, d.reason);
  const known = new Set([...self.sales.map((s) => s.vehicleId), ...self.invoices.map((i) => i.vehicleId)]);
  for (const [vehicleId, day] of released) {
    const reason = reasonOf.get(vehicleId) ?? 'no-longer-owner';
    if (reason === 'trade-in' || !known.has(vehicleId)) continue;
    const replacement = householdSales.find((s) => s.vehicleId !== vehicleId && toEpochDay(s.date) >= day - window);
    if (replacement !== undefined) continue;
    signals.push({
      kind: 'disposal-without-repurchase',
      attrition: true,
      vehicleId,
      date: fromEpochDay(day),
      reason: `${vehicleId} ${reason === 'no-longer-owner' ? 'no longer owned (contact outcome)' : `disposed of (${reason})`} on ${isoDay(day)}; no purchase in the group by the household since ${isoDay(day - window)}`,
    });
  }

  // Vehicles the group did not sell: a competitor purchase, or a household addition.
  for (const cv of selfVehicles) {
    if (soldToHousehold.has(cv.vehicle.id) || cv.visits.length === 0) continue;
    const firstSeen = cv.visits.reduce((d, i) => Math.min(d, toEpochDay(i.date)), Infinity);
    if (!(firstPurchaseDay < firstSeen)) continue; // a workshop customer's car, not a purchase elsewhere
    // Did the household, when the vehicle appeared, keep a car at least as large with us?
    const kept = keptOn(firstSeen);
    const rank = rankOf(cv.vehicle.segment);
    const keeper = kept.find((k) => k.rank === undefined || rank === undefined || k.rank >= rank);
    const what = `${cv.vehicle.make} ${cv.vehicle.model}${cv.vehicle.segment === undefined ? '' : ` (${cv.vehicle.segment})`}, ${cv.vehicle.id}, not sold by the group, first at the workshop on ${isoDay(firstSeen)}`;
    const then = `on ${isoDay(firstSeen)}`;
    if (keeper !== undefined) {
      const k = keeper.cv.vehicle;
      signals.push({
        kind: 'household-addition',
        attrition: false,
        vehicleId: cv.vehicle.id,
        date: fromEpochDay(firstSeen),
        reason: `${what}: ${then} the household kept its ${k.make} ${k.model}${k.segment === undefined ? '' : ` (${k.segment})`}, ${k.id}, bought and serviced with us`,
      });
    } else {
      signals.push({
        kind: 'competitor-purchase',
        attrition: true,
        vehicleId: cv.vehicle.id,
        date: fromEpochDay(firstSeen),
        reason: `${what}: ${then} ${kept.length === 0 ? 'the household kept no car bought and serviced with us' : 'it was larger than any car the household kept with us'}`,
      });
    }
  }

  signals.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return {
    customerId: selfId,
    householdId: self.customer.householdId,
    atRisk: signals.some((s) => s.attrition),
    signals,
    householdKeeps: keptOn(asOfDay).map((k) => k.cv.vehicle.id),
  };
}
