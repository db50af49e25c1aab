/*
 * Collapses rows of three numbers into their distinct values with summed weights, sorted
 * lexicographically, so that a likelihood sums over distinct histories (a million customers
 * of a summary table are a few hundred thousand distinct (x, t_x, T)) and in an order that
 * does not depend on the order of the input. Open addressing on the bit patterns of the
 * three doubles (−0 is read as 0), then one sort of the distinct rows.
 */
import { fmix32 } from './hash';

/** Distinct rows, sorted by first, then second, then third column; weights summed. */
export interface UniqueTriples {
  readonly n: number;
  readonly first: Float64Array;
  readonly second: Float64Array;
  readonly third: Float64Array;
  readonly weight: Float64Array;
}

/**
 * The distinct (first, second, third) rows among the `n` given, each with the sum of its
 * weights (1 per row when `weight` is null). Rows of weight 0 are dropped. The columns must
 * hold no NaN.
 */
export function uniqueTriples(first: Float64Array, second: Float64Array, third: Float64Array, weight: Float64Array | null): UniqueTriples {
  const n = first.length;
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const w = new Float64Array(n);
  const scratch = new Float64Array(1);
  const bits = new Uint32Array(scratch.buffer);
  const mix = (h: number, v: number): number => {
    scratch[0] = v;
    return Math.imul(h ^ fmix32((bits[0] as number) ^ Math.imul(bits[1] as number, 0x9e3779b1)), 0x85ebca6b) >>> 0;
  };
  let count = 0;
  for (let i = 0; i < n; i++) {
    const wi = weight === null ? 1 : (weight[i] as number);
    if (wi === 0) continue;
    const x = (first[i] as number) + 0;
    const y = (second[i] as number) + 0;
    const z = (third[i] as number) + 0;
    let slot = fmix32(mix(mix(mix(0x811c9dc5, x), y), z)) & mask;
    for (;;) {
      const j = slots[slot] as number;
      if (j === -1) {
        slots[slot] = count;
        a[count] = x;
        b[count] = y;
        c[count] = z;
        w[count] = wi;
        count++;
        break;
      }
      if (a[j] === x && b[j] === y && c[j] === z) {
        w[j] = (w[j] as number) + wi;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((i, j) => (a[i] as number) - (a[j] as number) || (b[i] as number) - (b[j] as number) || (c[i] as number) - (c[j] as number));
  const out = { n: count, first: new Float64Array(count), second: new Float64Array(count), third: new Float64Array(count), weight: new Float64Array(count) };
  for (let k = 0; k < count; k++) {
    const i = order[k] as number;
    out.first[k] = a[i] as number;
    out.second[k] = b[i] as number;
    out.third[k] = c[i] as number;
    out.weight[k] = w[i] as number;
  }
  return out;
}
