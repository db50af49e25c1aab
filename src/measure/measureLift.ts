import type { PathSegment } from '../errors';
import { normalQuantile } from '../internal/normal';
import { twoSidedNormalPValue } from '../internal/normalCdf';
import { Random } from '../internal/random';
import { studentTQuantile, studentTSf } from '../internal/studentT';
import { fieldError, finiteNumber, openUnit, show } from './checks';

/** One arm of a rate comparison: `successes` customers out of `n` (e.g. converted out of contacted). */
export interface RateArm {
  /** Customers in the arm, a positive integer. */
  readonly n: number;
  /** Customers with the outcome, an integer from 0 to `n`. */
  readonly successes: number;
}

/** One arm of an amount comparison by its sufficient statistics (e.g. revenue per customer, zeros included). */
export interface AmountSums {
  /** Customers in the arm, an integer ≥ 2. */
  readonly n: number;
  /** Σ x over the arm. */
  readonly sum: number;
  /** Σ x² over the arm. */
  readonly sumSquares: number;
}

/** One arm of an amount comparison by its raw values, one per customer (zeros included). */
export interface AmountValues {
  readonly values: ArrayLike<number>;
}

/** One arm of an amount comparison. The bootstrap needs the raw values. */
export type AmountArm = AmountSums | AmountValues;

/**
 * The interval for a difference of rates:
 * - `newcombe` (default): Newcombe's hybrid score interval (method 10 of R. G. Newcombe, "Interval
 *   estimation for the difference between independent proportions: comparison of eleven methods",
 *   Statistics in Medicine 17 (1998) 873–890), built from the two Wilson score intervals. It keeps
 *   close to its nominal coverage at the small rates of marketing (1–2 % conversion, a few hundred
 *   customers in a holdout) and never leaves [−1, 1]; statsmodels' default
 *   (`confint_proportions_2indep(method='newcomb')`), which it reproduces.
 * - `wald`: difference ± z·√(p₁q₁/n₁ + p₂q₂/n₂). Too narrow at small rates and samples, and
 *   degenerate (zero width) when both rates are 0; matches `method='wald'`.
 */
export type RateInterval = 'wald' | 'newcombe';

/**
 * The interval for the ratio of rates, from which the relative lift's interval is read:
 * - `log` (default): exp(ln(p₁/p₂) ± z·√(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)), Katz's log interval
 *   (statsmodels' `compare='ratio', method='log'`); undefined (`null`) when either arm has no success.
 * - `log-adjusted`: the same with ½ added to every count and size (`method='log-adjusted'`,
 *   statsmodels' default), finite even with no success.
 */
export type RatioInterval = 'log' | 'log-adjusted';

/**
 * The two-sided z test of "no difference" behind `pValue`:
 * - `pooled`: z = (p₁ − p₂)/√(p̄q̄(1/n₁ + 1/n₂)) with p̄ the pooled rate, the classic two-proportion
 *   test (statsmodels' `proportions_ztest`): its variance is the one under the null, so its size is
 *   right at small rates. The default with the `newcombe` interval.
 * - `unpooled`: z = (p₁ − p₂)/√(p₁q₁/n₁ + p₂q₂/n₂), the Wald test (`test_proportions_2indep(method='wald')`),
 *   the exact dual of the Wald interval (p < 1 − confLevel exactly when the interval excludes 0).
 *   The default with the `wald` interval.
 */
export type RateTest = 'pooled' | 'unpooled';

/** Options of {@link measureLift} for rates. */
export interface RateLiftOptions {
  /** `rate` (the default when the arms have `successes`). */
  readonly metric?: 'rate' | undefined;
  /** Default `newcombe`. */
  readonly interval?: RateInterval | undefined;
  /** Default 0.95. */
  readonly confLevel?: number | undefined;
  /** Default `log`. */
  readonly ratioInterval?: RatioInterval | undefined;
  /** Default `pooled` with the `newcombe` interval, `unpooled` with `wald`. */
  readonly test?: RateTest | undefined;
}

