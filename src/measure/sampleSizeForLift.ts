import { normalQuantile } from '../internal/normal';
import { fieldError, finiteNumber, openUnit, show } from './checks';

/** Options of {@link sampleSizeForLift}. */
export interface SampleSizeForLiftOptions {
  /** The control group's expected rate (e.g. 0.05 for 5 % conversion without contact), strictly between 0 and 1. */
  readonly baseRate: number;
  /**
   * The smallest absolute difference worth detecting, treated rate − base rate (0.01 = one point;
   * for +10 % relative on a 5 % base, 0.005). Negative to detect a drop. baseRate + it must stay in (0, 1).
   */
  readonly minDetectableEffect: number;
  /** The test's significance level. Default 0.05. */
  readonly alpha?: number | undefined;
  /** The probability of detecting the effect when it is there. Default 0.8. */
  readonly power?: number | undefined;
  /** Control customers per treated customer (1/9 for a 10 % holdout). Default 1. */
  readonly ratio?: number | undefined;
  /** `two-sided` (default, as {@link measureLift}'s p-value) or `one-sided`. */
  readonly alternative?: 'two-sided' | 'one-sided' | undefined;
}

/** Customers needed per arm. */
export interface SampleSize {
  /** Treated customers: ⌈treatedExact⌉. */
  readonly treated: number;
  /** Control customers: ⌈treatedExact × ratio⌉. */
  readonly control: number;
  /** treated + control. */
  readonly total: number;
  /** The formula's value before rounding up. */
  readonly treatedExact: number;
}

const FN = 'sampleSizeForLift';

/**
 * How many customers a campaign and its holdout need to detect a given lift in a rate with the
 * pooled two-proportion z test: the normal-approximation closed form (J. L. Fleiss, B. Levin,
 * M. C. Paik, "Statistical Methods for Rates and Proportions", 3rd ed., 2003, §4.2, without the
 * continuity correction), with p₂ = baseRate, p₁ = p₂ + Δ, k = ratio, p̄ = (p₁ + k·p₂)/(1 + k):
 *
 *   n₁ = ((z₁₋α′·√(p̄q̄(1 + 1/k)) + z_power·√(p₁q₁ + p₂q₂/k)) / Δ)²,  n₂ = k·n₁,
 *
 * where α′ = α/2 two-sided, α one-sided: the variance under the null is the pooled one, under
 * the alternative the unpooled one. This is statsmodels'
 * `samplesize_proportions_2indep_onetail(diff, prop2, power, ratio, alpha)` (reproduced to
 * 1e-9); `NormalIndPower().solve_power` on Cohen's arcsine effect size h gives slightly smaller
 * numbers (−0.2 % for 5 % → 6 % in equal arms, −5.5 % for 3 % → 4 % at α = 0.01 with a 10 % holdout).
 *
 * @param options - base rate, minimum detectable effect (absolute), alpha, power, control-to-treated ratio
 * @returns the customers per arm, rounded up, and the unrounded treated size
 * @throws RelanceError `invalid_input` naming the field for a rate outside (0, 1), a zero or
 *   non-finite effect, an alpha or power outside (0, 1), or a ratio that is not positive
 *
 * @example
 * ```ts
 * import { sampleSizeForLift } from 'relance/measure';
 *
 * // Detect 5 % → 6 % conversion at 5 % significance and 80 % power, in equal arms.
 * sampleSizeForLift({ baseRate: 0.05, minDetectableEffect: 0.01 }); // { treated: 8158, control: 8158, total: 16316, treatedExact: 8157.73… }
 *
 * // The same with a 10 % holdout: nine treated per control customer.
 * const n = sampleSizeForLift({ baseRate: 0.05, minDetectableEffect: 0.01, ratio: 1 / 9 });
 * [n.treated, n.control]; // [41855, 4651]
 * ```
 */
export function sampleSizeForLift(options: SampleSizeForLiftOptions): SampleSize {
  if (options === null || typeof options !== 'object') throw fieldError(FN, ['options'], `must be an object with baseRate and minDetectableEffect, got ${show(options)}`);
  const p2 = openUnit(FN, ['baseRate'], options.baseRate);
  const delta = finiteNumber(FN, ['minDetectableEffect'], options.minDetectableEffect);
  if (delta === 0) throw fieldError(FN, ['minDetectableEffect'], 'must not be 0: no sample detects a zero effect');
  const p1 = p2 + delta;
  if (!(p1 > 0 && p1 < 1)) throw fieldError(FN, ['minDetectableEffect'], `puts the treated rate at ${p1}, outside (0, 1)`);
  const alpha = options.alpha === undefined ? 0.05 : openUnit(FN, ['alpha'], options.alpha);
  const power = options.power === undefined ? 0.8 : openUnit(FN, ['power'], options.power);
  const k = options.ratio === undefined ? 1 : finiteNumber(FN, ['ratio'], options.ratio);
  if (!(k > 0)) throw fieldError(FN, ['ratio'], `must be positive, got ${k}`);
  const alternative = options.alternative ?? 'two-sided';
  if (alternative !== 'two-sided' && alternative !== 'one-sided') throw fieldError(FN, ['alternative'], `must be 'two-sided' or 'one-sided', got ${show(alternative)}`);

  const zAlpha = normalQuantile(1 - (alternative === 'two-sided' ? alpha / 2 : alpha));
  const zPower = normalQuantile(power);
  const pooled = (p1 + k * p2) / (1 + k);
  const sdNull = Math.sqrt(pooled * (1 - pooled) + (pooled * (1 - pooled)) / k);
  const sdAlternative = Math.sqrt(p1 * (1 - p1) + (p2 * (1 - p2)) / k);
  const treatedExact = ((zAlpha * sdNull + zPower * sdAlternative) / delta) ** 2;
  const treated = Math.ceil(treatedExact);
  const control = Math.ceil(treatedExact * k);
  return { treated, control, total: treated + control, treatedExact };
}
