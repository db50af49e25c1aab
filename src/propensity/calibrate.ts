import { RelanceError } from '../errors';
import { readLabelledScores, sortedColumns } from './scoreInput';

/** How scores are mapped to calibrated probabilities. */
export type CalibrationMethod = 'platt' | 'isotonic';

/** The version of the calibration object's layout; {@link applyCalibration} reads this one. */
const CALIBRATION_VERSION = 1;
/** Newton iterations allowed for Platt's fit by default. */
const DEFAULT_MAX_ITERATIONS = 100;
/** Platt's fit stops when each gradient component is below this × rows × the mean |score| (at least 1 for the score). */
const DEFAULT_TOLERANCE = 1e-11;
/** Ridge added to the Hessian's diagonal (Lin, Lin & Weng's σ), so that a Newton step always exists. */
const HESSIAN_RIDGE = 1e-12;
/** Armijo constant of the backtracking line search. */
const ARMIJO = 1e-4;
/** The line search gives up below this step length. */
const MIN_STEP = 1e-10;
/** Objective changes within this (relative) are rounding: the line search then judges a step by the gradient. */
const FLAT_OBJECTIVE = 1e-12;
/** A gradient within this many tolerances that no Newton step can reduce is float64's limit: the fit has converged. */
const ROUNDING_SLACK = 1e4;
/** scikit-learn's `_make_unique` merges scores closer than this to the first of a run (`np.finfo(float64).resolution`). */
const TIE_RESOLUTION = 1e-15;

/** Options of {@link fitCalibration}. */
export interface FitCalibrationOptions {
  /** `platt` (a sigmoid of the score, two parameters) or `isotonic` (a non-decreasing step-and-ramp map). */
  readonly method: CalibrationMethod;
  /** Platt only: maximum Newton iterations. Default 100. */
  readonly maxIterations?: number | undefined;
  /** Platt only: gradient tolerance per row (see the fit's doc). Default 1e-11. */
  readonly tolerance?: number | undefined;
}

/**
 * Platt scaling: `P(y = 1 | s) = 1 / (1 + exp(a·s + b))`, scikit-learn's sign convention
 * (`a` is negative when higher scores mean more positives).
 */
export interface PlattCalibration {
  readonly kind: 'calibration';
  readonly version: 1;
  readonly method: 'platt';
  /** The fitted sigmoid. */
  readonly params: { readonly a: number; readonly b: number };
  /** Rows the map was fitted on. */
  readonly rows: number;
  /** Whether Newton's method reached the tolerance (always `true` on a returned object: a failure throws). */
  readonly converged: boolean;
  /** Newton iterations taken. */
  readonly iterations: number;
}

/**
 * Isotonic calibration: the breakpoints of a non-decreasing piecewise-linear map, evaluated
 * as scikit-learn's `IsotonicRegression(out_of_bounds='clip').predict` does.
 */
export interface IsotonicCalibration {
  readonly kind: 'calibration';
  readonly version: 1;
  readonly method: 'isotonic';
  /** Breakpoints: scores `x` ascending (distinct) and calibrated probabilities `y` non-decreasing, of equal length ≥ 1 (`X_thresholds_`, `y_thresholds_`). */
  readonly params: { readonly x: readonly number[]; readonly y: readonly number[] };
  /** Rows the map was fitted on. */
  readonly rows: number;
}

/** A fitted score → probability map: a plain object that survives `JSON.stringify` / `JSON.parse`. */
export type Calibration = PlattCalibration | IsotonicCalibration;

