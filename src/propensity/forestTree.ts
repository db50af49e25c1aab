/*
 * Growing one tree of the forest on the binned table: bootstrap counts keyed on row ids,
 * depth-first growth, at each node the best Gini split over features drawn one by one
 * (as scikit-learn's BestSplitter), searched on per-bin class counts.
 *
 * Everything a split decision reads is an integer count (bootstrap counts per class, rows),
 * summed over the node's rows: sums of integers do not depend on the order of the rows, so
 * neither does the tree. The only floating-point arithmetic is on those totals.
 */
import { fmix32, hashInts } from '../internal/hash';
import { Random } from '../internal/random';
import type { BinnedTable } from './forestBins';

/** Salts that separate the bootstrap's and the feature draws' streams. */
const BOOTSTRAP_SALT = 0x426f6f74;
const FEATURE_SALT = 0x46656174;
/** Largest bootstrap count of a row (P(Poisson(1) > 15) ≈ 1e-13): it fits the 4 bits a sample gives it. */
export const MAX_BOOTSTRAP_COUNT = 15;
/** Rows a fit can take: a sample packs the row number in its upper 26 bits (the sign bit spare). */
export const MAX_FOREST_ROWS = 67_108_863;
/** A sample is `row << SAMPLE_SHIFT | count << 1 | label`. */
const SAMPLE_SHIFT = 5;
const SAMPLE_WEIGHT_MASK = 31;
/**
 * A node sorts its rows' keys by insertion (about n²/4 steps) instead of filling and scanning
 * a histogram (about 3 × bins + n) when n² + 4n < this × bins, i.e. when that is cheaper.
 */
const SORT_COST_RATIO = 12;
/**
 * From this many rows, a node fills the histograms of all the features it drew in one pass
 * over its rows (each row's bins share a cache line), instead of one pass per feature.
 */
const SHARED_PASS_ROWS = 128;
/** Most bins of a feature (a bin number is a byte). */
const MAX_BINS = 256;
/** Stack slots first allocated for the known-constant flags (grown as the tree deepens). */
const INITIAL_STACK_SLOTS = 64;
const TWO_POW_32 = 4294967296;
/** Slots of the best-split record: Gini proxy, feature, last bin on the left, first bin on the right, left counts per class. */
const BEST_PROXY = 0;
const BEST_FEATURE = 1;
const BEST_BIN = 2;
const BEST_NEXT = 3;
const BEST_LEFT0 = 4;
const BEST_LEFT1 = 5;
const BEST_SLOTS = 6;

/** Everything the trees share: the data and the resolved settings. */
export interface GrowContext {
  readonly rows: number;
  readonly cols: number;
  readonly bins: BinnedTable;
  readonly labels: Uint8Array;
  readonly idHash: Uint32Array;
  /** Class weights (scikit-learn's `class_weight`), applied to the bootstrap counts. */
  readonly weight0: number;
  readonly weight1: number;
  readonly seed: number;
  readonly bootstrap: boolean;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  /** Features drawn per split (more while every one drawn is constant in the node). */
  readonly maxFeatures: number;
}

/**
 * One grown tree, typed; `splitBin` routes binned rows (bin ≤ splitBin → left). The arrays are
 * views of the scratch buffers, valid until the next tree is grown ({@link keptTree} copies them).
 */
export interface GrownTree {
  readonly nodeCount: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly splitBin: Int32Array;
  /** Weighted Gini decrease per feature, summed over the tree's splits. */
  readonly importance: Float64Array;
}

/** Cumulative Poisson(1) probabilities × 2³², for drawing a count from a 32-bit hash. */
export function poissonThresholds(): Float64Array {
  const cumulative = new Float64Array(MAX_BOOTSTRAP_COUNT);
  let p = Math.exp(-1);
  let sum = 0;
  for (let k = 0; k < MAX_BOOTSTRAP_COUNT; k++) {
    sum += p;
    cumulative[k] = sum * TWO_POW_32;
    p /= k + 1;
  }
  return cumulative;
}

/**
 * The bootstrap count of every row in tree `t`: Poisson(1), drawn by inverting its CDF at a
 * 32-bit hash of (seed, t, the row's id). The multinomial draw of scikit-learn (n rows drawn
 * with replacement) gives each row a Binomial(n, 1/n) count, which is Poisson(1) in the limit;
 * drawing each row on its own is what makes the sample independent of the row order (and of
 * the other rows), at the price of a total that varies around n. Without bootstrap every count is 1.
 */
