import { describe, expect, it } from 'vitest';
import { normalCdf, normalSf, twoSidedNormalPValue } from '../../src/internal/normalCdf';
import { reference, relativeError } from '../measure/reference';

// scipy 1.10.1: stats.norm.cdf(x), stats.norm.sf(x) (tests/fixtures/statsmodels/hillstrom_lift.py).
describe('normalCdf and normalSf (Cody)', () => {
  it('agree with scipy to 1e-13 relative in both tails', () => {
    let worst = 0;
    for (const { x, cdf, sf } of reference.distributions.normal) {
      worst = Math.max(worst, relativeError(normalCdf(x), cdf), relativeError(normalSf(x), sf));
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('are exact at 0 and at the extremes, NaN for NaN', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalSf(0)).toBe(0.5);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalSf(Number.POSITIVE_INFINITY)).toBe(0);
    expect(Number.isNaN(normalCdf(Number.NaN))).toBe(true);
  });

  it('gives two-sided p-values', () => {
    expect(twoSidedNormalPValue(0)).toBe(1);
    expect(twoSidedNormalPValue(-1.959963984540054)).toBeCloseTo(0.05, 15);
    expect(twoSidedNormalPValue(Number.POSITIVE_INFINITY)).toBe(0);
  });
});
