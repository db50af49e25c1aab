/*
 * The BG/NBD log-likelihood with its analytic gradient and Hessian (Fader, Hardie & Lee 2005,
 * eq. 6), summed over distinct histories. For one customer (x, t_x, T):
 *
 *   ln L = A₁ + A₂ + ln(e^A₃ + δ(x > 0)·e^A₄)
 *   A₁ = ln Γ(r + x) − ln Γ(r) + r·ln α
 *   A₂ = ln Γ(a + b) + ln Γ(b + x) − ln Γ(b) − ln Γ(a + b + x)
 *   A₃ = −(r + x)·ln(α + T)
 *   A₄ = ln a − ln(b + x − 1) − (r + x)·ln(α + t_x)
 *
 * The last term is a log-sum-exp (max + log1p(e^−|A₄ − A₃|)), so no exponential overflows
 * for large x or T. A₁ and A₂ depend on x only: the histories are sorted by x and those terms
 * (and their digamma and trigamma derivatives) computed once per distinct x.
 */
import { digamma, logGamma, trigamma } from '../internal/gammaFunctions';
import { uniqueTriples } from '../internal/uniqueTriples';
import type { HistoryColumns } from './btydInput';

/** Distinct histories grouped by frequency, with their weights. */
export interface BgNbdData {
  readonly rows: number;
  readonly T: Float64Array;
  readonly recency: Float64Array;
  readonly weight: Float64Array;
  /** The distinct frequencies, increasing; group g holds rows groupStart[g] … groupStart[g + 1] − 1. */
  readonly groupX: Float64Array;
  readonly groupStart: Int32Array;
  readonly groupWeight: Float64Array;
  /** Σ weights (customers). */
  readonly totalWeight: number;
  /** Σ weights of the customers with a repeat purchase. */
  readonly repeatWeight: number;
  /** Σ weight·x and Σ weight·T, for starting values. */
  readonly sumX: number;
  readonly sumT: number;
}

/** Collapses validated histories into distinct (x, T, t_x) rows grouped by x. */
export function prepareBgNbd(columns: HistoryColumns): BgNbdData {
  const u = uniqueTriples(columns.frequency, columns.T, columns.recency, columns.weight);
  const groupX: number[] = [];
  const groupStart: number[] = [];
  const groupWeight: number[] = [];
  let totalWeight = 0;
  let repeatWeight = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < u.n; i++) {
    const x = u.first[i] as number;
    const w = u.weight[i] as number;
    if (i === 0 || x !== groupX[groupX.length - 1]) {
      groupX.push(x);
      groupStart.push(i);
      groupWeight.push(0);
    }
    groupWeight[groupWeight.length - 1] = (groupWeight[groupWeight.length - 1] as number) + w;
    totalWeight += w;
    if (x > 0) repeatWeight += w;
    sumX += w * x;
    sumT += w * (u.second[i] as number);
  }
  groupStart.push(u.n);
  return {
    rows: u.n,
    T: u.second,
    recency: u.third,
    weight: u.weight,
    groupX: Float64Array.from(groupX),
    groupStart: Int32Array.from(groupStart),
    groupWeight: Float64Array.from(groupWeight),
    totalWeight,
    repeatWeight,
    sumX,
    sumT,
  };
}

/** Parameter indices in the gradient and the (row-major 4 × 4) Hessian. */
const R = 0;
const ALPHA = 1;
const A = 2;
const B = 3;

/**
 * The total log-likelihood at (r, α, a, b); when `gradient` and `hessian` are given, also its
 * derivatives with respect to (r, α, a, b), written into them.
 */
