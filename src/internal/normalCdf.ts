/*
 * The standard normal distribution function and its upper tail, to full double precision in
 * both tails: W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations
 * for the error function", Math. Comp. 23 (1969) 631–637; ACM TOMS Algorithm 715, 1993), the
 * algorithm of R's pnorm(). Three ranges: |x| ≤ 0.67449 (a rational function of x²), up to √32
 * (a rational function of |x| times the density), and beyond (an asymptotic rational function of
 * 1/x²); the density factor exp(−x²/2) is split as exp(−s²/2)·exp(−(x − s)(x + s)/2) with s = x
 * truncated to 1/16, so that it keeps its relative precision. The upper tail is computed
 * directly, never as 1 − Φ(x): p-values of 1e-100 stay exact.
 */

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113] as const;
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326,
  11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
] as const;
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091, 34900.952721145977266,
  38912.003286093271411, 19685.429676859990727,
] as const;
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303] as const;
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5] as const;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const SQRT_32 = 5.656854249492381;
/** Beyond this |x| the smaller tail underflows to 0 (Cody's bound for the double range). */
const UNDERFLOW_AT = 37.5193;

/** exp(−x²/2) · factor, the square split so that it keeps its relative precision. */
function scaledDensity(x: number, factor: number): number {
  const s = Math.trunc(x * 16) / 16;
  const del = (x - s) * (x + s);
  return Math.exp(-s * s * 0.5) * Math.exp(-del * 0.5) * factor;
}

/** The smaller of the two tails, P(Z > |x|), for |x| > 0.67448975. */
function smallerTail(y: number): number {
  if (y <= SQRT_32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + (C[i] as number)) * y;
      den = (den + (D[i] as number)) * y;
    }
    return scaledDensity(y, (num + C[7]) / (den + D[7]));
  }
  if (y >= UNDERFLOW_AT) return 0;
  const r = 1 / (y * y);
  let num = P[5] * r;
  let den = r;
  for (let i = 0; i < 4; i++) {
    num = (num + (P[i] as number)) * r;
    den = (den + (Q[i] as number)) * r;
  }
  const tail = (r * (num + P[4])) / (den + Q[4]);
  return scaledDensity(y, (ONE_OVER_SQRT_TWO_PI - tail) / y);
}

/** Φ(x) − ½ for |x| ≤ 0.67448975. */
function centralPart(x: number): number {
  const x2 = x * x;
  let num = A[4] * x2;
  let den = x2;
  for (let i = 0; i < 3; i++) {
    num = (num + (A[i] as number)) * x2;
    den = (den + (B[i] as number)) * x2;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/** Φ(x) = P(Z ≤ x) for a standard normal Z. NaN gives NaN. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) return 0.5 + centralPart(x);
  const small = smallerTail(y);
  return x > 0 ? 1 - small : small;
}

/** 1 − Φ(x) = P(Z > x), computed without cancellation in the upper tail. NaN gives NaN. */
export function normalSf(x: number): number {
  return Number.isNaN(x) ? Number.NaN : normalCdf(-x);
}

/** P(|Z| ≥ |z|), the two-sided p-value of a z statistic; 1 at z = 0, 0 for infinite z. */
export function twoSidedNormalPValue(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}
