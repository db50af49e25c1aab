/**
 * relance's random forest: a histogram-binned CART forest on typed arrays (Breiman, "Random
 * Forests", Machine Learning 45 (2001) 5–32; splits and defaults as scikit-learn's
 * `RandomForestClassifier`), seeded and independent of the row order. Fitting returns plain
 * JSON-serialisable data ({@link ForestLearned}); predicting takes that data.
 *
 * @module
 */
import { RelanceError, type RelanceIssue } from '../errors';
import { hashString } from '../internal/hash';
import { binTable } from './forestBins';
import { accuracyOf, permutationImportanceOf, rocAucOf } from './forestOob';
import { binnedLeafValue, growScratch, growTree, keptTree, MAX_FOREST_ROWS, poissonThresholds, type GrowContext, type GrownTree } from './forestTree';
import { checkTable, type FeatureTable } from './table';

/** How many features a split examines: `'sqrt'` (⌊√p⌋), `'log2'` (⌊log₂ p⌋), a fraction of p in (0, 1], or `'all'`; at least 1. */
export type ForestMaxFeatures = 'sqrt' | 'log2' | 'all' | number;

/** Class weights: `'balanced'` (n / (2 · count of the class), over the whole training table), `null` (1 and 1), or given. */
export type ForestClassWeight = 'balanced' | null | { readonly 0: number; readonly 1: number };

/**
 * The settings of a forest, with scikit-learn's names and defaults (`RandomForestClassifier`):
 * 100 fully grown trees, √p features per split, bootstrap samples, Gini impurity.
 */
export interface ForestParams {
  /** Number of trees (default 100). */
  readonly nEstimators: number;
  /** Maximum depth, the root at depth 0 (default `null`: grow until pure or too small). */
  readonly maxDepth: number | null;
  /** Fewest training rows in a leaf (distinct rows, not bootstrap counts; default 1). */
  readonly minSamplesLeaf: number;
  /** Fewest training rows a node needs to be split (default 2). */
  readonly minSamplesSplit: number;
  /** Features drawn per split (default `'sqrt'`); more are drawn while every one drawn is constant in the node, as scikit-learn does. */
  readonly maxFeatures: ForestMaxFeatures;
  /** Grow each tree on a bootstrap sample (default `true`); otherwise on every row once. */
  readonly bootstrap: boolean;
  /** Class weights (default `null`). */
  readonly classWeight: ForestClassWeight;
  /** Most bins per feature, 2 to 256 (default 255): a feature with fewer distinct values is split exactly. */
  readonly maxBins: number;
  /** Compute the out-of-bag score (default: `true` with the bootstrap; it needs the bootstrap). */
  readonly oob: boolean;
  /** Compute permutation importance on the out-of-bag predictions (default `false`; it costs about a second fit). */
  readonly permutationImportance: boolean;
  /** The seed: a 32-bit integer (larger integers are reduced modulo 2³²). */
  readonly seed: number;
}

/** Options of {@link fitForest}: the seed, and any {@link ForestParams} to change from their defaults. */
export type ForestOptions = { readonly seed: number } & Partial<Omit<ForestParams, 'seed'>>;

/**
 * One tree, as parallel arrays indexed by node (the root is node 0; a split's children are
 * numbered after it, `right = left + 1`): an internal node sends a row left when
 * `x[feature] ≤ threshold`, else right; a leaf has `feature = −1`, `threshold = 0` and
 * `left = right = −1`. `value` is, at every node, the weighted share of class 1 among the
 * node's training rows (bootstrap counts × class weights): at a leaf it is the tree's
 * P(class 1), and along a path its changes are the path-based contributions.
 */
