import { RelanceError } from '../errors';
import { logGamma } from '../internal/gammaFunctions';
import { checkBgNbdModel, type BgNbdCoefficients } from './fitBgNbd';
import { checkedHorizon } from './purchaseModels';

/** A tail sum stops when its terms decrease and fall below this fraction of the sum. */
const TAIL_RELATIVE_TOLERANCE = 1e-17;
/** Terms of a tail sum at most. */
const MAX_TAIL_TERMS = 10_000_000;

/**
 * P(N ≥ n) for N negative binomial: P(N = j) = Γ(r + j)/(Γ(r)·j!)·p^r·q^j, with ln p and ln q
 * given (p + q = 1). Summed in log space: the lower part 1 − Σⱼ<ₙ when that sum is below ½
 * (no cancellation), else the upper part Σⱼ≥ₙ directly (so a tail of 1e-12 keeps its digits).
 */
function negativeBinomialTail(r: number, logP: number, logQ: number, n: number): number {
  if (n <= 0) return 1;
  if (logQ === Number.NEGATIVE_INFINITY) return 0;
  // Lower sum Σ_{j<n} P(N = j), accumulated as exp(log term − log scale).
  let logTerm = r * logP;
  let lower = 0;
  for (let j = 0; j < n; j++) {
    lower += Math.exp(logTerm);
    logTerm += Math.log(r + j) - Math.log(j + 1) + logQ;
    if (lower > 0.5) break;
  }
  if (lower <= 0.5) return 1 - lower;
  // Upper sum from j = n, in units of its first term.
  const logFirst = logGamma(r + n) - logGamma(r) - logGamma(n + 1) + r * logP + n * logQ;
  let term = 1;
  let sum = 1;
  const q = Math.exp(logQ);
  for (let j = n; j < n + MAX_TAIL_TERMS; j++) {
    const ratio = ((r + j) / (j + 1)) * q;
    term *= ratio;
    sum += term;
    if (ratio < 1 && term <= TAIL_RELATIVE_TOLERANCE * sum) break;
  }
  return Math.min(1, Math.exp(logFirst + Math.log(sum)));
}

/**
 * The probability that a new customer (alive at time 0) makes exactly `n` repeat purchases
 * in (0, t]: Fader, Hardie & Lee (2005), eq. 8,
 * P(X(t) = n) = B(a, b + n)/B(a, b)·Γ(r + n)/(Γ(r)·n!)·(α/(α + t))^r·(t/(α + t))^n
 * + δ(n > 0)·B(a + 1, b + n − 1)/B(a, b)·[1 − (α/(α + t))^r·Σⱼ<ₙ Γ(r + j)/(Γ(r)·j!)·(t/(α + t))^j].
 * Beta and gamma functions in log space; the bracket, a negative binomial tail, is summed
 * from whichever side avoids cancellation. Sums to 1 over n = 0, 1, 2, … (BG/NBD models only,
 * for now: a Pareto/NBD model is refused as `incompatible_model`.)
 *
 * @param model - a model from {@link fitBgNbd} (or published estimates: {@link BgNbdCoefficients})
 * @param n - the number of repeat purchases, an integer ≥ 0
 * @param t - the horizon, ≥ 0, in the model's time unit
 * @returns P(X(t) = n), in [0, 1]
 * @throws RelanceError `incompatible_model`, `invalid_input` (n not a whole number ≥ 0, a bad horizon)
 *
 * @example
 * ```ts
 * import { probabilityOfPurchases } from 'relance/rfm';
 *
 * // CDNOW (Fader, Hardie & Lee 2005), weeks: no repeat purchase in the first 39 weeks
 * const model = { kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;
 * probabilityOfPurchases(model, 0, 39).toFixed(4); // '0.5738'
 * ```
 */
export function probabilityOfPurchases(model: BgNbdCoefficients, n: number, t: number): number {
  const fn = 'probabilityOfPurchases';
  const { r, alpha, a, b } = checkBgNbdModel(fn, model);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new RelanceError('invalid_input', `${fn}: n must be a whole number of purchases ≥ 0, got ${String(n)}`, {
      issues: [{ code: 'invalid_value', path: ['n'], message: 'expected an integer ≥ 0' }],
    });
  }
  checkedHorizon(fn, t);
  if (t === 0) return n === 0 ? 1 : 0;
  const u = t / alpha;
  const logP = -Math.log1p(u);
  const logQ = Math.log(u) + logP;
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  // ln B(a, b + n) − ln B(a, b) and ln Γ(r + n) − ln Γ(r) − ln n!: zero when n = 0.
  const logBetaRatio = n === 0 ? 0 : logGamma(b + n) - lgB + lgAB - logGamma(a + b + n);
  const logNb = n === 0 ? r * logP : logGamma(r + n) - logGamma(r) - logGamma(n + 1) + r * logP + n * logQ;
  let p = Math.exp(logBetaRatio + logNb);
  if (n > 0) {
    const logDropRatio = Math.log(a) + logGamma(b + n - 1) - lgB + lgAB - logGamma(a + b + n);
    p += Math.exp(logDropRatio) * negativeBinomialTail(r, logP, logQ, n);
  }
  return Math.min(1, Math.max(0, p));
}
