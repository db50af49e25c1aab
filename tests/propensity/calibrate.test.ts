/**
 * fitCalibration / applyCalibration against scikit-learn 1.2.1
 * (tests/fixtures/sklearn/metrics_reference.py, run with Debian's /usr/bin/python3),
 * hand-computed maps, properties (fast-check) and bad input.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../support/helpers';
import { applyCalibration, applyCalibrationTo, fitCalibration, type Calibration, type IsotonicCalibration, type PlattCalibration } from '../../src/propensity/calibrate';

/** Platt's (a, b) agree with scikit-learn's BFGS answer to this: it stops at a gradient of 1e-5. */
const PLATT_SKLEARN_TOLERANCE = 1e-6;
/** …and with the optimum of the same objective (trust-exact then Newton, in numpy) to this. */
const PLATT_OPTIMUM_TOLERANCE = 1e-9;
/** Isotonic breakpoints and predictions agree with scikit-learn to this. */
const ISOTONIC_TOLERANCE = 1e-9;

interface ReferenceCase {
  readonly name: string;
  readonly labels: string;
  readonly scores: readonly number[];
  readonly expected: {
    readonly platt?: { readonly a: number; readonly b: number; readonly aOptimum: number; readonly bOptimum: number };
    readonly isotonic?: {
      readonly xThresholds: readonly number[];
      readonly yThresholds: readonly number[];
      readonly grid: readonly number[];
      readonly predictions: readonly number[];
    };
  };
}

const reference = JSON.parse(readFileSync(new URL('../fixtures/sklearn/metrics_reference.json', import.meta.url), 'utf8')) as { cases: ReferenceCase[] };
const calibrationCases = reference.cases.filter((c) => c.expected.platt !== undefined);
const labelsOf = (c: ReferenceCase): Uint8Array => Uint8Array.from(c.labels, Number);


const platt = (scores: ArrayLike<number>, labels: ArrayLike<number>): PlattCalibration => fitCalibration(scores, labels, { method: 'platt' }) as PlattCalibration;
const isotonic = (scores: ArrayLike<number>, labels: ArrayLike<number>): IsotonicCalibration =>
  fitCalibration(scores, labels, { method: 'isotonic' }) as IsotonicCalibration;

describe('fitCalibration against scikit-learn 1.2.1', () => {
  it('covers the fixture cases', () => {
    expect(calibrationCases.map((c) => c.name)).toEqual(['ties', 'continuous', 'all_tied', 'logits', 'large']);
  });

  it.each(calibrationCases.filter((c) => c.name !== 'all_tied').map((c) => [c.name, c] as const))('Platt on %s', (_name, c) => {
    // a, b = sklearn.calibration._sigmoid_calibration(s, y)
    const expected = c.expected.platt;
    if (expected === undefined) throw new Error('fixture lacks platt');
    const fit = platt(c.scores, labelsOf(c));
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.params.a - expected.a)).toBeLessThanOrEqual(PLATT_SKLEARN_TOLERANCE);
    expect(Math.abs(fit.params.b - expected.b)).toBeLessThanOrEqual(PLATT_SKLEARN_TOLERANCE);
    expect(Math.abs(fit.params.a - expected.aOptimum)).toBeLessThanOrEqual(PLATT_OPTIMUM_TOLERANCE);
    expect(Math.abs(fit.params.b - expected.bOptimum)).toBeLessThanOrEqual(PLATT_OPTIMUM_TOLERANCE);
  });

  it('Platt on constant scores: only a·s + b is identified; the probability matches', () => {
    // _sigmoid_calibration([0.3] * 8, y) stops somewhere on the line a·0.3 + b = const.
    const c = calibrationCases.find((k) => k.name === 'all_tied');
    const expected = c?.expected.platt;
    if (c === undefined || expected === undefined) throw new Error('fixture lacks all_tied');
    const fit = platt(c.scores, labelsOf(c));
    expect(fit.params.a).toBe(0);
    const sklearn = 1 / (1 + Math.exp(expected.a * 0.3 + expected.b));
    expect(Math.abs(applyCalibration(fit, 0.3) - sklearn)).toBeLessThanOrEqual(PLATT_SKLEARN_TOLERANCE);
  });

  it.each(calibrationCases.map((c) => [c.name, c] as const))('isotonic on %s', (_name, c) => {
    // ir = IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1).fit(s, y)
    const expected = c.expected.isotonic;
    if (expected === undefined) throw new Error('fixture lacks isotonic');
    const fit = isotonic(c.scores, labelsOf(c));
    // ir.X_thresholds_, ir.y_thresholds_
    expect(fit.params.x).toEqual(expected.xThresholds);
    expect(fit.params.y).toHaveLength(expected.yThresholds.length);
    fit.params.y.forEach((v, i) => expect(Math.abs(v - (expected.yThresholds[i] as number))).toBeLessThanOrEqual(ISOTONIC_TOLERANCE));
    // ir.predict(grid), the grid reaching beyond the scores on both sides (clipped)
    const predictions = applyCalibrationTo(fit, expected.grid);
    predictions.forEach((v, i) => expect(Math.abs(v - (expected.predictions[i] as number))).toBeLessThanOrEqual(ISOTONIC_TOLERANCE));
    expect(applyCalibration(fit, expected.grid[7] as number)).toBe(predictions[7]);
  });
});