export interface ForestTree {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

/** What {@link fitForest} learns: plain arrays, JSON-serialisable. */
export interface ForestLearned {
  /** Number of features (columns) the forest reads. */
  readonly nFeatures: number;
  readonly trees: readonly ForestTree[];
  /**
   * Per feature, the candidate thresholds the trees chose from (the bin edges; see
   * {@link fitForest}). Every threshold is one of them. Prediction does not need them.
   */
  readonly binEdges: readonly (readonly number[])[];
  /** Mean decrease in weighted Gini impurity per feature, each tree's normalised to sum 1, averaged, normalised to sum 1 (scikit-learn's `feature_importances_`). */
  readonly impurityImportance: readonly number[];
  /** Drop in out-of-bag ROC AUC when the feature's values are shuffled (present when asked for and defined). */
  readonly permutationImportance?: readonly number[];
  /** Out-of-bag ROC AUC and accuracy (P > ½ predicts 1) over the `rows` rows out of bag of at least one tree (present when asked for and both classes are among those rows). */
  readonly oobScore?: { readonly rocAuc: number; readonly accuracy: number; readonly rows: number };
}

const FIT = 'fitForest';
const RESOLVE = 'resolveForestParams';
const PREDICT = 'predictForest';
const CONTRIBUTIONS = 'forestContributions';
/** Largest number of bins: a bin number must fit a byte. */
const MAX_BINS = 256;
/**
 * Rows per block of prediction. Each tree walks a whole block before the next tree: a tree's
 * nodes (random reads) then stay in cache while the rows (read in order) stream past; small
 * blocks would reload every tree's deep nodes from memory once per block.
 */
const PREDICT_BLOCK_ROWS = 16384;

const KNOWN_OPTIONS = ['nEstimators', 'maxDepth', 'minSamplesLeaf', 'minSamplesSplit', 'maxFeatures', 'bootstrap', 'classWeight', 'maxBins', 'oob', 'permutationImportance', 'seed'];

/**
 * Applies the defaults to a forest's options and validates them.
 *
 * @param options - the seed and the settings to change (see {@link ForestParams})
 * @returns the complete settings, as given plus the defaults (`oob` defaults to `bootstrap`)
 * @throws RelanceError `invalid_input` naming the first wrong option (an unknown option too)
 *
 * @example
 * ```ts
 * import { resolveForestParams } from 'relance/propensity';
 * resolveForestParams({ seed: 1, nEstimators: 50 }).maxFeatures; // 'sqrt'
 * ```
 */
export function resolveForestParams(options: ForestOptions): ForestParams {
  return resolveParams(RESOLVE, options);
}

function resolveParams(fn: string, options: ForestOptions): ForestParams {
  if (options === null || typeof options !== 'object') throw new RelanceError('invalid_input', `${fn}: expected options { seed, … }, got ${String(options)}`);
  const bad = (name: string, expected: string, value: unknown): RelanceError => {
    const issue: RelanceIssue = { code: 'invalid_value', path: [name], message: `expected ${expected}, got ${describe(value)}` };
    return new RelanceError('invalid_input', `${fn}: option ${name} must be ${expected}, got ${describe(value)}`, { issues: [issue] });
  };
  for (const key of Object.keys(options)) if (!KNOWN_OPTIONS.includes(key)) throw bad(key, `one of ${KNOWN_OPTIONS.join(', ')} (unknown option)`, (options as Record<string, unknown>)[key]);
  const o = options as Partial<ForestParams>;
  const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
  const seed = o.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw bad('seed', 'an integer', seed);
  const nEstimators = o.nEstimators ?? 100;
  if (!isInt(nEstimators, 1)) throw bad('nEstimators', 'an integer ≥ 1', nEstimators);
  const maxDepth = o.maxDepth === undefined ? null : o.maxDepth;
  if (maxDepth !== null && !isInt(maxDepth, 1)) throw bad('maxDepth', 'an integer ≥ 1 or null', maxDepth);
  const minSamplesLeaf = o.minSamplesLeaf ?? 1;
  if (!isInt(minSamplesLeaf, 1)) throw bad('minSamplesLeaf', 'an integer ≥ 1', minSamplesLeaf);
  const minSamplesSplit = o.minSamplesSplit ?? 2;
  if (!isInt(minSamplesSplit, 2)) throw bad('minSamplesSplit', 'an integer ≥ 2', minSamplesSplit);
  const maxFeatures = o.maxFeatures ?? 'sqrt';
  if (!(maxFeatures === 'sqrt' || maxFeatures === 'log2' || maxFeatures === 'all' || (typeof maxFeatures === 'number' && maxFeatures > 0 && maxFeatures <= 1))) {
    throw bad('maxFeatures', "'sqrt', 'log2', 'all' or a fraction in (0, 1]", maxFeatures);
  }
  const bootstrap = o.bootstrap ?? true;
  if (typeof bootstrap !== 'boolean') throw bad('bootstrap', 'a boolean', bootstrap);
  const classWeight = o.classWeight === undefined ? null : o.classWeight;
  if (classWeight !== null && classWeight !== 'balanced') {
    const w = classWeight as { 0?: unknown; 1?: unknown };
    const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
    if (typeof w !== 'object' || !positive(w[0]) || !positive(w[1])) throw bad('classWeight', "'balanced', null or { 0: w₀, 1: w₁ } with finite weights > 0", classWeight);
  }
  const maxBins = o.maxBins ?? 255;
  if (!isInt(maxBins, 2) || maxBins > MAX_BINS) throw bad('maxBins', `an integer from 2 to ${MAX_BINS}`, maxBins);
  const oob = o.oob ?? bootstrap;
  if (typeof oob !== 'boolean') throw bad('oob', 'a boolean', oob);
  if (oob && !bootstrap) throw bad('oob', 'false when bootstrap is false (no row is out of bag)', oob);
  const permutationImportance = o.permutationImportance ?? false;
  if (typeof permutationImportance !== 'boolean') throw bad('permutationImportance', 'a boolean', permutationImportance);
  const weights = classWeight === null || classWeight === 'balanced' ? classWeight : { 0: classWeight[0], 1: classWeight[1] };
  return { nEstimators, maxDepth, minSamplesLeaf, minSamplesSplit, maxFeatures, bootstrap, classWeight: weights, maxBins, oob, permutationImportance, seed };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Features examined per split for `cols` features. */
function featuresPerSplit(maxFeatures: ForestMaxFeatures, cols: number): number {
  if (maxFeatures === 'all') return cols;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(cols)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(cols)));
  return Math.max(1, Math.floor(maxFeatures * cols));
}

