import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32 } from '../../src/internal/fnv1a';
import { reference } from '../measure/reference';

// The published FNV-1a 32-bit test vectors (Landon Curt Noll's FNV test suite, also in
// draft-eastlake-fnv): fnv1a32("") is the offset basis.
const PUBLISHED: ReadonlyArray<readonly [string, number]> = [
  ['', 0x811c9dc5],
  ['a', 0xe40c292c],
  ['b', 0xe70c2de5],
  ['c', 0xe60c2c52],
  ['foo', 0xa9f37ed7],
  ['foobar', 0xbf9cf968],
];

/** A plain reference: the UTF-8 bytes by TextEncoder, multiplication in BigInt. */
function bigIntFnv1a(text: string): number {
  let h = 0x811c9dc5n;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x01000193n) & 0xffffffffn;
  return Number(h);
}

describe('fnv1a32', () => {
  it.each(PUBLISHED)('fnv1a32(%j) is the published vector', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it('hashes UTF-8 bytes, as the Python reference does (tests/fixtures/statsmodels/hillstrom_lift.py)', () => {
    for (const v of reference.buckets.fnv1aVectors) expect(fnv1a32(v.text)).toBe(v.hash);
  });

  it('equals a BigInt implementation over TextEncoder bytes for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => fnv1a32(text) === bigIntFnv1a(text)),
      { numRuns: 500 },
    );
    expect(fnv1a32('\ud800x')).toBe(bigIntFnv1a('\ud800x'));
    expect(fnv1a32('x\udc00')).toBe(bigIntFnv1a('x\udc00'));
  });
});