describe('fitCalibration by hand', () => {
  it('isotonic pools adjacent violators', () => {
    // Labels by score 0, 1, 0, 1: the middle pair violates and pools to ½.
    const fit = isotonic([0.1, 0.3, 0.35, 0.8], [0, 1, 0, 1]);
    expect(fit.params).toEqual({ x: [0.1, 0.3, 0.35, 0.8], y: [0, 0.5, 0.5, 1] });
    expect(applyCalibration(fit, 0.2)).toBeCloseTo(0.25, 15);
    expect(applyCalibration(fit, 0.5)).toBeCloseTo(0.5 + (0.15 / 0.45) * 0.5, 15);
    expect(applyCalibration(fit, -3)).toBe(0);
    expect(applyCalibration(fit, 0.3)).toBe(0.5);
    expect(applyCalibration(fit, 7)).toBe(1);
  });

  it('isotonic merges tied scores into their mean label, and scores within 1e-15 as scikit-learn does', () => {
    expect(isotonic([0.2, 0.2, 0.5], [0, 1, 1]).params).toEqual({ x: [0.2, 0.5], y: [0.5, 1] });
    // IsotonicRegression(...).fit([0.5, 0.5 + 3e-16, 0.7, 0.2], [1, 0, 1, 0]): X_thresholds_ [0.2, 0.5, 0.7], y [0, 0.5, 1]
    expect(isotonic([0.5, 0.5 + 3e-16, 0.7, 0.2], [1, 0, 1, 0]).params).toEqual({ x: [0.2, 0.5, 0.7], y: [0, 0.5, 1] });
  });

  it('isotonic drops interior breakpoints of a flat run', () => {
    const fit = isotonic([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1]);
    expect(fit.params).toEqual({ x: [1, 3, 4, 6], y: [0, 0, 1, 1] });
    expect(applyCalibration(fit, 3.5)).toBe(0.5);
  });

  it('isotonic on one distinct score is a constant', () => {
    const fit = isotonic([0.4, 0.4, 0.4, 0.4], [1, 0, 0, 0]);
    expect(fit.params).toEqual({ x: [0.4], y: [0.25] });
    expect(applyCalibrationTo(fit, [0, 0.4, 1])).toEqual(Float64Array.from([0.25, 0.25, 0.25]));
  });

  it('Platt: smoothed targets, the sign convention, and a separable set stays finite', () => {
    // Perfectly separated: without Platt's targets a → −∞; with them the fit is finite.
    const fit = platt([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0, 0, 0, 1, 1, 1]);
    expect(Number.isFinite(fit.params.a)).toBe(true);
    expect(fit.params.a).toBeLessThan(0);
    // At the optimum the calibrated mean equals the mean smoothed target (the b-gradient is 0):
    // targets ⅘ for each positive, ⅕ for each negative → ½.
    const mean = applyCalibrationTo(fit, [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]).reduce((s, p) => s + p, 0) / 6;
    expect(mean).toBeCloseTo(0.5, 10);
    // Symmetric data: p(0.5) = ½, so a·0.5 + b = 0.
    expect(fit.params.a * 0.5 + fit.params.b).toBeCloseTo(0, 9);
  });

  it('Platt on constant scores returns the smoothed positive rate', () => {
    // Targets: 2 positives → ¾ each, 6 negatives → ⅛ each; mean (1.5 + 0.75)/8 = 0.28125.
    const fit = platt([2, 2, 2, 2, 2, 2, 2, 2], [1, 1, 0, 0, 0, 0, 0, 0]);
    expect(fit).toMatchObject({ params: { a: 0 }, converged: true, iterations: 0, rows: 8 });
    expect(applyCalibration(fit, 2)).toBeCloseTo(0.28125, 15);
  });

  it('a calibration survives JSON', () => {
    const scores = [0.1, 0.2, 0.4, 0.6, 0.7, 0.9];
    const labels = [0, 0, 1, 0, 1, 1];
    for (const fit of [platt(scores, labels), isotonic(scores, labels)]) {
      const copy = JSON.parse(JSON.stringify(fit)) as Calibration;
      expect(copy).toEqual(fit);
      expect(applyCalibrationTo(copy, scores)).toEqual(applyCalibrationTo(fit, scores));
    }
  });

  it('applyCalibrationTo writes into out, in place if asked', () => {
    const fit = isotonic([0.1, 0.3, 0.35, 0.8], [0, 1, 0, 1]);
    const buffer = Float64Array.from([0, 0.3, 1]);
    const result = applyCalibrationTo(fit, buffer, buffer);
    expect(result).toBe(buffer);
    expect(Array.from(buffer)).toEqual([0, 0.5, 1]);
  });
});