/**
 * Fits a map from scores to calibrated probabilities on held-out rows (scores from a model,
 * labels observed), as scikit-learn's `CalibratedClassifierCV` does with one validation set.
 *
 * **Platt** (Platt 1999; Lin, Lin & Weng 2007): minimises the cross-entropy of
 * `p = 1 / (1 + exp(a·s + b))` against smoothed targets `t = (N₊ + 1)/(N₊ + 2)` for a
 * positive and `1/(N₋ + 2)` for a negative (Platt's out-of-sample prior), from
 * `a = 0, b = ln((N₋ + 1)/(N₊ + 1))` — the objective and start of scikit-learn 1.2.1's
 * `_sigmoid_calibration`. scikit-learn stops its BFGS at a gradient of 1e-5; this fit runs
 * Newton's method with a backtracking line search to the tolerance, i.e. to the optimum
 * (scikit-learn's parameters lie within 1e-6 of it on the committed fixtures). The scores
 * are used exactly as given: scikit-learn feeds a classifier's `decision_function` when it
 * has one and otherwise its `predict_proba` column, so pass logits or decision values for
 * the former, probabilities for the latter, and the same kind of score to
 * {@link applyCalibration}. When all scores are equal the sigmoid is not identifiable:
 * `a = 0` and `b` gives the smoothed positive rate.
 *
 * **Isotonic** (pool-adjacent-violators; Zadrozny & Elkan 2002): scikit-learn's
 * `IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1, increasing=True).fit(s, y)`.
 * Tied scores are first merged into one point (their mean label, weighted by their count),
 * as are scores closer than 1e-15 to the first of a run; the non-decreasing least-squares
 * fit to these points is kept as breakpoints, dropping interior points whose value equals
 * both neighbours'. Applied by linear interpolation between breakpoints, clipped to the
 * first and last breakpoint outside their range.
 *
 * @param scores - the scores of the calibration rows (any finite numbers)
 * @param labels - their outcomes, 0 or 1
 * @param options - the method, and for Platt the iteration limit and tolerance
 * @returns a plain {@link Calibration} object, for {@link applyCalibration} and {@link applyCalibrationTo}
 * @throws RelanceError `invalid_input` for differing lengths, a label not 0/1, a score not
 *   finite (naming the first index), or an unknown method; `insufficient_data` with no rows;
 *   `did_not_converge` when Platt's fit has not converged within `maxIterations` (try more
 *   iterations, or rescale extreme decision values).
 *
 * @example
 * ```ts
 * import { applyCalibration, fitCalibration } from 'relance/propensity';
 *
 * const isotonic = fitCalibration([0.1, 0.3, 0.35, 0.8], [0, 1, 0, 1], { method: 'isotonic' });
 * console.log(isotonic.params); // { x: [0.1, 0.3, 0.35, 0.8], y: [0, 0.5, 0.5, 1] }
 * console.log(applyCalibration(isotonic, 0.2)); // 0.25 (halfway between 0 at 0.1 and 0.5 at 0.3)
 * console.log(applyCalibration(isotonic, 0.9)); // 1 (clipped to the last breakpoint)
 *
 * const platt = fitCalibration([0.1, 0.2, 0.4, 0.6, 0.7, 0.9], [0, 0, 1, 0, 1, 1], { method: 'platt' });
 * console.log(platt.params); // { a: -3.099886138426229, b: 1.4971759876539372 } (scikit-learn's BFGS stops near -3.09993, 1.49720)
 * console.log(applyCalibration(platt, 0.5)); // 0.5131887103499521
 * ```
 */
export function fitCalibration(scores: ArrayLike<number>, labels: ArrayLike<number>, options: FitCalibrationOptions): Calibration {
  const method = (options as FitCalibrationOptions | undefined)?.method;
  if (method !== 'platt' && method !== 'isotonic') {
    throw new RelanceError('invalid_input', `fitCalibration: options.method must be 'platt' or 'isotonic', got ${String(method)}`);
  }
  const { labels: y, positives } = readLabelledScores('fitCalibration', labels, scores, false);
  if (y.length === 0) throw new RelanceError('insufficient_data', 'fitCalibration: no rows to fit on (scores and labels are empty)');
  if (method === 'isotonic') return fitIsotonic(y, scores, positives);
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RelanceError('invalid_input', `fitCalibration: options.maxIterations must be an integer ≥ 1, got ${String(maxIterations)}`);
  }
  if (typeof tolerance !== 'number' || !(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw new RelanceError('invalid_input', `fitCalibration: options.tolerance must be a positive number, got ${String(tolerance)}`);
  }
  return fitPlatt(y, scores, positives, maxIterations, tolerance);
}

/** Platt's objective and its derivatives at (a, b), over the smoothed targets (one pass: a trial point that is accepted needs no second). */
interface PlattState {
  value: number;
  gA: number;
  gB: number;
  hAA: number;
  hAB: number;
  hBB: number;
}