export function bootstrapCounts(ctx: GrowContext, t: number, thresholds: Float64Array, out: Uint8Array): void {
  const { rows, idHash } = ctx;
  if (!ctx.bootstrap) {
    out.fill(1);
    return;
  }
  const key1 = hashInts(ctx.seed, t, BOOTSTRAP_SALT);
  const key2 = hashInts(t, ctx.seed, BOOTSTRAP_SALT);
  for (let i = 0; i < rows; i++) {
    const u = fmix32((fmix32((idHash[i] as number) ^ key1) + key2) | 0);
    let k = 0;
    while (k < MAX_BOOTSTRAP_COUNT && u >= (thresholds[k] as number)) k++;
    out[i] = k;
  }
}

/**
 * Everything the split search reads and writes, made once per fit and reused by every tree:
 * the binned data and settings, scratch buffers, and the node being split. The search runs in
 * module functions that take this object (not closures made per tree, which the engine would
 * have to learn again, and deoptimise, for every tree).
 */
export interface GrowScratch {
  readonly cols: number;
  readonly rowBytes: number;
  readonly binned: Uint8Array;
  readonly binCounts: Int32Array;
  readonly byteOf: Int32Array;
  readonly shiftOf: Int32Array;
  readonly maskOf: Int32Array;
  readonly weight0: number;
  readonly weight1: number;
  readonly minSamplesLeaf: number;
  /** Whether rows per bin must be counted (minSamplesLeaf > 1). */
  readonly needRows: boolean;
  /** The tree's rows, grouped by node: `row << SAMPLE_SHIFT | count << 1 | label`. */
  readonly samples: Int32Array;
  readonly spareSamples: Int32Array;
  readonly keys: Uint32Array;
  /** Per-bin class counts (`2 · bin + label`) of the features being searched, one region each. */
  readonly hist: Int32Array;
  /** Per-bin row counts, one region per feature (only with minSamplesLeaf > 1). */
  readonly histRows: Int32Array;
  readonly featureOrder: Int32Array;
  readonly candidates: Int32Array;
  readonly offsets: Int32Array;
  /** Per candidate its best split (BEST_SLOTS values each), and the node's best. */
  readonly best: Float64Array;
  readonly nodeBestRecord: Float64Array;
  readonly occupiedBins: Uint8Array;
  readonly binaryList: Int32Array;
  readonly manyList: Int32Array;
  readonly manyByte: Int32Array;
  /** Per-feature totals of the two-bin passes. */
  readonly tally: Int32Array;
  readonly nodeFeature: Int32Array;
  readonly nodeThreshold: Float64Array;
  readonly nodeLeft: Int32Array;
  readonly nodeRight: Int32Array;
  readonly nodeValue: Float64Array;
  readonly nodeBin: Int32Array;
  readonly stackStart: Int32Array;
  readonly stackEnd: Int32Array;
  readonly stackDepth: Int32Array;
  readonly stackNode: Int32Array;
  readonly stackCount0: Int32Array;
  readonly stackCount1: Int32Array;
  /** Bootstrap count of every row in the tree last grown (0: out of bag). */
  readonly counts: Uint8Array;
  /** Per stack slot, per feature, 1 when the feature is known constant in that node (grown on demand). */
  constant: Uint8Array;
  /** The node being split: its rows `samples[start … end)`, their class counts and weighted totals. */
  start: number;
  end: number;
  nRows: number;
  c0: number;
  c1: number;
  total0: number;
  total1: number;
}

export function growScratch(ctx: GrowContext): GrowScratch {
  const { rows, cols, bins } = ctx;
  const nodes = 2 * rows + 1;
  return {
    cols,
    rowBytes: bins.rowBytes,
    binned: bins.binned,
    binCounts: bins.binCounts,
    byteOf: bins.byteOf,
    shiftOf: bins.shiftOf,
    maskOf: bins.maskOf,
    weight0: ctx.weight0,
    weight1: ctx.weight1,
    minSamplesLeaf: ctx.minSamplesLeaf,
    needRows: ctx.minSamplesLeaf > 1,
    samples: new Int32Array(rows),
    spareSamples: new Int32Array(rows),
    keys: new Uint32Array(rows),
    hist: new Int32Array(2 * MAX_BINS * Math.max(1, cols)),
    histRows: new Int32Array(MAX_BINS * Math.max(1, cols)),
    featureOrder: new Int32Array(cols),
    candidates: new Int32Array(cols),
    offsets: new Int32Array(cols),
    best: new Float64Array(BEST_SLOTS * Math.max(1, cols)),
    nodeBestRecord: new Float64Array(BEST_SLOTS),
    occupiedBins: new Uint8Array(cols),
    binaryList: new Int32Array(cols),
    manyList: new Int32Array(cols),
    manyByte: new Int32Array(cols),
    tally: new Int32Array(12),
    nodeFeature: new Int32Array(nodes),
    nodeThreshold: new Float64Array(nodes),
    nodeLeft: new Int32Array(nodes),
    nodeRight: new Int32Array(nodes),
    nodeValue: new Float64Array(nodes),
    nodeBin: new Int32Array(nodes),
    stackStart: new Int32Array(rows + 2),
    stackEnd: new Int32Array(rows + 2),
    stackDepth: new Int32Array(rows + 2),
    stackNode: new Int32Array(rows + 2),
    stackCount0: new Int32Array(rows + 2),
    stackCount1: new Int32Array(rows + 2),
    counts: new Uint8Array(rows),
    constant: new Uint8Array(INITIAL_STACK_SLOTS * cols),
    start: 0,
    end: 0,
    nRows: 0,
    c0: 0,
    c1: 0,
    total0: 0.5,
    total1: 0.5,
  };
}

