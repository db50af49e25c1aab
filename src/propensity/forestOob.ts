/*
 * The forest's out-of-bag measures: ROC AUC and accuracy of the out-of-bag predictions, and
 * permutation importance on them.
 */
import { hashInts } from '../internal/hash';
import { Random } from '../internal/random';
import type { BinnedTable } from './forestBins';
import { bootstrapCounts, type GrowContext, type GrownTree } from './forestTree';

/** Salt of the seeded shuffles of permutation importance. */
const PERMUTATION_SALT = 0x5065726d;
/** A probability above this is predicted positive (scikit-learn's argmax: a tie at ½ goes to class 0). */
const DECISION_THRESHOLD = 0.5;

/**
 * ROC AUC with ties counted one half (the Mann–Whitney statistic U / (n₁ n₀)), over the rows
 * whose `count` is positive, with score `sum[i] / count[i]`. Positives and negatives are sorted
 * apart and merged, so the result does not depend on the order of the rows. NaN when either
 * class is absent.
 */
export function rocAucOf(labels: Uint8Array, sum: Float64Array, count: Float64Array | Uint32Array, delta?: Float64Array, deltaOffset = 0): number {
  const rows = labels.length;
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < rows; i++) {
    if ((count[i] as number) === 0) continue;
    if (labels[i] === 1) nPos++;
    else nNeg++;
  }
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let a = 0;
  let b = 0;
  for (let i = 0; i < rows; i++) {
    const c = count[i] as number;
    if (c === 0) continue;
    const score = ((sum[i] as number) + (delta === undefined ? 0 : (delta[deltaOffset + i] as number))) / c;
    if (labels[i] === 1) pos[a++] = score;
    else neg[b++] = score;
  }
  pos.sort();
  neg.sort();
  // Twice U, an integer: each positive counts 2 per negative below it and 1 per tie.
  let twiceU = 0;
  let below = 0;
  let i = 0;
  while (i < nPos) {
    const s = pos[i] as number;
    let j = i;
    while (j < nPos && (pos[j] as number) === s) j++;
    while (below < nNeg && (neg[below] as number) < s) below++;
    let tied = below;
    while (tied < nNeg && (neg[tied] as number) === s) tied++;
    twiceU += (j - i) * (2 * below + (tied - below));
    i = j;
  }
  return twiceU / (2 * nPos * nNeg);
}

/** Share of the counted rows whose mean score is on the right side of ½. */
export function accuracyOf(labels: Uint8Array, sum: Float64Array, count: Float64Array | Uint32Array): number {
  let right = 0;
  let counted = 0;
  for (let i = 0; i < labels.length; i++) {
    const c = count[i] as number;
    if (c === 0) continue;
    counted++;
    const predicted = (sum[i] as number) / c > DECISION_THRESHOLD ? 1 : 0;
    if (predicted === labels[i]) right++;
  }
  return counted === 0 ? Number.NaN : right / counted;
}

/**
 * Permutation importance: for each feature, its values are shuffled across the training rows
 * (a seeded shuffle of the rows in their id order, so it does not depend on the row order), the
 * evaluation predictions are recomputed (out of bag with the bootstrap, else every tree on
 * every row), and the importance is the drop in their ROC AUC. A row's prediction changes only
 * through the nodes of its own path that split on the shuffled feature, so each row is walked
 * once and re-walked only from the first such node, per feature on its path.
 *
 * Memory: one byte per value for the shuffled columns and 8 bytes per value for the changes.
 */
export function permutationImportanceOf(
  ctx: GrowContext,
  trees: readonly GrownTree[],
  thresholds: Float64Array,
  ids: readonly string[] | null,
  evalSum: Float64Array,
  evalCount: Uint32Array,
  baseAuc: number,
): Float64Array {
  const { rows, cols, labels, idHash } = ctx;
  const bins: BinnedTable = ctx.bins;
  const { binned, rowBytes, byteOf, shiftOf, maskOf } = bins;
  const binOf = (row: number, f: number): number => ((binned[row + (byteOf[f] as number)] as number) >> (shiftOf[f] as number)) & (maskOf[f] as number);
  // The rows in id order: hash first (fast), the id itself on a tie.
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const idOf = (i: number): string => (ids === null ? String(i) : (ids[i] as string));
  order.sort((x, y) => {
    const hx = idHash[x] as number;
    const hy = idHash[y] as number;
    if (hx !== hy) return hx < hy ? -1 : 1;
    const ix = idOf(x);
    const iy = idOf(y);
    return ix < iy ? -1 : ix > iy ? 1 : 0;
  });
  const shuffled = new Uint8Array(rows * cols);
  const position = new Int32Array(rows);
  for (let f = 0; f < cols; f++) {
    for (let k = 0; k < rows; k++) position[k] = k;
    const random = new Random(hashInts(ctx.seed, f, PERMUTATION_SALT));
    for (let k = rows - 1; k > 0; k--) {
      const r = Math.floor(random.next() * (k + 1));
      const tmp = position[k] as number;
      position[k] = position[r] as number;
      position[r] = tmp;
    }
    const base = f * rows;
    for (let k = 0; k < rows; k++) shuffled[base + (order[k] as number)] = binOf((order[position[k] as number] as number) * rowBytes, f);
  }

  const delta = new Float64Array(rows * cols);
  const counts = new Uint8Array(rows);
  const stamp = new Float64Array(cols).fill(-1);
  let round = 0;
  let longest = 1;
  for (const tree of trees) longest = Math.max(longest, tree.nodeCount);
  const path = new Int32Array(longest);
  trees.forEach((tree, t) => {
    const { feature, left, right, splitBin, value } = tree;
    bootstrapCounts(ctx, t, thresholds, counts);
    for (let i = 0; i < rows; i++) {
      if (ctx.bootstrap && counts[i] !== 0) continue;
      const row = i * rowBytes;
      let length = 0;
      let node = 0;
      let f = feature[0] as number;
      while (f >= 0) {
        path[length++] = node;
        node = binOf(row, f) <= (splitBin[node] as number) ? (left[node] as number) : (right[node] as number);
        f = feature[node] as number;
      }
      const v0 = value[node] as number;
      round++;
      for (let k = 0; k < length; k++) {
        const from = path[k] as number;
        const g = feature[from] as number;
        if (stamp[g] === round) continue;
        stamp[g] = round;
        let n = from;
        let h = g;
        while (h >= 0) {
          const b = h === g ? (shuffled[g * rows + i] as number) : binOf(row, h);
          n = b <= (splitBin[n] as number) ? (left[n] as number) : (right[n] as number);
          h = feature[n] as number;
        }
        const v = value[n] as number;
        if (v !== v0) delta[g * rows + i] = (delta[g * rows + i] as number) + v - v0;
      }
    }
  });

  const importance = new Float64Array(cols);
  for (let f = 0; f < cols; f++) importance[f] = baseAuc - rocAucOf(labels, evalSum, evalCount, delta, f * rows);
  return importance;
}