function plattObjective(f: Float64Array, t: Float64Array, a: number, b: number): PlattState {
  let value = 0;
  let gA = 0;
  let gB = 0;
  let hAA = HESSIAN_RIDGE;
  let hAB = 0;
  let hBB = HESSIAN_RIDGE;
  for (let i = 0; i < f.length; i++) {
    const fi = f[i] as number;
    const ti = t[i] as number;
    const z = a * fi + b;
    // p = P(y = 1) = 1 / (1 + e^z), computed without overflow on either side.
    let p: number;
    if (z >= 0) {
      const e = Math.exp(-z);
      value += ti * z + Math.log1p(e);
      p = e / (1 + e);
    } else {
      const e = Math.exp(z);
      value += (ti - 1) * z + Math.log1p(e);
      p = 1 / (1 + e);
    }
    const w = p * (1 - p);
    const d = ti - p;
    gA += fi * d;
    gB += d;
    hAA += fi * fi * w;
    hAB += fi * w;
    hBB += w;
  }
  return { value, gA, gB, hAA, hAB, hBB };
}

function platt(a: number, b: number, rows: number, iterations: number): PlattCalibration {
  return { kind: 'calibration', version: CALIBRATION_VERSION, method: 'platt', params: { a, b }, rows, converged: true, iterations };
}

function fitPlatt(y: Uint8Array, scores: ArrayLike<number>, positives: number, maxIterations: number, tolerance: number): PlattCalibration {
  const n = y.length;
  const negatives = n - positives;
  const hiTarget = (positives + 1) / (positives + 2);
  const loTarget = 1 / (negatives + 2);
  const f = new Float64Array(n);
  const t = new Float64Array(n);
  let sumAbs = 0;
  let min = Infinity;
  let max = -Infinity;
  let targetSum = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    f[i] = s;
    t[i] = y[i] === 1 ? hiTarget : loTarget;
    targetSum += t[i] as number;
    sumAbs += Math.abs(s);
    if (s < min) min = s;
    if (s > max) max = s;
  }
  if (min === max) {
    // Constant scores: only a·s + b is identified; the best constant is the mean target.
    const m = targetSum / n;
    return platt(0, Math.log((1 - m) / m), n, 0);
  }
  const limitA = tolerance * n * Math.max(1, sumAbs / n);
  const limitB = tolerance * n;
  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  let state = plattObjective(f, t, a, b);
  for (let iteration = 0; iteration <= maxIterations; iteration++) {
    if (Math.abs(state.gA) <= limitA && Math.abs(state.gB) <= limitB) return platt(a, b, n, iteration);
    if (iteration === maxIterations) break;
    const det = state.hAA * state.hBB - state.hAB * state.hAB;
    const dA = -(state.hBB * state.gA - state.hAB * state.gB) / det;
    const dB = -(-state.hAB * state.gA + state.hAA * state.gB) / det;
    const slope = state.gA * dA + state.gB * dB;
    let step = 1;
    let next: PlattState | null = null;
    while (step >= MIN_STEP) {
      const trial = plattObjective(f, t, a + step * dA, b + step * dB);
      if (trial.value < state.value + ARMIJO * step * slope) {
        next = trial;
        break;
      }
      if (step === 1 && Math.abs(trial.value - state.value) <= FLAT_OBJECTIVE * Math.max(1, Math.abs(state.value))) {
        // Next to the optimum the decrease is below the objective's rounding, and Armijo's
        // test cannot see it; the full Newton step is taken when it shrinks the gradient,
        // and when it does not, (a, b) is as close to the optimum as float64 can tell.
        const before = Math.max(Math.abs(state.gA) / limitA, Math.abs(state.gB) / limitB);
        if (Math.max(Math.abs(trial.gA) / limitA, Math.abs(trial.gB) / limitB) < before) next = trial;
        else if (before <= ROUNDING_SLACK) return platt(a, b, n, iteration);
        break;
      }
      step /= 2;
    }
    if (next === null) break;
    a += step * dA;
    b += step * dB;
    state = next;
  }
  throw new RelanceError(
    'did_not_converge',
    `fitCalibration: Platt's fit did not converge within ${maxIterations} iterations (gradient ${state.gA.toExponential(2)}, ${state.gB.toExponential(2)}); ` +
      'try a larger maxIterations or tolerance, or rescale extreme decision values',
  );
}