/**
 * Candidate d's best split goes to its own record, `best[BEST_SLOTS · d …]` (proxy −∞ when it has
 * none), so the order in which candidates are searched cannot matter: the node then takes the
 * best of them, the first drawn on a tie.
 *
 * (The functions below that loop over rows or bins call nothing inside or after their loops:
 * the engine compiles a hot loop before the code after it has run, and a call there, with no
 * feedback yet, sends every later pass back to the interpreter.)
 */
function record(s: GrowScratch, d: number, proxy: number, f: number, bin: number, next: number, left0: number, left1: number): void {
  const best = s.best;
  const at = d * BEST_SLOTS;
  best[at + BEST_PROXY] = proxy;
  best[at + BEST_FEATURE] = f;
  best[at + BEST_BIN] = bin;
  best[at + BEST_NEXT] = next;
  best[at + BEST_LEFT0] = left0;
  best[at + BEST_LEFT1] = left1;
}

/**
 * Scans candidate d's class counts hist[offset …] (rows: histRows[rowsOffset …]) into its record
 * and returns its occupied bins. The Gini proxy of a split leaving (l0, l1) weighted counts on
 * the left is Σ_side Σ_c w_c² / W_side.
 */
function scanHistogram(s: GrowScratch, d: number, f: number, offset: number, rowsOffset: number, nb: number): number {
  const { hist, histRows, needRows, minSamplesLeaf, nRows, weight0, weight1, total0, total1, best } = s;
  let bestProxy = Number.NEGATIVE_INFINITY;
  let bestBin = 0;
  let bestNext = 0;
  let bestLeft0 = 0;
  let bestLeft1 = 0;
  let left0 = 0;
  let left1 = 0;
  let leftRows = 0;
  let previous = -1;
  let occupied = 0;
  for (let b = 0; b < nb; b++) {
    const a0 = hist[offset + (b << 1)] as number;
    const a1 = hist[offset + (b << 1) + 1] as number;
    if (a0 === 0 && a1 === 0) continue;
    occupied++;
    if (previous >= 0 && (!needRows || (leftRows >= minSamplesLeaf && nRows - leftRows >= minSamplesLeaf))) {
      const l0 = left0 * weight0;
      const l1 = left1 * weight1;
      const r0 = total0 - l0;
      const r1 = total1 - l1;
      const proxy = (l0 * l0 + l1 * l1) / (l0 + l1) + (r0 * r0 + r1 * r1) / (r0 + r1);
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestBin = previous;
        bestNext = b;
        bestLeft0 = left0;
        bestLeft1 = left1;
      }
    }
    left0 += a0;
    left1 += a1;
    if (needRows) leftRows += histRows[rowsOffset + b] as number;
    previous = b;
  }
  const at = d * BEST_SLOTS;
  best[at + BEST_PROXY] = bestProxy;
  best[at + BEST_FEATURE] = f;
  best[at + BEST_BIN] = bestBin;
  best[at + BEST_NEXT] = bestNext;
  best[at + BEST_LEFT0] = bestLeft0;
  best[at + BEST_LEFT1] = bestLeft1;
  return occupied;
}

/** Candidate d, a two-bin feature, from bin 1's totals; returns its occupied bins. */
function finishBinary(s: GrowScratch, d: number, f: number, rightCount: number, rightPositive: number, rightRows: number): number {
  const nRows = s.nRows;
  record(s, d, Number.NEGATIVE_INFINITY, f, 0, 1, 0, 0);
  if (rightRows === 0 || rightRows === nRows) return 1;
  if (nRows - rightRows >= s.minSamplesLeaf && rightRows >= s.minSamplesLeaf) {
    const left1 = s.c1 - rightPositive;
    const left0 = s.c0 - (rightCount - rightPositive);
    const l0 = left0 * s.weight0;
    const l1 = left1 * s.weight1;
    const r0 = s.total0 - l0;
    const r1 = s.total1 - l1;
    record(s, d, (l0 * l0 + l1 * l1) / (l0 + l1) + (r0 * r0 + r1 * r1) / (r0 + r1), f, 0, 1, left0, left1);
  }
  return 2;
}

