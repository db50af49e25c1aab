/*
 * The Pareto/NBD log-likelihood (Schmittlein, Morrison & Colombo 1987; Fader, Hardie & Lee
 * 2005) with its analytic gradient and Hessian. A customer purchases at rate λ ~ Gamma(r, α)
 * while alive and dies at rate μ ~ Gamma(s, β). Alive through T, or dead at some τ in
 * (t_x, T], the likelihood of (x, t_x, T) is
 *
 *   L = Γ(r + x)·α^r·β^s / Γ(r) · [ (α + T)^−(r+x)·(β + T)^−s + s·∫_{t_x}^{T} (α + τ)^−(r+x)·(β + τ)^−(s+1) dτ ].
 *
 * The textbook closed form writes the integral with 2F1 (and a case split on α ≥ β) as a
 * difference of two terms that cancel when t_x is close to T. Here it is integrated instead,
 * relative to the first term: ln L = ln C + ln E + ln(1 + s·J), with
 *
 *   J = ∫_{t_x}^{T} e^{h(τ)} dτ,  h(τ) = (r + x)·ln((α + T)/(α + τ)) + s·ln((β + T)/(β + τ)) − ln(β + τ).
 *
 * h is convex and decreasing, so −h′(τ) bounds its drop ahead: the interval is cut into pieces
 * over which h drops by at most 3 and which are at most half as wide as their distance to the
 * poles at −α and −β (8-point Gauss–Legendre on each, error ≈ 1e-15 relative), until the rest
 * is negligible. Derivatives go under the integral: ∂ ln J = E_w[∂h] and
 * ∂² ln J = E_w[∂²h] + Var_w[∂h], with w ∝ e^h the quadrature's weights. 1/(1 + s·J) is
 * P(alive), so predictions use the same integral.
 */
import { digamma, logGamma, trigamma } from '../internal/gammaFunctions';
import type { BgNbdData } from './bgNbdLikelihood';

/** 8-point Gauss–Legendre nodes on [−1, 1] (positive half) and their weights (A&S 25.4.29, table 25.4). */
const GL_NODES = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363] as const;
const GL_WEIGHTS = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763] as const;
/** Largest drop of h over one piece of the integral. */
const MAX_DROP = 3;
/**
 * Largest width of a piece relative to its distance from the poles of the integrand
 * (τ = −α, τ = −β): at ½ the Gauss–Legendre error of the power-law factors is ≈ 1e-16.
 */
const MAX_REACH = 0.5;
/** The integral stops when what is left is below this fraction of what was summed. */
const TAIL_TOLERANCE = 1e-17;
/** Pieces at most (the pieces grow as h flattens: a few dozen at the very most). */
const MAX_PIECES = 500;

/** ln J and, when asked, the weighted moments of ∂h under the quadrature. */
export interface IntegralMoments {
  /** ln J (−∞ when t_x = T). */
  logJ: number;
  /** ∂ ln J / ∂(r, α, s, β). */
  readonly gradient: Float64Array;
  /** ∂² ln J, row-major 4 × 4. */
  readonly hessian: Float64Array;
}

/** Scratch space for {@link logIntegral}. */
export function newMoments(): IntegralMoments {
  return { logJ: 0, gradient: new Float64Array(4), hessian: new Float64Array(16) };
}

/**
 * ln J for one history with A = r + x (see the module comment); with `moments.gradient` and
 * `moments.hessian` filled when `derivatives` is true.
 */
