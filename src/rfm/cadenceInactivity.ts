import { RelanceError } from '../errors';
import type { RfmEvent } from './eventStore';
import { RfmAccumulator } from './rfmSummary';

/** Where a customer stands against their expected rhythm. */
export type ActivityStatus = 'active' | 'lapsing' | 'inactive' | 'lost';

/** Ratio thresholds (time since the last event ÷ expected gap) at which each status starts. */
export interface CadenceThresholds {
  /** Default 1.5: half a rhythm late. */
  readonly lapsing?: number | undefined;
  /** Default 2.5. */
  readonly inactive?: number | undefined;
  /** Default 4. */
  readonly lost?: number | undefined;
}

/** Options of {@link cadenceInactivity}. */
export interface CadenceInactivityOptions {
  /** The observation date (its calendar day, UTC). */
  readonly asOf: Date;
  /**
   * The expected gap in days when the customer's own rhythm is not known: one number, a map
   * or a function of the customer (the maintenance plan's interval of their vehicle for
   * workshop visits, their model's repurchase curve for vehicle purchases).
   */
  readonly expectedGap?: number | ReadonlyMap<string, number> | ((customerId: string) => number | undefined) | undefined;
  /** The sector default when `expectedGap` says nothing for a customer. Default 365 days. */
  readonly defaultGapDays?: number | undefined;
  /** Gaps (distinct event days − 1) from which the customer's own median gap is trusted. Default 3. */
  readonly minOwnGaps?: number | undefined;
  /** Where each status starts. */
  readonly thresholds?: CadenceThresholds | undefined;
}

/** One customer's inactivity against their rhythm, with the evidence. */
export interface CadenceInactivity {
  readonly customerId: string;
  /** Days from the last event to `asOf`. */
  readonly daysSinceLast: number;
  /** Gaps between the customer's distinct event days. */
  readonly gaps: number;
  /** Their median gap in days (`null` with no gap). */
  readonly ownMedianGapDays: number | null;
  /** The gap the ratio divides by. */
  readonly expectedGapDays: number;
  /** `own` (the customer's median, from `minOwnGaps` gaps), `context` (`expectedGap`) or `default`. */
  readonly gapSource: 'own' | 'context' | 'default';
  /** daysSinceLast ÷ expectedGapDays. */
  readonly ratio: number;
  readonly status: ActivityStatus;
  /** The evidence in words. */
  readonly reason: string;
}

const FN = 'cadenceInactivity';

function positive(name: string, value: unknown, path: (string | number)[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RelanceError('invalid_input', `${FN}: ${name} must be a positive number of days, got ${String(value)}`, { issues: [{ code: 'invalid_value', path, message: 'expected a positive finite number' }] });
  }
  return value;
}

/**
 * Inactivity relative to each customer's own rhythm: the time since their last event divided
 * by the gap expected of them — their own median gap between events when they have
 * `minOwnGaps` of them, else the gap the context gives (the plan's service interval for
 * workshop visits, the model's repurchase time for car purchases), else a sector default —
 * and a status: `active` below 1.5 expected gaps, `lapsing` from 1.5, `inactive` from 2.5,
 * `lost` from 4 (thresholds are options). Three years without a car purchase is normal; a
 * customer who services every 6 months and has not come for 10 is lapsing.
 *
 * @param history - `{ customerId, at }` events (same-day events merge), or an {@link RfmAccumulator} already fed
 * @param options - `asOf`, the expected gap by context, the default, the thresholds
 * @returns one row per customer with an event, sorted by customer id
 * @throws RelanceError `invalid_input` for bad events (see {@link rfmSummary}), a non-positive gap, or thresholds out of order
 *
 * @example
 * ```ts
 * import { cadenceInactivity } from 'relance/rfm';
 *
 * const day = (iso: string) => new Date(iso);
 * const [row] = cadenceInactivity(
 *   ['2023-01-10', '2023-07-12', '2024-01-08', '2024-07-15'].map((d) => ({ customerId: 'C1', at: day(d) })),
 *   { asOf: day('2025-05-15'), expectedGap: 365 },
 * );
 * row?.gapSource; // 'own' (3 gaps, median 183 days)
 * row?.status; // 'lapsing' (304 days since the last visit: 1.66 gaps)
 * ```
 */
