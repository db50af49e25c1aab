/**
 * The analytic gradients and Hessians of the Weibull likelihoods against central finite
 * differences of the value and of the gradient, for every form the fits use (plain, cure
 * with textbook truncation, cure with truncation on ownership), with and without entry times
 * and weights. The fits converge on these derivatives, so an error here moves every estimate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSurvivalData } from '../../src/repurchase/survivalData';
import { evaluate, prepare } from '../../src/repurchase/weibullLikelihood';

const row = fc.record({
  t: fc.double({ min: 0.5, max: 120, noNaN: true }),
  d: fc.integer({ min: 0, max: 1 }),
  entryShare: fc.double({ min: 0, max: 0.95, noNaN: true }),
  truncated: fc.boolean(),
  w: fc.double({ min: 0.2, max: 3, noNaN: true }),
});
const theta3 = fc.tuple(fc.double({ min: 2, max: 5, noNaN: true }), fc.double({ min: -0.7, max: 1.2, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }));

const H = 1e-5;
const close = (analytic: number, numeric: number, scale: number): void => {
  expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
};

describe('Weibull likelihood derivatives', () => {
  it.each([
    ['plain', false, false],
    ['cure, textbook truncation', true, false],
    ['cure, truncation on ownership', true, true],
  ] as const)('%s: gradient and Hessian match finite differences', (_name, cure, ownership) => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 3, maxLength: 40 }), theta3, fc.boolean(), (rows, t3, weighted) => {
        const data = toSurvivalData(
          'test',
          rows.map((r) => r.t),
          rows.map((r) => r.d),
          { entry: rows.map((r) => (r.truncated ? r.t * r.entryShare : 0)), ...(weighted ? { weights: rows.map((r) => r.w) } : {}) },
          true,
        );
        const prep = prepare(data, ownership);
        const theta = cure ? [...t3] : [t3[0], t3[1]];
        const dim = theta.length;
        const at = evaluate(prep, theta, cure, null);
        const scale = Math.abs(at.value);
        for (let j = 0; j < dim; j++) {
          const up = theta.slice();
          const down = theta.slice();
          up[j] = (up[j] as number) + H;
          down[j] = (down[j] as number) - H;
          const eu = evaluate(prep, up, cure, null);
          const ed = evaluate(prep, down, cure, null);
          close(at.gradient[j] as number, (eu.value - ed.value) / (2 * H), scale);
          for (let i = 0; i < dim; i++) {
            close(at.hessian[i * dim + j] as number, ((eu.gradient[i] as number) - (ed.gradient[i] as number)) / (2 * H), scale);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the ownership form equals the textbook one when there is no truncation', () => {
    // Entry times all 0: the ownership code path runs, with no truncation term to add.
    const data = toSurvivalData('test', [3, 7, 12, 30, 44, 60], [1, 0, 1, 0, 1, 0], { entry: [0, 0, 0, 0, 0, 0] }, true);
    const a = evaluate(prepare(data, true), [3.4, 0.3, -0.5], true, null);
    const b = evaluate(prepare(toSurvivalData('test', [3, 7, 12, 30, 44, 60], [1, 0, 1, 0, 1, 0], {}, true), false), [3.4, 0.3, -0.5], true, null);
    expect(a.value).toBeCloseTo(b.value, 10);
    a.hessian.forEach((x, i) => expect(x).toBeCloseTo(b.hessian[i] as number, 8));
  });
});
