/*
 * E[X(t)], the expected number of purchases in (0, t] of a BG/NBD customer alive at 0 (Fader,
 * Hardie & Lee 2005, eq. 7), computed so that it is finite and accurate for every r, α, a, b > 0:
 *
 *   E[X(t)] = (a + b − 1)/(a − 1) · [1 − (α/(α + t))^r · 2F1(r, b; a + b − 1; z)],  z = t/(α + t).
 *
 * Euler's transformation 2F1(A, B; C; z) = (1 − z)^(C−A−B)·2F1(C − A, C − B; C; z) (A&S 15.3.3)
 * turns the bracket into 1 − (1 − z)^ε·2F1(c − r, ε; c; z) with ε = a − 1 and c = a + b − 1,
 * and 2F1(c − r, ε; c; z) = 1 + ε·S, S = Σₖ≥₁ (c − r)ₖ(a)ₖ₋₁ / ((c)ₖ·k!)·zᵏ. Hence
 *
 *   E[X(t)] = c·(1 − e^(εL))/ε − (c·S)·e^(εL),  L = ln(1 − z) = −ln(1 + t/α),
 *
 * where (1 − e^(εL))/ε = −expm1(εL)/ε → −L as ε → 0 and c·S has no pole at c = 0: the
 * removable singularities of eq. 7 at a = 1 and a + b = 1 are gone, and with them the
 * cancellation near them. The series converges like zᵏ; above z = 0.9 the general 2F1 (with
 * its transformation to 1 − z) is used on the first form, and at a parameter within 1e-6 of
 * those singularities the mean of the values at a ± h (h ≈ 1e-5, error O(h²)).
 *
 * The conditional expectation (eq. 10) is P(alive)·E[X(t)] at (r + x, α + T, a, b + x).
 */
import { hyp2f1 } from '../internal/hypergeometric';

/** Up to this z = t/(α + t) the singularity-free series is summed. */
const SERIES_MAX_Z = 0.9;
/** The series stops when its terms decrease and fall below this fraction of the sum. */
const SERIES_RELATIVE_TOLERANCE = 1e-17;
/** Terms of the series at most (at z ≤ 0.9 it needs a few hundred). */
const MAX_SERIES_TERMS = 100_000;
/** Closer than this to a = 1 or a + b = 1, the 2F1 form is evaluated either side. */
const SINGULAR_GAP = 1e-6;
/** Half-widths tried for that two-sided evaluation. */
const SIDE_STEPS = [1e-5, 2.7e-5, 7.3e-5] as const;

/** E[X(t)] of eq. 7 for a customer alive at time 0 with parameters (r, α, a, b); t ≥ 0. */
export function meanPurchases(r: number, alpha: number, a: number, b: number, t: number): number {
  if (t === 0) return 0;
  const u = t / alpha;
  const z = u / (1 + u);
  const value = z <= SERIES_MAX_Z ? bySeries(r, a, b, z, -Math.log1p(u)) : byHypergeometric(r, a, b, z, -Math.log1p(u));
  return Math.max(0, value);
}

function bySeries(r: number, a: number, b: number, z: number, L: number): number {
  const epsilon = a - 1;
  const c = a + b - 1;
  const scaled = epsilon * L;
  const first = epsilon === 0 ? -L : -Math.expm1(scaled) / epsilon;
  let term = (c - r) * z;
  let sum = term;
  for (let k = 1; k < MAX_SERIES_TERMS && term !== 0; k++) {
    const ratio = (((c - r + k) * (a + k - 1)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    if (Math.abs(ratio) < 1 && Math.abs(term) <= SERIES_RELATIVE_TOLERANCE * Math.abs(sum)) break;
  }
  return c * first - sum * Math.exp(scaled);
}

function byHypergeometric(r: number, a: number, b: number, z: number, L: number): number {
  const direct = (aa: number): number => {
    const epsilon = aa - 1;
    const c = aa + b - 1;
    const f = hyp2f1(c - r, epsilon, c, z);
    // 1 − e^(εL)·F, as −expm1(εL + ln F) when F > 0 (no cancellation as εL + ln F → 0).
    return (c / epsilon) * (f > 0 ? -Math.expm1(epsilon * L + Math.log(f)) : 1 - Math.exp(epsilon * L) * f);
  };
  const safe = (aa: number, gap: number): boolean => Math.abs(aa - 1) >= gap && Math.abs(aa + b - 1) >= gap;
  if (safe(a, SINGULAR_GAP)) return direct(a);
  for (const h of SIDE_STEPS) {
    if (a - h > 0 && safe(a - h, h / 4) && safe(a + h, h / 4)) return 0.5 * (direct(a - h) + direct(a + h));
  }
  return direct(a + (SIDE_STEPS[2] as number));
}