export function bgNbdLogLikelihood(
  data: BgNbdData,
  r: number,
  alpha: number,
  a: number,
  b: number,
  gradient: Float64Array | null,
  hessian: Float64Array | null,
): number {
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  const derivatives = gradient !== null && hessian !== null;
  const { T, recency, weight, groupX, groupStart, groupWeight } = data;
  let ll = 0;
  // Gradient and the upper triangle of the Hessian.
  let gr = 0, ga = 0, gA = 0, gb = 0;
  let hrr = 0, hra = 0, hrA = 0, hrb = 0, haa = 0, haA = 0, hab = 0, hAA = 0, hAb = 0, hbb = 0;
  const psiR = derivatives ? digamma(r) : 0;
  const triR = derivatives ? trigamma(r) : 0;
  const psiAB = derivatives ? digamma(a + b) : 0;
  const triAB = derivatives ? trigamma(a + b) : 0;
  const psiB = derivatives ? digamma(b) : 0;
  const triB = derivatives ? trigamma(b) : 0;
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b);
  const lgB = logGamma(b);
  for (let g = 0; g < groupX.length; g++) {
    const x = groupX[g] as number;
    const gw = groupWeight[g] as number;
    const start = groupStart[g] as number;
    const end = groupStart[g + 1] as number;
    const rx = r + x;
    // A₁ + A₂ for the group (zero lgamma differences when x = 0).
    let a12 = r * logAlpha;
    if (x > 0) a12 += logGamma(rx) - lgR + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x);
    ll += gw * a12;
    if (derivatives) {
      gr += gw * logAlpha;
      ga += gw * (r / alpha);
      hra += gw / alpha;
      haa -= gw * (r / (alpha * alpha));
      if (x > 0) {
        const psiABX = digamma(a + b + x);
        const triABX = trigamma(a + b + x);
        gr += gw * (digamma(rx) - psiR);
        hrr += gw * (trigamma(rx) - triR);
        gA += gw * (psiAB - psiABX);
        gb += gw * (psiAB + digamma(b + x) - psiB - psiABX);
        hAA += gw * (triAB - triABX);
        hAb += gw * (triAB - triABX);
        hbb += gw * (triAB + trigamma(b + x) - triB - triABX);
      }
    }
    if (x === 0) {
      // Only A₃: the customer is alive at T with no repeat purchase.
      for (let i = start; i < end; i++) {
        const w = weight[i] as number;
        const s = alpha + (T[i] as number);
        const lT = Math.log(s);
        ll -= w * r * lT;
        if (derivatives) {
          gr -= w * lT;
          ga -= (w * r) / s;
          hra -= w / s;
          haa += (w * r) / (s * s);
        }
      }
      continue;
    }
    const bx1 = b + (x - 1);
    const logTerm = logA - Math.log(bx1);
    for (let i = start; i < end; i++) {
      const w = weight[i] as number;
      const sT = alpha + (T[i] as number);
      const sx = alpha + (recency[i] as number);
      const lT = Math.log(sT);
      const lx = Math.log(sx);
      const a3 = -rx * lT;
      const a4 = logTerm - rx * lx;
      const d = a4 - a3;
      const e = Math.exp(-Math.abs(d));
      const w4 = d > 0 ? 1 / (1 + e) : e / (1 + e);
      ll += w * ((d > 0 ? a4 : a3) + Math.log1p(e));
      if (!derivatives) continue;
      const w3 = 1 - w4;
      // g₃ = (−ln sT, −(r+x)/sT, 0, 0); g₄ = (−ln sx, −(r+x)/sx, 1/a, −1/(b+x−1)); Δ = g₄ − g₃.
      const g3a = -rx / sT;
      const g4a = -rx / sx;
      const d0 = lT - lx;
      const d1 = g4a - g3a;
      const d2 = 1 / a;
      const d3 = -1 / bx1;
      gr += w * (-lT + w4 * d0);
      ga += w * (g3a + w4 * d1);
      gA += w * w4 * d2;
      gb += w * w4 * d3;
      // H = w₃·H₃ + w₄·H₄ + w₃w₄·ΔΔᵀ.
      const c = w * w3 * w4;
      hrr += c * d0 * d0;
      hra += w * (w3 * (-1 / sT) + w4 * (-1 / sx)) + c * d0 * d1;
      hrA += c * d0 * d2;
      hrb += c * d0 * d3;
      haa += w * (w3 * (rx / (sT * sT)) + w4 * (rx / (sx * sx))) + c * d1 * d1;
      haA += c * d1 * d2;
      hab += c * d1 * d3;
      hAA += w * w4 * (-1 / (a * a)) + c * d2 * d2;
      hAb += c * d2 * d3;
      hbb += w * w4 * (1 / (bx1 * bx1)) + c * d3 * d3;
    }
  }
  if (derivatives) {
    const gOut = gradient as Float64Array;
    const hOut = hessian as Float64Array;
    gOut[R] = gr;
    gOut[ALPHA] = ga;
    gOut[A] = gA;
    gOut[B] = gb;
    const upper: ReadonlyArray<readonly [number, number, number]> = [
      [R, R, hrr], [R, ALPHA, hra], [R, A, hrA], [R, B, hrb],
      [ALPHA, ALPHA, haa], [ALPHA, A, haA], [ALPHA, B, hab],
      [A, A, hAA], [A, B, hAb], [B, B, hbb],
    ];
    for (const [i, j, v] of upper) {
      hOut[i * 4 + j] = v;
      hOut[j * 4 + i] = v;
    }
  }
  return ll;
}
