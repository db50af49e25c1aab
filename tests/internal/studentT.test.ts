import { describe, expect, it } from 'vitest';
import { studentTQuantile, studentTSf } from '../../src/internal/studentT';
import { reference, relativeError } from '../measure/reference';

// scipy 1.10.1's stats.t.sf(t, df), and t quantiles solved with mpmath at 40 digits (scipy's
// t.ppf, cephes' stdtri, is off by up to 5e-9: t.ppf(0.95, 30) = 1.6972608943617378 where the
// root is 1.6972608865939578), df from 1 to 1e7 (tests/fixtures/statsmodels/hillstrom_lift.py).
describe('studentTSf and studentTQuantile', () => {
  it('the upper tail agrees with scipy to 1e-12 relative, 1e-33 tails included', () => {
    let worst = 0;
    for (const { df, t, sf } of reference.distributions.studentTSf) {
      const value = studentTSf(t, df);
      if (sf === 0) expect(value).toBeLessThan(1e-300);
      else worst = Math.max(worst, relativeError(value, sf));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('the quantile agrees with the mpmath root to 1e-13 relative (scipy is 5e-9 off)', () => {
    let worst = 0;
    let scipyWorst = 0;
    for (const { df, p, quantile, scipy } of reference.distributions.studentTQuantile) {
      const value = studentTQuantile(p, df);
      worst = Math.max(worst, quantile === 0 ? Math.abs(value) : relativeError(value, quantile));
      scipyWorst = Math.max(scipyWorst, quantile === 0 ? 0 : relativeError(scipy, quantile));
    }
    expect(worst).toBeLessThan(1e-13);
    expect(scipyWorst).toBeGreaterThan(1e-9); // why the references are mpmath's
  });

  it('is symmetric, exact at 0, and the quantile inverts the tail', () => {
    expect(studentTSf(0, 3.5)).toBe(0.5);
    expect(studentTSf(-2, 7) + studentTSf(2, 7)).toBeCloseTo(1, 15);
    for (const df of [1, 4.2, 80, 5e5]) {
      for (const p of [0.001, 0.2, 0.6, 0.99]) expect(1 - studentTSf(studentTQuantile(p, df), df)).toBeCloseTo(p, 13);
    }
    expect(studentTQuantile(0.5, 9)).toBe(0);
    expect(Number.isNaN(studentTQuantile(1, 9))).toBe(true);
    expect(Number.isNaN(studentTSf(1, 0))).toBe(true);
  });
});
