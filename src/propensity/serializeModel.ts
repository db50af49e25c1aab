import * as z from 'zod';
import { RelanceError, type RelanceIssue } from '../errors';
import { PROPENSITY_MODEL_VERSION, type PropensityModel } from './model';
import { checkModelShape } from './modelShape';

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const probability = z.number().min(0).max(1);
const count = z.number().int().min(0);

const CalibrationSchema = z.discriminatedUnion('method', [
  z.strictObject({ kind: z.literal('calibration'), version: z.literal(1), method: z.literal('platt'), params: z.strictObject({ a: finite, b: finite }), rows: count, converged: z.boolean(), iterations: count }),
  z.strictObject({ kind: z.literal('calibration'), version: z.literal(1), method: z.literal('isotonic'), params: z.strictObject({ x: z.array(finite).min(1), y: z.array(probability).min(1) }), rows: count }),
]);

const common = {
  kind: z.literal('propensity-model'),
  version: z.number().int().min(1),
  featureNames: z.array(z.string().min(1)),
  encodings: z.array(z.strictObject({ column: z.string().min(1), levels: z.array(z.string()) })),
  training: z.strictObject({
    rows: count,
    positives: count,
    featureMeans: z.array(finite),
    trainRocAuc: probability.nullable(),
    oobRocAuc: probability.nullable().optional(),
  }),
  calibration: CalibrationSchema.optional(),
};

const LogisticSchema = z.strictObject({
  ...common,
  algorithm: z.literal('logistic'),
  params: z.strictObject({ C: z.number().positive(), tolerance: z.number().positive(), maxIterations: count, classWeight: z.literal('balanced').nullable() }),
  learned: z.strictObject({
    intercept: finite,
    coefficients: z.array(finite),
    means: z.array(finite),
    scales: z.array(z.number().positive()),
    iterations: count,
    converged: z.boolean(),
    gradientNorm: z.number().min(0),
  }),
});

const TreeSchema = z.strictObject({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(finite),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(probability),
});

const ForestSchema = z.strictObject({
  ...common,
  algorithm: z.literal('random-forest'),
  params: z.strictObject({
    nEstimators: z.number().int().min(1),
    maxDepth: z.number().int().min(1).nullable(),
    minSamplesLeaf: z.number().int().min(1),
    minSamplesSplit: z.number().int().min(2),
    maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.number().positive()]),
    bootstrap: z.boolean(),
    classWeight: z.union([z.literal('balanced'), z.null(), z.strictObject({ 0: z.number().positive(), 1: z.number().positive() })]),
    maxBins: z.number().int().min(2),
    oob: z.boolean(),
    permutationImportance: z.boolean(),
    seed: z.number().int(),
  }),
  learned: z.strictObject({
    nFeatures: count,
    trees: z.array(TreeSchema).min(1),
    binEdges: z.array(z.array(finite)),
    impurityImportance: z.array(finite),
    permutationImportance: z.array(finite).optional(),
    oobScore: z.strictObject({ rocAuc: probability, accuracy: probability, rows: count }).optional(),
  }),
});

const ModelSchema = z.discriminatedUnion('algorithm', [LogisticSchema, ForestSchema]);

const FN = 'loadModel';

function incompatible(message: string, issues: RelanceIssue[] = []): RelanceError {
  return new RelanceError('incompatible_model', `${FN}: ${message}`, { issues });
}

