/** The float64 radix sort agrees with the engine's numeric sort. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSortFloat64, sortFloat64 } from '../../src/internal/sortFloat64';

describe('radixSortFloat64', () => {
  it('sorts like TypedArray.prototype.sort, negatives, zeros, infinities and subnormals included', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 300 }), (values) => {
        const typed = Float64Array.from(values);
        expect(Array.from(radixSortFloat64(typed.slice()))).toEqual(Array.from(typed.slice().sort()));
      }),
    );
  });

  it('sorts a view without touching the rest of its buffer', () => {
    const buffer = Float64Array.from([9, 3, -1, 2, 0.5, -7]);
    radixSortFloat64(buffer.subarray(1, 5));
    expect(Array.from(buffer)).toEqual([9, -1, 0.5, 2, 3, -7]);
  });

  it('sorts long arrays (the radix path of sortFloat64) with many ties', () => {
    let state = 7;
    const next = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
    const values = Float64Array.from({ length: 50000 }, () => Math.round((next() - 0.3) * 1000) / 100);
    const expected = values.slice().sort();
    expect(sortFloat64(values)).toEqual(expected);
  });
});
