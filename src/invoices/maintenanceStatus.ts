import type { Invoice, MaintenanceOperation, ServiceIndicator, Vehicle } from '../domain';
import { RelanceError } from '../errors';
import { addMonthsToDay, fromEpochDay, isoDay, toEpochDay } from '../internal/epochDays';
import { classifyInvoice } from './classifyInvoice';
import type { ClassifyInvoiceOptions, InvoiceClassification } from './classifyInvoice';
import { itemApplies } from './plans/applies';
import type { MaintenancePlan, PlanItem } from './plans/schema';
import { projectOdometer } from './projectOdometer';
import type { OdometerProjection } from './projectOdometer';

/** Status of a plan item, or of any due work. */
export type DueStatus = 'ok' | 'due-soon' | 'due' | 'overdue' | 'unknown';

/**
 * Which done operations also satisfy a plan item: a service includes the oil change, a large
 * service includes a small one. A host whose plans say otherwise passes its own.
 */
export const DEFAULT_EQUIVALENCES: Readonly<Partial<Record<MaintenanceOperation, readonly MaintenanceOperation[]>>> = {
  'oil-service': ['small-service', 'large-service'],
  'small-service': ['large-service'],
};

/** Options of {@link maintenanceStatus}. */
export interface MaintenanceStatusOptions {
  /** The day of the question. */
  readonly asOf: Date;
  /** The projected odometer at `asOf` (see `projectOdometer()`); default: projected from the invoices' odometers. */
  readonly odometer?: OdometerProjection;
  /** Readings reported by the vehicle itself; the latest for an item overrides the plan's arithmetic. */
  readonly indicators?: readonly ServiceIndicator[];
  /** Apply the plan's `severeUseFactor` to every interval. Default false. */
  readonly severeUse?: boolean;
  /** Days before the projected due date when the status becomes `due-soon`. Default 60. */
  readonly dueSoonDays?: number;
  /** Days past the projected due date when `due` becomes `overdue`. Default 30. */
  readonly graceDays?: number;
  /** Operation equivalences. Default {@link DEFAULT_EQUIVALENCES}. */
  readonly equivalences?: Readonly<Partial<Record<MaintenanceOperation, readonly MaintenanceOperation[]>>>;
  /** Classifications already computed, by invoice id (saves classifying again). */
  readonly classified?: ReadonlyMap<string, InvoiceClassification>;
  /** Options for classifying the invoices (lexicon). */
  readonly classify?: ClassifyInvoiceOptions;
}

/** When a plan operation was last done. */
export interface LastDone {
  readonly date: Date;
  /** Odometer at that visit (from the invoice, else projected). */
  readonly km: number;
  readonly invoiceId: string;
  /** The operation the invoice showed. */
  readonly operation: MaintenanceOperation;
}

/** The state of one plan item for one vehicle. */
export interface PlanItemStatus {
  /** The operation due next (for an alternating item, the one whose turn it is). */
  readonly operation: MaintenanceOperation;
  /** The plan item. */
  readonly item: PlanItem;
  /** The last time it was done, from the invoices. */
  readonly lastDone?: LastDone;
  /** Next due by time. */
  readonly nextDueDate?: Date;
  /** Next due by distance. */
  readonly nextDueKm?: number;
  /** The earlier of the due date and the date the projected odometer reaches the due distance. */
  readonly projectedDueDate?: Date;
  /** ok | due-soon | due | overdue | unknown. */
  readonly status: DueStatus;
  /** `plan` (the plan's arithmetic) or `vehicle` (the vehicle's own indicator overrode it). */
  readonly source: 'plan' | 'vehicle';
  /** Why, in words. */
  readonly reason: string;
}

