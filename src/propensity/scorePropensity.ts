import { RelanceError, type RelanceIssue } from '../errors';
import { applyCalibrationTo } from './calibrate';
import { predictForest } from './forest';
import { rawScaleWeights, sigmoid } from './logistic';
import type { LogisticLearned } from './logistic';
import type { PropensityModel } from './model';
import { checkModelShape } from './modelShape';
import type { FeatureTable } from './table';

/** Options of {@link scorePropensity}. */
export interface ScorePropensityOptions {
  /**
   * A feature of the model absent from the input: `error` (default) names every missing
   * column; `impute-mean` gives it the training mean — the documented path for scoring
   * prospects with a customer model (a prospect has no workshop history): with the logistic
   * model a feature at its mean contributes nothing, so the score rests on what is known.
   */
  readonly missing?: 'error' | 'impute-mean' | undefined;
  /** A column the model does not know: `error` (default) or `ignore`. */
  readonly extra?: 'error' | 'ignore' | undefined;
  /** Apply the model's calibration when it has one. Default true. */
  readonly calibrated?: boolean | undefined;
}

const FN = 'scorePropensity';
const rawWeights = new WeakMap<LogisticLearned, { intercept: number; weights: Float64Array }>();

function weightsOf(learned: LogisticLearned): { intercept: number; weights: Float64Array } {
  let w = rawWeights.get(learned);
  if (w === undefined) {
    w = rawScaleWeights(learned);
    rawWeights.set(learned, w);
  }
  return w;
}

/** For each model feature, its column in the input (−1: missing). Throws on missing or extra columns per the options. */
function columnMap(model: PropensityModel, names: readonly string[], options: ScorePropensityOptions): Int32Array | null {
  const modelNames = model.featureNames;
  if (names.length === modelNames.length && names.every((n, j) => n === modelNames[j])) return null;
  const at = new Map<string, number>();
  names.forEach((n, j) => at.set(n, j));
  const map = new Int32Array(modelNames.length);
  const missing: string[] = [];
  modelNames.forEach((n, j) => {
    const k = at.get(n);
    map[j] = k ?? -1;
    if (k === undefined) missing.push(n);
  });
  const issues: RelanceIssue[] = [];
  if (missing.length > 0 && (options.missing ?? 'error') === 'error') {
    for (const n of missing) issues.push({ code: 'missing_column', path: ['featureNames', n], message: `the model needs column "${n}"` });
  }
  if ((options.extra ?? 'error') === 'error') {
    const known = new Set(modelNames);
    for (const n of names) if (!known.has(n)) issues.push({ code: 'unknown_column', path: ['featureNames', n], message: `the model has no column "${n}"` });
  }
  if (issues.length > 0) {
    throw new RelanceError('incompatible_model', `${FN}: the columns do not match the model's (${issues.map((i) => i.message).slice(0, 5).join('; ')}${issues.length > 5 ? '; …' : ''}); pass missing: 'impute-mean' or extra: 'ignore' to score anyway`, { issues: issues.slice(0, 20), issueCount: issues.length });
  }
  return map;
}

function badValue(table: FeatureTable, row: number, names: readonly string[]): RelanceError {
  const issues: RelanceIssue[] = [];
  for (let j = 0; j < table.cols; j++) {
    const v = table.data[row * table.cols + j] as number;
    if (!Number.isFinite(v)) issues.push({ code: 'invalid_value', path: ['data', row, names[j] as string], message: `expected a finite number, got ${String(v)}` });
  }
  const first = issues[0];
  return new RelanceError('invalid_input', `${FN}: row ${row}${first === undefined ? '' : `, column "${String(first.path[2])}"`}: expected finite numbers`, { issues });
}

/**
 * Probabilities of the positive class from a trained model: one per row of a feature table
 * (a `Float64Array` in row order) or one for a single row given as `{ feature: value }`.
 * Columns are matched by name (any order); missing and extra columns are errors unless the
 * options say otherwise (see {@link ScorePropensityOptions.missing} for prospects). Every
 * value is checked: a NaN or an infinity is an error naming its row and column. The model's
 * calibration, when it has one, is applied.
 *
 * @param model - from {@link trainPropensity} or {@link loadModel}
 * @param input - a feature table, or one row as a record of feature values
 * @param options - missing and extra columns, calibration
 * @returns the probabilities (a number for a single row)
 * @throws RelanceError `incompatible_model` for something that is not a model; `invalid_input` naming the column or value
 *
 * @example
 * ```ts
 * import { scorePropensity, trainPropensity } from 'relance/propensity';
 *
 * const table = {
 *   featureNames: ['visits12m', 'ageMonths'],
 *   rows: 6,
 *   cols: 2,
 *   data: Float64Array.from([0, 50, 1, 40, 3, 30, 4, 20, 0, 60, 5, 10]),
 *   labels: [0, 0, 1, 1, 0, 1],
 * };
 * const model = trainPropensity(table, { algorithm: 'logistic', seed: 1 });
 * const p = scorePropensity(model, { visits12m: 4, ageMonths: 24 });
 * p > 0.5; // true
 * ```
 */