describe('fitCalibration properties', () => {
  const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 200 });
  const split = (r: readonly (readonly [number, number])[]): { labels: number[]; scores: number[] } => ({
    labels: r.map(([y]) => y),
    scores: r.map(([, k]) => k / 50),
  });
  const grid = Array.from({ length: 121 }, (_, i) => -0.1 + i / 100);

  it('isotonic output is non-decreasing in the score and within [0, 1]', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const { labels, scores } = split(r);
        const out = applyCalibrationTo(isotonic(scores, labels), grid);
        for (let i = 0; i < out.length; i++) {
          expect(out[i]).toBeGreaterThanOrEqual(0);
          expect(out[i]).toBeLessThanOrEqual(1);
          if (i > 0) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1] as number);
        }
      }),
    );
  });

  it('isotonic fits the mean label: Σ fitted value × rows = Σ labels over the distinct scores', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const { labels, scores } = split(r);
        const fit = isotonic(scores, labels);
        const fitted = applyCalibrationTo(fit, scores);
        const total = fitted.reduce((s, p) => s + p, 0);
        expect(total).toBeCloseTo(
          labels.reduce((s, y) => s + y, 0),
          9,
        );
      }),
    );
  });

  it('Platt output lies in [0, 1]; both fits ignore the row order', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 0, max: 1000 }), (r, rotation) => {
        const { labels, scores } = split(r);
        const k = rotation % r.length;
        const rotate = <T>(a: T[]): T[] => [...a.slice(k), ...a.slice(0, k)];
        const fit = platt(scores, labels);
        for (const p of applyCalibrationTo(fit, grid)) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        const rotated = platt(rotate(scores), rotate(labels));
        expect(rotated.params.a).toBeCloseTo(fit.params.a, 7);
        expect(rotated.params.b).toBeCloseTo(fit.params.b, 7);
        expect(isotonic(rotate(scores), rotate(labels))).toEqual(isotonic(scores, labels));
      }),
    );
  });

  it('does not modify its inputs', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const { labels, scores } = split(r);
        const typed = Float64Array.from(scores);
        const before = Float64Array.from(typed);
        const labelsBefore = [...labels];
        for (const method of ['platt', 'isotonic'] as const) {
          const fit = fitCalibration(typed, labels, { method });
          applyCalibrationTo(fit, typed);
        }
        expect(typed).toEqual(before);
        expect(labels).toEqual(labelsBefore);
      }),
    );
  });
});

