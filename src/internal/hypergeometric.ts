/*
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for real parameters and z < 1, as the
 * BG/NBD expectations need it (Fader, Hardie & Lee 2005, eqs. 7 and 10):
 *
 * - 0 ≤ z ≤ 0.9: the defining series Σ (a)ₖ(b)ₖ / ((c)ₖ·k!)·zᵏ (A&S 15.1.1), summed until the
 *   terms are decreasing and below 1e-17 of the sum;
 * - 0.9 < z < 1: the linear transformation to 1 − z (A&S 15.3.6), where both series converge
 *   in a few terms; when c − a − b is within 1e-5 of an integer (where that formula's two
 *   terms have poles that cancel), interpolated linearly in c between the two points where
 *   c − a − b is 1e-5 either side of that integer (error O(1e-10));
 * - z < 0: Pfaff's transformation (A&S 15.3.4), 2F1(a, b; c; z) = (1 − z)^(−a)·2F1(a, c − b; c; z/(z − 1)),
 *   whose argument is in (0, 1).
 */
import { gammaSign, logAbsGamma } from './gammaFunctions';

/** Above this argument the series is replaced by the transformation to 1 − z. */
const SERIES_MAX_Z = 0.9;
/** A series stops when its terms are decreasing and below this fraction of the sum. */
const SERIES_RELATIVE_TOLERANCE = 1e-17;
/** A series that has not converged after this many terms is reported as NaN. */
const MAX_SERIES_TERMS = 1_000_000;
/** Closer than this to an integer, c − a − b is treated as degenerate (see the module comment). */
const NEAR_INTEGER = 1e-5;

/**
 * 2F1(a, b; c; z) for z < 1 (NaN for z ≥ 1, and for c a pole 0, −1, −2, … when the series
 * does not terminate before it).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z < 1) || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !Number.isFinite(z)) return Number.NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  if (c <= 0 && Number.isInteger(c) && !isTerminating(a, b, c)) return Number.NaN;
  if (z < 0) {
    // Pfaff: either parameter may go outside; take the one that leaves a terminating or
    // smaller-parameter series inside.
    const w = z / (z - 1);
    const log1mz = Math.log1p(-z);
    const viaA = Math.abs(c - b) <= Math.abs(c - a);
    return viaA ? Math.exp(-a * log1mz) * hyp2f1(a, c - b, c, w) : Math.exp(-b * log1mz) * hyp2f1(b, c - a, c, w);
  }
  if (z <= SERIES_MAX_Z || isTerminating(a, b, c)) return series(a, b, c, z);
  const m = c - a - b;
  const nearest = Math.round(m);
  if (Math.abs(m - nearest) >= NEAR_INTEGER) return nearOne(a, b, c, z);
  // Degenerate case: c − a − b is (nearly) an integer. F is smooth in c: interpolate between
  // the two evaluations where c − a − b is δ either side of the integer (error O(δ²); each
  // evaluation loses about ε/δ to the cancellation of its two terms).
  const delta = NEAR_INTEGER;
  const offset = m - nearest;
  const lower = nearOne(a, b, c - offset - delta, z);
  const upper = nearOne(a, b, c - offset + delta, z);
  // Linear interpolation between the two, at the true c.
  return lower + ((upper - lower) * (offset + delta)) / (2 * delta);
}

/** True when a or b is a non-positive integer above c's first pole: a polynomial. */
function isTerminating(a: number, b: number, c: number): boolean {
  const stop = (p: number): boolean => p <= 0 && Number.isInteger(p) && !(c <= 0 && Number.isInteger(c) && c > p);
  return stop(a) || stop(b);
}

/** The defining series, for |z| ≤ 0.9 (or a terminating series at any z). */
function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < MAX_SERIES_TERMS; k++) {
    const denominator = (c + k) * (k + 1);
    if (denominator === 0) return term === 0 ? sum : Number.NaN;
    const ratio = (((a + k) * (b + k)) / denominator) * z;
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    if (Math.abs(ratio) < 1 && Math.abs(term) <= SERIES_RELATIVE_TOLERANCE * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) return Number.NaN;
  }
  return Number.NaN;
}

/**
 * A&S 15.3.6 for 0.9 < z < 1 (y = 1 − z < 0.1), with m = c − a − b not an integer:
 * 2F1(a, b; c; z) = Γ(c)Γ(m)/(Γ(c−a)Γ(c−b))·2F1(a, b; 1−m; y) + y^m·Γ(c)Γ(−m)/(Γ(a)Γ(b))·2F1(c−a, c−b; 1+m; y).
 * The gamma ratios are taken in log space with their signs (a pole of a denominator gamma
 * makes its term vanish).
 */
function nearOne(a: number, b: number, c: number, z: number): number {
  const y = 1 - z;
  const m = c - a - b;
  const logY = Math.log1p(-z);
  const signC = gammaSign(c);
  const logC = logAbsGamma(c);
  let first = 0;
  const signFirst = signC * gammaSign(m) * gammaSign(c - a) * gammaSign(c - b);
  if (signFirst !== 0) {
    const logCoefficient = logC + logAbsGamma(m) - logAbsGamma(c - a) - logAbsGamma(c - b);
    first = signFirst * Math.exp(logCoefficient) * series(a, b, 1 - m, y);
  }
  let second = 0;
  const signSecond = signC * gammaSign(-m) * gammaSign(a) * gammaSign(b);
  if (signSecond !== 0) {
    const logCoefficient = m * logY + logC + logAbsGamma(-m) - logAbsGamma(a) - logAbsGamma(b);
    second = signSecond * Math.exp(logCoefficient) * series(c - a, c - b, 1 + m, y);
  }
  return first + second;
}
