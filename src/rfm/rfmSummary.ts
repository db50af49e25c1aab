import { RelanceError } from '../errors';
import { DAYS_PER_MONTH, MS_PER_DAY } from '../internal/epochDays';
import { EventStore, type EventStoreStats, type RfmEvent } from './eventStore';

export type { EventStoreStats as RfmAccumulatorStats, RfmEvent } from './eventStore';

/** The time unit of `recency` and `T`: days, weeks (7 days) or months (30.436875 days, the mean Gregorian month). */
export type RfmTimeUnit = 'days' | 'weeks' | 'months';

/**
 * What `monetary` holds:
 * - `mean-repeat` (default, the lifetimes / BTYD convention that Gamma-Gamma expects): the mean
 *   value of the repeat purchase days, those after the first; 0 when there is none;
 * - `mean`: the mean value of all purchase days;
 * - `total`: the net value of all events, returns included.
 */
export type RfmMonetary = 'mean-repeat' | 'mean' | 'total';

/** Options of {@link rfmSummary} and {@link RfmAccumulator}. */
export interface RfmSummaryOptions {
  /** The observation date: its calendar day (UTC) is the last day observed, and `T` runs to it. */
  readonly asOf: Date;
  /** Unit of `recency` and `T`. Default `days`. */
  readonly unit?: RfmTimeUnit | undefined;
  /** Leave out events before this day (a window on a long history). */
  readonly from?: Date | undefined;
  /** Leave out events after this day (≤ `asOf`). Without it, an event after `asOf` is an error. */
  readonly to?: Date | undefined;
  /** What `monetary` holds. Default `mean-repeat`. */
  readonly monetary?: RfmMonetary | undefined;
}

/** One customer's recency, frequency and monetary summary. */
export interface RfmSummaryRow {
  readonly customerId: string;
  /** Repeat purchases: distinct purchase days − 1 (same-day events merged). */
  readonly frequency: number;
  /** Time from the first to the last purchase day, in `unit` (0 with no repeat). */
  readonly recency: number;
  /** Time from the first purchase day to `asOf`'s day, in `unit`: the customer's age. */
  readonly T: number;
  /** Days from the last purchase day to `asOf`'s day (T − recency, in days): what RFM's R scores. */
  readonly daysSinceLast: number;
  /** Per the `monetary` option (default: mean value of the repeat purchase days). */
  readonly monetary: number;
  /** Net value of all the customer's events: purchases plus returns (negative). */
  readonly total: number;
  /** Sum of the returns (≤ 0). */
  readonly returned: number;
  /** Distinct purchase days (frequency + 1). */
  readonly purchaseDays: number;
  readonly firstPurchase: Date;
  readonly lastPurchase: Date;
}

const UNIT_DAYS: Readonly<Record<RfmTimeUnit, number>> = { days: 1, weeks: 7, months: DAYS_PER_MONTH };

interface Resolved {
  readonly asOfDay: number;
  readonly fromDay: number;
  readonly toDay: number;
  readonly lateIsError: boolean;
  readonly unitDays: number;
  readonly monetary: RfmMonetary;
}

function dayOfOption(fn: string, name: string, value: unknown): number {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) {
    throw new RelanceError('invalid_input', `${fn}: ${name} must be a valid Date, got ${String(value)}`, {
      issues: [{ code: 'invalid_value', path: [name], message: 'expected a valid Date' }],
    });
  }
  return Math.floor(value.getTime() / MS_PER_DAY);
}