function fitIsotonic(y: Uint8Array, scores: ArrayLike<number>, positives: number): IsotonicCalibration {
  const n = y.length;
  const { all, positive } = sortedColumns(y, scores, positives);
  // Distinct scores, ascending, merged as scikit-learn's _make_unique does: a run of scores
  // each within 1e-15 of its first member is one point at that first score.
  const xs: number[] = [];
  const counts: number[] = [];
  const hits: number[] = [];
  for (let i = 0, j = 0; i < n; ) {
    const value = all[i] as number;
    let count = 0;
    let hit = 0;
    while (i < n && all[i] === value) {
      count++;
      i++;
    }
    while (j < positive.length && positive[j] === value) {
      hit++;
      j++;
    }
    const last = xs.length - 1;
    if (last >= 0 && value - (xs[last] as number) < TIE_RESOLUTION) {
      counts[last] = (counts[last] as number) + count;
      hits[last] = (hits[last] as number) + hit;
    } else {
      xs.push(value);
      counts.push(count);
      hits.push(hit);
    }
  }
  // Pool adjacent violators over the points' (positives, rows): a stack of blocks whose
  // means strictly increase; a block whose mean is ≤ its predecessor's is pooled into it.
  // Means compare exactly by cross-multiplying integer counts.
  const m = xs.length;
  const blockHits = new Float64Array(m);
  const blockRows = new Float64Array(m);
  const blockEnd = new Int32Array(m); // index of the block's last point
  let top = -1;
  for (let k = 0; k < m; k++) {
    top++;
    blockHits[top] = hits[k] as number;
    blockRows[top] = counts[k] as number;
    blockEnd[top] = k;
    while (top > 0 && (blockHits[top - 1] as number) * (blockRows[top] as number) >= (blockHits[top] as number) * (blockRows[top - 1] as number)) {
      blockHits[top - 1] = (blockHits[top - 1] as number) + (blockHits[top] as number);
      blockRows[top - 1] = (blockRows[top - 1] as number) + (blockRows[top] as number);
      blockEnd[top - 1] = blockEnd[top] as number;
      top--;
    }
  }
  // Breakpoints: the first and last point of each block (scikit-learn keeps a point unless
  // its value equals both neighbours'; block values strictly increase, so those are the ends).
  const x: number[] = [];
  const v: number[] = [];
  let start = 0;
  for (let blk = 0; blk <= top; blk++) {
    const end = blockEnd[blk] as number;
    const mean = (blockHits[blk] as number) / (blockRows[blk] as number);
    x.push(xs[start] as number);
    v.push(mean);
    if (end > start) {
      x.push(xs[end] as number);
      v.push(mean);
    }
    start = end + 1;
  }
  return { kind: 'calibration', version: CALIBRATION_VERSION, method: 'isotonic', params: { x, y: v }, rows: n };
}

/** Checks the shape of a calibration object once per call, so that a bad one fails loudly rather than yielding NaN. */
function checkCalibration(fn: string, calibration: Calibration): void {
  const c = calibration as Partial<Calibration> | null | undefined;
  if (c === null || typeof c !== 'object' || c.kind !== 'calibration') {
    throw new RelanceError('incompatible_model', `${fn}: expected a calibration object from fitCalibration ({ kind: 'calibration', … })`);
  }
  if (c.version !== CALIBRATION_VERSION) {
    throw new RelanceError('incompatible_model', `${fn}: calibration version ${String(c.version)} is not supported (this release reads version ${CALIBRATION_VERSION})`);
  }
  if (c.method === 'platt') {
    const params = c.params as { a?: unknown; b?: unknown } | undefined;
    if (typeof params?.a !== 'number' || typeof params.b !== 'number' || !Number.isFinite(params.a) || !Number.isFinite(params.b)) {
      throw new RelanceError('incompatible_model', `${fn}: a Platt calibration needs finite params.a and params.b`);
    }
  } else if (c.method === 'isotonic') {
    const params = c.params as { x?: unknown; y?: unknown } | undefined;
    if (!Array.isArray(params?.x) || !Array.isArray(params.y) || params.x.length === 0 || params.x.length !== params.y.length) {
      throw new RelanceError('incompatible_model', `${fn}: an isotonic calibration needs params.x and params.y of equal length ≥ 1`);
    }
  } else {
    throw new RelanceError('incompatible_model', `${fn}: unknown calibration method ${String(c.method)}`);
  }
}

function plattAt(a: number, b: number, s: number): number {
  return 1 / (1 + Math.exp(a * s + b));
}