/**
 * The maintenance state of a vehicle against its plan: for every item that applies, when
 * it was last done (from the invoices' plan operations, whoever paid, including internal
 * preparation), when it is next due by date and by distance (whichever comes first, the
 * first interval from the first registration), the projected due date using the projected
 * mileage, and a status: `overdue` (more than `graceDays` past), `due`, `due-soon` (within
 * `dueSoonDays`), `ok`, or `unknown` when the history cannot tell (never recorded, and the
 * vehicle's recorded history starts after the first due date).
 *
 * An alternating item (small/large) is one clock whose next operation is the other one.
 * A vehicle's own indicator (condition-based service) dated after the last visit overrides
 * the arithmetic for its item, and the answer says so (`source: 'vehicle'`).
 *
 * @param vehicle - the vehicle
 * @param invoices - its invoices (any order; after `asOf` ignored)
 * @param plan - its maintenance plan
 * @param options - see {@link MaintenanceStatusOptions}
 * @returns one status per applicable plan item, in plan order
 * @throws {@link RelanceError} `invalid_input` for an invalid `asOf`
 *
 * @example
 * ```ts
 * import { maintenanceStatus, EXAMPLE_FIXED_TIMING_BELT_PLAN } from 'relance/invoices';
 *
 * const vehicle = { id: 'V1', make: 'Rhodan', model: 'R5', firstRegistration: new Date('2022-01-10') };
 * const invoices = [{
 *   id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2024-01-15'), odometerKm: 31_000,
 *   payer: 'customer' as const, lines: [{ kind: 'package' as const, label: 'VIDANGE + FILTRE', quantity: 1, amount: 120 }],
 * }];
 * const status = maintenanceStatus(vehicle, invoices, EXAMPLE_FIXED_TIMING_BELT_PLAN, { asOf: new Date('2025-02-01') });
 * console.log(status[0]?.operation, status[0]?.status); // oil-service overdue
 * ```
 */
export function maintenanceStatus(
  vehicle: Vehicle,
  invoices: readonly Invoice[],
  plan: MaintenancePlan,
  options: MaintenanceStatusOptions,
): PlanItemStatus[] {
  return planItemStatuses(vehicle, invoices, plan, options, () => true);
}

/**
 * {@link maintenanceStatus} for the items `keep` accepts (given the projected due day and the
 * status): the others are skipped before their reasons are written. Used by `dueServices()`.
 */