/**
 * Bin 1's totals of two-bin feature f over the node's rows, into `tally[0 … 2]` (count,
 * positives' count, rows): in registers, where a histogram's increments of the same two slots
 * would wait on each other; masks rather than products (an integer product costs the engine
 * overflow and −0 checks).
 */
function tallyBinary(s: GrowScratch, f: number): void {
  const { samples, binned, rowBytes, start, end, tally } = s;
  const at = s.byteOf[f] as number;
  const shift = s.shiftOf[f] as number;
  let rightCount = 0;
  let rightPositive = 0;
  let rightRows = 0;
  for (let k = start; k < end; k++) {
    const w = samples[k] as number;
    const b = ((binned[Math.imul(w >>> SAMPLE_SHIFT, rowBytes) + at] as number) >> shift) & 1;
    const c = ((w & SAMPLE_WEIGHT_MASK) >> 1) & (0 - b);
    rightCount += c;
    rightPositive += c & (0 - (w & 1));
    rightRows += b;
  }
  tally[0] = rightCount;
  tally[1] = rightPositive;
  tally[2] = rightRows;
}

/** The class counts per bin (and rows per bin, when needed) of feature f over the node's rows, into hist[0 …]. */
function fillHistogram(s: GrowScratch, f: number, nb: number): void {
  const { samples, binned, rowBytes, start, end, hist, histRows, needRows } = s;
  const at = s.byteOf[f] as number;
  const shift = s.shiftOf[f] as number;
  const mask = s.maskOf[f] as number;
  hist.fill(0, 0, 2 * nb);
  if (needRows) histRows.fill(0, 0, nb);
  for (let k = start; k < end; k++) {
    const w = samples[k] as number;
    const b = ((binned[Math.imul(w >>> SAMPLE_SHIFT, rowBytes) + at] as number) >> shift) & mask;
    const slot = (b << 1) | (w & 1);
    hist[slot] = (hist[slot] as number) + ((w & SAMPLE_WEIGHT_MASK) >> 1);
    if (needRows) histRows[b] = (histRows[b] as number) + 1;
  }
}

/** The node's rows as keys `bin << 8 | count << 1 | label` of feature f, sorted (by insertion: the node is small). */
function sortKeys(s: GrowScratch, f: number): void {
  const { samples, binned, rowBytes, start, end, nRows, keys } = s;
  const at = s.byteOf[f] as number;
  const shift = s.shiftOf[f] as number;
  const mask = s.maskOf[f] as number;
  for (let k = start; k < end; k++) {
    const w = samples[k] as number;
    keys[k - start] = ((((binned[Math.imul(w >>> SAMPLE_SHIFT, rowBytes) + at] as number) >> shift) & mask) << 8) | (w & SAMPLE_WEIGHT_MASK);
  }
  for (let a = 1; a < nRows; a++) {
    const key = keys[a] as number;
    let b = a - 1;
    while (b >= 0 && (keys[b] as number) > key) {
      keys[b + 1] = keys[b] as number;
      b--;
    }
    keys[b + 1] = key;
  }
}

/** Scans the sorted keys of candidate d (feature f) into its record; returns its occupied bins. */
function scanKeys(s: GrowScratch, d: number, f: number): number {
  const { keys, nRows, minSamplesLeaf, weight0, weight1, total0, total1, best } = s;
  let bestProxy = Number.NEGATIVE_INFINITY;
  let bestBin = 0;
  let bestNext = 0;
  let bestLeft0 = 0;
  let bestLeft1 = 0;
  let left0 = 0;
  let left1 = 0;
  let leftRows = 0;
  let previous = -1;
  let occupied = 0;
  let k = 0;
  while (k < nRows) {
    const b = (keys[k] as number) >>> 8;
    let a0 = 0;
    let a1 = 0;
    let r = 0;
    while (k < nRows && (keys[k] as number) >>> 8 === b) {
      const w = (keys[k] as number) & SAMPLE_WEIGHT_MASK;
      if ((w & 1) === 1) a1 += w >> 1;
      else a0 += w >> 1;
      r++;
      k++;
    }
    occupied++;
    if (previous >= 0 && leftRows >= minSamplesLeaf && nRows - leftRows >= minSamplesLeaf) {
      const l0 = left0 * weight0;
      const l1 = left1 * weight1;
      const r0 = total0 - l0;
      const r1 = total1 - l1;
      const proxy = (l0 * l0 + l1 * l1) / (l0 + l1) + (r0 * r0 + r1 * r1) / (r0 + r1);
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestBin = previous;
        bestNext = b;
        bestLeft0 = left0;
        bestLeft1 = left1;
      }
    }
    left0 += a0;
    left1 += a1;
    leftRows += r;
    previous = b;
  }
  const at = d * BEST_SLOTS;
  best[at + BEST_PROXY] = bestProxy;
  best[at + BEST_FEATURE] = f;
  best[at + BEST_BIN] = bestBin;
  best[at + BEST_NEXT] = bestNext;
  best[at + BEST_LEFT0] = bestLeft0;
  best[at + BEST_LEFT1] = bestLeft1;
  return occupied;
}