/**
 * Fits a random forest of classification trees to a labelled table (labels 0/1).
 *
 * - **Bins.** Each feature is discretised once into at most `maxBins` bins: with at most
 *   `maxBins` distinct values, one bin per value, so splits are exactly those of an exhaustive
 *   search; otherwise quantile bins whose edges are midpoints between consecutive distinct
 *   values (above 200,000 rows the edges come from a sample of about 200,000 rows chosen by id).
 *   A split is stored as a real threshold, `x ≤ threshold` going left: of the edges lying in the
 *   gap between the node's two sides, the one nearest the middle of the gap (scikit-learn takes
 *   the midpoint of the two nearest values of the node, which is the same when the gap holds one edge).
 * - **Splits.** At each node features are drawn one at a time without replacement, with a
 *   generator seeded by (seed, tree), until `maxFeatures` have been drawn and at least one of
 *   them is not constant in the node (scikit-learn's rule); for each, the bins' class counts give every split at once,
 *   and the split of largest decrease in weighted Gini impurity wins (the first drawn, then the
 *   lowest bin, on a tie). A node is a leaf when pure, at `maxDepth`, below `minSamplesSplit`
 *   rows, or when no split leaves `minSamplesLeaf` rows on each side.
 * - **Bootstrap.** The count of row i in tree t is a Poisson(1) draw made from a 32-bit hash of
 *   (seed, t, id of row i): scikit-learn draws n rows with replacement (Binomial(n, 1/n) counts,
 *   Poisson(1) as n grows); a draw per row is what makes the sample, and so the model, the same
 *   whatever the order of the rows. Counts are the rows' weights, multiplied by the class weights.
 *   Rows sharing an id share their draws: ids should be unique (they default to the row numbers).
 * - **Order.** Every split decision reads sums of integer counts, which do not depend on the
 *   order in which the rows are summed, so the same rows with the same ids in any order give the
 *   identical model (the same JSON).
 * - **Out of bag.** Each row is predicted by the trees it was not drawn for; `oobScore` is the ROC
 *   AUC and accuracy of those predictions over the rows with at least one such tree.
 * - **Importance.** `impurityImportance` as scikit-learn's `feature_importances_`.
 *   `permutationImportance` (when asked): for each feature, its values are shuffled across the
 *   training rows (a shuffle seeded by (seed, feature) of the rows in id order), and the
 *   importance is the drop in out-of-bag ROC AUC (without the bootstrap: the training ROC AUC,
 *   optimistic). One shuffle per feature; it can be negative for a useless feature.
 *
 * @param table - the training table: `labels` 0/1 required; `ids` key the sampling (default the row numbers)
 * @param options - the seed and any settings to change (see {@link ForestParams})
 * @returns the learned trees and measures, as plain data
 * @throws RelanceError `invalid_input` for a malformed table (NaN, labels not 0/1, …) or a bad option;
 *   `insufficient_data` when the table has no rows or its labels are all 0 or all 1 (a forest of
 *   one class would score every customer alike: check the labels' join first)
 *
 * @example
 * ```ts
 * import { fitForest, predictForest } from 'relance/propensity';
 * const data = Float64Array.from([1, 2, 3, 4, 5, 6]);
 * const table = { featureNames: ['visits'], rows: 6, cols: 1, data, labels: [0, 0, 0, 1, 1, 1] };
 * const learned = fitForest(table, { seed: 7, nEstimators: 10, bootstrap: false, oob: false });
 * predictForest(learned, Float64Array.from([2, 5]), 2, 1); // Float64Array [0, 1]
 * ```
 */