/** The lift of a rate: treated against control. Rates and differences are shares (0.01 = one point). */
export interface RateLift {
  readonly metric: 'rate';
  readonly interval: RateInterval;
  readonly ratioInterval: RatioInterval;
  readonly test: RateTest;
  readonly confLevel: number;
  readonly treatedRate: number;
  readonly controlRate: number;
  /** treatedRate − controlRate. */
  readonly difference: number;
  /** Lower bound of the difference. */
  readonly lower: number;
  /** Upper bound of the difference. */
  readonly upper: number;
  /** treatedRate / controlRate − 1; `null` when the control rate is 0. */
  readonly relativeLift: number | null;
  /** Lower bound of the relative lift (ratio interval − 1); `null` when the ratio interval is undefined. */
  readonly relativeLower: number | null;
  /** Upper bound of the relative lift; `null` when the ratio interval is undefined. */
  readonly relativeUpper: number | null;
  /** The z statistic of the test; `null` when its standard error is 0. */
  readonly statistic: number | null;
  /** Two-sided p-value of the test (1 when both arms are all 0 or all 1). */
  readonly pValue: number;
}

/** The interval for a difference of means: Welch's t interval, or a seeded percentile bootstrap. */
export type MeanInterval = 'welch' | 'bootstrap';

/** Options of {@link measureLift} for amounts. */
export type MeanLiftOptions =
  | {
      readonly metric: 'mean';
      /** Default `welch`. */
      readonly interval?: 'welch' | undefined;
      /** Default 0.95. */
      readonly confLevel?: number | undefined;
    }
  | {
      readonly metric: 'mean';
      readonly interval: 'bootstrap';
      /** Default 0.95. */
      readonly confLevel?: number | undefined;
      /** The seed of the resampling. */
      readonly seed: number;
      /** Resamples, 100 to 1,000,000. Default 2,000. */
      readonly resamples?: number | undefined;
    };

/** The lift of a mean amount (e.g. revenue per customer): treated against control. */
export interface MeanLift {
  readonly metric: 'mean';
  readonly interval: MeanInterval;
  readonly confLevel: number;
  readonly treatedMean: number;
  readonly controlMean: number;
  /** treatedMean − controlMean. */
  readonly difference: number;
  /** Lower bound of the difference (Welch or bootstrap percentile). */
  readonly lower: number;
  /** Upper bound of the difference. */
  readonly upper: number;
  /** difference / controlMean; `null` when the control mean is 0. */
  readonly relativeLift: number | null;
  /** √(s₁²/n₁ + s₂²/n₂). */
  readonly standardError: number;
  /** Welch–Satterthwaite degrees of freedom; `null` when both variances are 0. */
  readonly df: number | null;
  /** Welch's t statistic; `null` when the standard error is 0. */
  readonly statistic: number | null;
  /** Two-sided p-value of Welch's t test (whatever the interval). */
  readonly pValue: number;
  /** Bootstrap resamples; `null` for the Welch interval. */
  readonly resamples: number | null;
  /** Bootstrap seed; `null` for the Welch interval. */
  readonly seed: number | null;
}

const FN = 'measureLift';
const DEFAULT_CONF_LEVEL = 0.95;
const DEFAULT_RESAMPLES = 2000;