export function cadenceInactivity(history: Iterable<RfmEvent> | readonly RfmEvent[] | RfmAccumulator, options: CadenceInactivityOptions): CadenceInactivity[] {
  const defaultGap = positive('defaultGapDays', options?.defaultGapDays ?? 365, ['defaultGapDays']);
  const minOwnGaps = options.minOwnGaps ?? 3;
  if (!Number.isInteger(minOwnGaps) || minOwnGaps < 1) {
    throw new RelanceError('invalid_input', `${FN}: minOwnGaps must be a positive integer, got ${String(minOwnGaps)}`, { issues: [{ code: 'invalid_value', path: ['minOwnGaps'], message: 'expected a positive integer' }] });
  }
  const lapsing = options.thresholds?.lapsing ?? 1.5;
  const inactive = options.thresholds?.inactive ?? 2.5;
  const lost = options.thresholds?.lost ?? 4;
  if (!(lapsing > 0 && lapsing < inactive && inactive < lost && Number.isFinite(lost))) {
    throw new RelanceError('invalid_input', `${FN}: thresholds must satisfy 0 < lapsing < inactive < lost, got ${lapsing}, ${inactive}, ${lost}`, { issues: [{ code: 'invalid_value', path: ['thresholds'], message: 'expected 0 < lapsing < inactive < lost' }] });
  }
  const context = options.expectedGap;
  const contextGap = (id: string): number | undefined => {
    const g = typeof context === 'number' ? context : typeof context === 'function' ? context(id) : context?.get(id);
    return g === undefined ? undefined : positive(`expectedGap for ${id}`, g, ['expectedGap', id]);
  };
  let acc: RfmAccumulator;
  if (history instanceof RfmAccumulator) acc = history;
  else {
    acc = new RfmAccumulator({ asOf: options.asOf });
    acc.add(history);
  }
  const asOfDay = Math.floor(options.asOf.getTime() / 86_400_000);
  const out: CadenceInactivity[] = [];
  const gaps: number[] = [];
  acc.forEachCustomer((customerId, days) => {
    gaps.length = 0;
    for (let j = 1; j < days.length; j++) gaps.push((days[j] as number) - (days[j - 1] as number));
    gaps.sort((a, b) => a - b);
    const g = gaps.length;
    const own = g === 0 ? null : g % 2 === 1 ? (gaps[(g - 1) / 2] as number) : ((gaps[g / 2 - 1] as number) + (gaps[g / 2] as number)) / 2;
    const daysSinceLast = asOfDay - (days[days.length - 1] as number);
    let expected: number;
    let gapSource: CadenceInactivity['gapSource'];
    const fromContext = contextGap(customerId);
    if (own !== null && g >= minOwnGaps && own > 0) {
      expected = own;
      gapSource = 'own';
    } else if (fromContext !== undefined) {
      expected = fromContext;
      gapSource = 'context';
    } else {
      expected = defaultGap;
      gapSource = 'default';
    }
    const ratio = daysSinceLast / expected;
    const status: ActivityStatus = ratio >= lost ? 'lost' : ratio >= inactive ? 'inactive' : ratio >= lapsing ? 'lapsing' : 'active';
    const basis = gapSource === 'own' ? `their median gap of ${own} days over ${g} gaps` : gapSource === 'context' ? `the expected gap of ${expected} days (${g} own gap${g === 1 ? '' : 's'}, fewer than ${minOwnGaps})` : `the default gap of ${expected} days`;
    out.push({
      customerId,
      daysSinceLast,
      gaps: g,
      ownMedianGapDays: own,
      expectedGapDays: expected,
      gapSource,
      ratio,
      status,
      reason: `${status}: ${daysSinceLast} days since the last event, ${ratio.toFixed(2)} × ${basis}`,
    });
  });
  return out;
}
