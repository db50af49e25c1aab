/**
 * sampleSizeForLift against statsmodels 0.13.5's
 * samplesize_proportions_2indep_onetail(diff, prop2, power, ratio, alpha, alternative='two-sided')
 * (tests/fixtures/statsmodels/hillstrom_lift.py): the closed form, to 1e-9 relative. For
 * comparison, NormalIndPower().solve_power on Cohen's h (the arcsine scale) gives sizes within
 * 0.2 % in balanced designs and up to 6 % smaller with a small holdout.
 */
import { describe, expect, it } from 'vitest';
import { measureLift, sampleSizeForLift } from '../../src/measure';
import { Random } from '../../src/internal/random';
import { reference, relativeError } from './reference';

describe('sampleSizeForLift against statsmodels', () => {
  it.each(reference.sampleSize.map((c) => [`${c.baseRate} → ${c.baseRate + c.minDetectableEffect}, α ${c.alpha}, power ${c.power}, ratio ${c.ratio.toFixed(3)}`, c] as const))(
    '%s',
    (_name, c) => {
      const size = sampleSizeForLift({ baseRate: c.baseRate, minDetectableEffect: c.minDetectableEffect, alpha: c.alpha, power: c.power, ratio: c.ratio });
      expect(relativeError(size.treatedExact, c.treatedN)).toBeLessThan(1e-9);
      expect(size.treated).toBe(Math.ceil(c.treatedN));
      expect(size.control).toBe(Math.ceil(c.treatedN * c.ratio));
      expect(size.total).toBe(size.treated + size.control);
      // Cohen's h (NormalIndPower) is a different approximation: close, not equal.
      expect(relativeError(c.treatedNCohenH, c.treatedN)).toBeLessThan(0.06);
    },
  );

  it('one-sided needs fewer customers; more power, a smaller effect or a rarer outcome need more', () => {
    const base = { baseRate: 0.05, minDetectableEffect: 0.01 };
    const n = sampleSizeForLift(base).treatedExact;
    expect(sampleSizeForLift({ ...base, alternative: 'one-sided' }).treatedExact).toBeLessThan(n);
    expect(sampleSizeForLift({ ...base, power: 0.9 }).treatedExact).toBeGreaterThan(n);
    expect(sampleSizeForLift({ ...base, minDetectableEffect: 0.005 }).treatedExact).toBeGreaterThan(n);
    // one-sided at α equals two-sided at 2α
    expect(sampleSizeForLift({ ...base, alternative: 'one-sided', alpha: 0.025 }).treatedExact).toBeCloseTo(n, 9);
  });

  it('delivers the promised power: simulated designs detect the effect about 80 % of the time', () => {
    const size = sampleSizeForLift({ baseRate: 0.1, minDetectableEffect: 0.03 });
    const random = new Random(2024);
    let detected = 0;
    const trials = 400;
    for (let i = 0; i < trials; i++) {
      let t = 0;
      let c = 0;
      for (let j = 0; j < size.treated; j++) if (random.bernoulli(0.13)) t++;
      for (let j = 0; j < size.control; j++) if (random.bernoulli(0.1)) c++;
      if (measureLift({ treated: { n: size.treated, successes: t }, control: { n: size.control, successes: c } }).pValue < 0.05) detected++;
    }
    // 400 trials: the standard error of a share of 0.8 is 0.02.
    expect(detected / trials).toBeGreaterThan(0.74);
    expect(detected / trials).toBeLessThan(0.86);
  });
});
