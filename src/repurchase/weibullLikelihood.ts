import { solveSpd } from '../internal/cholesky';
import type { SurvivalData } from './survivalData';

export { invertSpd } from '../internal/cholesky';

/*
 * The log-likelihood of a Weibull time to event, optionally with a cure fraction, under right
 * censoring and left truncation, with its gradient and Hessian, and the damped Newton
 * (Levenberg–Marquardt) maximiser both fits use.
 *
 * Parameters θ = (a, b[, c]): a = ln scale, b = ln shape, c = logit of the cure fraction π.
 * With z = shape·(ln t − a) and u = e^z (the Weibull cumulative hazard (t/scale)^shape):
 *   event:     ln(1 − π) + b − ln t + z − u          (density of the susceptible)
 *   censored:  ln(π + (1 − π)·e^−u)                   (still without event at t)
 *   entry e:   − ln(π + (1 − π)·e^−u(e))              (known to be event-free at e)
 * With π = 0 these are the plain Weibull terms, and the log-likelihood is R's
 * `survreg(dist = "weibull")$loglik` (which includes the −ln t Jacobian).
 */

/** A Gaussian penalty −½ (θ − mean)ᵀ precision (θ − mean), used to shrink a stratum towards its parent. */
export interface Penalty {
  readonly mean: readonly number[];
  /** Row-major precision matrix, dim × dim. */
  readonly precision: readonly number[];
}

interface Evaluation {
  readonly value: number;
  readonly gradient: Float64Array;
  /** Row-major Hessian. */
  readonly hessian: Float64Array;
}

/** Log t and ln-entry of the data, computed once per fit. */
export interface PreparedData {
  readonly data: SurvivalData;
  readonly logT: Float64Array;
  /** ln(entry), −∞ where the entry is 0 (no truncation term). */
  readonly logEntry: Float64Array | null;
  /**
   * How a left-truncated observation was selected, for the cure model: `false` (textbook),
   * it was event-free at entry, term −ln(π + (1 − π)·S(e)); `true`, the vehicle was still
   * owned at entry whatever the owner's loyalty, term −ln S(e) of the susceptible law, so the
   * cure fraction is the same among owners of any age.
   */
  readonly entryOnOwnership: boolean;
}

/** Precomputes the logarithms the likelihood needs. */
export function prepare(data: SurvivalData, entryOnOwnership = false): PreparedData {
  const logT = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) logT[i] = Math.log(data.durations[i] as number);
  let logEntry: Float64Array | null = null;
  if (data.entry !== null) {
    logEntry = new Float64Array(data.n);
    for (let i = 0; i < data.n; i++) logEntry[i] = Math.log(data.entry[i] as number);
  }
  return { data, logT, logEntry, entryOnOwnership };
}

const CURE_LOGIT_BOUND = 30;

/** Value, gradient and Hessian of the (penalised) log-likelihood at θ. */
export function evaluate(prep: PreparedData, theta: readonly number[], cure: boolean, penalty: Penalty | null): Evaluation {
  if (!cure) return evaluatePlain(prep, theta, penalty);
  if (prep.entryOnOwnership && prep.logEntry !== null) return evaluateOwnership(prep, theta, penalty);
  return evaluateCure(prep, theta, penalty);
}

/**
 * The plain Weibull in one pass of weighted sums. With z = k(y − a), u = e^z (and z_e, u_e
 * at the entry), the log-likelihood is Σ_events (b − y + z) − Σ u + Σ u_e; a enters only
 * through z (z_a = −k), so every derivative is a combination of Σ u, Σ uz, Σ uz² and their
 * entry counterparts: one exponential per time, no per-term chain rule.
 */