describe('fitCalibration bad input', () => {
  it('names the first bad index', () => {
    const nan = thrown(() => fitCalibration([0.1, Number.NaN], [0, 1], { method: 'platt' }));
    expect(nan.code).toBe('invalid_input');
    expect(nan.message).toBe('fitCalibration: 1 invalid value, first at scores[1]: expected a finite number, got NaN');
    const label = thrown(() => fitCalibration([0.1, 0.2], [0, -1], { method: 'isotonic' }));
    expect(label.message).toBe('fitCalibration: 1 invalid value, first at labels[1]: expected 0 or 1, got -1');
    expect(thrown(() => fitCalibration([0.1], [0, 1], { method: 'isotonic' })).message).toBe(
      'fitCalibration: labels and scores differ in length (2 vs 1)',
    );
  });

  it('no rows, unknown method, bad iteration options', () => {
    expect(thrown(() => fitCalibration([], [], { method: 'platt' })).code).toBe('insufficient_data');
    expect(thrown(() => fitCalibration([0.1], [1], { method: 'beta' as 'platt' })).message).toMatch(/^fitCalibration: options.method must be 'platt' or 'isotonic'/);
    expect(thrown(() => fitCalibration([0.1], [1], { method: 'platt', maxIterations: 0 })).message).toMatch(/^fitCalibration: options.maxIterations/);
    expect(thrown(() => fitCalibration([0.1], [1], { method: 'platt', tolerance: -1 })).message).toMatch(/^fitCalibration: options.tolerance/);
  });

  it('says when Platt did not converge', () => {
    const error = thrown(() => fitCalibration([0.1, 0.2, 0.4, 0.6, 0.7, 0.9], [0, 0, 1, 0, 1, 1], { method: 'platt', maxIterations: 1 }));
    expect(error.code).toBe('did_not_converge');
    expect(error.message).toMatch(/^fitCalibration: Platt's fit did not converge within 1 iterations .*try a larger maxIterations/);
  });

  it('applying: non-finite scores, foreign objects, a wrong out', () => {
    const fit = isotonic([0.1, 0.9], [0, 1]);
    expect(thrown(() => applyCalibration(fit, Number.NaN)).message).toBe('applyCalibration: expected a finite score, got NaN');
    const batch = thrown(() => applyCalibrationTo(fit, [0.2, Number.POSITIVE_INFINITY]));
    expect(batch.message).toBe('applyCalibrationTo: scores[1]: expected a finite number, got Infinity');
    expect(batch.issues[0]?.path).toEqual(['scores', 1]);
    expect(thrown(() => applyCalibrationTo(fit, [0.2], new Float64Array(2))).message).toMatch(/^applyCalibrationTo: out must be a Float64Array of 1 values/);
    const foreign = thrown(() => applyCalibration({ kind: 'model' } as unknown as Calibration, 0.5));
    expect(foreign.code).toBe('incompatible_model');
    expect(thrown(() => applyCalibration({ ...fit, version: 2 } as unknown as Calibration, 0.5)).message).toMatch(/version 2 is not supported/);
    expect(thrown(() => applyCalibration({ ...fit, params: { x: [0.1], y: [] } }, 0.5)).code).toBe('incompatible_model');
    expect(thrown(() => applyCalibration({ ...fit, method: 'beta' } as unknown as Calibration, 0.5)).message).toMatch(/unknown calibration method beta/);
  });
});
