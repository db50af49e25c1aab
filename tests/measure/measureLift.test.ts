/**
 * measureLift against statsmodels 0.13.5 (Debian's python3-statsmodels) on the Hillstrom e-mail
 * test (`Mens E-Mail` and `Womens E-Mail`, each against `No E-Mail`; 64,000 customers) and on
 * small and edge cases: tests/fixtures/statsmodels/hillstrom_lift.py and its output.
 *
 * Tolerances (absolute near 0, relative above 1):
 * - rate intervals, ratio intervals, pooled and unpooled p-values: 1e-12 (closed forms; the
 *   normal quantile and tail are AS 241 and Cody's, accurate to ~1e-16; p-values relative);
 * - Welch: the interval to 1e-12 against the same formula with the exact t quantile (mpmath),
 *   and to 1e-9 against statsmodels' own, which uses scipy's t.ppf (off by up to 5e-9 in the
 *   quantile); the p-value to 1e-10 relative, df and t to 1e-9.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureLift } from '../../src/measure';
import type { RateCase } from './reference';
import { close, reference, relativeError } from './reference';

const CLOSED_FORM = 1e-12;

function checkRates(c: RateCase): void {
  const arms = { treated: { n: c.treated.n, successes: c.treated.successes }, control: { n: c.control.n, successes: c.control.successes } };
  // confint_proportions_2indep(method='newcomb'), proportions_ztest, compare='ratio', method='log'
  const newcombe = measureLift(arms, { confLevel: c.confLevel });
  expect(newcombe.interval).toBe('newcombe');
  expect(newcombe.test).toBe('pooled');
  expect(newcombe.treatedRate).toBe(c.treated.rate);
  expect(newcombe.controlRate).toBe(c.control.rate);
  expect(close(newcombe.difference, c.difference, CLOSED_FORM)).toBe(true);
  expect(close(newcombe.lower, c.newcomb[0], CLOSED_FORM)).toBe(true);
  expect(close(newcombe.upper, c.newcomb[1], CLOSED_FORM)).toBe(true);
  expect(relativeError(newcombe.pValue, c.pValuePooled)).toBeLessThan(CLOSED_FORM);
  if (c.ratioLog === null) {
    expect(newcombe.relativeLower).toBeNull();
    expect(newcombe.relativeUpper).toBeNull();
  } else {
    expect(close(newcombe.relativeLift, (c.ratio as number) - 1, CLOSED_FORM)).toBe(true);
    expect(close(newcombe.relativeLower, c.ratioLog[0] - 1, CLOSED_FORM)).toBe(true);
    expect(close(newcombe.relativeUpper, c.ratioLog[1] - 1, CLOSED_FORM)).toBe(true);
  }
  // method='wald' and test_proportions_2indep(method='wald')
  const wald = measureLift(arms, { interval: 'wald', confLevel: c.confLevel, ratioInterval: 'log-adjusted' });
  expect(wald.test).toBe('unpooled');
  expect(close(wald.lower, c.wald[0], CLOSED_FORM)).toBe(true);
  expect(close(wald.upper, c.wald[1], CLOSED_FORM)).toBe(true);
  if (c.pValueUnpooled !== null) expect(relativeError(wald.pValue, c.pValueUnpooled)).toBeLessThan(CLOSED_FORM);
  // compare='ratio', method='log-adjusted'
  expect(close(wald.relativeLower, c.ratioLogAdjusted[0] - 1, CLOSED_FORM)).toBe(true);
  expect(close(wald.relativeUpper, c.ratioLogAdjusted[1] - 1, CLOSED_FORM)).toBe(true);
}

describe('measureLift on the Hillstrom e-mail test, against statsmodels', () => {
  const comparisons = reference.hillstrom.comparisons;

  it('reads the 64,000 rows in three arms', () => {
    expect(reference.hillstrom.rows).toBe(64000);
    expect(comparisons.map((c) => c.treated)).toEqual(['Mens E-Mail', 'Womens E-Mail']);
  });

  it.each(comparisons.flatMap((c) => (['visit', 'conversion'] as const).map((m) => [`${c.treated} ${m}`, c[m]] as const)))(
    '%s: rates, Wald and Newcombe differences, ratio intervals, p-values to 1e-12',
    (_name, c) => checkRates(c),
  );

  it('mens e-mail conversion: the numbers a marketer reads', () => {
    const c = comparisons[0]!.conversion;
    const lift = measureLift({ treated: c.treated, control: c.control });
    expect(lift.difference).toBeCloseTo(0.006805, 6); // +0.68 points
    expect(lift.lower).toBeCloseTo(0.005014, 6); // statsmodels newcomb: 0.005014344671481532
    expect(lift.upper).toBeCloseTo(0.008641, 6); // 0.008640723396917826
    expect(lift.relativeLift).toBeCloseTo(1.1884, 4);
  });

  it.each(comparisons.map((c) => [c.treated, c.spend] as const))('%s spend: Welch from sums and from values, as statsmodels CompareMeans', (_name, s) => {
    const fromSums = measureLift({ treated: s.treated, control: s.control }, { metric: 'mean' });
    const values = (nonZero: number[], n: number): number[] => [...nonZero, ...new Array<number>(n - nonZero.length).fill(0)];
    const fromValues = measureLift({ treated: { values: values(s.treatedNonZero, s.treated.n) }, control: { values: values(s.controlNonZero, s.control.n) } }, { metric: 'mean' });
    for (const lift of [fromSums, fromValues]) {
      expect(close(lift.treatedMean, s.treated.mean, CLOSED_FORM)).toBe(true);
      expect(close(lift.controlMean, s.control.mean, CLOSED_FORM)).toBe(true);
      expect(close(lift.difference, s.difference, CLOSED_FORM)).toBe(true);
      expect(close(lift.standardError, s.standardError, 1e-11)).toBe(true);
      expect(relativeError(lift.df as number, s.df)).toBeLessThan(1e-9);
      expect(relativeError(lift.statistic as number, s.t)).toBeLessThan(1e-9);
      expect(relativeError(lift.pValue, s.pValue)).toBeLessThan(1e-10);
      // tconfint_diff(usevar='unequal'), with the exact and with scipy's t quantile
      expect(close(lift.lower, s.welchExactQuantile[0], CLOSED_FORM)).toBe(true);
      expect(close(lift.upper, s.welchExactQuantile[1], CLOSED_FORM)).toBe(true);
      expect(close(lift.lower, s.welch[0], 1e-9)).toBe(true);
      expect(close(lift.upper, s.welch[1], 1e-9)).toBe(true);
    }
  });

  it('the seeded bootstrap on spend is reproducible, independent of the values order, and close to Welch', () => {
    const s = comparisons[0]!.spend;
    const treated = [...s.treatedNonZero, ...new Array<number>(s.treated.n - s.treatedNonZero.length).fill(0)];
    const control = [...s.controlNonZero, ...new Array<number>(s.control.n - s.controlNonZero.length).fill(0)];
    const options = { metric: 'mean', interval: 'bootstrap', seed: 7, resamples: 400 } as const;
    const a = measureLift({ treated: { values: treated }, control: { values: control } }, options);
    const b = measureLift({ treated: { values: [...treated].reverse() }, control: { values: control } }, options);
    expect(b).toEqual(a);
    expect(a.interval).toBe('bootstrap');
    expect(a.seed).toBe(7);
    expect(a.resamples).toBe(400);
    expect(a.pValue).toBe(measureLift({ treated: { values: treated }, control: { values: control } }, { metric: 'mean' }).pValue);
    // Welch: [0.4851, 1.0545]; 400 percentile resamples land within a few hundredths.
    expect(Math.abs(a.lower - s.welch[0])).toBeLessThan(0.06);
    expect(Math.abs(a.upper - s.welch[1])).toBeLessThan(0.06);
    const other = measureLift({ treated: { values: treated }, control: { values: control } }, { ...options, seed: 8 });
    expect(other.lower).not.toBe(a.lower);
  });
});

describe('measureLift on small and edge cases, against statsmodels', () => {
  it.each(reference.cases.rates.map((c) => [`${c.treated.successes}/${c.treated.n} vs ${c.control.successes}/${c.control.n} at ${c.confLevel}`, c] as const))(
    'rates %s',
    (_name, c) => checkRates(c),
  );

  it.each(reference.cases.means.map((c, i) => [i, c] as const))('means case %i (Welch, values and sums)', (_i, c) => {
    const fromValues = measureLift({ treated: { values: c.treatedValues }, control: { values: c.controlValues } }, { metric: 'mean', confLevel: c.confLevel });
    const fromSums = measureLift({ treated: c.treated, control: c.control }, { metric: 'mean', confLevel: c.confLevel });
    for (const lift of [fromValues, fromSums]) {
      expect(close(lift.difference, c.difference, CLOSED_FORM)).toBe(true);
      expect(relativeError(lift.df as number, c.df)).toBeLessThan(1e-9);
      expect(relativeError(lift.pValue, c.pValue)).toBeLessThan(1e-10);
      expect(close(lift.lower, c.welchExactQuantile[0], 1e-11)).toBe(true);
      expect(close(lift.upper, c.welchExactQuantile[1], 1e-11)).toBe(true);
      expect(close(lift.lower, c.welch[0], 1e-8)).toBe(true);
      expect(close(lift.upper, c.welch[1], 1e-8)).toBe(true);
    }
  });
});

describe('measureLift properties', () => {
  const arm = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.record({ n: fc.constant(n), successes: fc.integer({ min: 0, max: n }) }));

  it('the interval holds the difference, within [−1, 1] for Newcombe; the p-value is in [0, 1]', () => {
    fc.assert(
      fc.property(arm, arm, fc.constantFrom(0.8, 0.9, 0.95, 0.99), (treated, control, confLevel) => {
        for (const interval of ['newcombe', 'wald'] as const) {
          const lift = measureLift({ treated, control }, { interval, confLevel });
          if (!(lift.lower <= lift.difference + 1e-15 && lift.difference <= lift.upper + 1e-15)) return false;
          if (!(lift.pValue >= 0 && lift.pValue <= 1)) return false;
          if (interval === 'newcombe' && !(lift.lower >= -1 - 1e-12 && lift.upper <= 1 + 1e-12)) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('swapping the arms mirrors the difference and keeps the p-value', () => {
    fc.assert(
      fc.property(arm, arm, (treated, control) => {
        const a = measureLift({ treated, control });
        const b = measureLift({ treated: control, control: treated });
        return Math.abs(a.difference + b.difference) < 1e-15 && Math.abs(a.lower + b.upper) < 1e-13 && Math.abs(a.pValue - b.pValue) < 1e-13;
      }),
      { numRuns: 300 },
    );
  });

  it('does not mutate its inputs', () => {
    const values = [3, 1, 2, 0, 5];
    const arms = { treated: { values }, control: { values: [1, 1, 0, 2] } };
    measureLift(arms, { metric: 'mean', interval: 'bootstrap', seed: 1, resamples: 100 });
    expect(values).toEqual([3, 1, 2, 0, 5]);
  });

  it('handles all-zero and all-one arms without NaN', () => {
    const zero = measureLift({ treated: { n: 40, successes: 0 }, control: { n: 50, successes: 0 } });
    expect(zero.pValue).toBe(1);
    expect(zero.statistic).toBeNull();
    expect(zero.relativeLift).toBeNull();
    expect(zero.relativeLower).toBeNull();
    expect(zero.lower).toBeLessThan(0);
    expect(zero.upper).toBeGreaterThan(0);
    const adjusted = measureLift({ treated: { n: 40, successes: 0 }, control: { n: 50, successes: 0 } }, { ratioInterval: 'log-adjusted' });
    expect(adjusted.relativeLower).toBeLessThan(0);
    expect(Number.isFinite(adjusted.relativeUpper)).toBe(true);
    const flat = measureLift({ treated: { values: [5, 5, 5] }, control: { values: [5, 5] } }, { metric: 'mean' });
    expect([flat.difference, flat.lower, flat.upper, flat.pValue, flat.df, flat.statistic]).toEqual([0, 0, 0, 1, null, null]);
  });
});