function evaluatePlain(prep: PreparedData, theta: readonly number[], penalty: Penalty | null): Evaluation {
  const a = theta[0] as number;
  const b = theta[1] as number;
  const k = Math.exp(b);
  const { data, logT, logEntry } = prep;
  const { n, events, weights } = data;
  let eventsW = 0, eventsZ = 0, eventsY = 0;
  let su = 0, suz = 0, suzz = 0;
  let se = 0, sez = 0, sezz = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === null ? 1 : (weights[i] as number);
    const y = logT[i] as number;
    const z = k * (y - a);
    const wu = w * Math.exp(z);
    su += wu;
    suz += wu * z;
    suzz += wu * z * z;
    if (events[i] === 1) {
      eventsW += w;
      eventsZ += w * z;
      eventsY += w * y;
    }
    if (logEntry !== null) {
      const le = logEntry[i] as number;
      if (le > -Infinity) {
        const ze = k * (le - a);
        const wue = w * Math.exp(ze);
        se += wue;
        sez += wue * ze;
        sezz += wue * ze * ze;
      }
    }
  }
  const value = eventsW * b - eventsY + eventsZ - su + se;
  const ga = -k * eventsW + k * su - k * se;
  const gb = eventsW + eventsZ - suz + sez;
  const haa = -k * k * (su - se);
  const hab = -k * eventsW + k * (su + suz) - k * (se + sez);
  const hbb = eventsZ - (suz + suzz) + (sez + sezz);
  const out = { value, gradient: Float64Array.of(ga, gb), hessian: Float64Array.of(haa, hab, hab, hbb) };
  if (penalty !== null) applyPenalty(out, theta, penalty, 2);
  return out;
}

/**
 * The cure model when truncation selects on ownership: given the vehicle was still owned at
 * entry e (whatever the owner's loyalty), an event at t contributes
 * ln(1 − π) + ln f(t) − ln S(e) and a censoring at c contributes ln(π + (1 − π)·S(c)/S(e)),
 * with S the susceptible law. Value, gradient and Hessian are analytic, in one pass.
 *
 * With D = u − u_e (the susceptible's cumulative hazard from e to c), E = e^−D and
 * q = π + (1 − π)E, a censored term is ln q; its derivatives follow from those of D
 * (D_a = −kD, D_b = uz − u_e z_e, D_aa = k²D, D_ab = −ku(1 + z) + ku_e(1 + z_e),
 * D_bb = uz(1 + z) − u_e z_e(1 + z_e)) and of q in (D, c).
 */
function evaluateOwnership(prep: PreparedData, theta: readonly number[], penalty: Penalty | null): Evaluation {
  const a = theta[0] as number;
  const b = theta[1] as number;
  const k = Math.exp(b);
  const k2 = k * k;
  const c = Math.max(-CURE_LOGIT_BOUND, Math.min(CURE_LOGIT_BOUND, theta[2] as number));
  const pi = 1 / (1 + Math.exp(-c));
  const pq = pi * (1 - pi);
  const logOneMinusPi = -Math.log1p(Math.exp(c));
  const { data, logT, logEntry } = prep;
  const { n, events, weights } = data;
  let value = 0;
  let ga = 0, gb = 0, gc = 0;
  let haa = 0, hab = 0, hbb = 0, hac = 0, hbc = 0, hcc = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === null ? 1 : (weights[i] as number);
    const y = logT[i] as number;
    const z = k * (y - a);
    const u = Math.exp(z);
    const le = logEntry === null ? -Infinity : (logEntry[i] as number);
    const ze = le > -Infinity ? k * (le - a) : 0;
    const ue = le > -Infinity ? Math.exp(ze) : 0;
    if (events[i] === 1) {
      // ln(1 − π) + b − y + z − u + u_e
      value += w * (logOneMinusPi + b - y + z - u + ue);
      ga += w * -k * (1 - u + ue);
      gb += w * (1 + (1 - u) * z + ue * ze);
      gc -= w * pi;
      haa += w * k2 * (ue - u);
      hab += w * (-k + k * u * (1 + z) - k * ue * (1 + ze));
      hbb += w * (z - u * z * (1 + z) + ue * ze * (1 + ze));
      hcc -= w * pq;
    } else {
      // ln(π + (1 − π)·e^−(u − u_e))
      const d = u - ue;
      const e = Math.exp(-d);
      const q = pi + (1 - pi) * e;
      value += w * Math.log(q);
      const dA = -k * d;
      const dB = u * z - ue * ze;
      const dAA = k2 * d;
      const dAB = -k * u * (1 + z) + k * ue * (1 + ze);
      const dBB = u * z * (1 + z) - ue * ze * (1 + ze);
      const qD = -(1 - pi) * e;
      const qDD = (1 - pi) * e;
      const qC = pq * (1 - e);
      const qCC = pq * (1 - 2 * pi) * (1 - e);
      const qCD = pq * e;
      const qA = qD * dA;
      const qB = qD * dB;
      const inv = 1 / q;
      ga += w * qA * inv;
      gb += w * qB * inv;
      gc += w * qC * inv;
      haa += w * ((qDD * dA * dA + qD * dAA) * inv - qA * qA * inv * inv);
      hab += w * ((qDD * dA * dB + qD * dAB) * inv - qA * qB * inv * inv);
      hbb += w * ((qDD * dB * dB + qD * dBB) * inv - qB * qB * inv * inv);
      hac += w * (qCD * dA * inv - qA * qC * inv * inv);
      hbc += w * (qCD * dB * inv - qB * qC * inv * inv);
      hcc += w * (qCC * inv - qC * qC * inv * inv);
    }
  }
  const out = {
    value,
    gradient: Float64Array.of(ga, gb, gc),
    hessian: Float64Array.of(haa, hab, hac, hab, hbb, hbc, hac, hbc, hcc),
  };
  if (penalty !== null) applyPenalty(out, theta, penalty, 3);
  return out;
}