export function logIntegral(
  A: number,
  alpha: number,
  s: number,
  beta: number,
  recency: number,
  T: number,
  derivatives: boolean,
  moments: IntegralMoments,
): number {
  const g = moments.gradient;
  const H = moments.hessian;
  if (derivatives) {
    g.fill(0);
    H.fill(0);
  }
  if (!(T > recency)) {
    moments.logJ = Number.NEGATIVE_INFINITY;
    return moments.logJ;
  }
  const aT = alpha + T;
  const bT = beta + T;
  const logAT = Math.log(aT);
  const logBT = Math.log(bT);
  const h = (tau: number): number => A * (logAT - Math.log(alpha + tau)) + s * (logBT - Math.log(beta + tau)) - Math.log(beta + tau);
  const hMax = h(recency);
  // Σ w, Σ w·∂h, Σ w·∂h∂hᵀ (upper triangle), Σ w·∂²h (the non-zero entries).
  let sw = 0;
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
  let q00 = 0, q01 = 0, q02 = 0, q03 = 0, q11 = 0, q12 = 0, q13 = 0, q22 = 0, q23 = 0, q33 = 0;
  let d01 = 0, d11 = 0, d23 = 0, d33 = 0;
  let tau = recency;
  for (let piece = 0; piece < MAX_PIECES && tau < T; piece++) {
    const slope = A / (alpha + tau) + (s + 1) / (beta + tau);
    const width = Math.min(T - tau, MAX_DROP / slope, MAX_REACH * (alpha + tau), MAX_REACH * (beta + tau));
    const half = width / 2;
    const middle = tau + half;
    for (let k = 0; k < 8; k++) {
      const node = middle + (k < 4 ? -1 : 1) * half * (GL_NODES[k % 4] as number);
      const ua = alpha + node;
      const ub = beta + node;
      const logUa = Math.log(ua);
      const logUb = Math.log(ub);
      const w = (GL_WEIGHTS[k % 4] as number) * half * Math.exp(A * (logAT - logUa) + s * (logBT - logUb) - logUb - hMax);
      sw += w;
      if (!derivatives) continue;
      const hr = logAT - logUa;
      const ia = 1 / aT - 1 / ua;
      const ha = A * ia;
      const hs = logBT - logUb;
      const ib = 1 / bT - 1 / ub;
      const hb = s * ib - 1 / ub;
      m0 += w * hr;
      m1 += w * ha;
      m2 += w * hs;
      m3 += w * hb;
      q00 += w * hr * hr;
      q01 += w * hr * ha;
      q02 += w * hr * hs;
      q03 += w * hr * hb;
      q11 += w * ha * ha;
      q12 += w * ha * hs;
      q13 += w * ha * hb;
      q22 += w * hs * hs;
      q23 += w * hs * hb;
      q33 += w * hb * hb;
      d01 += w * ia;
      d11 += w * A * (1 / (ua * ua) - 1 / (aT * aT));
      d23 += w * ib;
      d33 += w * (s * (1 / (ub * ub) - 1 / (bT * bT)) + 1 / (ub * ub));
    }
    tau += width;
    // What is left is at most e^{h(τ)}·(T − τ) (h decreases).
    if (tau < T && Math.exp(h(tau) - hMax) * (T - tau) < TAIL_TOLERANCE * sw) break;
  }
  moments.logJ = hMax + Math.log(sw);
  if (derivatives) {
    const e = [m0 / sw, m1 / sw, m2 / sw, m3 / sw] as const;
    g.set(e);
    const second = [
      [q00, q01, q02, q03],
      [q01, q11, q12, q13],
      [q02, q12, q22, q23],
      [q03, q13, q23, q33],
    ] as const;
    const curvature = [
      [0, d01, 0, 0],
      [d01, d11, 0, 0],
      [0, 0, 0, d23],
      [0, 0, d23, d33],
    ] as const;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        H[i * 4 + j] = ((second[i] as readonly number[])[j] as number) / sw - (e[i] as number) * (e[j] as number) + ((curvature[i] as readonly number[])[j] as number) / sw;
      }
    }
  }
  return moments.logJ;
}

/**
 * The total log-likelihood at (r, α, s, β) over distinct histories (the {@link BgNbdData}
 * layout: sorted and grouped by x); with its gradient and Hessian when asked.
 */