export function planItemStatuses(
  vehicle: Vehicle,
  invoices: readonly Invoice[],
  plan: MaintenancePlan,
  options: MaintenanceStatusOptions,
  keep: (projectedDay: number | undefined, status: DueStatus) => boolean,
): PlanItemStatus[] {
  if (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime())) {
    throw new RelanceError('invalid_input', 'maintenanceStatus: asOf must be a valid Date');
  }
  const asOf = toEpochDay(options.asOf);
  const registration = toEpochDay(vehicle.firstRegistration);
  const factor = options.severeUse === true ? (plan.severeUseFactor ?? 1) : 1;
  const dueSoon = options.dueSoonDays ?? 60;
  const grace = options.graceDays ?? 30;
  const equivalences = options.equivalences ?? DEFAULT_EQUIVALENCES;

  const history = invoices
    .filter((i) => i.vehicleId === vehicle.id && toEpochDay(i.date) <= asOf)
    .sort((a, b) => a.date.getTime() - b.date.getTime() || (a.id < b.id ? -1 : 1));
  const odometer =
    options.odometer ??
    projectOdometer(
      history.flatMap((i) => (i.odometerKm === undefined ? [] : [{ vehicleId: vehicle.id, date: i.date, km: i.odometerKm, source: 'workshop' as const }])),
      options.asOf,
      { firstRegistration: vehicle.firstRegistration },
    );
  const kmOn = (day: number): number => Math.max(0, odometer.km - odometer.kmPerDay * (asOf - day));
  const ops = history.map((invoice) => options.classified?.get(invoice.id)?.planOperations ?? classifyInvoice(invoice, options.classify).planOperations);
  const firstHistoryDay = history.length === 0 ? undefined : toEpochDay((history[0] as Invoice).date);

  const result: PlanItemStatus[] = [];
  for (const item of plan.items) {
    if (!itemApplies(item, vehicle)) continue;
    const satisfiedBy = new Set<MaintenanceOperation>([item.operation, ...(equivalences[item.operation] ?? [])]);
    if (item.alternatesWith !== undefined) {
      satisfiedBy.add(item.alternatesWith);
      for (const op of equivalences[item.alternatesWith] ?? []) satisfiedBy.add(op);
    }
    let last: LastDone | undefined;
    history.forEach((invoice, k) => {
      const done = (ops[k] as readonly MaintenanceOperation[]).filter((op) => satisfiedBy.has(op));
      if (done.length === 0) return;
      // For an alternating item, a large service done is the large turn.
      const op = item.alternatesWith !== undefined && done.includes(item.alternatesWith) ? item.alternatesWith : done.includes(item.operation) ? item.operation : (done[0] as MaintenanceOperation);
      last = { date: invoice.date, km: invoice.odometerKm ?? Math.round(kmOn(toEpochDay(invoice.date))), invoiceId: invoice.id, operation: op };
    });
    const done = last as LastDone | undefined;
    const next: MaintenanceOperation =
      item.alternatesWith === undefined ? item.operation : done?.operation === item.operation ? item.alternatesWith : item.operation;
    const first = done === undefined;
    const months = first ? (item.firstMonths ?? item.everyMonths) : item.everyMonths;
    const km = first ? (item.firstKm ?? item.everyKm) : item.everyKm;
    const baseDay = done === undefined ? registration : toEpochDay(done.date);
    const baseKm = done?.km ?? 0;
    const dueDay = months === undefined ? undefined : addMonthsToDay(baseDay, Math.round(months * factor));
    const dueKm = km === undefined ? undefined : Math.round(baseKm + km * factor);
    let kmDay: number | undefined;
    if (dueKm !== undefined && odometer.kmPerDay > 0) kmDay = Math.floor(asOf + (dueKm - odometer.km) / odometer.kmPerDay);
    else if (dueKm !== undefined && odometer.km >= dueKm) kmDay = asOf;
    let projected = dueDay === undefined ? kmDay : kmDay === undefined ? dueDay : Math.min(dueDay, kmDay);
    let source: 'plan' | 'vehicle' = 'plan';
    let vehicleWhy: string | undefined;

    // The vehicle's own indicator overrides the arithmetic.
    const indicator = latestIndicator(options.indicators ?? [], vehicle.id, satisfiedBy, asOf, done === undefined ? -Infinity : toEpochDay(done.date));
    if (indicator !== undefined) {
      const byDate = indicator.dueDate === undefined ? undefined : toEpochDay(indicator.dueDate);
      const byKm = indicator.remainingKm === undefined ? undefined : toEpochDay(indicator.date) + (odometer.kmPerDay > 0 ? Math.floor(indicator.remainingKm / odometer.kmPerDay) : indicator.remainingKm <= 0 ? 0 : Infinity);
      const candidates = [byDate, byKm].filter((d): d is number => d !== undefined && Number.isFinite(d));
      if (candidates.length > 0) {
        projected = Math.min(...candidates);
        source = 'vehicle';
        vehicleWhy = `vehicle reported on ${isoDay(toEpochDay(indicator.date))}: ${[indicator.dueDate === undefined ? '' : `due ${isoDay(byDate as number)}`, indicator.remainingKm === undefined ? '' : `${indicator.remainingKm} km left`].filter((s) => s !== '').join(', ')} (overrides the plan)`;
      }
    }

    let status: DueStatus;
    let cannotTell = false;
    if (projected === undefined) status = 'unknown';
    else if (source === 'plan' && done === undefined && firstHistoryDay !== undefined && projected < firstHistoryDay && projected < asOf) {
      status = 'unknown';
      cannotTell = true;
    } else if (projected < asOf - grace) status = 'overdue';
    else if (projected <= asOf) status = 'due';
    else if (projected <= asOf + dueSoon) status = 'due-soon';
    else status = 'ok';
    if (!keep(projected, status)) continue;

    const why =
      vehicleWhy ??
      (done === undefined ? `never recorded; first due ` : `last ${done.operation} ${isoDay(toEpochDay(done.date))} at ${done.km} km (${done.invoiceId}); next `) +
        [months === undefined ? '' : `${Math.round(months * factor)} months → ${isoDay(dueDay as number)}`, km === undefined ? '' : `${Math.round(km * factor)} km → ${dueKm} km`].filter((s) => s !== '').join(' or ') +
        (kmDay !== undefined && dueKm !== undefined ? ` (projected ${dueKm} km on ${isoDay(kmDay)} at ${Math.round(odometer.kmPerDay * 365.25)} km/year, ${odometer.method})` : '') +
        (cannotTell ? `; the recorded history starts after that (${isoDay(firstHistoryDay as number)}), so it cannot tell` : '');

    result.push({
      operation: next,
      item,
      ...(done === undefined ? {} : { lastDone: done }),
      ...(dueDay === undefined ? {} : { nextDueDate: fromEpochDay(dueDay) }),
      ...(dueKm === undefined ? {} : { nextDueKm: dueKm }),
      ...(projected === undefined ? {} : { projectedDueDate: fromEpochDay(projected) }),
      status,
      source,
      reason: `${status}: ${why}`,
    });
  }
  return result;
}

function latestIndicator(
  indicators: readonly ServiceIndicator[],
  vehicleId: string,
  operations: ReadonlySet<MaintenanceOperation>,
  asOf: number,
  after: number,
): ServiceIndicator | undefined {
  let best: ServiceIndicator | undefined;
  for (const s of indicators) {
    if (s.vehicleId !== vehicleId || !operations.has(s.item)) continue;
    const day = toEpochDay(s.date);
    if (day > asOf || day < after) continue;
    if (best === undefined || s.date.getTime() > best.date.getTime()) best = s;
  }
  return best;
}
