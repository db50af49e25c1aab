import type { Vehicle } from '../domain';
import { RelanceError } from '../errors';
import { addMonthsToDay, fromEpochDay, isoDay, toEpochDay } from '../internal/epochDays';

/**
 * A country's roadworthiness-test rule: the first test `firstAfterMonths` after the first
 * registration, then every `everyMonths` after the last test (every `laterEveryMonths` once
 * the vehicle is `laterAfterMonths` old), a test counting when taken up to `windowMonths`
 * before its due date.
 */
export interface InspectionRule {
  /** ISO 3166-1 alpha-2 code. */
  readonly country: string;
  /** The test's name, for messages. */
  readonly name: string;
  readonly firstAfterMonths: number;
  readonly everyMonths: number;
  readonly laterAfterMonths?: number;
  readonly laterEveryMonths?: number;
  /** How early before the due date a test may be taken. */
  readonly windowMonths: number;
}

/** Roadworthiness-test rules shipped as data (passenger cars; light commercial vehicles may differ). */
export const INSPECTION_RULES: Readonly<Record<string, InspectionRule>> = {
  FR: { country: 'FR', name: 'contrôle technique', firstAfterMonths: 48, everyMonths: 24, windowMonths: 6 },
  DE: { country: 'DE', name: 'Hauptuntersuchung (HU)', firstAfterMonths: 36, everyMonths: 24, windowMonths: 1 },
  GB: { country: 'GB', name: 'MOT test', firstAfterMonths: 36, everyMonths: 12, windowMonths: 1 },
  ES: { country: 'ES', name: 'ITV', firstAfterMonths: 48, everyMonths: 24, laterAfterMonths: 120, laterEveryMonths: 12, windowMonths: 1 },
  BE: { country: 'BE', name: 'contrôle technique / keuring', firstAfterMonths: 48, everyMonths: 12, windowMonths: 1 },
  IT: { country: 'IT', name: 'revisione', firstAfterMonths: 48, everyMonths: 24, windowMonths: 1 },
};

/** Options of {@link inspectionDue}. */
export interface InspectionDueOptions {
  /** The day of the question. */
  readonly asOf: Date;
  /** The country whose rule applies (the vehicle's site's). Default `FR`. */
  readonly country?: string;
  /** The rules, by country. Default {@link INSPECTION_RULES}. */
  readonly rules?: Readonly<Record<string, InspectionRule>>;
  /** How many days before the window opens the status becomes `due-soon`. Default 60. */
  readonly dueSoonDays?: number;
}

/** When a vehicle's next roadworthiness test is due. */
export interface InspectionDueResult {
  /** `ok`, `due-soon` (the window opens within `dueSoonDays`), `due` (inside the window), `overdue` (past the due date with no test recorded) or `unknown` (no rule for the country). */
  readonly status: 'ok' | 'due-soon' | 'due' | 'overdue' | 'unknown';
  /** The date the next test is due, if a rule applies. */
  readonly dueDate?: Date;
  /** The first day a test counts for that due date. */
  readonly windowStart?: Date;
  /** `first` (no test recorded since registration) or `periodic`. */
  readonly basis?: 'first' | 'periodic';
  /** The last test recorded on or before `asOf`. */
  readonly lastInspection?: Date;
  /** Why, in words. */
  readonly reason: string;
}

/**
 * The next roadworthiness test of a vehicle, from its first registration, the tests it
 * passed, and its country's rule as data (France: first within the 6 months before the 4th
 * anniversary of first registration, then every 2 years; Germany 3 + 2; UK 3 + 1; Spain 4,
 * then every 2 until 10 years, then yearly; Belgium 4 + 1; Italy 4 + 2). Month arithmetic is
 * on UTC calendar days, clamping to the end of the month (a car registered on 29 February
 * is due on 28 February in a common year).
 *
 * @param vehicle - the vehicle (its `firstRegistration` is the clock's start)
 * @param inspections - dates of the tests it passed (any order; after `asOf` ignored)
 * @param options - see {@link InspectionDueOptions}
 * @returns the due date, the window, the status and the reason
 * @throws {@link RelanceError} `invalid_input` for an invalid `asOf`
 *
 * @example
 * ```ts
 * import { inspectionDue } from 'relance/invoices';
 *
 * const vehicle = { id: 'V1', make: 'Peugeot', model: '208', firstRegistration: new Date('2021-03-15') };
 * const first = inspectionDue(vehicle, [], { asOf: new Date('2024-12-01') });
 * console.log(first.status, first.dueDate?.toISOString().slice(0, 10)); // due 2025-03-15
 * const next = inspectionDue(vehicle, [new Date('2025-01-10')], { asOf: new Date('2025-06-01') });
 * console.log(next.status, next.dueDate?.toISOString().slice(0, 10)); // ok 2027-01-10
 * ```
 */
export function inspectionDue(vehicle: Vehicle, inspections: readonly Date[], options: InspectionDueOptions): InspectionDueResult {
  if (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime())) {
    throw new RelanceError('invalid_input', 'inspectionDue: asOf must be a valid Date');
  }
  const country = options.country ?? 'FR';
  const rule = (options.rules ?? INSPECTION_RULES)[country];
  if (rule === undefined) return { status: 'unknown', reason: `no roadworthiness-test rule for country ${country}` };
  const asOf = toEpochDay(options.asOf);
  const registration = toEpochDay(vehicle.firstRegistration);
  let last: number | undefined;
  for (const d of inspections) {
    const day = toEpochDay(d);
    if (day <= asOf && day >= registration && (last === undefined || day > last)) last = day;
  }
  let due: number;
  let basis: 'first' | 'periodic';
  let why: string;
  if (last === undefined) {
    due = addMonthsToDay(registration, rule.firstAfterMonths);
    basis = 'first';
    why = `first ${rule.name} ${rule.firstAfterMonths} months after first registration (${isoDay(registration)})`;
  } else {
    const later = rule.laterAfterMonths !== undefined && rule.laterEveryMonths !== undefined && last >= addMonthsToDay(registration, rule.laterAfterMonths);
    const every = later ? (rule.laterEveryMonths as number) : rule.everyMonths;
    due = addMonthsToDay(last, every);
    basis = 'periodic';
    why = `${rule.name} every ${every} months after the last test (${isoDay(last)})`;
  }
  const windowStart = addMonthsToDay(due, -rule.windowMonths);
  const dueSoon = options.dueSoonDays ?? 60;
  let status: InspectionDueResult['status'];
  if (asOf > due) status = 'overdue';
  else if (asOf >= windowStart) status = 'due';
  else if (asOf >= windowStart - dueSoon) status = 'due-soon';
  else status = 'ok';
  const state =
    status === 'overdue'
      ? `overdue since ${isoDay(due)}, no test recorded`
      : status === 'due'
        ? `due by ${isoDay(due)}, window open since ${isoDay(windowStart)}`
        : `due ${isoDay(due)}, window opens ${isoDay(windowStart)}`;
  return {
    status,
    dueDate: fromEpochDay(due),
    windowStart: fromEpochDay(windowStart),
    basis,
    ...(last === undefined ? {} : { lastInspection: fromEpochDay(last) }),
    reason: `${why}: ${state}`,
  };
}
