/** Radix sorting of integer keys, for the governor's orders (see arbitrationOrder, sortIds). */

/**
 * Reorders `values` stably by `keys` (unsigned, below 2^`bits`), moving both, 11 bits a pass
 * (2,048 buckets: the scatter stays in cache). Returns the sorted pair of arrays, which are
 * either the given ones or the spares.
 */
export function sortPairs(keys: Uint32Array, values: Uint32Array, spareKeys: Uint32Array, spareValues: Uint32Array, bits: number): [Uint32Array, Uint32Array] {
  const n = keys.length;
  const counts = new Int32Array(2_048);
  let k = keys;
  let v = values;
  let k2 = spareKeys;
  let v2 = spareValues;
  for (let shift = 0; shift < bits; shift += 11) {
    counts.fill(0);
    for (let j = 0; j < n; j++) {
      const d = ((k[j] as number) >>> shift) & 2_047;
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < 2_048; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const key = k[j] as number;
      const d = (key >>> shift) & 2_047;
      const at = counts[d] as number;
      counts[d] = at + 1;
      k2[at] = key;
      v2[at] = v[j] as number;
    }
    [k, k2] = [k2, k];
    [v, v2] = [v2, v];
  }
  return [k, v];
}

/** How many bits `max` (a non-negative integer below 2^32) needs. */
export function bitsOf(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}

