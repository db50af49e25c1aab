/*
 * Damped Newton minimisation of a smooth function of a few parameters, for maximum-likelihood
 * fits with analytic derivatives (Nocedal & Wright, Numerical Optimization, 2nd ed., §3.4 and
 * §10.3 on Levenberg–Marquardt damping). Each iteration solves (H + λ·s·I)·p = −g by Cholesky
 * (λ = 0 while H is positive definite and the full step lowers f; s = the largest diagonal of
 * H, at least 1), caps the step's largest component, and raises λ tenfold until f decreases.
 * Converged when the Newton decrement ½·gᵀH⁻¹g of the undamped step is at most
 * tolerance·(1 + |f|): that step is then taken, so the answer is one quadratic step beyond it.
 */
import { solveSpd } from './cholesky';

export { invertSpd, solveSpd } from './cholesky';

/** f, its gradient and its Hessian (row-major, dim × dim) at one point. */
export interface Evaluation {
  readonly value: number;
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
}

/** What {@link minimizeNewton} found. */
export interface Minimum {
  /** The parameters at the minimum (or where the search stopped). */
  readonly x: Float64Array;
  /** f, gradient and Hessian there. */
  readonly at: Evaluation;
  readonly converged: boolean;
  readonly iterations: number;
  /** Why the search stopped: `converged`, `max-iterations`, `no-descent` (no damped step lowers f), `diverged` (a parameter left ±limit), `non-finite`. */
  readonly reason: 'converged' | 'max-iterations' | 'no-descent' | 'diverged' | 'non-finite';
}

/** Options of {@link minimizeNewton}. */
export interface MinimizeOptions {
  readonly maxIterations: number;
  /** Relative tolerance on the predicted decrease of f (the Newton decrement). */
  readonly tolerance: number;
  /** Largest change of any parameter in one step. */
  readonly maxStep?: number;
  /** A parameter beyond ±limit stops the search as diverged. */
  readonly limit?: number;
}

/** Default cap on one step's largest component (on log-parameters: a factor e³). */
const DEFAULT_MAX_STEP = 3;
/** Default bound on the parameters (log-parameters: e^±40). */
const DEFAULT_LIMIT = 40;
/** Damping attempts per iteration before giving up (λ grows tenfold each time). */
const MAX_DAMPING_ATTEMPTS = 40;
/** First damping factor when the Newton step fails. */
const FIRST_DAMPING = 1e-6;
/** A gradient this small (relative to 1 + |f|) counts as stationary when no step descends. */
const STATIONARY_GRADIENT = 1e-7;

/**
 * Minimises f from `start` by damped Newton steps.
 *
 * @param f - the function with its gradient and Hessian; may return a non-finite value outside its domain
 * @param start - the starting point (not modified)
 * @param options - iteration cap, tolerance, step cap, parameter bound
 * @returns the minimum found and why the search stopped
 */
export function minimizeNewton(f: (x: Float64Array) => Evaluation, start: ArrayLike<number>, options: MinimizeOptions): Minimum {
  const dim = start.length;
  const maxStep = options.maxStep ?? DEFAULT_MAX_STEP;
  const limit = options.limit ?? DEFAULT_LIMIT;
  let x = Float64Array.from(start);
  let current = f(x);
  if (!isFiniteEvaluation(current)) return { x, at: current, converged: false, iterations: 0, reason: 'non-finite' };
  let lambda = 0;
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    const newton = solveSpd(current.hessian, negate(current.gradient), dim);
    const decrement = newton === null ? Number.POSITIVE_INFINITY : 0.5 * -dot(current.gradient, newton);
    const nearlyThere = newton !== null && decrement <= options.tolerance * (1 + Math.abs(current.value));
    let accepted = false;
    for (let attempt = 0; attempt < MAX_DAMPING_ATTEMPTS && !accepted; attempt++) {
      const step = lambda === 0 ? newton : solveSpd(damped(current.hessian, lambda, dim), negate(current.gradient), dim);
      if (step === null) {
        lambda = lambda === 0 ? FIRST_DAMPING : lambda * 10;
        continue;
      }
      let largest = 0;
      for (let i = 0; i < dim; i++) largest = Math.max(largest, Math.abs(step[i] as number));
      const shrink = largest > maxStep ? maxStep / largest : 1;
      const next = new Float64Array(dim);
      for (let i = 0; i < dim; i++) next[i] = (x[i] as number) + shrink * (step[i] as number);
      const candidate = f(next);
      // At convergence the last step may not lower f beyond rounding: accept a rise of a few ulps.
      const slack = nearlyThere ? 1e-14 * (1 + Math.abs(current.value)) : 0;
      if (isFiniteEvaluation(candidate) && candidate.value <= current.value + slack) {
        x = next;
        current = candidate;
        accepted = true;
        lambda = lambda / 10 < FIRST_DAMPING ? 0 : lambda / 10;
      } else {
        lambda = lambda === 0 ? FIRST_DAMPING : lambda * 10;
      }
    }
    if (!accepted) {
      const stationary = maxAbs(current.gradient) <= STATIONARY_GRADIENT * (1 + Math.abs(current.value));
      return { x, at: current, converged: stationary, iterations: iteration, reason: stationary ? 'converged' : 'no-descent' };
    }
    for (let i = 0; i < dim; i++) {
      if (Math.abs(x[i] as number) > limit) return { x, at: current, converged: false, iterations: iteration, reason: 'diverged' };
    }
    if (nearlyThere && lambda === 0) return { x, at: current, converged: true, iterations: iteration, reason: 'converged' };
  }
  return { x, at: current, converged: false, iterations: options.maxIterations, reason: 'max-iterations' };
}

function isFiniteEvaluation(e: Evaluation): boolean {
  if (!Number.isFinite(e.value)) return false;
  for (const g of e.gradient) if (!Number.isFinite(g)) return false;
  for (const h of e.hessian) if (!Number.isFinite(h)) return false;
  return true;
}

function negate(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = -(v[i] as number);
  return out;
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] as number) * (v[i] as number);
  return s;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

/** H + λ·s·I with s the largest diagonal magnitude of H (at least 1). */
function damped(h: Float64Array, lambda: number, dim: number): Float64Array {
  const out = h.slice();
  let scale = 1;
  for (let i = 0; i < dim; i++) scale = Math.max(scale, Math.abs(h[i * dim + i] as number));
  for (let i = 0; i < dim; i++) out[i * dim + i] = (out[i * dim + i] as number) + lambda * scale;
  return out;
}

