/*
 * FNV-1a, 32-bit (Fowler, Noll and Vo; draft-eastlake-fnv, http://www.isthe.com/chongo/tech/comp/fnv/):
 * h = 2166136261; for each byte b: h = (h XOR b) × 16777619 mod 2³². Over the UTF-8 bytes of the
 * text, as the published test vectors and every other language's implementation hash strings, so a
 * host can recompute a value in SQL or Python. (`hashString` in ./hash.ts runs the same recurrence
 * over UTF-16 code units, which differs from this one for non-ASCII text.)
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/** FNV-1a 32-bit of the UTF-8 encoding of `text`, as an unsigned integer. Lone surrogates are encoded as U+FFFD, as `TextEncoder` does. */
export function fnv1a32(text: string): number {
  let h = OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, PRIME);
      continue;
    }
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), PRIME);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), PRIME);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        h = Math.imul(h ^ (0xf0 | (c >> 18)), PRIME);
        h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), PRIME);
        h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), PRIME);
        h = Math.imul(h ^ (0x80 | (c & 0x3f)), PRIME);
        continue;
      }
      c = 0xfffd; // a lone surrogate
    }
    h = Math.imul(h ^ (0xe0 | (c >> 12)), PRIME);
    h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), PRIME);
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), PRIME);
  }
  return h >>> 0;
}