function resolve(fn: string, options: RfmSummaryOptions): Resolved {
  const asOfDay = dayOfOption(fn, 'asOf', options?.asOf);
  const fromDay = options.from === undefined ? -Infinity : dayOfOption(fn, 'from', options.from);
  const toDay = options.to === undefined ? asOfDay : dayOfOption(fn, 'to', options.to);
  if (toDay > asOfDay) throw new RelanceError('invalid_input', `${fn}: to must not be after asOf`, { issues: [{ code: 'invalid_value', path: ['to'], message: 'expected a date ≤ asOf' }] });
  if (fromDay > toDay) throw new RelanceError('invalid_input', `${fn}: from must not be after to (or asOf)`, { issues: [{ code: 'invalid_value', path: ['from'], message: 'expected a date ≤ to' }] });
  const unit = options.unit ?? 'days';
  if (!(unit in UNIT_DAYS)) {
    throw new RelanceError('invalid_input', `${fn}: unit must be 'days', 'weeks' or 'months', got ${String(unit)}`, { issues: [{ code: 'invalid_value', path: ['unit'], message: "expected 'days', 'weeks' or 'months'" }] });
  }
  const monetary = options.monetary ?? 'mean-repeat';
  if (monetary !== 'mean-repeat' && monetary !== 'mean' && monetary !== 'total') {
    throw new RelanceError('invalid_input', `${fn}: monetary must be 'mean-repeat', 'mean' or 'total', got ${String(monetary)}`, { issues: [{ code: 'invalid_value', path: ['monetary'], message: "expected 'mean-repeat', 'mean' or 'total'" }] });
  }
  return { asOfDay, fromDay, toDay, lateIsError: options.to === undefined, unitDays: UNIT_DAYS[unit], monetary };
}

/** The summary row of one customer from its distinct purchase days and their values. */
function rowOf(id: string, days: Int32Array, values: Float64Array, returned: number, r: Resolved): RfmSummaryRow {
  const n = days.length;
  const first = days[0] as number;
  const last = days[n - 1] as number;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += values[j] as number;
  const repeat = sum - (values[0] as number);
  const monetary = r.monetary === 'total' ? sum + returned : r.monetary === 'mean' ? sum / n : n > 1 ? repeat / (n - 1) : 0;
  return {
    customerId: id,
    frequency: n - 1,
    recency: (last - first) / r.unitDays,
    T: (r.asOfDay - first) / r.unitDays,
    daysSinceLast: r.asOfDay - last,
    monetary,
    total: sum + returned,
    returned,
    purchaseDays: n,
    firstPurchase: new Date(first * MS_PER_DAY),
    lastPurchase: new Date(last * MS_PER_DAY),
  };
}

/**
 * A streaming, mergeable RFM accumulator: add events in chunks (from a file, a cursor, a
 * shard), merge accumulators built on other shards — by customer or by site, a customer may
 * appear in several — then read the summary. 16 bytes per event and one index entry per
 * customer; the summary is the same whatever the order and the sharding of the events.
 *
 * @example
 * ```ts
 * import { RfmAccumulator } from 'relance/rfm';
 *
 * const asOf = new Date('2025-06-30');
 * const lyon = new RfmAccumulator({ asOf }).add([{ customerId: 'C1', at: new Date('2025-01-10'), value: 320 }]);
 * const annecy = new RfmAccumulator({ asOf }).add([{ customerId: 'C1', at: new Date('2025-05-02'), value: 180 }]);
 * const [c1] = lyon.merge(annecy).summary();
 * c1?.frequency; // 1 (one repeat purchase)
 * c1?.daysSinceLast; // 59
 * ```
 */
export class RfmAccumulator {
  private readonly resolved: Resolved;
  private readonly store: EventStore;

  /** @param options - `asOf`, unit, window and monetary convention, as {@link rfmSummary} takes them */
  constructor(options: RfmSummaryOptions) {
    this.resolved = resolve('RfmAccumulator', options);
    this.store = new EventStore(this.resolved);
  }

  /**
   * Adds a chunk of events. Throws `invalid_input` naming each bad event of the chunk
   * (`events[12].at`) and keeps none of that chunk.
   */
  add(events: Iterable<RfmEvent> | readonly RfmEvent[]): this {
    this.store.add('RfmAccumulator.add', events);
    return this;
  }

