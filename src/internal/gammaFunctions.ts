/*
 * The gamma function family for likelihoods: ln Γ, its sign for negative arguments, the
 * digamma ψ = (ln Γ)′ and the trigamma ψ′. Each is the asymptotic (Stirling) series of
 * Abramowitz & Stegun 6.1.40, 6.3.18 and 6.4.12 at x ≥ 8, reached from smaller x by the
 * recurrences Γ(x + 1) = x·Γ(x), ψ(x + 1) = ψ(x) + 1/x, ψ′(x + 1) = ψ′(x) − 1/x²; negative
 * arguments by the reflection Γ(x)·Γ(1 − x) = π / sin(πx). Absolute error ≈ 1e-15.
 */

/** Below this the series are reached by the recurrences (the truncation error at 8 is < 1e-16). */
const ASYMPTOTIC_FROM = 8;
/** ½·ln(2π). */
const HALF_LOG_TWO_PI = 0.9189385332046728;

/**
 * ln Γ(x) for x > 0 (A&S 6.1.40: (x − ½)·ln x − x + ½·ln 2π + Σ B₂ₖ / (2k(2k − 1)·x^(2k−1))).
 * Returns +∞ at 0 and NaN for x < 0 (see {@link logAbsGamma}).
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  let y = x;
  let product = 1;
  while (y < ASYMPTOTIC_FROM) {
    product *= y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  // Bernoulli terms B₂ₖ / (2k(2k − 1)), k = 1 … 9, by Horner in 1/y².
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 *
            (1 / 1260 +
              inv2 *
                (-1 / 1680 +
                  inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156 + inv2 * (-3617 / 122400 + inv2 * (43867 / 244188)))))))));
  const stirling = (y - 0.5) * Math.log(y) - y + HALF_LOG_TWO_PI + series;
  return product === 1 ? stirling : stirling - Math.log(product);
}

/**
 * ln |Γ(x)| for any real x that is not a pole (0, −1, −2, …, where it returns +∞), by
 * reflection below ½: ln |Γ(x)| = ln π − ln |sin πx| − ln Γ(1 − x).
 */
export function logAbsGamma(x: number): number {
  if (x > 0) return logGamma(x);
  if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  return Math.log(Math.PI) - Math.log(Math.abs(sinPi(x))) - logGamma(1 - x);
}

/** The sign of Γ(x): +1 for x > 0; for x < 0, (−1)^⌈−x⌉; 0 at the poles (where 1/Γ = 0). */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return 0;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/**
 * sin(πx) to full relative precision near the integers: x = n + f with n the nearest integer
 * and |f| ≤ ½ (x − n is exact), then sin(πx) = (−1)ⁿ·sin(πf). Reducing modulo 2 instead would
 * round x = −1e-5 to 1.99999 and lose ten digits of sin(πx).
 */
function sinPi(x: number): number {
  const n = Math.round(x);
  const s = Math.sin(Math.PI * (x - n));
  return n % 2 === 0 ? s : -s;
}

/**
 * The digamma function ψ(x) = Γ′(x)/Γ(x) for x > 0 (A&S 6.3.18:
 * ln x − 1/(2x) − Σ B₂ₖ / (2k·x^(2k))).
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let y = x;
  let shift = 0;
  while (y < ASYMPTOTIC_FROM) {
    shift += 1 / y;
    y += 1;
  }
  const inv2 = 1 / (y * y);
  const series =
    inv2 * (1 / 12 + inv2 * (-1 / 120 + inv2 * (1 / 252 + inv2 * (-1 / 240 + inv2 * (1 / 132 + inv2 * (-691 / 32760 + inv2 * (1 / 12)))))));
  return Math.log(y) - 0.5 / y - series - shift;
}

/** The trigamma function ψ′(x) for x > 0 (A&S 6.4.12: 1/x + 1/(2x²) + Σ B₂ₖ / x^(2k+1)). */
export function trigamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let y = x;
  let shift = 0;
  while (y < ASYMPTOTIC_FROM) {
    shift += 1 / (y * y);
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  const series =
    inv *
    inv2 *
    (1 / 6 + inv2 * (-1 / 30 + inv2 * (1 / 42 + inv2 * (-1 / 30 + inv2 * (5 / 66 + inv2 * (-691 / 2730 + inv2 * (7 / 6)))))));
  return inv + 0.5 * inv2 + series + shift;
}