export function fitForest(table: FeatureTable, options: ForestOptions): ForestLearned {
  checkTable(FIT, table, true);
  const params = resolveParams(FIT, options);
  const { rows, cols, data } = table;
  const labels = Uint8Array.from(table.labels as ArrayLike<number>);
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += labels[i] as number;
  const negatives = rows - positives;
  if (rows === 0) throw new RelanceError('insufficient_data', `${FIT}: the table has no rows`);
  if (rows > MAX_FOREST_ROWS) throw new RelanceError('invalid_input', `${FIT}: at most ${MAX_FOREST_ROWS} rows can be fitted at once, got ${rows}`);
  if (positives === 0 || negatives === 0) {
    throw new RelanceError('insufficient_data', `${FIT}: every label is ${positives === 0 ? 0 : 1}; a forest needs rows of both classes (check how the labels were joined)`, {
      issues: [{ code: 'single_class', path: ['labels'], message: `all ${rows} labels are ${positives === 0 ? 0 : 1}` }],
    });
  }
  let weight0 = 1;
  let weight1 = 1;
  const cw = params.classWeight;
  if (cw === 'balanced') {
    weight0 = rows / (2 * negatives);
    weight1 = rows / (2 * positives);
  } else if (cw !== null) {
    weight0 = cw[0];
    weight1 = cw[1];
  }
  const ids = table.ids ?? null;
  const idHash = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) idHash[i] = hashString(ids === null ? String(i) : (ids[i] as string));
  const bins = binTable(data, rows, cols, params.maxBins, idHash);
  const ctx: GrowContext = {
    rows,
    cols,
    bins,
    labels,
    idHash,
    weight0,
    weight1,
    seed: params.seed | 0,
    bootstrap: params.bootstrap,
    maxDepth: params.maxDepth ?? Number.POSITIVE_INFINITY,
    minSamplesLeaf: params.minSamplesLeaf,
    minSamplesSplit: params.minSamplesSplit,
    maxFeatures: featuresPerSplit(params.maxFeatures, cols),
  };
  const thresholds = poissonThresholds();
  const scratch = growScratch(ctx);
  const evaluate = params.oob || params.permutationImportance;
  const evalSum = new Float64Array(evaluate ? rows : 0);
  const evalCount = new Uint32Array(evaluate ? rows : 0);
  const importanceSum = new Float64Array(cols);
  const kept: GrownTree[] = [];
  const trees: ForestTree[] = [];
  for (let t = 0; t < params.nEstimators; t++) {
    const grown = growTree(ctx, t, thresholds, scratch);
    trees.push({
      feature: numbersOf(grown.feature),
      threshold: numbersOf(grown.threshold),
      left: numbersOf(grown.left),
      right: numbersOf(grown.right),
      value: numbersOf(grown.value),
    });
    if (grown.nodeCount > 1) {
      let total = 0;
      for (let f = 0; f < cols; f++) total += grown.importance[f] as number;
      if (total > 0) for (let f = 0; f < cols; f++) importanceSum[f] = (importanceSum[f] as number) + (grown.importance[f] as number) / total;
    }
    if (evaluate) {
      const counts = scratch.counts;
      for (let i = 0; i < rows; i++) {
        if (params.bootstrap && counts[i] !== 0) continue;
        evalSum[i] = (evalSum[i] as number) + binnedLeafValue(grown, bins, i);
        evalCount[i] = (evalCount[i] as number) + 1;
      }
    }
    if (params.permutationImportance) kept.push(keptTree(grown));
  }
  let importanceTotal = 0;
  for (let f = 0; f < cols; f++) importanceTotal += importanceSum[f] as number;
  const impurityImportance = Array.from(importanceSum, (v) => (importanceTotal > 0 ? v / importanceTotal : 0));

  const learned: { -readonly [K in keyof ForestLearned]: ForestLearned[K] } = {
    nFeatures: cols,
    trees,
    binEdges: bins.edges.map((e) => Array.from(e)),
    impurityImportance,
  };
  const auc = evaluate ? rocAucOf(labels, evalSum, evalCount) : Number.NaN;
  if (params.oob && Number.isFinite(auc)) {
    let counted = 0;
    for (let i = 0; i < rows; i++) if ((evalCount[i] as number) > 0) counted++;
    learned.oobScore = { rocAuc: auc, accuracy: accuracyOf(labels, evalSum, evalCount), rows: counted };
  }
  if (params.permutationImportance && Number.isFinite(auc)) {
    learned.permutationImportance = Array.from(permutationImportanceOf(ctx, kept, thresholds, ids, evalSum, evalCount, auc));
  }
  return learned;
}

