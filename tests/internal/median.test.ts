/** The selection median agrees with the middle of a sort, duplicates and even counts included. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median } from '../../src/internal/median';

/** The reference: sort, take the middle (or the mean of the two middle values). */
function sortedMedian(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

describe('median', () => {
  it('is the middle of the sorted values, for any finite values (few distinct ones included, so runs of equal values are common)', () => {
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), (values) => {
        expect(median(values) === sortedMedian(values)).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('works out small cases by hand, leaves its input alone, and is NaN for no values', () => {
    const input = [5, 1, 4, 2, 3];
    expect(median(input)).toBe(3);
    expect(input).toStrictEqual([5, 1, 4, 2, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7, 7, 7, 7, 7, 7])).toBe(7);
    expect(median([2])).toBe(2);
    expect(median([])).toBeNaN();
    // 1,770 equal slopes (regular readings) and 1,770 slopes in descending order.
    expect(median(new Array<number>(1_770).fill(41.5))).toBe(41.5);
    expect(median(Array.from({ length: 1_770 }, (_, i) => 1_770 - i))).toBe(885.5);
  });
});
