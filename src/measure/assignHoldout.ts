import { fmix32 } from '../internal/hash';
import { fnv1a32 } from '../internal/fnv1a';
import { fieldError, nonEmptyString, shareBelowOne, show } from './checks';

/** The number of buckets a customer is hashed into: fractions are resolved to 1/10,000 (0.01 %). */
export const HOLDOUT_BUCKETS = 10_000;

/**
 * Why a customer is held out or not:
 * - `global-control`: in the global control group, never contacted by any campaign that uses the
 *   same `salt` and `globalControl` share;
 * - `campaign-holdout`: held out of this campaign only;
 * - `treated`: to be contacted.
 */
export type HoldoutReason = 'global-control' | 'campaign-holdout' | 'treated';

/** Options of {@link assignHoldout} and {@link assignHoldouts}. */
export interface AssignHoldoutOptions {
  /** The campaign: each campaign draws its own holdout. */
  readonly campaignId: string;
  /** The share of the campaign's customers held out, from 0 (included) to 1 (excluded); resolved to 1/10,000. */
  readonly fraction: number;
  /**
   * Mixed into every key (default `''`): change it to draw fresh, independent groups (a new year's
   * global control, a re-run of a campaign) while keeping the same ids.
   */
  readonly salt?: string | undefined;
  /**
   * The share of the whole base kept as a global control group, from 0 (included, the default) to
   * 1 (excluded): drawn on the salt and the customer only, so the same customers are held out of
   * every campaign. Give every campaign the same value and salt.
   */
  readonly globalControl?: number | undefined;
}

/** One customer's assignment. */
export interface HoldoutAssignment {
  /** True when the customer must not be contacted by this campaign. */
  readonly holdout: boolean;
  /** The campaign bucket, 0 to 9,999: `fmix32(fnv1a32("salt|campaignId|customerId")) mod 10,000`. */
  readonly bucket: number;
  /** The global-control bucket, `fmix32(fnv1a32("salt|customerId")) mod 10,000`; `null` without `globalControl`. */
  readonly globalBucket: number | null;
  /** Why. */
  readonly reason: HoldoutReason;
}

/** One row of {@link assignHoldouts}: the customer and their assignment. */
export interface HoldoutAssignmentRow extends HoldoutAssignment {
  readonly customerId: string;
}

/** What {@link assignHoldouts} returns. */
export interface HoldoutAssignments {
  /** One row per input id, in the input's order (a repeated id gets the same row again). */
  readonly assignments: HoldoutAssignmentRow[];
  /** Rows to contact. */
  readonly treated: number;
  /** Rows held out of this campaign only. */
  readonly campaignHoldout: number;
  /** Rows in the global control group. */
  readonly globalControl: number;
  /** The holdout share the options aim at: g + (1 − g)·f, with f and g resolved to 1/10,000. */
  readonly expectedHoldoutShare: number;
}

/** The bucket of a key: FNV-1a 32-bit of its UTF-8 bytes, murmur3's fmix32 finaliser, modulo 10,000. */
function bucketOf(key: string): number {
  return fmix32(fnv1a32(key)) % HOLDOUT_BUCKETS;
}

interface Plan {
  readonly campaignId: string;
  readonly salt: string;
  readonly cut: number;
  readonly globalCut: number | null;
}

function planOf(fn: string, options: AssignHoldoutOptions): Plan {
  if (options === null || typeof options !== 'object') throw fieldError(fn, ['options'], `must be an object with campaignId and fraction, got ${show(options)}`);
  const campaignId = nonEmptyString(fn, ['campaignId'], options.campaignId);
  const fraction = shareBelowOne(fn, ['fraction'], options.fraction);
  const salt = options.salt ?? '';
  if (typeof salt !== 'string') throw fieldError(fn, ['salt'], `must be a string, got ${show(salt)}`);
  const global = options.globalControl === undefined ? null : shareBelowOne(fn, ['globalControl'], options.globalControl);
  return { campaignId, salt, cut: Math.round(fraction * HOLDOUT_BUCKETS), globalCut: global === null ? null : Math.round(global * HOLDOUT_BUCKETS) };
}

function assign(plan: Plan, customerId: string): HoldoutAssignment {
  const bucket = bucketOf(`${plan.salt}|${plan.campaignId}|${customerId}`);
  if (plan.globalCut === null) return { holdout: bucket < plan.cut, bucket, globalBucket: null, reason: bucket < plan.cut ? 'campaign-holdout' : 'treated' };
  const globalBucket = bucketOf(`${plan.salt}|${customerId}`);
  if (globalBucket < plan.globalCut) return { holdout: true, bucket, globalBucket, reason: 'global-control' };
  return { holdout: bucket < plan.cut, bucket, globalBucket, reason: bucket < plan.cut ? 'campaign-holdout' : 'treated' };
}

