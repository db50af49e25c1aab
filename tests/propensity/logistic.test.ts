/**
 * The logistic regression against scikit-learn on the UCI Bank Marketing split
 * (tests/fixtures/sklearn/logistic_reference.py and its JSON: StandardScaler, then
 * LogisticRegression(C=1.0, tol=1e-10, max_iter=10000) with the solvers lbfgs, newton-cg and
 * newton-cholesky), and on hand-computable cases.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateScores } from '../../src/propensity/evaluateScores';
import { fitLogistic, rawScaleWeights, resolveLogisticParams } from '../../src/propensity/logistic';
import { Random } from '../../src/internal/random';
import { SYNTHETIC_SEED, syntheticTable } from '../support/syntheticTable';
import { loadBankData } from './bankData';

interface Fit {
  intercept: number;
  coefficients: number[];
  objective: number;
  gradientMaxAbs: number;
  testRocAuc: number;
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/sklearn/logistic_reference.json', import.meta.url), 'utf8')) as {
  featureNames: string[];
  means: number[];
  scales: number[];
  testRocAuc: number;
  fits: Record<'lbfgs' | 'newton-cg' | 'newton-cholesky', Fit>;
};

const score = (learned: ReturnType<typeof fitLogistic>, table: { rows: number; cols: number; data: Float64Array }): Float64Array => {
  const { intercept, weights } = rawScaleWeights(learned);
  const out = new Float64Array(table.rows);
  for (let i = 0; i < table.rows; i++) {
    let z = intercept;
    for (let j = 0; j < table.cols; j++) z += (weights[j] as number) * (table.data[i * table.cols + j] as number);
    out[i] = 1 / (1 + Math.exp(-z));
  }
  return out;
};

describe('fitLogistic on the bank split, against scikit-learn 1.2.1', () => {
  const { train, test } = loadBankData();
  const learned = fitLogistic('test', train, resolveLogisticParams('test', {}));

  it('standardises as StandardScaler does (means, population standard deviations) to 1e-9', () => {
    expect(train.featureNames).toEqual(ref.featureNames);
    learned.means.forEach((m, j) => expect(Math.abs(m - (ref.means[j] as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(m))));
    learned.scales.forEach((s, j) => expect(Math.abs(s - (ref.scales[j] as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, s)));
  });

  it('reaches the optimum newton-cg and newton-cholesky reach: every coefficient within 1e-4 (measured: 1e-8)', () => {
    expect(learned.converged).toBe(true);
    for (const solver of ['newton-cg', 'newton-cholesky'] as const) {
      const f = ref.fits[solver];
      expect(Math.abs(learned.intercept - f.intercept)).toBeLessThanOrEqual(1e-4);
      learned.coefficients.forEach((c, j) => expect(Math.abs(c - (f.coefficients[j] as number))).toBeLessThanOrEqual(1e-4));
    }
  });

  it('against lbfgs (the default solver, which stops on the flat one-hot directions): a lower objective, and test ROC AUC within 0.002', () => {
    // C·Σ logloss + ½‖β‖² at relance's coefficients, computed here on the standardised rows.
    let objective = 0;
    const p = train.cols;
    for (let i = 0; i < train.rows; i++) {
      let z = learned.intercept;
      for (let j = 0; j < p; j++) z += (learned.coefficients[j] as number) * (((train.data[i * p + j] as number) - (learned.means[j] as number)) / (learned.scales[j] as number));
      objective += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - (train.labels[i] as number) * z;
    }
    objective += 0.5 * learned.coefficients.reduce((s, c) => s + c * c, 0);
    expect(objective).toBeLessThanOrEqual(ref.fits.lbfgs.objective);
    expect(Math.abs(objective - ref.fits['newton-cholesky'].objective)).toBeLessThanOrEqual(1e-6);
    const auc = evaluateScores(test.labels, score(learned, test)).rocAuc as number;
    expect(Math.abs(auc - ref.testRocAuc)).toBeLessThanOrEqual(0.002);
    expect(Math.abs(auc - ref.fits['newton-cholesky'].testRocAuc)).toBeLessThanOrEqual(1e-6);
  });
});

describe('fitLogistic: hand-computable cases and properties', () => {
  it('without a penalty on one binary feature, recovers the log odds of each group', () => {
    // x = 0: 1 positive in 4 → logit −ln 3; x = 1: 3 positives in 4 → logit ln 3.
    const table = { featureNames: ['x'], rows: 8, cols: 1, data: Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]), labels: [1, 0, 0, 0, 1, 1, 1, 0] };
    const l = fitLogistic('test', table, resolveLogisticParams('test', { C: Infinity }));
    const { intercept, weights } = rawScaleWeights(l);
    expect(intercept).toBeCloseTo(-Math.log(3), 8);
    expect(intercept + (weights[0] as number)).toBeCloseTo(Math.log(3), 8);
  });

  it('the penalty shrinks the coefficients (|β| decreases as C decreases) and never the intercept’s base rate', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.integer({ min: 0, max: 1 })), { minLength: 12, maxLength: 40 }), (xs) => {
        const labels = xs.map(([, y]) => y);
        if (labels.every((y) => y === labels[0])) return;
        const table = { featureNames: ['x'], rows: xs.length, cols: 1, data: Float64Array.from(xs.map(([x]) => x)), labels };
        const strong = fitLogistic('t', table, resolveLogisticParams('t', { C: 0.01 }));
        const weak = fitLogistic('t', table, resolveLogisticParams('t', { C: 100 }));
        expect(Math.abs(strong.coefficients[0] as number)).toBeLessThanOrEqual(Math.abs(weak.coefficients[0] as number) + 1e-9);
        expect(strong.converged && weak.converged).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects one class and bad options', () => {
    const table = { featureNames: ['x'], rows: 3, cols: 1, data: Float64Array.from([1, 2, 3]), labels: [1, 1, 1] };
    expect(() => fitLogistic('t', table, resolveLogisticParams('t', {}))).toThrow(/both classes/);
    expect(() => resolveLogisticParams('t', { C: 0 })).toThrow(/C/);
    expect(() => resolveLogisticParams('t', { maxIterations: 0 })).toThrow(/maxIterations/);
  });
});

describe('fitLogistic on a large base', () => {
  it('reports convergence at the optimum of 100,000 rows, where the summed gradient cannot reach 1e-8', () => {
    // A misspecified model, as real ones are (bench/logistic.ts's table): the linear fit's summed
    // gradient stalls around 1e-4 at its optimum, the objective (≈ 47,000) at its rounding.
    const n = 100_000;
    const table = syntheticTable(n, new Random(SYNTHETIC_SEED), 'r');
    const learned = fitLogistic('test', table, resolveLogisticParams('test', {}));
    expect(learned.converged).toBe(true);
    expect(learned.iterations).toBeLessThan(10);
    // The gradient of the mean loss (the summed one ÷ n) is at the optimum's level: under 1e-7.
    expect(learned.gradientNorm / n).toBeLessThan(1e-7);
    // At the optimum: the first feature's slope is the truth's 0.9 (sd 1) shrunk by the misfit, positive; the 8th column (pure noise) near 0.
    expect(learned.coefficients[0]).toBeGreaterThan(0.5);
    expect(Math.abs(learned.coefficients[7] as number)).toBeLessThan(0.05);
  });
});
