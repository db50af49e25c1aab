import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { flatString } from '../../src/internal/flatString';

describe('flatString', () => {
  it('gives back the same text for any string, built in pieces or not (lone surrogates, $ patterns and empty strings included)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 12 }), (pieces) => {
        let text = '';
        for (const piece of pieces) text = `${text}${piece}`;
        const flat = flatString(text);
        expect(flat).toBe(text);
        expect(flat.length).toBe(text.length);
      }),
      { numRuns: 2_000 },
    );
    // Replacement patterns in the text itself are data, not patterns.
    for (const text of ['$&', "$'", '$`', '$1', '$$', '', '\ud800', 'a\u0000b']) expect(flatString(text)).toBe(text);
  });

  it('keeps fewer bytes for sentences built in steps, once collected (V8: one string instead of a tree of pieces)', () => {
    // A full collection on demand (the flag exposes gc to contexts made after it).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const build = (i: number): string => {
      let s = `service due ${i} on vehicle V${i}-1`;
      s = `${s}: item ${i % 7}, last done ${i % 30} months ago`;
      return `${s} (${i} km)`;
    };
    const kept = (flat: boolean): number => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const list: string[] = [];
      for (let i = 0; i < 50_000; i++) list.push(flat ? flatString(build(i)) : build(i));
      gc();
      const bytes = process.memoryUsage().heapUsed - before;
      expect(list.length).toBe(50_000);
      return bytes;
    };
    expect(kept(true)).toBeLessThan(0.6 * kept(false));
  });
});