export function paretoNbdLogLikelihood(
  data: BgNbdData,
  r: number,
  alpha: number,
  s: number,
  beta: number,
  gradient: Float64Array | null,
  hessian: Float64Array | null,
): number {
  const derivatives = gradient !== null && hessian !== null;
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const logS = Math.log(s);
  const lgR = logGamma(r);
  const psiR = derivatives ? digamma(r) : 0;
  const triR = derivatives ? trigamma(r) : 0;
  const moments = newMoments();
  const G = new Float64Array(4);
  const H = new Float64Array(16);
  let ll = 0;
  const { T, recency, weight, groupX, groupStart, groupWeight } = data;
  for (let k = 0; k < groupX.length; k++) {
    const x = groupX[k] as number;
    const A = r + x;
    const gw = groupWeight[k] as number;
    // ln Γ(r + x) − ln Γ(r) + r·ln α + s·ln β: the same for the whole group.
    ll += gw * ((x > 0 ? logGamma(A) - lgR : 0) + r * logAlpha + s * logBeta);
    if (derivatives) {
      G[0] = (G[0] as number) + gw * ((x > 0 ? digamma(A) - psiR : 0) + logAlpha);
      G[1] = (G[1] as number) + (gw * r) / alpha;
      G[2] = (G[2] as number) + gw * logBeta;
      G[3] = (G[3] as number) + (gw * s) / beta;
      H[0] = (H[0] as number) + gw * (x > 0 ? trigamma(A) - triR : 0);
      H[1] = (H[1] as number) + gw / alpha;
      H[5] = (H[5] as number) - (gw * r) / (alpha * alpha);
      H[11] = (H[11] as number) + gw / beta;
      H[15] = (H[15] as number) - (gw * s) / (beta * beta);
    }
    const end = groupStart[k + 1] as number;
    for (let i = groupStart[k] as number; i < end; i++) {
      const w = weight[i] as number;
      const t = T[i] as number;
      const aT = alpha + t;
      const bT = beta + t;
      // ln E = −(r + x)·ln(α + T) − s·ln(β + T)
      ll -= w * (A * Math.log(aT) + s * Math.log(bT));
      const logJ = logIntegral(A, alpha, s, beta, recency[i] as number, t, derivatives, moments);
      const K = logS + logJ;
      // ln(1 + e^K), stably
      ll += w * (K > 0 ? K + Math.log1p(Math.exp(-K)) : Math.log1p(Math.exp(K)));
      if (!derivatives) continue;
      G[0] = (G[0] as number) - w * Math.log(aT);
      G[1] = (G[1] as number) - (w * A) / aT;
      G[2] = (G[2] as number) - w * Math.log(bT);
      G[3] = (G[3] as number) - (w * s) / bT;
      H[1] = (H[1] as number) - w / aT;
      H[5] = (H[5] as number) + (w * A) / (aT * aT);
      H[11] = (H[11] as number) - w / bT;
      H[15] = (H[15] as number) + (w * s) / (bT * bT);
      if (logJ === Number.NEGATIVE_INFINITY) continue;
      const p = K > 0 ? 1 / (1 + Math.exp(-K)) : Math.exp(K) / (1 + Math.exp(K));
      const mg = moments.gradient;
      const mh = moments.hessian;
      // ∂K = ∂ ln J + (0, 0, 1/s, 0); ∂²K = ∂² ln J − e_s e_sᵀ/s².
      const dK = [mg[0] as number, mg[1] as number, (mg[2] as number) + 1 / s, mg[3] as number];
      for (let a = 0; a < 4; a++) {
        G[a] = (G[a] as number) + w * p * (dK[a] as number);
        for (let b = 0; b < 4; b++) {
          const second = (mh[a * 4 + b] as number) - (a === 2 && b === 2 ? 1 / (s * s) : 0);
          H[a * 4 + b] = (H[a * 4 + b] as number) + w * (p * second + p * (1 - p) * (dK[a] as number) * (dK[b] as number));
        }
      }
    }
  }
  if (derivatives) {
    // The group and E terms above filled the upper triangle for (r, α) and (s, β): mirror them.
    H[4] = H[1] as number;
    H[14] = H[11] as number;
    (gradient as Float64Array).set(G);
    (hessian as Float64Array).set(H);
  }
  return ll;
}