/** A plain array copy of a typed array (a loop: `Array.from` walks an iterator, ten times slower). */
function numbersOf(values: Int32Array | Float64Array): number[] {
  const n = values.length;
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = values[k] as number;
  return out;
}

/**
 * The forest laid out for prediction: every node in 16 bytes of one buffer, so that a step down
 * a tree reads one cache line. Node k: `f64[2k]` its threshold, `i32[4k + 2]` its feature,
 * `i32[4k + 3]` its left child, the right child being the next node; a step is
 * `k = left + (x[feature] > threshold)`, without a branch. A leaf is its own left child with
 * threshold +∞ (feature 0), so stepping from it stays there; its value is `leafValue[k]`.
 * A tree keeps its own node order when each right child follows its left one (fitForest's
 * numbering), else is laid out breadth first; it starts at `roots[t]`.
 */
interface PackedForest {
  readonly roots: Int32Array;
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly leafValue: Float64Array;
}

/** Bytes per packed node: a threshold (8), a feature (4), a left child (4). */
const NODE_BYTES = 16;
/** Rows of zeros scored when a forest is laid out (one alone, then a group of four and one left over). */
const PRIMING_ROWS = [1, 5];

const packedForests = /* @__PURE__ */ new WeakMap<ForestLearned, PackedForest>();

function incompatible(fn: string, message: string): RelanceError {
  return new RelanceError('incompatible_model', `${fn}: ${message}`);
}

/**
 * Checks a learned forest's structure (arrays of one length, features in range, finite
 * thresholds, leaf values in [0, 1], each node reached once, children numbered after their
 * parent, so that every walk ends) and lays it out for prediction, once per learned object.
 */
