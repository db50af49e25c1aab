import { RelanceError } from '../errors';
import { solveSpd } from '../internal/cholesky';
import type { FeatureTable } from './table';

/** Options of the logistic regression (scikit-learn's names and meaning). */
export interface LogisticParams {
  /**
   * Inverse regularisation strength, as scikit-learn's `C`: the objective is
   * C·Σᵢ logloss(yᵢ, zᵢ) + ½‖w‖² on standardised features, the intercept not penalised.
   * Default 1. `Infinity` fits without a penalty.
   */
  readonly C: number;
  /**
   * Convergence: stop when the largest absolute component of the objective's gradient
   * (scikit-learn's scale) is at most this, or when the Newton decrement is below the
   * objective's rounding (1e-13 of it: no step can lower it further; large bases end there).
   * Default {@link LOGISTIC_TOLERANCE}.
   */
  readonly tolerance: number;
  readonly maxIterations: number;
  /** `balanced` weighs each class by n / (2 · its count), as scikit-learn's `class_weight='balanced'`. */
  readonly classWeight: 'balanced' | null;
}

/** What the logistic fit learns. */
export interface LogisticLearned {
  /** Intercept on the standardised scale. */
  readonly intercept: number;
  /** One coefficient per feature, on the standardised scale (scikit-learn's `coef_` after a StandardScaler). */
  readonly coefficients: readonly number[];
  /** Training means and standard deviations (population, as StandardScaler; 1 for a constant column). */
  readonly means: readonly number[];
  readonly scales: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
  /** Largest absolute component of the objective's gradient at the end. */
  readonly gradientNorm: number;
}

/** Convergence tolerance of the Newton fit on the largest absolute gradient component. */
export const LOGISTIC_TOLERANCE = 1e-8;
/** Relative size of the Newton decrement below which the objective is at its rounding level. */
const DECREMENT_ROUNDING = 1e-13;
/** Newton iterations allowed. */
export const LOGISTIC_MAX_ITERATIONS = 100;

/** Defaults and validation of the logistic options. */
export function resolveLogisticParams(fn: string, given: Partial<LogisticParams>): LogisticParams {
  const C = given.C ?? 1;
  if (!(typeof C === 'number' && C > 0)) throw invalid(fn, 'C', `must be a positive number (or Infinity), got ${String(C)}`);
  const tolerance = given.tolerance ?? LOGISTIC_TOLERANCE;
  if (!(typeof tolerance === 'number' && tolerance > 0 && Number.isFinite(tolerance))) throw invalid(fn, 'tolerance', `must be a positive number, got ${String(tolerance)}`);
  const maxIterations = given.maxIterations ?? LOGISTIC_MAX_ITERATIONS;
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw invalid(fn, 'maxIterations', `must be a positive integer, got ${String(maxIterations)}`);
  const classWeight = given.classWeight ?? null;
  if (classWeight !== null && classWeight !== 'balanced') throw invalid(fn, 'classWeight', `must be 'balanced' or null, got ${String(classWeight)}`);
  return { C, tolerance, maxIterations, classWeight };
}

function invalid(fn: string, option: string, message: string): RelanceError {
  return new RelanceError('invalid_input', `${fn}: ${option} ${message}`, { issues: [{ code: 'invalid_value', path: [option], message }] });
}

/** ln(1 + eᶻ) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * L2-penalised logistic regression by Newton's method (iteratively reweighted least squares)
 * with a backtracking line search, on features standardised with the training means and
 * population standard deviations. Minimises C·Σ wᵢ·[ln(1 + e^zᵢ) − yᵢzᵢ] + ½‖β‖², zᵢ = b + xᵢ·β,
 * the intercept b not penalised: scikit-learn's `LogisticRegression(C)` after a StandardScaler.
 * Each iteration is O(n·p²) for the Hessian and O(p³) for its Cholesky factorisation.
 */