/**
 * The lift of a campaign: treated against control, as a difference with its confidence interval,
 * a relative lift and a p-value.
 *
 * **Rates** (arms `{ n, successes }`): p = successes / n per arm; the difference p₁ − p₂ with the
 * {@link RateInterval} chosen (Newcombe's hybrid score interval by default: with Wilson bounds
 * [lᵢ, uᵢ] of each rate, [d − √((p₁ − l₁)² + (u₂ − p₂)²), d + √((u₁ − p₁)² + (p₂ − l₂)²)]); the
 * relative lift p₁/p₂ − 1 with the {@link RatioInterval} (Katz's log interval by default); the
 * two-sided {@link RateTest} (pooled by default). z is the normal quantile at 1 − (1 − confLevel)/2.
 * These are statsmodels' `confint_proportions_2indep` (`method='newcomb'` / `'wald'`, and
 * `compare='ratio', method='log'` / `'log-adjusted'`), `proportions_ztest` and
 * `test_proportions_2indep(method='wald')`, reproduced to 1e-12 on the Hillstrom e-mail test.
 *
 * **Amounts** (`metric: 'mean'`, arms `{ n, sum, sumSquares }` or `{ values }`): the difference of
 * means with Welch's interval d ± t(1 − α/2; ν)·√(s₁²/n₁ + s₂²/n₂), ν by Welch–Satterthwaite
 * (B. L. Welch, Biometrika 34 (1947) 28–35), and Welch's two-sided t test (statsmodels'
 * `CompareMeans.tconfint_diff(usevar='unequal')` and `ttest_ind(usevar='unequal')`). Variances
 * from sums are (Σx² − (Σx)²/n)/(n − 1), which loses digits when the mean is large against the
 * spread: pass `values` then. With `interval: 'bootstrap'` (raw values only), the percentile
 * interval of the difference of means over `resamples` resamples of each arm with replacement,
 * drawn by a generator seeded with `seed` from the values sorted first (so the same values in
 * any order give the same interval); quantiles interpolate linearly (R type 7). The p-value
 * stays Welch's.
 *
 * @param arms - `treated` and `control`, both rates or both amounts
 * @param options - the metric (`mean` for amounts), the interval, the confidence level, and for
 *   rates the ratio interval and the test, for the bootstrap the seed and resamples
 * @returns the rates or means, the difference and its bounds, the relative lift (with bounds for
 *   rates), the statistic and the p-value
 * @throws RelanceError `invalid_input` naming the field for a count that is not a non-negative
 *   integer, successes above n, a non-finite amount, sums that imply a negative variance, a
 *   confidence level outside (0, 1), or arms that do not match the metric;
 *   `insufficient_data` for an empty arm (n = 0) or, for amounts, fewer than 2 values in an arm
 *
 * @example
 * ```ts
 * import { measureLift } from 'relance/measure';
 *
 * // Hillstrom's e-mail test: conversion after the men's e-mail against no e-mail.
 * const lift = measureLift({ treated: { n: 21307, successes: 267 }, control: { n: 21306, successes: 122 } });
 * lift.difference.toFixed(4); // '0.0068': 0.68 points
 * [lift.lower.toFixed(4), lift.upper.toFixed(4)]; // ['0.0050', '0.0086'] (Newcombe)
 * lift.relativeLift?.toFixed(2); // '1.19': +119 %
 * lift.pValue < 1e-12; // true
 *
 * // Spend per customer, from the arms' sums.
 * const spend = measureLift(
 *   { treated: { n: 21307, sum: 30311.69, sumSquares: 6759024.4973 }, control: { n: 21306, sum: 13908.33, sumSquares: 2870050.3621 } },
 *   { metric: 'mean' },
 * );
 * [spend.lower.toFixed(3), spend.upper.toFixed(3)]; // ['0.485', '1.055'] (Welch)
 * ```
 */
export function measureLift(arms: { readonly treated: RateArm; readonly control: RateArm }, options?: RateLiftOptions): RateLift;
export function measureLift(arms: { readonly treated: AmountArm; readonly control: AmountArm }, options: MeanLiftOptions): MeanLift;
export function measureLift(
  arms: { readonly treated: RateArm | AmountArm; readonly control: RateArm | AmountArm },
  options: RateLiftOptions | MeanLiftOptions = {},
): RateLift | MeanLift {
  if (arms === null || typeof arms !== 'object') throw fieldError(FN, ['arms'], `must be an object with treated and control, got ${show(arms)}`);
  if (options === null || typeof options !== 'object') throw fieldError(FN, ['options'], `must be an object, got ${show(options)}`);
  const metric = options.metric ?? 'rate';
  if (metric !== 'rate' && metric !== 'mean') throw fieldError(FN, ['metric'], `must be 'rate' or 'mean', got ${show(metric)}`);
  for (const side of ['treated', 'control'] as const) {
    const arm: unknown = arms[side];
    if (arm === null || typeof arm !== 'object') throw fieldError(FN, [side], `must be an object, got ${show(arm)}`);
    const looksLikeRate = 'successes' in arm;
    if (metric === 'rate' && !looksLikeRate) throw fieldError(FN, [side], "has no successes: for amounts ({ n, sum, sumSquares } or { values }) pass metric: 'mean'");
    if (metric === 'mean' && looksLikeRate) throw fieldError(FN, [side], "has successes, which metric 'mean' does not read: drop metric: 'mean' to compare rates");
  }
  const confLevel = options.confLevel === undefined ? DEFAULT_CONF_LEVEL : openUnit(FN, ['confLevel'], options.confLevel);
  if (metric === 'rate') return rateLift(arms.treated as RateArm, arms.control as RateArm, options as RateLiftOptions, confLevel);
  return meanLift(arms.treated as AmountArm, arms.control as AmountArm, options as MeanLiftOptions, confLevel);
}

function count(path: readonly PathSegment[], value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw fieldError(FN, path, `must be a non-negative integer, got ${show(value)}`);
  return value;
}

/** Wilson's score interval of one rate (statsmodels' `proportion_confint(method='wilson')`). */
function wilson(p: number, n: number, z: number): readonly [number, number] {
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return [center - half, center + half];
}