export function scorePropensity(model: PropensityModel, input: FeatureTable, options?: ScorePropensityOptions): Float64Array;
export function scorePropensity(model: PropensityModel, input: Readonly<Record<string, number>>, options?: ScorePropensityOptions): number;
export function scorePropensity(model: PropensityModel, input: FeatureTable | Readonly<Record<string, number>>, options: ScorePropensityOptions = {}): Float64Array | number {
  checkModelShape(FN, model);
  if (isTable(input)) return scoreTable(model, input, options);
  // One row: a record of feature values.
  if (input === null || typeof input !== 'object') throw new RelanceError('invalid_input', `${FN}: expected a feature table or a record of feature values`);
  const names = Object.keys(input);
  const values = new Float64Array(names.length);
  names.forEach((n, j) => {
    const v = (input as Record<string, unknown>)[n];
    values[j] = typeof v === 'number' ? v : Number.NaN;
  });
  return scoreTable(model, { featureNames: names, rows: 1, cols: names.length, data: values }, options)[0] as number;
}

function isTable(x: unknown): x is FeatureTable {
  return typeof x === 'object' && x !== null && (x as FeatureTable).data instanceof Float64Array && Array.isArray((x as FeatureTable).featureNames);
}

function scoreTable(model: PropensityModel, table: FeatureTable, options: ScorePropensityOptions): Float64Array {
  const { rows, cols, data, featureNames } = table;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || featureNames.length !== cols || data.length !== rows * cols) {
    throw new RelanceError('invalid_input', `${FN}: malformed feature table (expected featureNames.length = cols and data.length = rows × cols)`, {
      issues: [{ code: 'invalid_value', path: ['data'], message: `expected ${rows} × ${cols} values and ${cols} names, got ${data.length} values and ${featureNames.length} names` }],
    });
  }
  const map = columnMap(model, featureNames, options);
  const p = model.featureNames.length;
  const means = model.training.featureMeans;
  const out = new Float64Array(rows);
  if (model.algorithm === 'logistic') {
    const { intercept, weights } = weightsOf(model.learned);
    if (map === null) {
      for (let i = 0; i < rows; i++) {
        let z = intercept;
        const base = i * cols;
        for (let j = 0; j < cols; j++) z += (weights[j] as number) * (data[base + j] as number);
        // A NaN or an infinity anywhere in the row makes z non-finite: one check per row.
        if (!Number.isFinite(z)) throw badValue(table, i, featureNames);
        out[i] = z >= 0 ? 1 / (1 + Math.exp(-z)) : sigmoid(z);
      }
    } else {
      for (let i = 0; i < rows; i++) {
        let z = intercept;
        const base = i * cols;
        for (let j = 0; j < p; j++) {
          const k = map[j] as number;
          z += (weights[j] as number) * (k < 0 ? (means[j] as number) : (data[base + k] as number));
        }
        if (!Number.isFinite(z)) throw badValue(table, i, featureNames);
        out[i] = sigmoid(z);
      }
      if (options.extra === 'ignore') checkFinite(table, featureNames);
    }
  } else {
    checkFinite(table, featureNames);
    let x = data;
    if (map !== null) {
      x = new Float64Array(rows * p);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < p; j++) {
          const k = map[j] as number;
          x[i * p + j] = k < 0 ? (means[j] as number) : (data[i * cols + k] as number);
        }
      }
    }
    predictForest(model.learned, x, rows, p, out);
  }
  if (model.calibration !== undefined && options.calibrated !== false) applyCalibrationTo(model.calibration, out, out);
  return out;
}

/** Every value finite (the forest's comparisons would silently send a NaN right). */
function checkFinite(table: FeatureTable, names: readonly string[]): void {
  const { data, cols } = table;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i] as number)) throw badValue(table, Math.floor(i / cols), names);
}
