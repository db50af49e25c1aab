/*
 * The forest's discretisation: per feature, bin edges computed once before the trees grow,
 * and every value replaced by its bin number (one byte). Splits are then searched on bin
 * histograms, and stored as real thresholds (the edges), so prediction never needs the bins.
 */
import { fmix32 } from '../internal/hash';

/** Above this many rows, the edges are computed on a sample of rows chosen by id. */
const EDGE_SAMPLE_ROWS = 200_000;
/** Salt of the id hash that picks the sample, so it is unrelated to the bootstrap's draws. */
const EDGE_SAMPLE_SALT = 0x5bd1e995;
const TWO_POW_32 = 4294967296;

/**
 * A threshold strictly between two adjacent distinct values `a < b`: their midpoint, or `a`
 * itself when the midpoint rounds onto `b` (adjacent doubles), so that `a ≤ t < b` always.
 */
export function midpoint(a: number, b: number): number {
  const mid = a / 2 + b / 2;
  return mid >= a && mid < b ? mid : a;
}

/**
 * The bin edges of one feature from its sorted values: with at most `maxBins` distinct values,
 * the midpoints between consecutive distinct values (so the splits are exactly those an
 * exhaustive search would try, as scikit-learn's); otherwise cuts after the distinct values at
 * which the running count first reaches k·n/maxBins (k = 1 … maxBins − 1), each cut at the
 * midpoint between that value and the next distinct one, so a heavily repeated value gets a bin
 * of its own and no bin is empty. Returns at most `maxBins − 1` increasing edges; a value `x`
 * falls in bin `#{edges < x}`, and `x ≤ edges[k]` exactly when its bin is ≤ k.
 */
export function binEdgesOf(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  let distinct = 0;
  for (let i = 0; i < m; i++) if (i === 0 || (sorted[i] as number) !== (sorted[i - 1] as number)) distinct++;
  const edges: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < m; i++) {
      const a = sorted[i - 1] as number;
      const b = sorted[i] as number;
      if (a !== b) edges.push(midpoint(a, b));
    }
    return Float64Array.from(edges);
  }
  const perBin = m / maxBins;
  let target = perBin;
  let i = 0;
  while (i < m) {
    const v = sorted[i] as number;
    let j = i + 1;
    while (j < m && (sorted[j] as number) === v) j++;
    // `j` rows are now at or below `v`.
    if (j < m && j >= target && edges.length < maxBins - 1) {
      edges.push(midpoint(v, sorted[j] as number));
      target = (Math.floor(j / perBin) + 1) * perBin;
    }
    i = j;
  }
  return Float64Array.from(edges);
}

/** The bin of `x`: the number of edges strictly below it (binary search). */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Per feature its edges, and the binned table, one row after another in `rowBytes` bytes: a
 * feature of more than two bins has a byte of its own, the two-bin ones (flags, one-hot levels)
 * share bytes, eight to a byte, and a constant feature takes no space. The bin of feature f in
 * row i is `(binned[i · rowBytes + byteOf[f]] >> shiftOf[f]) & maskOf[f]`. Rows are short (16
 * bytes for the 62 columns of the bank data, 53 of them one-hot), so the rows a node reads stay
 * in the processor's caches.
 */
export interface BinnedTable {
  readonly edges: Float64Array[];
  /** Number of bins per feature (edges + 1; 1 for a constant feature). */
  readonly binCounts: Int32Array;
  readonly binned: Uint8Array;
  readonly rowBytes: number;
  readonly byteOf: Int32Array;
  readonly shiftOf: Int32Array;
  readonly maskOf: Int32Array;
}

/** Bits in a byte, and the mask of a one-byte bin number. */
const BYTE_BITS = 8;
const BYTE_MASK = 0xff;

/**
 * Bins a row-major table. The edges come from every row, or, above `EDGE_SAMPLE_ROWS` rows,
 * from the rows whose id hash falls below the sampling rate (a choice keyed on ids, so the
 * same rows in another order give the same edges).
 */
export function binTable(data: Float64Array, rows: number, cols: number, maxBins: number, idHash: Uint32Array): BinnedTable {
  let sampleRows: Int32Array | null = null;
  if (rows > EDGE_SAMPLE_ROWS) {
    const limit = (EDGE_SAMPLE_ROWS / rows) * TWO_POW_32;
    const chosen: number[] = [];
    for (let i = 0; i < rows; i++) if (fmix32((idHash[i] as number) ^ EDGE_SAMPLE_SALT) < limit) chosen.push(i);
    sampleRows = Int32Array.from(chosen);
  }
  const m = sampleRows === null ? rows : sampleRows.length;
  const values = new Float64Array(m);
  const edges: Float64Array[] = [];
  const binCounts = new Int32Array(cols);
  /** Features whose values are all 0 or 1: their bin is their value. */
  const zeroOne = new Uint8Array(cols);
  for (let f = 0; f < cols; f++) {
    // A 0/1 column (a flag, a one-hot level), the commonest kind, needs no sort.
    let zeros = 0;
    let ones = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f] as number;
      if (v === 0) zeros++;
      else if (v === 1) ones++;
      else break;
    }
    let e: Float64Array;
    if (zeros + ones === rows) {
      zeroOne[f] = 1;
      e = zeros > 0 && ones > 0 ? Float64Array.of(midpoint(0, 1)) : new Float64Array(0);
    } else {
      if (sampleRows === null) for (let i = 0; i < rows; i++) values[i] = data[i * cols + f] as number;
      else for (let k = 0; k < m; k++) values[k] = data[(sampleRows[k] as number) * cols + f] as number;
      values.sort();
      e = binEdgesOf(values, maxBins);
    }
    edges.push(e);
    binCounts[f] = e.length + 1;
  }

  // The row layout: a byte per many-bin feature, then the two-bin features eight to a byte.
  const byteOf = new Int32Array(cols);
  const shiftOf = new Int32Array(cols);
  const maskOf = new Int32Array(cols);
  let bytes = 0;
  for (let f = 0; f < cols; f++) {
    if ((binCounts[f] as number) > 2) {
      byteOf[f] = bytes++;
      maskOf[f] = BYTE_MASK;
    }
  }
  let bits = 0;
  for (let f = 0; f < cols; f++) {
    if ((binCounts[f] as number) !== 2) continue;
    byteOf[f] = bytes + Math.floor(bits / BYTE_BITS);
    shiftOf[f] = bits % BYTE_BITS;
    maskOf[f] = 1;
    bits++;
  }
  const rowBytes = Math.max(1, bytes + Math.ceil(bits / BYTE_BITS));
  const binned = new Uint8Array(rows * rowBytes);
  for (let f = 0; f < cols; f++) {
    const nb = binCounts[f] as number;
    if (nb < 2) continue;
    const at = byteOf[f] as number;
    const shift = shiftOf[f] as number;
    const e = edges[f] as Float64Array;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f] as number;
      const b = zeroOne[f] === 1 ? v : binOf(e, v);
      const k = i * rowBytes + at;
      binned[k] = (binned[k] as number) | (b << shift);
    }
  }
  return { edges, binCounts, binned, rowBytes, byteOf, shiftOf, maskOf };
}