function rateLift(treated: RateArm, control: RateArm, options: RateLiftOptions, confLevel: number): RateLift {
  const n1 = count(['treated', 'n'], treated.n);
  const x1 = count(['treated', 'successes'], treated.successes);
  const n2 = count(['control', 'n'], control.n);
  const x2 = count(['control', 'successes'], control.successes);
  if (n1 === 0) throw fieldError(FN, ['treated', 'n'], 'is 0: an arm needs at least one customer', 'insufficient_data');
  if (n2 === 0) throw fieldError(FN, ['control', 'n'], 'is 0: an arm needs at least one customer', 'insufficient_data');
  if (x1 > n1) throw fieldError(FN, ['treated', 'successes'], `must be at most treated.n (${n1}), got ${x1}`);
  if (x2 > n2) throw fieldError(FN, ['control', 'successes'], `must be at most control.n (${n2}), got ${x2}`);
  const interval = options.interval ?? 'newcombe';
  if (interval !== 'newcombe' && interval !== 'wald') throw fieldError(FN, ['interval'], `must be 'newcombe' or 'wald' for rates, got ${show(interval)}`);
  const ratioInterval = options.ratioInterval ?? 'log';
  if (ratioInterval !== 'log' && ratioInterval !== 'log-adjusted') throw fieldError(FN, ['ratioInterval'], `must be 'log' or 'log-adjusted', got ${show(ratioInterval)}`);
  const test = options.test ?? (interval === 'wald' ? 'unpooled' : 'pooled');
  if (test !== 'pooled' && test !== 'unpooled') throw fieldError(FN, ['test'], `must be 'pooled' or 'unpooled', got ${show(test)}`);

  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  const unpooledSe = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  let lower: number;
  let upper: number;
  if (interval === 'wald') {
    lower = difference - z * unpooledSe;
    upper = difference + z * unpooledSe;
  } else {
    const [l1, u1] = wilson(p1, n1, z);
    const [l2, u2] = wilson(p2, n2, z);
    lower = difference - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
    upper = difference + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
  }

  let relativeLower: number | null = null;
  let relativeUpper: number | null = null;
  const half = ratioInterval === 'log-adjusted' ? 0.5 : 0;
  if (x1 + half > 0 && x2 + half > 0) {
    const a1 = x1 + half;
    const m1 = n1 + half;
    const a2 = x2 + half;
    const m2 = n2 + half;
    const logRatio = Math.log(a1 / m1 / (a2 / m2));
    const width = z * Math.sqrt(1 / a1 - 1 / m1 + 1 / a2 - 1 / m2);
    relativeLower = Math.exp(logRatio - width) - 1;
    relativeUpper = Math.exp(logRatio + width) - 1;
  }

  const se = test === 'unpooled' ? unpooledSe : pooledSe(x1 + x2, n1, n2);
  const statistic = se > 0 ? difference / se : null;
  const pValue = statistic === null ? (difference === 0 ? 1 : 0) : twoSidedNormalPValue(statistic);
  return {
    metric: 'rate',
    interval,
    ratioInterval,
    test,
    confLevel,
    treatedRate: p1,
    controlRate: p2,
    difference,
    lower,
    upper,
    relativeLift: p2 > 0 ? p1 / p2 - 1 : null,
    relativeLower,
    relativeUpper,
    statistic,
    pValue,
  };
}

function pooledSe(successes: number, n1: number, n2: number): number {
  const p = successes / (n1 + n2);
  return Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
}

interface ArmMoments {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
  /** The values sorted ascending, when given. */
  readonly sorted: Float64Array | null;
}