function packedOf(fn: string, learned: ForestLearned): PackedForest {
  const cached = packedForests.get(learned);
  if (cached !== undefined) return cached;
  if (learned === null || typeof learned !== 'object' || !Array.isArray(learned.trees) || learned.trees.length === 0 || !Number.isInteger(learned.nFeatures) || learned.nFeatures < 0) {
    throw incompatible(fn, 'expected a learned forest { nFeatures, trees: [...] } from fitForest()');
  }
  const nFeatures = learned.nFeatures;
  let total = 0;
  learned.trees.forEach((tree, t) => {
    const n = Array.isArray(tree?.feature) ? tree.feature.length : 0;
    if (n === 0 || !Array.isArray(tree.threshold) || !Array.isArray(tree.left) || !Array.isArray(tree.right) || !Array.isArray(tree.value) || tree.threshold.length !== n || tree.left.length !== n || tree.right.length !== n || tree.value.length !== n) {
      throw incompatible(fn, `tree ${t}: expected feature, threshold, left, right and value arrays of one non-zero length`);
    }
    total += n;
  });
  const buffer = new ArrayBuffer(total * NODE_BYTES);
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const leafValue = new Float64Array(total);
  const roots = new Int32Array(learned.trees.length);
  let next = 0;
  learned.trees.forEach((tree, t) => {
    const n = tree.feature.length;
    const origin = next;
    roots[t] = origin;
    next += n;
    // One pass checks each node and lays it out in the tree's own order, which holds while every
    // right child follows its left one (as fitForest numbers them); otherwise a second pass lays
    // the tree out breadth first.
    const reached = new Uint8Array(n);
    reached[0] = 1;
    let adjacent = true;
    for (let k = 0; k < n; k++) {
      const at = origin + k;
      const f = tree.feature[k] as number;
      if (f === -1) {
        const v = tree.value[k] as number;
        if (!(v >= 0 && v <= 1)) throw incompatible(fn, `tree ${t}, node ${k}: a leaf's value must be a probability, got ${String(v)}`);
        f64[2 * at] = Number.POSITIVE_INFINITY;
        i32[4 * at + 2] = 0;
        i32[4 * at + 3] = at;
        leafValue[at] = v;
        continue;
      }
      const l = tree.left[k] as number;
      const r = tree.right[k] as number;
      const threshold = tree.threshold[k] as number;
      if (!Number.isInteger(f) || f < 0 || f >= nFeatures) throw incompatible(fn, `tree ${t}, node ${k}: feature ${String(f)} is not one of the ${nFeatures} features`);
      if (!Number.isFinite(threshold)) throw incompatible(fn, `tree ${t}, node ${k}: threshold ${String(threshold)} is not a finite number`);
      if (!Number.isInteger(l) || !Number.isInteger(r) || l <= k || r <= k || l >= n || r >= n || l === r) {
        throw incompatible(fn, `tree ${t}, node ${k}: children ${String(l)}, ${String(r)} must be two nodes numbered after it`);
      }
      if (reached[l] === 1 || reached[r] === 1) throw incompatible(fn, `tree ${t}, node ${k}: a child is reached twice (not a tree)`);
      reached[l] = 1;
      reached[r] = 1;
      if (r !== l + 1) adjacent = false;
      f64[2 * at] = threshold;
      i32[4 * at + 2] = f;
      i32[4 * at + 3] = origin + l;
    }
    if (adjacent) return;
    // Breadth first: `order[q]` is the node laid out at `origin + q`; its children get the next two places.
    const order = new Int32Array(n);
    const place = new Int32Array(n);
    let tail = 1;
    for (let q = 0; q < tail; q++) {
      const k = order[q] as number;
      if ((tree.feature[k] as number) === -1) continue;
      place[tree.left[k] as number] = tail;
      order[tail++] = tree.left[k] as number;
      place[tree.right[k] as number] = tail;
      order[tail++] = tree.right[k] as number;
    }
    for (let q = 0; q < n; q++) {
      const k = order[q] as number;
      const at = origin + q;
      const f = tree.feature[k] as number;
      if (f === -1) {
        f64[2 * at] = Number.POSITIVE_INFINITY;
        i32[4 * at + 2] = 0;
        i32[4 * at + 3] = at;
        leafValue[at] = tree.value[k] as number;
      } else {
        f64[2 * at] = tree.threshold[k] as number;
        i32[4 * at + 2] = f;
        i32[4 * at + 3] = origin + (place[tree.left[k] as number] as number);
        leafValue[at] = 0;
      }
    }
  });
  const packed: PackedForest = { roots, f64, i32, leafValue };
  // Score one row of zeros and then five, discarding them, so that every path of scoreRows has
  // run before a large batch makes its loops hot (V8 compiles a hot loop on the spot, and a path
  // that never ran makes that code bail out, call after call).
  if (nFeatures > 0) for (const n of PRIMING_ROWS) scoreRows(packed, new Float64Array(n * nFeatures), n, nFeatures, new Float64Array(n));
  packedForests.set(learned, packed);
  return packed;
}

