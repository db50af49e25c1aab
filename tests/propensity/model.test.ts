/** trainPropensity, scorePropensity, explainScore, calibrate, serializeModel / loadModel: contracts, errors, files that lie. */
import { describe, expect, it } from 'vitest';
import { RelanceError } from '../../src/errors';
import { calibrate, explainScore, loadModel, scorePropensity, serializeModel, trainPropensity, type FeatureTable, type PropensityModel } from '../../src/propensity';
import { Random } from '../../src/internal/random';

/** A seeded table where y depends on two of three features. */
function synthetic(rows: number, seed: number): FeatureTable & { labels: Uint8Array } {
  const r = new Random(seed);
  const data = new Float64Array(rows * 3);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = r.normal();
    const b = r.normal();
    const c = r.normal();
    data.set([a, b, c], i * 3);
    labels[i] = r.next() < 1 / (1 + Math.exp(-(1.5 * a - b))) ? 1 : 0;
  }
  return { featureNames: ['visits12m', 'ageMonths', 'noise'], rows, cols: 3, data, labels, ids: Array.from({ length: rows }, (_, i) => `C${i}`) };
}

const train = synthetic(2000, 1);
const valid = synthetic(2000, 2);
const logistic = trainPropensity(train, { algorithm: 'logistic' });
const forest = trainPropensity(train, { algorithm: 'random-forest', seed: 3, nEstimators: 20, minSamplesLeaf: 5 });

describe('trainPropensity and scorePropensity', () => {
  it('learn the signal, report training metrics, and score a table in row order', () => {
    for (const m of [logistic, forest]) {
      expect(m.kind).toBe('propensity-model');
      expect(m.training.rows).toBe(2000);
      expect(m.training.trainRocAuc).toBeGreaterThan(0.7);
      const p = scorePropensity(m, valid);
      expect(p.length).toBe(2000);
      expect(p.every((x) => x >= 0 && x <= 1)).toBe(true);
    }
    expect(logistic.algorithm === 'logistic' && logistic.learned.coefficients[0]).toBeGreaterThan(0);
    expect(forest.algorithm === 'random-forest' && forest.training.oobRocAuc).toBeGreaterThan(0.6);
  });

  it('matches columns by name, whatever their order, and scores a single row the same', () => {
    for (const m of [logistic, forest]) {
      const p = scorePropensity(m, valid);
      const swapped = new Float64Array(valid.data.length);
      for (let i = 0; i < valid.rows; i++) swapped.set([valid.data[i * 3 + 2] as number, valid.data[i * 3] as number, valid.data[i * 3 + 1] as number], i * 3);
      const q = scorePropensity(m, { featureNames: ['noise', 'visits12m', 'ageMonths'], rows: valid.rows, cols: 3, data: swapped });
      expect(Array.from(q)).toEqual(Array.from(p));
      const one = scorePropensity(m, { ageMonths: valid.data[1] as number, visits12m: valid.data[0] as number, noise: valid.data[2] as number });
      expect(one).toBe(p[0]);
    }
  });

  it('missing or extra columns are incompatible_model naming them; prospects score with impute-mean', () => {
    const two = { featureNames: ['visits12m', 'ageMonths'], rows: 1, cols: 2, data: Float64Array.from([1, 0]) };
    expect(() => scorePropensity(logistic, two)).toThrow(RelanceError);
    try {
      scorePropensity(logistic, two);
    } catch (error) {
      expect((error as RelanceError).code).toBe('incompatible_model');
      expect((error as RelanceError).issues.map((i) => i.path.join('.'))).toEqual(['featureNames.noise']);
    }
    expect(() => scorePropensity(logistic, { visits12m: 1, ageMonths: 0, noise: 0, extra: 1 })).toThrow(/no column "extra"/);
    // A feature at its training mean adds nothing to the logistic model's log-odds.
    const means = logistic.training.featureMeans;
    const imputed = scorePropensity(logistic, two, { missing: 'impute-mean' })[0] as number;
    expect(imputed).toBeCloseTo(scorePropensity(logistic, { visits12m: 1, ageMonths: 0, noise: means[2] as number }), 12);
    expect(scorePropensity(forest, two, { missing: 'impute-mean' })[0]).toBeGreaterThanOrEqual(0);
  });

  it('a NaN or an infinity is an invalid_input naming the row and the column', () => {
    const bad = { ...valid, data: valid.data.slice() };
    bad.data[5 * 3 + 1] = Number.NaN;
    for (const m of [logistic, forest]) {
      try {
        scorePropensity(m, bad);
        expect.unreachable();
      } catch (error) {
        expect((error as RelanceError).code).toBe('invalid_input');
        expect((error as RelanceError).issues[0]?.path).toEqual(['data', 5, 'ageMonths']);
      }
    }
    expect(() => trainPropensity({ ...train, labels: new Uint8Array(2000) }, { algorithm: 'logistic' })).toThrow(/both classes/);
    expect(() => trainPropensity(train, { algorithm: 'svm' } as never)).toThrow(/algorithm/);
  });
});

