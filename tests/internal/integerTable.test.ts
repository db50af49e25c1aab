import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integerTable } from '../../src/internal/integerTable';

describe('integerTable', () => {
  it('answers as a Map does, for keys below and above 2^31 and 2^32, through its growth', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 2 ** 31 - 50, max: 2 ** 31 + 50 }), fc.maxSafeInteger().filter((k) => k >= 0), fc.constantFrom(0, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: -5, max: 2 ** 31 - 1 })), { minLength: 1_200, maxLength: 3_000 }), (pairs) => {
        const table = integerTable();
        const reference = new Map<number, number>();
        for (const [k, v] of pairs) {
          table.set(k, v);
          reference.set(k, v);
        }
        for (const [k, v] of reference) expect(table.get(k)).toBe(v);
        expect(table.get(2 ** 40 + 7)).toBe(reference.get(2 ** 40 + 7) ?? -1);
      }),
      { numRuns: 60 },
    );
  });
});
