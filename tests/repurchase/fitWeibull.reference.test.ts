/**
 * fitWeibull against R's survival::survreg on lung and aml, from
 * tests/fixtures/survival/reference.json (tests/fixtures/survival/reference.R, R 4.2.2,
 * survival 3.5.3): `survreg(Surv(time, status) ~ 1, dist = "weibull")`, shape = 1/fit$scale,
 * scale = exp(coef(fit)), standard errors from vcov(fit), log-likelihood fit$loglik[2].
 * Tolerance 1e-6 relative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitWeibull } from '../../src/repurchase';

interface WeibullCase {
  name: string;
  input: { durations: number[]; events: number[]; weights: number[] | null };
  shape: number;
  scale: number;
  logScaleStdErr: number;
  logShapeStdErr: number;
  logLikelihood: number;
}
const reference = JSON.parse(readFileSync(new URL('../fixtures/survival/reference.json', import.meta.url), 'utf8')) as {
  weibull: WeibullCase[];
};

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('fitWeibull agrees with R survreg', () => {
  it.each(reference.weibull.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const fit = fitWeibull(c.input.durations, c.input.events, c.input.weights === null ? {} : { weights: c.input.weights });
    expect(fit.converged).toBe(true);
    expect(relative(fit.shape, c.shape)).toBeLessThan(1e-6);
    expect(relative(fit.scale, c.scale)).toBeLessThan(1e-6);
    expect(relative(fit.logLikelihood, c.logLikelihood)).toBeLessThan(1e-6);
    expect(relative(fit.logScaleStdErr, c.logScaleStdErr)).toBeLessThan(1e-5);
    expect(relative(fit.logShapeStdErr, c.logShapeStdErr)).toBeLessThan(1e-5);
  });
});