function applyPenalty(e: { value: number; gradient: Float64Array; hessian: Float64Array }, theta: readonly number[], penalty: Penalty, dim: number): void {
  for (let r = 0; r < dim; r++) {
    for (let s = 0; s < dim; s++) {
      const p = penalty.precision[r * dim + s] as number;
      const dr = (theta[r] as number) - (penalty.mean[r] as number);
      const ds = (theta[s] as number) - (penalty.mean[s] as number);
      e.value -= 0.5 * dr * p * ds;
      e.gradient[r] = (e.gradient[r] as number) - p * ds;
      e.hessian[r * dim + s] = (e.hessian[r * dim + s] as number) - p;
    }
  }
}

/** The cure model with textbook truncation (event-free at entry): value, gradient and Hessian in one pass. */
function evaluateCure(prep: PreparedData, theta: readonly number[], penalty: Penalty | null): Evaluation {
  const a = theta[0] as number;
  const b = theta[1] as number;
  const k = Math.exp(b);
  const c = Math.max(-CURE_LOGIT_BOUND, Math.min(CURE_LOGIT_BOUND, theta[2] as number));
  const pi = 1 / (1 + Math.exp(-c));
  const logOneMinusPi = -Math.log1p(Math.exp(c));
  const { data, logT, logEntry } = prep;
  const { n, events, weights } = data;
  let value = 0;
  // Sums of the chain-rule pieces, weighted.
  let ga = 0, gb = 0, gc = 0;
  let haa = 0, hab = 0, hbb = 0, hac = 0, hbc = 0, hcc = 0;
  const add = (w: number, z: number, lz: number, lzz: number, lc: number, lcc: number, lzc: number): void => {
    // z_a = −k, z_b = z, z_ab = −k, z_bb = z, z_aa = 0.
    ga += w * lz * -k;
    gb += w * lz * z;
    haa += w * lzz * k * k;
    hab += w * (lzz * -k * z + lz * -k);
    hbb += w * (lzz * z * z + lz * z);
    gc += w * lc;
    hcc += w * lcc;
    hac += w * lzc * -k;
    hbc += w * lzc * z;
  };
  /** ln Q and derivatives of Q = π + (1 − π)e^−u for a survival (sign +1) or entry (sign −1) term. */
  const survivalTerm = (w: number, z: number, sign: number): void => {
    const u = Math.exp(z);
    const e = Math.exp(-u);
    const q = pi + (1 - pi) * e;
    const qc = pi * (1 - pi) * (1 - e);
    const qz = -(1 - pi) * e * u;
    const qcc = pi * (1 - pi) * (1 - 2 * pi) * (1 - e);
    const qcz = pi * (1 - pi) * e * u;
    const qzz = -(1 - pi) * e * u * (1 - u);
    value += sign * w * Math.log(q);
    add(sign * w, z, qz / q, qzz / q - (qz * qz) / (q * q), qc / q, qcc / q - (qc * qc) / (q * q), qcz / q - (qc * qz) / (q * q));
  };
  for (let i = 0; i < n; i++) {
    const w = weights === null ? 1 : (weights[i] as number);
    const y = logT[i] as number;
    const z = k * (y - a);
    if (events[i] === 1) {
      const u = Math.exp(z);
      value += w * (logOneMinusPi + b - y + z - u);
      gb += w; // the explicit b term
      add(w, z, 1 - u, -u, -pi, -pi * (1 - pi), 0);
    } else {
      survivalTerm(w, z, 1);
    }
    if (logEntry !== null) {
      const le = logEntry[i] as number;
      if (le > -Infinity) survivalTerm(w, k * (le - a), -1);
    }
  }
  const out = {
    value,
    gradient: Float64Array.of(ga, gb, gc),
    hessian: Float64Array.of(haa, hab, hac, hab, hbb, hbc, hac, hbc, hcc),
  };
  if (penalty !== null) applyPenalty(out, theta, penalty, 3);
  return out;
}


