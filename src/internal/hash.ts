/**
 * 32-bit FNV-1a over the UTF-16 code units of a string, then a final avalanche
 * (murmur3's fmix32) so that neighbouring keys give unrelated values.
 * Used to derive seeds from ids, so sampling is keyed on ids, not positions.
 */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Mixes several 32-bit integers into one well-spread 32-bit integer. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ fmix32(v | 0), 0x85ebca6b);
    h = (h << 13) | (h >>> 19);
  }
  return fmix32(h);
}

/** murmur3's 32-bit finaliser. */
export function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