/** Searches candidate d on its own; returns its occupied bins (2 meaning "at least 2"). */
function searchOne(s: GrowScratch, d: number): number {
  const f = s.candidates[d] as number;
  const nb = s.binCounts[f] as number;
  if (nb === 2) {
    tallyBinary(s, f);
    const tally = s.tally;
    return finishBinary(s, d, f, tally[0] as number, tally[1] as number, tally[2] as number);
  }
  const nRows = s.nRows;
  if (nRows * nRows + 4 * nRows >= SORT_COST_RATIO * nb) {
    fillHistogram(s, f, nb);
    return scanHistogram(s, d, f, 0, 0, nb);
  }
  // Few rows against many bins: sort the node's keys instead.
  sortKeys(s, f);
  return scanKeys(s, d, f);
}

/**
 * Bin 1's totals of four two-bin features in one pass over the node's rows, each in registers
 * (a one-hot table's usual case), into `tally[0 … 11]`; `f3` may repeat `f2` (fewer than four).
 */
function tallyBinaryFour(s: GrowScratch, f0: number, f1: number, f2: number, f3: number): void {
  const { samples, binned, rowBytes, start, end, byteOf, shiftOf, tally } = s;
  const at0 = byteOf[f0] as number;
  const at1 = byteOf[f1] as number;
  const at2 = byteOf[f2] as number;
  const at3 = byteOf[f3] as number;
  const shift0 = shiftOf[f0] as number;
  const shift1 = shiftOf[f1] as number;
  const shift2 = shiftOf[f2] as number;
  const shift3 = shiftOf[f3] as number;
  let count0 = 0;
  let positive0 = 0;
  let rows0 = 0;
  let count1 = 0;
  let positive1 = 0;
  let rows1 = 0;
  let count2 = 0;
  let positive2 = 0;
  let rows2 = 0;
  let count3 = 0;
  let positive3 = 0;
  let rows3 = 0;
  for (let k = start; k < end; k++) {
    const w = samples[k] as number;
    const row = Math.imul(w >>> SAMPLE_SHIFT, rowBytes);
    const c = (w & SAMPLE_WEIGHT_MASK) >> 1;
    const y = 0 - (w & 1);
    const b0 = ((binned[row + at0] as number) >> shift0) & 1;
    const b1 = ((binned[row + at1] as number) >> shift1) & 1;
    const b2 = ((binned[row + at2] as number) >> shift2) & 1;
    const b3 = ((binned[row + at3] as number) >> shift3) & 1;
    const a0 = c & (0 - b0);
    const a1 = c & (0 - b1);
    const a2 = c & (0 - b2);
    const a3 = c & (0 - b3);
    count0 += a0;
    count1 += a1;
    count2 += a2;
    count3 += a3;
    positive0 += a0 & y;
    positive1 += a1 & y;
    positive2 += a2 & y;
    positive3 += a3 & y;
    rows0 += b0;
    rows1 += b1;
    rows2 += b2;
    rows3 += b3;
  }
  tally[0] = count0;
  tally[1] = positive0;
  tally[2] = rows0;
  tally[3] = count1;
  tally[4] = positive1;
  tally[5] = rows1;
  tally[6] = count2;
  tally[7] = positive2;
  tally[8] = rows2;
  tally[9] = count3;
  tally[10] = positive3;
  tally[11] = rows3;
}

/** Four two-bin candidates (`d3` may repeat `d2`) searched in one pass. */
function searchBinaryFour(s: GrowScratch, d0: number, d1: number, d2: number, d3: number): void {
  const { candidates, occupiedBins, tally } = s;
  const f0 = candidates[d0] as number;
  const f1 = candidates[d1] as number;
  const f2 = candidates[d2] as number;
  const f3 = candidates[d3] as number;
  tallyBinaryFour(s, f0, f1, f2, f3);
  occupiedBins[d0] = finishBinary(s, d0, f0, tally[0] as number, tally[1] as number, tally[2] as number);
  occupiedBins[d1] = finishBinary(s, d1, f1, tally[3] as number, tally[4] as number, tally[5] as number);
  occupiedBins[d2] = finishBinary(s, d2, f2, tally[6] as number, tally[7] as number, tally[8] as number);
  occupiedBins[d3] = finishBinary(s, d3, f3, tally[9] as number, tally[10] as number, tally[11] as number);
}