/** What the maximiser found. */
export interface Maximum {
  readonly theta: number[];
  readonly value: number;
  /** −Hessian at the maximum (observed information, penalty included). */
  readonly information: Float64Array;
  readonly converged: boolean;
  readonly iterations: number;
}

/** Largest change of any parameter in one step (log scale): keeps early steps sane. */
const MAX_STEP = 3;

/**
 * Damped Newton ascent: a Newton step on −H + λI (λ = 0 while −H is positive definite
 * and the step improves the value), step capped at {@link MAX_STEP}, λ raised until the
 * value does not decrease. Converged when the value changes by less than
 * `tolerance · (|value| + tolerance)` and no parameter moves by more than √tolerance.
 */
export function maximise(
  prep: PreparedData,
  start: readonly number[],
  cure: boolean,
  penalty: Penalty | null,
  maxIterations: number,
  tolerance: number,
  initialLambda = 0,
): Maximum {
  const dim = start.length;
  let theta = start.slice();
  let current = evaluate(prep, theta, cure, penalty);
  let lambda = initialLambda;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const negH = new Float64Array(dim * dim);
    for (let i = 0; i < dim * dim; i++) negH[i] = -(current.hessian[i] as number);
    let accepted = false;
    for (let attempt = 0; attempt < 60 && !accepted; attempt++) {
      const damped = negH.slice();
      let scale = 0;
      for (let i = 0; i < dim; i++) scale = Math.max(scale, Math.abs(negH[i * dim + i] as number));
      for (let i = 0; i < dim; i++) damped[i * dim + i] = (damped[i * dim + i] as number) + lambda * Math.max(scale, 1);
      const step = solveSpd(damped, current.gradient, dim);
      if (step === null) {
        lambda = lambda === 0 ? 1e-6 : lambda * 10;
        continue;
      }
      let largest = 0;
      for (let i = 0; i < dim; i++) largest = Math.max(largest, Math.abs(step[i] as number));
      const shrink = largest > MAX_STEP ? MAX_STEP / largest : 1;
      const next = theta.map((t, i) => t + shrink * (step[i] as number));
      const candidate = evaluate(prep, next, cure, penalty);
      if (Number.isFinite(candidate.value) && candidate.value >= current.value - 1e-12 * Math.abs(current.value)) {
        const change = candidate.value - current.value;
        theta = next;
        current = candidate;
        accepted = true;
        lambda = lambda / 10 < 1e-9 ? 0 : lambda / 10;
        if (Math.abs(change) <= tolerance * (Math.abs(current.value) + tolerance) && largest * shrink <= Math.sqrt(tolerance)) {
          return finish(theta, current, true, iteration);
        }
      } else {
        lambda = lambda === 0 ? 1e-4 : lambda * 10;
      }
    }
    if (!accepted) return finish(theta, current, isStationary(current), iteration);
  }
  return finish(theta, current, false, maxIterations);
}

function isStationary(e: Evaluation): boolean {
  let g = 0;
  for (const x of e.gradient) g = Math.max(g, Math.abs(x));
  return g < 1e-6;
}

function finish(theta: number[], e: Evaluation, converged: boolean, iterations: number): Maximum {
  const information = new Float64Array(e.hessian.length);
  for (let i = 0; i < information.length; i++) information[i] = -(e.hessian[i] as number);
  return { theta, value: e.value, information, converged, iterations };
}