/** What zod cannot say in its schema: array lengths that must agree, child indices in range. */
function consistency(m: z.infer<typeof ModelSchema>): RelanceIssue[] {
  const issues: RelanceIssue[] = [];
  const p = m.featureNames.length;
  if (new Set(m.featureNames).size !== p) issues.push({ code: 'invalid_value', path: ['featureNames'], message: 'duplicate feature names' });
  if (m.training.featureMeans.length !== p) issues.push({ code: 'invalid_value', path: ['training', 'featureMeans'], message: `expected ${p} means` });
  if (m.algorithm === 'logistic') {
    for (const key of ['coefficients', 'means', 'scales'] as const) {
      if (m.learned[key].length !== p) issues.push({ code: 'invalid_value', path: ['learned', key], message: `expected ${p} values, one per feature` });
    }
  } else {
    m.learned.trees.forEach((t, k) => {
      const n = t.feature.length;
      if (t.threshold.length !== n || t.left.length !== n || t.right.length !== n || t.value.length !== n) {
        issues.push({ code: 'invalid_value', path: ['learned', 'trees', k], message: 'node arrays of different lengths' });
        return;
      }
      for (let i = 0; i < n; i++) {
        const f = t.feature[i] as number;
        if (f >= p) issues.push({ code: 'invalid_value', path: ['learned', 'trees', k, 'feature', i], message: `feature index ${f} ≥ ${p}` });
        if (f >= 0) {
          // Children come after their parent: a walk always ends, no cycle possible.
          for (const c of [t.left[i] as number, t.right[i] as number]) {
            if (!(c > i && c < n)) issues.push({ code: 'invalid_value', path: ['learned', 'trees', k, 'left', i], message: `child index ${c} out of range` });
          }
        }
        if (issues.length >= 20) return;
      }
    });
    if (m.learned.nFeatures !== p) issues.push({ code: 'invalid_value', path: ['learned', 'nFeatures'], message: `expected ${p}, the number of features` });
    if (m.learned.impurityImportance.length !== p) issues.push({ code: 'invalid_value', path: ['learned', 'impurityImportance'], message: `expected ${p} values` });
  }
  return issues;
}

/**
 * A model as versioned JSON text (the plain object, `JSON.stringify`d): store it, ship it to a
 * DMS, load it with {@link loadModel}.
 *
 * @param model - a propensity model
 * @returns JSON text
 * @throws RelanceError `incompatible_model` when the object is not a model
 *
 * @example
 * ```ts
 * import { loadModel, serializeModel, trainPropensity } from 'relance/propensity';
 *
 * const model = trainPropensity({ featureNames: ['x'], rows: 4, cols: 1, data: Float64Array.from([0, 1, 2, 3]), labels: [0, 1, 0, 1] }, { algorithm: 'logistic' });
 * const text = serializeModel(model);
 * loadModel(text).featureNames; // ['x']
 * ```
 */
export function serializeModel(model: PropensityModel): string {
  checkModelShape('serializeModel', model);
  return JSON.stringify(model);
}

/**
 * Reads a model file: parses the JSON, validates every field with a strict schema (no unknown
 * key, `__proto__` included, is accepted; nothing in the file is executed — it is data), checks
 * that its arrays agree and its trees are well formed, and that its version is one this
 * relance reads. A tampered, truncated or newer file is an `incompatible_model` error with
 * the paths of what is wrong.
 *
 * @param json - the JSON text from {@link serializeModel} (or the parsed object)
 * @returns the model
 * @throws RelanceError `incompatible_model`
 *
 * @example
 * ```ts
 * import { loadModel } from 'relance/propensity';
 *
 * try {
 *   loadModel('{"kind":"propensity-model","version":99}');
 * } catch (error) {
 *   console.log((error as Error).message); // loadModel: model version 99 is newer than this relance reads (1) …
 * }
 * ```
 */
export function loadModel(json: string | unknown): PropensityModel {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new RelanceError('incompatible_model', `${FN}: not valid JSON (${(error as Error).message}); the file may be truncated`, { cause: error });
    }
  }
  if (value === null || typeof value !== 'object') throw incompatible('expected a JSON object');
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > PROPENSITY_MODEL_VERSION) {
    throw incompatible(`model version ${version} is newer than this relance reads (${PROPENSITY_MODEL_VERSION}); upgrade relance`);
  }
  const parsed = ModelSchema.safeParse(value);
  if (!parsed.success) {
    const issues: RelanceIssue[] = parsed.error.issues.slice(0, 20).map((i) => ({ code: i.code, path: i.path.filter((s): s is string | number => typeof s !== 'symbol'), message: i.message }));
    const first = issues[0];
    throw new RelanceError('incompatible_model', `${FN}: not a valid propensity model${first === undefined ? '' : ` (${first.path.join('.')}: ${first.message})`}`, { issues, issueCount: parsed.error.issues.length });
  }
  const issues = consistency(parsed.data);
  if (issues.length > 0) throw incompatible(`inconsistent model (${issues[0]?.path.join('.')}: ${issues[0]?.message})`, issues);
  return parsed.data as PropensityModel;
}