  /** Takes every event of another accumulator built with the same `asOf`, `from` and `to`. */
  merge(other: RfmAccumulator): this {
    if (other.resolved.unitDays !== this.resolved.unitDays || other.resolved.monetary !== this.resolved.monetary) {
      throw new RelanceError('invalid_input', 'RfmAccumulator.merge: cannot merge accumulators built with different unit or monetary options');
    }
    this.store.merge('RfmAccumulator.merge', other.store);
    return this;
  }

  /** Events read, kept as purchases or returns, and left outside the window. */
  get stats(): EventStoreStats {
    return this.store.stats();
  }

  /** One row per customer with at least one purchase, sorted by customer id. */
  summary(): RfmSummaryRow[] {
    const rows: RfmSummaryRow[] = [];
    this.store.forEachCustomer((id, days, values, returned) => rows.push(rowOf(id, days, values, returned, this.resolved)));
    return rows;
  }

  /** @internal Distinct purchase days per customer, for the other statistics of this module. */
  forEachCustomer(visit: (id: string, days: Int32Array, dayValues: Float64Array, returned: number) => void): void {
    this.store.forEachCustomer(visit);
  }
}

/**
 * Recency, frequency and monetary value per customer, with the buy-till-you-die conventions
 * of lifetimes and BTYD (Fader, Hardie & Lee 2005): events on the same calendar day (UTC)
 * merge into one purchase; `frequency` counts the repeat purchase days; `recency` runs from
 * the first to the last of them and `T` from the first to `asOf`, in `unit`; `daysSinceLast`
 * (T − recency, in days) is what an RFM matrix scores as R. A negative value is a return: it
 * lowers `total` and is not a purchase. Customers whose events are all returns have no row
 * ({@link RfmAccumulator.stats} counts returns).
 *
 * Feed it purchases (vehicle sales), workshop visits (invoices that count as customer visits:
 * see {@link workshopVisitEvents}) or engagement (opens for RFO, clicks for RFC).
 *
 * @param events - `{ customerId, at, value? }`, in any order
 * @param options - `asOf`, `unit` (default days), optional `from`/`to` window, `monetary` convention
 * @returns one row per customer with a purchase, sorted by customer id
 * @throws RelanceError `invalid_input` naming each bad event (`events[3].at`), an event after
 *   `asOf` (unless `to` leaves it out), or a bad option
 *
 * @example
 * ```ts
 * import { rfmSummary } from 'relance/rfm';
 *
 * const rows = rfmSummary(
 *   [
 *     { customerId: 'C1', at: new Date('2025-01-10'), value: 320 },
 *     { customerId: 'C1', at: new Date('2025-01-10'), value: 40 }, // same day: one purchase of 360
 *     { customerId: 'C1', at: new Date('2025-04-20'), value: 250 },
 *     { customerId: 'C2', at: new Date('2024-11-02'), value: 90 },
 *   ],
 *   { asOf: new Date('2025-06-30'), unit: 'days' },
 * );
 * rows[0]; // { customerId: 'C1', frequency: 1, recency: 100, T: 171, daysSinceLast: 71, monetary: 250, total: 610, … }
 * ```
 */
export function rfmSummary(events: Iterable<RfmEvent> | readonly RfmEvent[], options: RfmSummaryOptions): RfmSummaryRow[] {
  const r = resolve('rfmSummary', options);
  const store = new EventStore(r);
  store.add('rfmSummary', events);
  const rows: RfmSummaryRow[] = [];
  store.forEachCustomer((id, days, values, returned) => rows.push(rowOf(id, days, values, returned, r)));
  return rows;
}

/** Options of {@link rfmCalibrationHoldout}. */
export interface RfmCalibrationHoldoutOptions {
  /** Last day of the calibration period (inclusive): the summary's `asOf`. */
  readonly calibrationEnd: Date;
  /** Last day of the holdout period (inclusive). */
  readonly observationEnd: Date;
  /** Unit of `recency`, `T` and `holdoutDuration`. Default `days`. */
  readonly unit?: RfmTimeUnit | undefined;
  /** What `monetary` holds in the calibration summary. Default `mean-repeat`. */
  readonly monetary?: RfmMonetary | undefined;
}