/**
 * Whether a customer is held out of a campaign: a deterministic draw keyed on the ids alone, the
 * same on every run, machine and language, and independent of who else is in the campaign.
 *
 * The customer's bucket is `fmix32(fnv1a32(key)) mod 10,000` with `key = "salt|campaignId|customerId"`:
 * FNV-1a 32-bit (offset basis 2166136261, prime 16777619) over the key's UTF-8 bytes, then
 * murmur3's 32-bit finaliser (`h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35;
 * h ^= h >>> 16`, all mod 2³²), so that sequential ids and neighbouring campaigns give unrelated
 * buckets (FNV-1a alone leaves detectable structure in its low digits on ids such as `C0000001`,
 * `C0000002`, …). The customer is held out when `bucket < round(fraction × 10,000)`. (2³² is not a
 * multiple of 10,000: buckets 0–7,295 are more likely than the others by one part in 429,496.)
 *
 * With `globalControl` = g, the customer's global bucket is drawn the same way from
 * `"salt|customerId"` (no campaign): below `round(g × 10,000)` they are in the global control
 * group, held out of every campaign (`reason: 'global-control'`). Otherwise the campaign's own
 * holdout applies. A campaign therefore holds out g + (1 − g)·f of its customers, and both kinds of
 * holdout are valid controls for it: each is a random draw independent of the campaign's targeting.
 *
 * @param customerId - the customer's id (any non-empty string; hashed as UTF-8)
 * @param options - the campaign, its holdout fraction, an optional salt and global-control share
 * @returns `holdout`, the campaign `bucket`, the `globalBucket` (or `null`) and the `reason`
 * @throws RelanceError `invalid_input` when the id or campaign is not a non-empty string, or a
 *   fraction is outside [0, 1)
 *
 * @example
 * ```ts
 * import { assignHoldout } from 'relance/measure';
 *
 * const a = assignHoldout('C0000001', { campaignId: 'spring-service', fraction: 0.1 });
 * a.bucket; // 2274: not below 1,000
 * a.reason; // 'treated'
 *
 * // 5 % of the base never contacted, then 10 % of the rest held out of this campaign.
 * const b = assignHoldout('C0000001', { campaignId: 'spring-service', fraction: 0.1, salt: '2024', globalControl: 0.05 });
 * [b.globalBucket, b.bucket, b.holdout]; // [6663, 3088, false]
 * ```
 */
export function assignHoldout(customerId: string, options: AssignHoldoutOptions): HoldoutAssignment {
  const plan = planOf('assignHoldout', options);
  return assign(plan, nonEmptyString('assignHoldout', ['customerId'], customerId));
}

/**
 * {@link assignHoldout} for many customers at once, with the counts. Each assignment depends on the
 * customer's id only, so the result for an id is the same whatever the order or the company of
 * the others.
 *
 * @param customerIds - the customers' ids (any iterable)
 * @param options - as for {@link assignHoldout}
 * @returns one row per id in the input's order, the counts per reason and the expected holdout share
 * @throws RelanceError `invalid_input` for bad options, or naming the first bad id by its index
 *
 * @example
 * ```ts
 * import { assignHoldouts } from 'relance/measure';
 *
 * const ids = Array.from({ length: 10_000 }, (_, i) => `C${String(i).padStart(7, '0')}`);
 * const result = assignHoldouts(ids, { campaignId: 'tyres-autumn', fraction: 0.1, globalControl: 0.05 });
 * result.expectedHoldoutShare.toFixed(3); // '0.145': 5 % + 95 % × 10 %
 * (result.campaignHoldout + result.globalControl) / ids.length; // 0.1426
 * ```
 */
export function assignHoldouts(customerIds: Iterable<string>, options: AssignHoldoutOptions): HoldoutAssignments {
  const fn = 'assignHoldouts';
  const plan = planOf(fn, options);
  if (customerIds === null || typeof customerIds !== 'object' || typeof (customerIds as Iterable<string>)[Symbol.iterator] !== 'function') {
    throw fieldError(fn, ['customerIds'], `must be an iterable of ids, got ${show(customerIds)}`);
  }
  const assignments: HoldoutAssignmentRow[] = [];
  let treated = 0;
  let campaignHoldout = 0;
  let globalControl = 0;
  let index = 0;
  for (const customerId of customerIds) {
    if (typeof customerId !== 'string' || customerId.length === 0) throw fieldError(fn, ['customerIds', index], `must be a non-empty string, got ${show(customerId)}`);
    const a = assign(plan, customerId);
    if (a.reason === 'treated') treated++;
    else if (a.reason === 'campaign-holdout') campaignHoldout++;
    else globalControl++;
    assignments.push({ customerId, holdout: a.holdout, bucket: a.bucket, globalBucket: a.globalBucket, reason: a.reason });
    index++;
  }
  const f = plan.cut / HOLDOUT_BUCKETS;
  const g = plan.globalCut === null ? 0 : plan.globalCut / HOLDOUT_BUCKETS;
  return { assignments, treated, campaignHoldout, globalControl, expectedHoldoutShare: g + (1 - g) * f };
}