/**
 * The trees' mean leaf value of each row into `result` (the checks done). Four rows walk each
 * tree in step: four independent chains of reads for the processor to overlap; rows at a leaf
 * stay there, and the four stop when none moved.
 */
function scoreRows(packed: PackedForest, data: Float64Array, rows: number, cols: number, result: Float64Array): void {
  const { roots, f64, i32, leafValue } = packed;
  const trees = roots.length;
  result.fill(0, 0, rows);
  if (cols === 0) {
    // No feature to read: every tree is its root leaf.
    let sum = 0;
    for (let t = 0; t < trees; t++) sum += leafValue[roots[t] as number] as number;
    result.fill(sum / trees, 0, rows);
    return;
  }
  for (let start = 0; start < rows; start += PREDICT_BLOCK_ROWS) {
    const end = Math.min(rows, start + PREDICT_BLOCK_ROWS);
    for (let t = 0; t < trees; t++) {
      const root = roots[t] as number;
      let r = start;
      for (; r + 4 <= end; r += 4) {
        const b0 = r * cols;
        const b1 = b0 + cols;
        const b2 = b1 + cols;
        const b3 = b2 + cols;
        let k0 = root;
        let k1 = root;
        let k2 = root;
        let k3 = root;
        for (;;) {
          const n0 = (i32[4 * k0 + 3] as number) + +((data[b0 + (i32[4 * k0 + 2] as number)] as number) > (f64[2 * k0] as number));
          const n1 = (i32[4 * k1 + 3] as number) + +((data[b1 + (i32[4 * k1 + 2] as number)] as number) > (f64[2 * k1] as number));
          const n2 = (i32[4 * k2 + 3] as number) + +((data[b2 + (i32[4 * k2 + 2] as number)] as number) > (f64[2 * k2] as number));
          const n3 = (i32[4 * k3 + 3] as number) + +((data[b3 + (i32[4 * k3 + 2] as number)] as number) > (f64[2 * k3] as number));
          if (((n0 ^ k0) | (n1 ^ k1) | (n2 ^ k2) | (n3 ^ k3)) === 0) break;
          k0 = n0;
          k1 = n1;
          k2 = n2;
          k3 = n3;
        }
        result[r] = (result[r] as number) + (leafValue[k0] as number);
        result[r + 1] = (result[r + 1] as number) + (leafValue[k1] as number);
        result[r + 2] = (result[r + 2] as number) + (leafValue[k2] as number);
        result[r + 3] = (result[r + 3] as number) + (leafValue[k3] as number);
      }
      for (; r < end; r++) {
        const b = r * cols;
        let k = root;
        for (;;) {
          const n = (i32[4 * k + 3] as number) + +((data[b + (i32[4 * k + 2] as number)] as number) > (f64[2 * k] as number));
          if (n === k) break;
          k = n;
        }
        result[r] = (result[r] as number) + (leafValue[k] as number);
      }
    }
    for (let r = start; r < end; r++) result[r] = (result[r] as number) / trees;
  }
}

/**
 * Predicts P(class 1) for each row: the mean over the trees of the leaf's value (scikit-learn's
 * `predict_proba(X)[:, 1]`). The forest is checked and laid out once in one typed buffer
 * (cached per learned object, 16 bytes a node); rows are scored in large blocks, each tree
 * walking a whole block in turn.
 *
 * @param learned - a forest from {@link fitForest} (or loaded from its JSON)
 * @param data - row-major values, `rows × cols`, every one finite
 * @param rows - number of rows
 * @param cols - number of columns: the forest's `nFeatures`, in the training order
 * @param out - where to write the probabilities (length ≥ rows); a new array when absent
 * @returns `out` (or the new array): one probability per row, in row order
 * @throws RelanceError `invalid_input` for a wrong shape or a non-finite value; `incompatible_model` for a malformed forest
 *
 * @example
 * ```ts
 * import { fitForest, predictForest } from 'relance/propensity';
 * const table = { featureNames: ['x'], rows: 4, cols: 1, data: Float64Array.from([0, 1, 2, 3]), labels: [0, 0, 1, 1] };
 * const learned = fitForest(table, { seed: 1, nEstimators: 5, bootstrap: false, oob: false });
 * predictForest(learned, Float64Array.from([0.5, 2.5]), 2, 1); // Float64Array [0, 1]
 * ```
 */
