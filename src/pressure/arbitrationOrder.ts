/**
 * The governor's arbitration order: priority (highest first), then earliest day, then id,
 * as a stable radix sort on integer keys of the id order (see sortIds): no comparator runs
 * for each pair of millions of proposals.
 */
import type { ColumnArena } from './columnArena';
import { bitsOf, sortPairs } from './radixSort';

const bits64 = new Float64Array(1);
const words = new Uint32Array(bits64.buffer);
const TABLE = 1 << 16;

/**
 * The rank of each priority among the distinct ones, ascending (-0 counts as 0), into `rank`,
 * and their count; -1, with nothing written, when there are more than 2^15 distinct ones. The
 * distinct values are found in an open-addressing table (a few dozen or thousands of weights
 * or expected values, in practice), and only they are sorted: sorting millions of priorities
 * to find them took most of the order's time.
 */
function tableRanks(priority: Float64Array, rank: Uint32Array): number {
  const keys = new Float64Array(TABLE);
  const used = new Uint8Array(TABLE);
  const slotRank = new Uint32Array(TABLE);
  const slotOf = (p: number): number => {
    bits64[0] = p;
    let h = Math.imul((words[0] as number) ^ Math.imul(words[1] as number, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 16;
    let slot = h & (TABLE - 1);
    while (used[slot] === 1 && keys[slot] !== p) slot = (slot + 1) & (TABLE - 1);
    return slot;
  };
  let count = 0;
  for (let i = 0; i < priority.length; i++) {
    const p = (priority[i] as number) === 0 ? 0 : (priority[i] as number);
    const slot = slotOf(p);
    if (used[slot] === 1) continue;
    if (count === TABLE >> 1) return -1;
    used[slot] = 1;
    keys[slot] = p;
    count++;
  }
  const distinct = new Float64Array(count);
  let d = 0;
  for (let slot = 0; slot < TABLE; slot++) if (used[slot] === 1) distinct[d++] = keys[slot] as number;
  distinct.sort();
  for (let r = 0; r < count; r++) slotRank[slotOf(distinct[r] as number)] = r;
  for (let i = 0; i < priority.length; i++) rank[i] = slotRank[slotOf((priority[i] as number) === 0 ? 0 : (priority[i] as number))] as number;
  return count;
}

/**
 * The arbitration order: priority (highest first), then earliest day, then the rank of the
 * id (`byId`): a stable sort of the id order by day, then by the rank of the priority among
 * the distinct priorities (-0 counts as 0). Its columns come from `arena` (28 bytes a
 * proposal at most).
 */
export function arbitrationOrder(byId: Uint32Array, priority: Float64Array, earliest: Int32Array, arena: ColumnArena): Uint32Array {
  const n = byId.length;
  // Each priority's rank among the distinct ones, ascending: from a table of them, or, when
  // they are many, by sorting them all and a binary search for each.
  const rank = arena.uint32(n);
  let nDistinct = tableRanks(priority, rank);
  if (nDistinct < 0) {
    const distinct = arena.float64(n);
    for (let i = 0; i < n; i++) {
      const p = priority[i] as number;
      distinct[i] = p === 0 ? 0 : p;
    }
    distinct.sort();
    nDistinct = 0;
    for (let j = 0; j < n; j++) if (nDistinct === 0 || distinct[j] !== distinct[nDistinct - 1]) distinct[nDistinct++] = distinct[j] as number;
    for (let i = 0; i < n; i++) {
      const p = priority[i] as number;
      let lo = 0;
      let hi = nDistinct - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((distinct[mid] as number) < p) lo = mid + 1;
        else hi = mid;
      }
      rank[i] = lo;
    }
  }
  let least = Infinity;
  let most = -Infinity;
  for (let i = 0; i < n; i++) {
    least = Math.min(least, earliest[i] as number);
    most = Math.max(most, earliest[i] as number);
  }
  const keys = arena.uint32(n);
  const values = arena.uint32(n);
  const spareKeys = arena.uint32(n);
  const spareValues = arena.uint32(n);
  values.set(byId);
  // By earliest day (days fit in 32 bits once shifted by the smallest) …
  for (let r = 0; r < n; r++) keys[r] = (earliest[values[r] as number] as number) - least;
  const [byDayKeys, byDay] = sortPairs(keys, values, spareKeys, spareValues, bitsOf(n === 0 ? 0 : most - least));
  const [otherKeys, otherValues] = byDayKeys === keys ? [spareKeys, spareValues] : [keys, values];
  // … then by priority, highest first.
  for (let r = 0; r < n; r++) byDayKeys[r] = nDistinct - 1 - (rank[byDay[r] as number] as number);
  return sortPairs(byDayKeys, byDay, otherKeys, otherValues, bitsOf(Math.max(0, nDistinct - 1)))[1];
}