function moments(side: 'treated' | 'control', arm: AmountArm): ArmMoments {
  if ('values' in arm) {
    const values: unknown = arm.values;
    if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<number>).length !== 'number') {
      throw fieldError(FN, [side, 'values'], `must be an array of numbers, got ${show(values)}`);
    }
    const list = values as ArrayLike<unknown>;
    const n = list.length;
    if (n < 2) throw fieldError(FN, [side, 'values'], `has ${n} value${n === 1 ? '' : 's'}: an arm needs at least 2 for a variance`, 'insufficient_data');
    const sorted = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = list[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fieldError(FN, [side, 'values', i], `must be a finite number, got ${show(v)}`);
      sorted[i] = v;
    }
    // Sorted first, so that the sums, and the bootstrap's draws, do not depend on the values' order.
    sorted.sort();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i] as number;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((sorted[i] as number) - mean) ** 2;
    return { n, mean, variance: squares / (n - 1), sorted };
  }
  const n = arm.n;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw fieldError(FN, [side, 'n'], `must be a non-negative integer, got ${show(n)}`);
  if (n < 2) throw fieldError(FN, [side, 'n'], `is ${n}: an arm needs at least 2 values for a variance`, 'insufficient_data');
  const sum = finiteNumber(FN, [side, 'sum'], arm.sum);
  const sumSquares = finiteNumber(FN, [side, 'sumSquares'], arm.sumSquares);
  const mean = sum / n;
  const centered = sumSquares - sum * mean;
  // Rounding can leave a tiny negative Σ(x − x̄)² for constant values; a clearly negative one is a wrong input.
  if (centered < -1e-9 * Math.max(sumSquares, 1)) throw fieldError(FN, [side, 'sumSquares'], `(${sumSquares}) is below sum²/n (${sum * mean}): no values have these sums`);
  return { n, mean, variance: Math.max(centered, 0) / (n - 1), sorted: null };
}

function meanLift(treated: AmountArm, control: AmountArm, options: MeanLiftOptions, confLevel: number): MeanLift {
  const interval = options.interval ?? 'welch';
  if (interval !== 'welch' && interval !== 'bootstrap') throw fieldError(FN, ['interval'], `must be 'welch' or 'bootstrap' for means, got ${show(interval)}`);
  const a = moments('treated', treated);
  const b = moments('control', control);
  const difference = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const standardError = Math.sqrt(va + vb);
  const df = standardError > 0 ? (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1)) : null;
  const statistic = df === null ? null : difference / standardError;
  const pValue = statistic === null || df === null ? (difference === 0 ? 1 : 0) : Math.min(1, 2 * studentTSf(Math.abs(statistic), df));
  const relativeLift = b.mean !== 0 ? difference / b.mean : null;
  const base = { metric: 'mean' as const, confLevel, treatedMean: a.mean, controlMean: b.mean, difference, relativeLift, standardError, df, statistic, pValue };

  if (interval === 'welch') {
    const q = df === null ? 0 : studentTQuantile(1 - (1 - confLevel) / 2, df);
    return { ...base, interval, lower: difference - q * standardError, upper: difference + q * standardError, resamples: null, seed: null };
  }
  const bootstrap = options as Extract<MeanLiftOptions, { interval: 'bootstrap' }>;
  const seed = bootstrap.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw fieldError(FN, ['seed'], `must be an integer with interval 'bootstrap', got ${show(seed)}`);
  const resamples = bootstrap.resamples ?? DEFAULT_RESAMPLES;
  if (typeof resamples !== 'number' || !Number.isInteger(resamples) || resamples < 100 || resamples > 1_000_000) {
    throw fieldError(FN, ['resamples'], `must be an integer from 100 to 1,000,000, got ${show(resamples)}`);
  }
  if (a.sorted === null) throw fieldError(FN, ['treated'], "needs its raw values for interval 'bootstrap', not sums");
  if (b.sorted === null) throw fieldError(FN, ['control'], "needs its raw values for interval 'bootstrap', not sums");
  const diffs = bootstrapDifferences(a.sorted, b.sorted, resamples, seed);
  const alpha = 1 - confLevel;
  return { ...base, interval, lower: quantileSorted(diffs, alpha / 2), upper: quantileSorted(diffs, 1 - alpha / 2), resamples, seed };
}

/** The sorted differences of resampled means: each resample draws n₁ treated and n₂ control values with replacement. */
function bootstrapDifferences(treated: Float64Array, control: Float64Array, resamples: number, seed: number): Float64Array {
  const random = new Random(seed);
  const out = new Float64Array(resamples);
  const n1 = treated.length;
  const n2 = control.length;
  for (let r = 0; r < resamples; r++) {
    let s1 = 0;
    for (let i = 0; i < n1; i++) s1 += treated[Math.floor(random.next() * n1)] as number;
    let s2 = 0;
    for (let i = 0; i < n2; i++) s2 += control[Math.floor(random.next() * n2)] as number;
    out[r] = s1 / n1 - s2 / n2;
  }
  return out.sort();
}

/** The `p` quantile of sorted values, interpolating linearly between order statistics (R type 7, numpy's default). */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const low = sorted[lo] as number;
  return low + (h - lo) * ((sorted[hi] as number) - low);
}