/** The histograms of the `many` (≥ 2) many-bin candidates listed in `manyList`, filled in one pass over the node's rows. */
function fillManyTogether(s: GrowScratch, many: number): void {
  const { samples, binned, rowBytes, start, end, candidates, manyList, manyByte, offsets, binCounts, byteOf, hist, histRows, needRows } = s;
  let size = 0;
  for (let e = 0; e < many; e++) {
    const f = candidates[manyList[e] as number] as number;
    offsets[e] = size;
    manyByte[e] = byteOf[f] as number;
    size += 2 * (binCounts[f] as number);
  }
  hist.fill(0, 0, size);
  if (needRows) histRows.fill(0, 0, size >> 1);
  for (let k = start; k < end; k++) {
    const w = samples[k] as number;
    const row = Math.imul(w >>> SAMPLE_SHIFT, rowBytes);
    const c = (w & SAMPLE_WEIGHT_MASK) >> 1;
    const y = w & 1;
    for (let e = 0; e < many; e++) {
      // A many-bin feature has a whole byte: no shift, no mask.
      const b = binned[row + (manyByte[e] as number)] as number;
      const slot = (offsets[e] as number) + ((b << 1) | y);
      hist[slot] = (hist[slot] as number) + c;
      if (needRows) {
        const at = ((offsets[e] as number) >> 1) + b;
        histRows[at] = (histRows[at] as number) + 1;
      }
    }
  }
}

/**
 * Searches the `n` features in `candidates` (each into its own record); a feature found
 * constant is flagged at `flags` (the node's slot). Returns how many were not constant.
 */
function searchCandidates(s: GrowScratch, n: number, flags: number): number {
  const { candidates, binCounts, occupiedBins, binaryList, manyList, offsets } = s;
  if (s.nRows < SHARED_PASS_ROWS || n < 2) {
    for (let d = 0; d < n; d++) occupiedBins[d] = searchOne(s, d);
  } else {
    // Large node: two-bin candidates four at a time, the others' histograms filled together.
    let twoBins = 0;
    let many = 0;
    for (let d = 0; d < n; d++) {
      if ((binCounts[candidates[d] as number] as number) === 2) binaryList[twoBins++] = d;
      else manyList[many++] = d;
    }
    let q = 0;
    for (; q + 4 <= twoBins; q += 4) searchBinaryFour(s, binaryList[q] as number, binaryList[q + 1] as number, binaryList[q + 2] as number, binaryList[q + 3] as number);
    if (twoBins - q >= 2) {
      const last = binaryList[twoBins - 1] as number;
      searchBinaryFour(s, binaryList[q] as number, binaryList[q + 1] as number, twoBins - q === 3 ? (binaryList[q + 2] as number) : last, last);
    } else if (twoBins - q === 1) occupiedBins[binaryList[q] as number] = searchOne(s, binaryList[q] as number);
    if (many === 1) occupiedBins[manyList[0] as number] = searchOne(s, manyList[0] as number);
    else if (many > 1) {
      fillManyTogether(s, many);
      for (let e = 0; e < many; e++) {
        const d = manyList[e] as number;
        const f = candidates[d] as number;
        const offset = offsets[e] as number;
        occupiedBins[d] = scanHistogram(s, d, f, offset, offset >> 1, binCounts[f] as number);
      }
    }
  }
  let found = 0;
  for (let d = 0; d < n; d++) {
    if ((occupiedBins[d] as number) >= 2) found++;
    else s.constant[flags + (candidates[d] as number)] = 1;
  }
  return found;
}

/** Keeps candidate d's split in `nodeBestRecord` if it beats the node's best so far (strictly: the first drawn wins a tie); returns whether the node has one. */
function keepBetter(s: GrowScratch, d: number, hasBest: boolean): boolean {
  const { best, nodeBestRecord } = s;
  const at = d * BEST_SLOTS;
  const proxy = best[at + BEST_PROXY] as number;
  if (proxy === Number.NEGATIVE_INFINITY) return hasBest;
  if (hasBest && !(proxy > (nodeBestRecord[BEST_PROXY] as number))) return true;
  for (let j = 0; j < BEST_SLOTS; j++) nodeBestRecord[j] = best[at + j] as number;
  return true;
}

/**
 * Grows tree `t`. Nodes are numbered as they are created, depth first, left before right, and a
 * split's two children get consecutive numbers (`right = left + 1`). A node becomes a leaf when
 * it is pure, at `maxDepth`, has fewer than `minSamplesSplit` rows or fewer than
 * 2 · `minSamplesLeaf`, or when no feature drawn has a split leaving `minSamplesLeaf` rows on
 * each side (rows are distinct training rows, as scikit-learn counts them; the bootstrap counts
 * and class weights are the rows' weights). The tree's bootstrap counts are left in `s.counts`.
 */
