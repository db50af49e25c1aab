import { RelanceError } from '../errors';
import { evaluateScores } from './evaluateScores';
import { fitForest, type ForestParams, resolveForestParams } from './forest';
import { fitLogistic, type LogisticParams, resolveLogisticParams } from './logistic';
import { type CategoricalEncoding, PROPENSITY_MODEL_VERSION, type PropensityModel } from './model';
import { scorePropensity } from './scorePropensity';
import { checkTable, type FeatureTable } from './table';

/** Options of {@link trainPropensity}: the algorithm, the seed, and the algorithm's own options. */
export type TrainPropensityOptions =
  | ({ readonly algorithm: 'logistic'; readonly seed?: number | undefined } & Partial<LogisticParams>)
  | ({ readonly algorithm: 'random-forest'; readonly seed: number } & Partial<Omit<ForestParams, 'seed'>>);

const FN = 'trainPropensity';

/**
 * Trains a propensity model on a feature table with 0/1 labels, and returns a plain,
 * serialisable {@link PropensityModel}: the feature names and encodings, the options as
 * given, what was learned, and training metrics.
 *
 * - `logistic`: L2-penalised logistic regression on standardised features (the means and
 *   scales are stored in the model), fitted by Newton's method to scikit-learn's optimum:
 *   C·Σ logloss + ½‖β‖², the intercept not penalised (`C`, `classWeight`, `tolerance`,
 *   `maxIterations`). Reports `converged`, `iterations` and the final gradient.
 * - `random-forest`: relance's histogram-binned forest, seeded, deterministic and
 *   independent of the row order (sampling keys on the row ids): see {@link ForestParams}.
 *
 * @param table - the training table (`labels` required; `ids` key the forest's sampling)
 * @param options - the algorithm, the seed, the algorithm's options
 * @returns the model
 * @throws RelanceError `invalid_input` naming a bad value or option; `insufficient_data` with one class only
 *
 * @example
 * ```ts
 * import { trainPropensity } from 'relance/propensity';
 *
 * const table = {
 *   featureNames: ['visits12m'],
 *   rows: 6,
 *   cols: 1,
 *   data: Float64Array.from([0, 1, 2, 3, 4, 5]),
 *   labels: [0, 0, 1, 0, 1, 1],
 * };
 * const model = trainPropensity(table, { algorithm: 'logistic', seed: 7, C: 1 });
 * model.learned.converged; // true
 * ```
 */
export function trainPropensity(table: FeatureTable, options: TrainPropensityOptions): PropensityModel {
  checkTable(FN, table, true);
  const labels = table.labels as ArrayLike<number>;
  let positives = 0;
  for (let i = 0; i < table.rows; i++) positives += labels[i] as number;
  if (table.rows < 2 || positives === 0 || positives === table.rows) {
    throw new RelanceError('insufficient_data', `${FN}: training needs both classes (${positives} positives among ${table.rows} rows)`);
  }
  const featureMeans = new Array<number>(table.cols).fill(0);
  for (let i = 0; i < table.rows; i++) for (let j = 0; j < table.cols; j++) featureMeans[j] = (featureMeans[j] as number) + (table.data[i * table.cols + j] as number);
  for (let j = 0; j < table.cols; j++) featureMeans[j] = (featureMeans[j] as number) / table.rows;
  const encodings: readonly CategoricalEncoding[] = (table as { encodings?: readonly CategoricalEncoding[] }).encodings ?? [];
  const base = {
    kind: 'propensity-model' as const,
    version: PROPENSITY_MODEL_VERSION,
    featureNames: table.featureNames.slice(),
    encodings: encodings.map((e) => ({ column: e.column, levels: e.levels.slice() })),
  };
  let model: PropensityModel;
  if (options?.algorithm === 'logistic') {
    const { algorithm: _a, seed: _s, ...given } = options;
    const params = resolveLogisticParams(FN, given);
    const learned = fitLogistic(FN, table, params);
    model = { ...base, algorithm: 'logistic', params, learned, training: { rows: table.rows, positives, featureMeans, trainRocAuc: null } };
  } else if (options?.algorithm === 'random-forest') {
    const { algorithm: _a, ...given } = options;
    const params = resolveForestParams(given);
    const learned = fitForest(table, params);
    model = {
      ...base,
      algorithm: 'random-forest',
      params,
      learned,
      training: { rows: table.rows, positives, featureMeans, trainRocAuc: null, oobRocAuc: learned.oobScore?.rocAuc ?? null },
    };
  } else {
    throw new RelanceError('invalid_input', `${FN}: algorithm must be 'logistic' or 'random-forest', got ${String((options as { algorithm?: unknown } | undefined)?.algorithm)}`, {
      issues: [{ code: 'invalid_value', path: ['algorithm'], message: "expected 'logistic' or 'random-forest'" }],
    });
  }
  const trainRocAuc = evaluateScores(labels, scorePropensity(model, table)).rocAuc;
  return { ...model, training: { ...model.training, trainRocAuc } };
}