export function predictForest(learned: ForestLearned, data: Float64Array, rows: number, cols: number, out?: Float64Array): Float64Array {
  const packed = packedOf(PREDICT, learned);
  if (!Number.isInteger(rows) || rows < 0) throw new RelanceError('invalid_input', `${PREDICT}: rows must be a count, got ${String(rows)}`);
  if (cols !== learned.nFeatures) throw new RelanceError('invalid_input', `${PREDICT}: the forest reads ${learned.nFeatures} columns, got cols = ${String(cols)}`);
  if (!(data instanceof Float64Array) || data.length !== rows * cols) {
    throw new RelanceError('invalid_input', `${PREDICT}: expected a Float64Array of rows × cols = ${rows * cols} values, got ${data instanceof Float64Array ? data.length : typeof data}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) {
      const row = Math.floor(i / cols);
      throw new RelanceError('invalid_input', `${PREDICT}: row ${row}, column ${i - row * cols}: expected a finite number, got ${String(data[i])}`, {
        issues: [{ code: 'invalid_value', path: ['data', row, i - row * cols], message: `expected a finite number, got ${String(data[i])}` }],
      });
    }
  }
  const result = out ?? new Float64Array(rows);
  if (result.length < rows) throw new RelanceError('invalid_input', `${PREDICT}: out holds ${result.length} values, fewer than the ${rows} rows`);
  scoreRows(packed, data, rows, cols, result);
  return result;
}

/**
 * Path-based contributions (Saabas): in each tree, along the row's path, the change in the
 * node's value (P(class 1)) at each step is credited to the feature the step split on; the
 * bias is the root's value. Both are averaged over the trees, so `bias + Σ contributions`
 * equals the forest's prediction for the row (to rounding). A feature's contribution is in
 * probability points; it depends on the path's order, unlike Shapley values.
 *
 * @param learned - a forest from {@link fitForest}
 * @param row - one row's values, in the training column order
 * @returns the bias (the trees' mean root value) and one contribution per feature
 * @throws RelanceError `invalid_input` for a row of the wrong length or with a non-finite value
 *
 * @example
 * ```ts
 * import { fitForest, forestContributions } from 'relance/propensity';
 * const table = { featureNames: ['x'], rows: 4, cols: 1, data: Float64Array.from([0, 1, 2, 3]), labels: [0, 0, 1, 1] };
 * const learned = fitForest(table, { seed: 1, nEstimators: 5, bootstrap: false, oob: false });
 * forestContributions(learned, [3]); // { bias: 0.5, contributions: Float64Array [0.5] }
 * ```
 */
export function forestContributions(learned: ForestLearned, row: ArrayLike<number>): { bias: number; contributions: Float64Array } {
  packedOf(CONTRIBUTIONS, learned);
  const p = learned.nFeatures;
  if (row === null || typeof row !== 'object' || row.length !== p) {
    throw new RelanceError('invalid_input', `${CONTRIBUTIONS}: expected a row of ${p} values, got ${row === null || typeof row !== 'object' ? String(row) : `${row.length} values`}`);
  }
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(row[j] as number)) {
      throw new RelanceError('invalid_input', `${CONTRIBUTIONS}: column ${j}: expected a finite number, got ${String(row[j])}`, {
        issues: [{ code: 'invalid_value', path: ['row', j], message: `expected a finite number, got ${String(row[j])}` }],
      });
    }
  }
  const contributions = new Float64Array(p);
  let bias = 0;
  for (const tree of learned.trees) {
    const { feature, threshold, left, right, value } = tree;
    let node = 0;
    bias += value[0] as number;
    let f = feature[0] as number;
    while (f >= 0) {
      const next = (row[f] as number) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number);
      contributions[f] = (contributions[f] as number) + (value[next] as number) - (value[node] as number);
      node = next;
      f = feature[node] as number;
    }
  }
  const trees = learned.trees.length;
  for (let j = 0; j < p; j++) contributions[j] = (contributions[j] as number) / trees;
  return { bias: bias / trees, contributions };
}