/** A calibration summary with what the customer did in the holdout period. */
export interface RfmCalibrationHoldoutRow extends RfmSummaryRow {
  /** Distinct purchase days in the holdout period (after `calibrationEnd`, up to `observationEnd`). */
  readonly holdoutFrequency: number;
  /** Mean value of those days (0 with none). */
  readonly holdoutMonetary: number;
  /** Length of the holdout period, in `unit`. */
  readonly holdoutDuration: number;
}

/**
 * Splits a history at `calibrationEnd` as lifetimes' `calibration_and_holdout_data` does: the
 * RFM summary of the calibration period (to `calibrationEnd`, which is its `asOf`) and the
 * number of purchase days in the holdout period, for the customers whose first purchase falls
 * in the calibration period (later customers are not in the cohort and have no row). Use it to
 * check a BG/NBD model's predictions against what happened.
 *
 * @param events - `{ customerId, at, value? }`
 * @param options - the two period ends, the unit, the monetary convention
 * @returns one row per customer of the calibration cohort, sorted by customer id
 * @throws RelanceError `invalid_input` for a bad event, an event after `observationEnd`, or `observationEnd` before `calibrationEnd`
 *
 * @example
 * ```ts
 * import { rfmCalibrationHoldout } from 'relance/rfm';
 *
 * const rows = rfmCalibrationHoldout(
 *   [
 *     { customerId: 'C1', at: new Date('2024-01-05') },
 *     { customerId: 'C1', at: new Date('2024-03-01') },
 *     { customerId: 'C1', at: new Date('2024-09-12') },
 *   ],
 *   { calibrationEnd: new Date('2024-06-30'), observationEnd: new Date('2024-12-31'), unit: 'weeks' },
 * );
 * rows[0]?.frequency; // 1
 * rows[0]?.holdoutFrequency; // 1
 * ```
 */
export function rfmCalibrationHoldout(events: Iterable<RfmEvent> | readonly RfmEvent[], options: RfmCalibrationHoldoutOptions): RfmCalibrationHoldoutRow[] {
  const fn = 'rfmCalibrationHoldout';
  const calibrationDay = dayOfOption(fn, 'calibrationEnd', options?.calibrationEnd);
  const end = resolve(fn, { asOf: options.observationEnd, unit: options.unit, monetary: options.monetary });
  if (end.asOfDay < calibrationDay) {
    throw new RelanceError('invalid_input', `${fn}: observationEnd must not be before calibrationEnd`, { issues: [{ code: 'invalid_value', path: ['observationEnd'], message: 'expected a date ≥ calibrationEnd' }] });
  }
  const store = new EventStore(end);
  store.add(fn, events);
  const calibration: Resolved = { ...end, asOfDay: calibrationDay, toDay: calibrationDay };
  const rows: RfmCalibrationHoldoutRow[] = [];
  // Returns count in the calibration summary up to calibrationEnd.
  store.forEachCustomer((id, days, values, returned) => {
    let split = 0;
    while (split < days.length && (days[split] as number) <= calibrationDay) split++;
    if (split === 0) return;
    const row = rowOf(id, days.subarray(0, split), values.subarray(0, split), returned, calibration);
    let holdoutValue = 0;
    for (let j = split; j < days.length; j++) holdoutValue += values[j] as number;
    const holdoutFrequency = days.length - split;
    rows.push({
      ...row,
      holdoutFrequency,
      holdoutMonetary: holdoutFrequency > 0 ? holdoutValue / holdoutFrequency : 0,
      holdoutDuration: (end.asOfDay - calibrationDay) / end.unitDays,
    });
  }, calibrationDay);
  return rows;
}