/** numpy's `interp` on breakpoints, after clipping to their range (scikit-learn's `out_of_bounds='clip'`). */
function isotonicAt(x: readonly number[], y: readonly number[], s: number): number {
  const m = x.length;
  if (m === 1 || s <= (x[0] as number)) return y[0] as number;
  if (s >= (x[m - 1] as number)) return y[m - 1] as number;
  // The last breakpoint ≤ s: x[lo] ≤ s < x[lo + 1].
  let lo = 0;
  let hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((x[mid] as number) <= s) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] as number;
  const y0 = y[lo] as number;
  if (x0 === s) return y0;
  const slope = ((y[lo + 1] as number) - y0) / ((x[lo + 1] as number) - x0);
  return slope * (s - x0) + y0;
}

/**
 * The calibrated probability of one score: `1 / (1 + exp(a·s + b))` for Platt, linear
 * interpolation between the breakpoints (clipped outside them) for isotonic — the values of
 * scikit-learn's `_SigmoidCalibration.predict` and `IsotonicRegression.predict`.
 *
 * @param calibration - a map from {@link fitCalibration} (or its JSON, parsed)
 * @param score - a finite score of the same kind the map was fitted on
 * @returns the calibrated probability, in [0, 1]
 * @throws RelanceError `invalid_input` for a score that is not finite; `incompatible_model`
 *   for an object that is not a calibration of this version
 *
 * @example
 * ```ts
 * import { applyCalibration } from 'relance/propensity';
 *
 * const platt = { kind: 'calibration', version: 1, method: 'platt', params: { a: -4, b: 2 }, rows: 100, converged: true, iterations: 5 } as const;
 * console.log(applyCalibration(platt, 0.5)); // 0.5 (a·0.5 + b = 0)
 * ```
 */
export function applyCalibration(calibration: Calibration, score: number): number {
  checkCalibration('applyCalibration', calibration);
  if (typeof score !== 'number' || !Number.isFinite(score)) throw new RelanceError('invalid_input', `applyCalibration: expected a finite score, got ${String(score)}`);
  if (calibration.method === 'platt') return plattAt(calibration.params.a, calibration.params.b, score);
  return isotonicAt(calibration.params.x, calibration.params.y, score);
}

/**
 * Calibrates many scores at once ({@link applyCalibration} for each), into `out` when given.
 *
 * @param calibration - a map from {@link fitCalibration}
 * @param scores - finite scores of the kind the map was fitted on; not modified
 * @param out - where to write, of the same length as `scores` (default a new array); it may be `scores` itself to calibrate in place
 * @returns `out`, holding the calibrated probabilities in row order
 * @throws RelanceError `invalid_input` for a score that is not finite (naming its index) or an
 *   `out` of another length; `incompatible_model` for an object that is not a calibration
 *
 * @example
 * ```ts
 * import { applyCalibrationTo, fitCalibration } from 'relance/propensity';
 *
 * const isotonic = fitCalibration([0.1, 0.3, 0.35, 0.8], [0, 1, 0, 1], { method: 'isotonic' });
 * console.log(applyCalibrationTo(isotonic, [0, 0.2, 0.5, 1])); // Float64Array(4) [0, 0.25, 0.6666666666666666, 1]
 * ```
 */
export function applyCalibrationTo(calibration: Calibration, scores: ArrayLike<number>, out?: Float64Array): Float64Array {
  checkCalibration('applyCalibrationTo', calibration);
  const n = scores.length;
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== n)) {
    throw new RelanceError('invalid_input', `applyCalibrationTo: out must be a Float64Array of ${n} values (one per score)`);
  }
  const result = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) {
      throw new RelanceError('invalid_input', `applyCalibrationTo: scores[${i}]: expected a finite number, got ${String(s)}`, {
        issues: [{ code: 'invalid_value', path: ['scores', i], message: `expected a finite number, got ${String(s)}` }],
      });
    }
  }
  if (calibration.method === 'platt') {
    const { a, b } = calibration.params;
    for (let i = 0; i < n; i++) result[i] = plattAt(a, b, scores[i] as number);
  } else {
    const { x, y } = calibration.params;
    for (let i = 0; i < n; i++) result[i] = isotonicAt(x, y, scores[i] as number);
  }
  return result;
}
