/**
 * The median of finite values, by selection (Hoare's quickselect with a median-of-three pivot,
 * then the largest of the lower half for an even count): linear on average (sorting the slopes
 * of an odometer's 60 readings, 1,770 pairs, took most of a projection). Empty: NaN.
 */
export function median(values: readonly number[]): number {
  const a = Float64Array.from(values);
  const n = a.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2 === 1) return upper;
  // After selection, the values left of `mid` are the lower half: the largest of them.
  let lower = a[0] as number;
  for (let i = 1; i < mid; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + upper) / 2;
}

/**
 * Puts the k-th smallest value at `k`, the smaller ones before it and the others after;
 * returns it. Three-way partitions, so that runs of equal values (regular readings give
 * equal slopes) end the search at once instead of shrinking it by one.
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot.
    const m = (lo + hi) >> 1;
    const x = a[lo] as number;
    const y = a[m] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // [lo, lt) < pivot, [lt, i) = pivot, (gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i] as number;
      if (v < pivot) swap(a, lt++, i++);
      else if (v > pivot) swap(a, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k] as number;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