describe('explainScore', () => {
  it('logistic: the baseline plus the contributions is the log-odds of the score, exactly', () => {
    const row = { visits12m: 2, ageMonths: -1, noise: 0.3 };
    const e = explainScore(logistic, row);
    const z = e.baseline + e.all.reduce((s, c) => s + c.contribution, 0);
    expect(1 / (1 + Math.exp(-z))).toBeCloseTo(e.probability, 12);
    expect(e.top[0]?.feature).toBe('visits12m');
    expect(e.top[0]?.text).toMatch(/^visits12m = 2 \(average .*\) raises the odds ×/);
  });

  it('forest: the bias plus the contributions is the probability (path-based)', () => {
    const e = explainScore(forest, { visits12m: -1.5, ageMonths: 1, noise: 0 });
    expect(e.baseline + e.all.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(e.probability, 12);
    expect(e.unit).toBe('probability');
  });
});

describe('calibrate', () => {
  it('fits Platt scaling on held-out rows; scoring applies it, calibrated: false does not', () => {
    const cal = calibrate(forest, valid, { method: 'platt' });
    expect(cal.calibration?.method).toBe('platt');
    const raw = scorePropensity(cal, valid, { calibrated: false });
    expect(Array.from(raw)).toEqual(Array.from(scorePropensity(forest, valid)));
    const calibrated = scorePropensity(cal, valid);
    expect(Array.from(calibrated)).not.toEqual(Array.from(raw));
    // Calibrated on these rows: the mean probability is close to the positive rate.
    const rate = Array.from(valid.labels).reduce((s, y) => s + y, 0) / valid.rows;
    expect(Math.abs(calibrated.reduce((s, x) => s + x, 0) / valid.rows - rate)).toBeLessThan(0.01);
  });
});

describe('serializeModel and loadModel', () => {
  it('round-trip both algorithms to the same scores', () => {
    for (const m of [logistic, forest, calibrate(logistic, valid, { method: 'isotonic' })]) {
      const loaded = loadModel(serializeModel(m));
      expect(Array.from(scorePropensity(loaded, valid))).toEqual(Array.from(scorePropensity(m, valid)));
    }
  });

  const text = serializeModel(logistic);
  const edit = (f: (o: Record<string, unknown>) => void): string => {
    const o = JSON.parse(text) as Record<string, unknown>;
    f(o);
    return JSON.stringify(o);
  };
  const rejects = (json: string, pattern: RegExp): void => {
    try {
      loadModel(json);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RelanceError);
      expect((error as RelanceError).code).toBe('incompatible_model');
      expect((error as RelanceError).message).toMatch(pattern);
    }
  };

  it('refuses a truncated file, a newer version, a tampered value, unknown keys and __proto__', () => {
    rejects(text.slice(0, text.length / 2), /not valid JSON/);
    rejects(edit((o) => (o['version'] = 2)), /newer than this relance reads/);
    rejects(edit((o) => ((o['learned'] as Record<string, unknown>)['coefficients'] = [1])), /inconsistent model/);
    rejects(edit((o) => ((o['learned'] as Record<string, unknown>)['intercept'] = 'x')), /learned\.intercept/);
    rejects(edit((o) => (o['run'] = 'process.exit(1)')), /not a valid propensity model/);
    rejects(text.replace('{"kind"', '{"__proto__":{"polluted":true},"kind"'), /not a valid propensity model/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a forest whose trees point outside themselves (or backwards: a cycle)', () => {
    const f = JSON.parse(serializeModel(forest)) as { learned: { trees: Array<{ left: number[]; feature: number[] }> } };
    const tree = f.learned.trees[0] as { left: number[]; feature: number[] };
    const internal = tree.feature.findIndex((x) => x >= 0);
    tree.left[internal] = 0;
    rejects(JSON.stringify(f), /child index/);
  });

  it('scoring with a model whose feature list does not match the table is incompatible_model', () => {
    const m: PropensityModel = loadModel(text);
    expect(() => scorePropensity(m, { featureNames: ['a', 'b', 'c'], rows: 1, cols: 3, data: new Float64Array(3) })).toThrow(/columns do not match/);
  });
});