export function growTree(ctx: GrowContext, t: number, thresholds: Float64Array, s: GrowScratch): GrownTree {
  const { rows, cols, labels, weight0, weight1, minSamplesLeaf, minSamplesSplit, maxDepth, maxFeatures } = ctx;
  const { binned, binCounts, edges, rowBytes, byteOf, shiftOf, maskOf } = ctx.bins;
  const { samples, spareSamples, featureOrder, candidates, counts, nodeBestRecord } = s;
  const { nodeFeature, nodeThreshold, nodeLeft, nodeRight, nodeValue, nodeBin } = s;
  const { stackStart, stackEnd, stackDepth, stackNode, stackCount0, stackCount1 } = s;
  const importance = new Float64Array(cols);

  bootstrapCounts(ctx, t, thresholds, counts);
  let m = 0;
  let rootCount0 = 0;
  let rootCount1 = 0;
  for (let i = 0; i < rows; i++) {
    const c = counts[i] as number;
    if (c === 0) continue;
    const y = labels[i] as number;
    samples[m++] = (i << SAMPLE_SHIFT) | (c << 1) | y;
    if (y === 1) rootCount1 += c;
    else rootCount0 += c;
  }

  const random = new Random(hashInts(ctx.seed, t, FEATURE_SALT));
  // Each node draws its features by a partial Fisher–Yates shuffle of this order, left as the
  // previous node left it: any starting order gives uniform draws, and the sequence of nodes
  // (hence of orders) is itself fixed by the data, so the tree stays deterministic.
  for (let j = 0; j < cols; j++) featureOrder[j] = j;
  let nodeCount = 1;
  stackStart[0] = 0;
  stackEnd[0] = m;
  stackDepth[0] = 0;
  stackNode[0] = 0;
  stackCount0[0] = rootCount0;
  stackCount1[0] = rootCount1;
  s.constant.fill(0, 0, cols);
  let top = 1;

  while (top > 0) {
    top--;
    const start = stackStart[top] as number;
    const end = stackEnd[top] as number;
    const depth = stackDepth[top] as number;
    const node = stackNode[top] as number;
    const c0 = stackCount0[top] as number;
    const c1 = stackCount1[top] as number;
    const nRows = end - start;
    const total0 = c0 * weight0;
    const total1 = c1 * weight1;
    const total = total0 + total1;
    nodeValue[node] = total > 0 ? total1 / total : 0;
    nodeFeature[node] = -1;
    nodeThreshold[node] = 0;
    nodeLeft[node] = -1;
    nodeRight[node] = -1;
    nodeBin[node] = -1;
    if (c0 === 0 || c1 === 0 || depth >= maxDepth || nRows < minSamplesSplit || nRows < 2 * minSamplesLeaf) continue;

    // scikit-learn's rule: draw until maxFeatures features have been drawn (constant ones
    // included) and at least one of them is not constant in the node. Features found constant
    // in an ancestor are constant here too (scikit-learn keeps them the same way): drawing one
    // counts, without a pass over the rows. This node's flags sit in its stack slot, where its
    // right child will inherit them. The first maxFeatures draws are searched together.
    s.start = start;
    s.end = end;
    s.nRows = nRows;
    s.c0 = c0;
    s.c1 = c1;
    s.total0 = total0;
    s.total1 = total1;
    const flags = top * cols;
    let hasBest = false;
    let drawn = 0;
    let n = 0;
    let found = 0;
    while (drawn < cols && (drawn < maxFeatures || found === 0)) {
      // Draw the next feature (partial Fisher–Yates).
      const pick = drawn + Math.floor(random.next() * (cols - drawn));
      const f = featureOrder[pick] as number;
      featureOrder[pick] = featureOrder[drawn] as number;
      featureOrder[drawn] = f;
      drawn++;
      if ((binCounts[f] as number) >= 2 && s.constant[flags + f] !== 1) candidates[n++] = f;
      // The first maxFeatures draws are searched together; then, while none of them was found
      // non-constant, each further draw on its own.
      if (n > 0 && (drawn >= maxFeatures || drawn === cols)) {
        found += searchCandidates(s, n, flags);
        for (let d = 0; d < n; d++) hasBest = keepBetter(s, d, hasBest);
        n = 0;
      }
    }
    if (!hasBest) continue;
    const bestFeature = nodeBestRecord[BEST_FEATURE] as number;
    const bestProxy = nodeBestRecord[BEST_PROXY] as number;
    const bestBin = nodeBestRecord[BEST_BIN] as number;
    const bestNext = nodeBestRecord[BEST_NEXT] as number;
    const bestLeft0 = nodeBestRecord[BEST_LEFT0] as number;
    const bestLeft1 = nodeBestRecord[BEST_LEFT1] as number;

    // The threshold: of the edges between the left side's last bin and the right side's first,
    // the one nearest the middle of that gap (one edge when the bins are adjacent).
    const e = edges[bestFeature] as Float64Array;
    const low = e[bestBin] as number;
    const high = e[bestNext - 1] as number;
    const middle = low / 2 + high / 2;
    let split = bestBin;
    for (let k = bestBin + 1; k < bestNext; k++) if (Math.abs((e[k] as number) - middle) < Math.abs((e[split] as number) - middle)) split = k;

    // Stable partition: left rows keep their order at the front, right rows follow. Each row is
    // written to both places and only one count moves: no branch for the processor to mispredict.
    let nLeft = 0;
    let nRight = 0;
    const splitByte = byteOf[bestFeature] as number;
    const splitShift = shiftOf[bestFeature] as number;
    const splitMask = maskOf[bestFeature] as number;
    for (let k = start; k < end; k++) {
      const w = samples[k] as number;
      const right = +((((binned[Math.imul(w >>> SAMPLE_SHIFT, rowBytes) + splitByte] as number) >> splitShift) & splitMask) > split);
      samples[start + nLeft] = w;
      spareSamples[nRight] = w;
      nLeft += 1 - right;
      nRight += right;
    }
    // (A loop, not set(subarray()): a view object per node would be garbage to collect.)
    for (let k = 0; k < nRight; k++) samples[start + nLeft + k] = spareSamples[k] as number;

    const leftNode = nodeCount;
    nodeCount += 2;
    nodeFeature[node] = bestFeature;
    nodeThreshold[node] = e[split] as number;
    nodeLeft[node] = leftNode;
    nodeRight[node] = leftNode + 1;
    nodeBin[node] = split;
    // Weighted Gini decrease W·G − W_L·G_L − W_R·G_R, which is the proxy minus Σ w_c² / W.
    importance[bestFeature] = (importance[bestFeature] as number) + bestProxy - (total0 * total0 + total1 * total1) / total;

    // Right first, so the left child is grown next (depth first, left before right). The right
    // child takes this node's slot and flags; the left child gets a copy of them.
    if ((top + 2) * cols > s.constant.length) {
      const grown = new Uint8Array(2 * s.constant.length + 2 * cols);
      grown.set(s.constant);
      s.constant = grown;
    }
    s.constant.copyWithin((top + 1) * cols, top * cols, (top + 1) * cols);
    stackStart[top] = start + nLeft;
    stackEnd[top] = end;
    stackDepth[top] = depth + 1;
    stackNode[top] = leftNode + 1;
    stackCount0[top] = c0 - bestLeft0;
    stackCount1[top] = c1 - bestLeft1;
    top++;
    stackStart[top] = start;
    stackEnd[top] = start + nLeft;
    stackDepth[top] = depth + 1;
    stackNode[top] = leftNode;
    stackCount0[top] = bestLeft0;
    stackCount1[top] = bestLeft1;
    top++;
  }

  return {
    nodeCount,
    feature: nodeFeature.subarray(0, nodeCount),
    threshold: nodeThreshold.subarray(0, nodeCount),
    left: nodeLeft.subarray(0, nodeCount),
    right: nodeRight.subarray(0, nodeCount),
    value: nodeValue.subarray(0, nodeCount),
    splitBin: nodeBin.subarray(0, nodeCount),
    importance,
  };
}

/** A copy of a grown tree that outlives the scratch buffers (growTree returns views of them). */
export function keptTree(tree: GrownTree): GrownTree {
  return {
    nodeCount: tree.nodeCount,
    feature: tree.feature.slice(),
    threshold: tree.threshold.slice(),
    left: tree.left.slice(),
    right: tree.right.slice(),
    value: tree.value.slice(),
    splitBin: tree.splitBin.slice(),
    importance: tree.importance,
  };
}

/** The leaf value of binned row `i` in a grown tree. */
export function binnedLeafValue(tree: GrownTree, bins: BinnedTable, i: number): number {
  const { feature, left, right, splitBin, value } = tree;
  const { binned, byteOf, shiftOf, maskOf } = bins;
  const row = Math.imul(i, bins.rowBytes);
  let node = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    const b = ((binned[row + (byteOf[f] as number)] as number) >> (shiftOf[f] as number)) & (maskOf[f] as number);
    node = b <= (splitBin[node] as number) ? (left[node] as number) : (right[node] as number);
    f = feature[node] as number;
  }
  return value[node] as number;
}