export function fitLogistic(fn: string, table: FeatureTable, params: LogisticParams): LogisticLearned {
  const { rows: n, cols: p, data } = table;
  const labels = table.labels as ArrayLike<number>;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] as number;
  if (n === 0 || positives === 0 || positives === n) {
    throw new RelanceError('insufficient_data', `${fn}: logistic regression needs both classes (${positives} positives among ${n} rows)`);
  }
  // Standardisation.
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j] = (means[j] as number) + (data[i * p + j] as number);
  for (let j = 0; j < p; j++) means[j] = (means[j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const d = (data[i * p + j] as number) - (means[j] as number);
      scales[j] = (scales[j] as number) + d * d;
    }
  }
  for (let j = 0; j < p; j++) {
    const s = Math.sqrt((scales[j] as number) / n);
    scales[j] = s > 0 ? s : 1;
  }
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = ((data[i * p + j] as number) - (means[j] as number)) / (scales[j] as number);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  const cw1 = params.classWeight === 'balanced' ? n / (2 * positives) : 1;
  const cw0 = params.classWeight === 'balanced' ? n / (2 * (n - positives)) : 1;
  for (let i = 0; i < n; i++) {
    y[i] = labels[i] as number;
    w[i] = labels[i] === 1 ? cw1 : cw0;
  }
  const C = params.C;
  const lambda = Number.isFinite(C) ? 1 / C : 0; // the objective divided by C: Σ w·loss + ½λ‖β‖²
  const d = p + 1; // β then b
  const theta = new Float64Array(d);
  // Start from the intercept of the base rate.
  theta[p] = Math.log(positives / (n - positives));
  const z = new Float64Array(n);

  const objective = (t: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let s = t[p] as number;
      for (let j = 0; j < p; j++) s += (x[i * p + j] as number) * (t[j] as number);
      z[i] = s;
      f += (w[i] as number) * (softplus(s) - (y[i] as number) * s);
    }
    let pen = 0;
    for (let j = 0; j < p; j++) pen += (t[j] as number) ** 2;
    return f + 0.5 * lambda * pen;
  };

  let f = objective(theta);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  let iterations = 0;
  let converged = false;
  let gradientNorm = Infinity;
  for (; iterations < params.maxIterations; iterations++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      const pi = sigmoid(z[i] as number);
      const r = (w[i] as number) * (pi - (y[i] as number));
      const h = (w[i] as number) * pi * (1 - pi);
      const row = i * p;
      for (let j = 0; j < p; j++) {
        const xj = x[row + j] as number;
        grad[j] = (grad[j] as number) + r * xj;
        const hx = h * xj;
        const base = j * d;
        for (let k = 0; k <= j; k++) hess[base + k] = (hess[base + k] as number) + hx * (x[row + k] as number);
        hess[base + p] = (hess[base + p] as number) + hx;
      }
      grad[p] = (grad[p] as number) + r;
      hess[p * d + p] = (hess[p * d + p] as number) + h;
    }
    for (let j = 0; j < p; j++) {
      grad[j] = (grad[j] as number) + lambda * (theta[j] as number);
      hess[j * d + j] = (hess[j * d + j] as number) + lambda;
    }
    // Symmetrise (the loop filled the lower triangle and the intercept column).
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < j; k++) hess[k * d + j] = hess[j * d + k] as number;
      hess[p * d + j] = hess[j * d + p] as number;
    }
    // Converged when the gradient of C·objective (scikit-learn's scale) is within tolerance.
    gradientNorm = 0;
    for (let j = 0; j < d; j++) gradientNorm = Math.max(gradientNorm, Math.abs(grad[j] as number) * (Number.isFinite(C) ? C : 1));
    if (gradientNorm <= params.tolerance) {
      converged = true;
      break;
    }
    const step = solveSpd(hess, grad, d);
    if (step === null) break;
    // Converged too when the Newton decrement gᵀH⁻¹g (twice the decrease a full step would
    // bring) is below the objective's rounding: on a large base the summed gradient cannot reach
    // an absolute tolerance (each of n terms carries its rounding), while no step can still
    // lower the objective, and the line search would only shrink steps to nothing.
    const decrement = dot(grad, step, d);
    if (decrement <= DECREMENT_ROUNDING * Math.max(1, Math.abs(f))) {
      converged = true;
      break;
    }
    // Backtracking line search on the objective.
    let t = 1;
    const next = new Float64Array(d);
    let fNext = Infinity;
    for (let k = 0; k < 40; k++) {
      for (let j = 0; j < d; j++) next[j] = (theta[j] as number) - t * (step[j] as number);
      fNext = objective(next);
      if (fNext <= f + 1e-4 * t * dot(grad, step, d) * -1 || Math.abs(fNext - f) <= 1e-15 * Math.abs(f)) break;
      t /= 2;
    }
    if (!(fNext <= f)) {
      // No decrease along the Newton direction: at the optimum to machine precision.
      objective(theta);
      converged = gradientNorm <= params.tolerance * 1e3;
      break;
    }
    theta.set(next);
    f = fNext;
  }
  const coefficients = Array.from(theta.subarray(0, p));
  return {
    intercept: theta[p] as number,
    coefficients,
    means: Array.from(means),
    scales: Array.from(scales),
    iterations,
    converged,
    gradientNorm,
  };
}

function dot(a: Float64Array, b: Float64Array, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += (a[j] as number) * (b[j] as number);
  return s;
}


/** The weights on the raw (unstandardised) scale: p = σ(b + Σ wⱼxⱼ), for fast scoring. */
export function rawScaleWeights(learned: LogisticLearned): { intercept: number; weights: Float64Array } {
  const p = learned.coefficients.length;
  const weights = new Float64Array(p);
  let intercept = learned.intercept;
  for (let j = 0; j < p; j++) {
    const wj = (learned.coefficients[j] as number) / (learned.scales[j] as number);
    weights[j] = wj;
    intercept -= wj * (learned.means[j] as number);
  }
  return { intercept, weights };
}

export { sigmoid };
