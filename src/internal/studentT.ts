/*
 * Student's t distribution with real degrees of freedom (Welch–Satterthwaite gives fractional
 * ones): the upper tail and the quantile, to about 1e-14 relative.
 *
 * Upper tail: P(T > t) = ½·I_x(ν/2, ½) with x = ν / (ν + t²) (Abramowitz & Stegun 26.7.1 and
 * 26.5.27), the regularized incomplete beta function evaluated by its continued fraction
 * (A&S 26.5.8) with the modified Lentz algorithm, on the side of the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast (x < (a + 1)/(a + b + 2)). The prefactor
 * x^a (1 − x)^b / (a·B(a, b)) is computed in logs with ln x = −log1p(t²/ν) and with
 * ln Γ(a + b) − ln Γ(a) taken from Stirling's series so that the large terms cancel analytically:
 * at ν = 10⁷ the naive lgamma difference would lose eight digits.
 *
 * Quantile: Newton's method on ln P(T > t), safeguarded by bisection inside a bracket.
 */
import { logGamma } from './gammaFunctions';
import { normalQuantile } from './normal';
import { normalSf } from './normalCdf';

/** From here on the t distribution is the normal one to double precision (error ~ 1/ν). */
const NORMAL_FROM_DF = 1e14;
const CF_TOLERANCE = 1e-16;
const CF_MAX_ITERATIONS = 1_000_000;
const TINY = 1e-300;

/** Stirling's correction ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10 (A&S 6.1.41). */
function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))));
}

/** ln Γ(a + b) − ln Γ(a) for a ≥ 10, b > 0, without cancelling the large terms. */
function logGammaRatio(a: number, b: number): number {
  return (a + b - 0.5) * Math.log1p(b / a) + b * Math.log(a) - b + stirlingCorrection(a + b) - stirlingCorrection(a);
}

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big >= 10) return logGamma(small) - logGammaRatio(big, small);
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * 1 / (1 + d₁/(1 + d₂/(1 + …))), the continued fraction of I_x(a, b) (A&S 26.5.8:
 * d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)), d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m))),
 * evaluated through its odd contraction (1 + d₁) − d₁d₂/((1 + d₃) + d₂ − d₃d₄/((1 + d₅) + d₄ − …))
 * by the modified Lentz algorithm. With x close to 1 and a large, every d₂ₘ₊₁ is close to −1
 * and 1 + d₂ₘ₊₁ would cancel; for x ≥ ½ it is computed instead from the exact rearrangement
 * ((2m + 1 − b)a + 3m² + 2m − mb + (a + m)(a + b + m)(1 − x)) / ((a + 2m)(a + 2m + 1)), with
 * `xc` = 1 − x given separately. (The textbook form loses eight digits at a = 5·10⁶.)
 */
function betaContinuedFraction(x: number, xc: number, a: number, b: number): number {
  const even = (m: number): number => (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
  const odd = (m: number): number => (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
  const onePlusOdd = (m: number): number =>
    x < 0.5 ? 1 + odd(m) : ((2 * m + 1 - b) * a + 3 * m * m + 2 * m - m * b + (a + m) * (a + b + m) * xc) / ((a + 2 * m) * (a + 2 * m + 1));
  let f = onePlusOdd(0);
  if (Math.abs(f) < TINY) f = TINY;
  let c = f;
  let d = 0;
  for (let k = 1; k <= CF_MAX_ITERATIONS; k++) {
    const numerator = -odd(k - 1) * even(k);
    const denominator = onePlusOdd(k) + even(k);
    d = denominator + numerator * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = denominator + numerator / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) <= CF_TOLERANCE) break;
  }
  return 1 / f;
}

/** P(T > t) for Student's t with `df` > 0 degrees of freedom (real, possibly huge). */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (df >= NORMAL_FROM_DF) return normalSf(t);
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 0 : 1;
  const a = df / 2;
  const b = 0.5;
  const t2 = t * t;
  const x = df / (df + t2);
  const xc = t2 / (df + t2);
  // ln x and ln(1 − x), each without losing digits near 0 or 1.
  const logX = -Math.log1p(t2 / df);
  const logXc = 2 * Math.log(Math.abs(t)) - Math.log(df + t2);
  const logFront = a * logX + b * logXc - logBeta(a, b);
  let smallTail: number; // P(|T| > |t|) = I_x(a, b)
  if (x < (a + 1) / (a + b + 2)) {
    smallTail = (Math.exp(logFront) * betaContinuedFraction(x, xc, a, b)) / a;
  } else {
    smallTail = 1 - (Math.exp(logFront) * betaContinuedFraction(xc, x, b, a)) / b;
  }
  const oneTail = smallTail / 2;
  return t > 0 ? oneTail : 1 - oneTail;
}

/** The density of Student's t at `t`. */
function studentTDensity(t: number, df: number): number {
  const a = df / 2;
  const logNorm = a >= 10 ? logGammaRatio(a, 0.5) : logGamma(a + 0.5) - logGamma(a);
  return Math.exp(logNorm - 0.5 * Math.log(df * Math.PI) - (df + 1) * 0.5 * Math.log1p((t * t) / df));
}

/** The `p` quantile of Student's t with `df` > 0 degrees of freedom, `p` in (0, 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (df >= NORMAL_FROM_DF) return normalQuantile(p);
  if (p === 0.5) return 0;
  const upper = p > 0.5 ? 1 - p : p; // the tail probability beyond |t|
  const sign = p > 0.5 ? 1 : -1;
  const logTarget = Math.log(upper);
  // Bracket [lo, hi] with P(T > lo) ≥ upper ≥ P(T > hi), starting from the normal quantile.
  let lo = 0;
  let t = Math.max(-normalQuantile(upper), 1e-8);
  let hi = t;
  while (studentTSf(hi, df) > upper) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return sign * Number.POSITIVE_INFINITY;
  }
  t = hi;
  for (let iteration = 0; iteration < 200; iteration++) {
    const sf = studentTSf(t, df);
    if (sf > upper) lo = t;
    else hi = t;
    // Newton on ln P(T > t): d/dt ln sf = −density / sf.
    const step = ((Math.log(sf) - logTarget) * sf) / studentTDensity(t, df);
    let next = t + step;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(next) || hi - lo <= 1e-15 * hi) {
      t = next;
      break;
    }
    t = next;
  }
  return sign * t;
}
