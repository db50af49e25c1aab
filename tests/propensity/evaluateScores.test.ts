/**
 * evaluateScores against scikit-learn 1.2.1 (tests/fixtures/sklearn/metrics_reference.py,
 * run with Debian's /usr/bin/python3), hand-computed cases, properties (fast-check) and bad
 * input.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../support/helpers';
import { evaluateScores } from '../../src/propensity/evaluateScores';

/** Metrics agree with scikit-learn to this (absolute). */
const METRIC_TOLERANCE = 1e-9;
/** −ln(2.220446049250313e-16): the loss of a positive scored 0 (or a negative scored 1) once clipped. */
const CLIPPED_LOSS = 36.04365338911715;

interface Reference {
  readonly logLossEps: number;
  readonly cases: readonly ReferenceCase[];
}

interface ReferenceCase {
  readonly name: string;
  readonly n: number;
  readonly probabilities: boolean;
  /** One '0' or '1' per row. */
  readonly labels: string;
  readonly scores: readonly number[];
  readonly expected: {
    readonly rocAuc?: number;
    readonly prAuc?: number;
    readonly logLoss?: number;
    readonly brier?: number;
    readonly calibration?: { readonly probTrue: readonly number[]; readonly probPred: readonly number[]; readonly binCounts: readonly number[] };
    readonly decileRows: readonly number[];
    readonly decilePositives: readonly number[];
    readonly topDecileLift: number | null;
  };
}

const reference = JSON.parse(readFileSync(new URL('../fixtures/sklearn/metrics_reference.json', import.meta.url), 'utf8')) as Reference;
const labelsOf = (c: ReferenceCase): Uint8Array => Uint8Array.from(c.labels, Number);


describe('evaluateScores against scikit-learn 1.2.1', () => {
  it('uses the log-loss epsilon scikit-learn used (np.finfo(float64).eps)', () => {
    expect(reference.logLossEps).toBe(Number.EPSILON);
    expect(-Math.log(Number.EPSILON)).toBe(CLIPPED_LOSS);
  });

  it.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = evaluateScores(labelsOf(c), c.scores, { probabilities: c.probabilities });
    const e = c.expected;
    expect(result.n).toBe(c.n);
    // roc_auc_score(y, s) and average_precision_score(y, s); absent (raised) for one class.
    for (const key of ['rocAuc', 'prAuc'] as const) {
      const expected = e[key];
      if (expected === undefined) expect(result[key]).toBeNull();
      else expect(Math.abs((result[key] as number) - expected)).toBeLessThanOrEqual(METRIC_TOLERANCE);
    }
    if (c.probabilities) {
      // log_loss(y, s) (eps='auto'); scikit-learn raises for one class, we still compute it.
      if (e.logLoss !== undefined) expect(Math.abs((result.logLoss as number) - e.logLoss)).toBeLessThanOrEqual(METRIC_TOLERANCE);
      else expect(Number.isFinite(result.logLoss)).toBe(true);
      // brier_score_loss(y, s)
      expect(Math.abs((result.brier as number) - (e.brier as number))).toBeLessThanOrEqual(METRIC_TOLERANCE);
      // calibration_curve(y, s, n_bins=10) returns the non-empty bins only.
      const calibration = e.calibration;
      if (calibration === undefined) throw new Error('fixture lacks calibration_curve');
      const table = result.calibration ?? [];
      expect(table.map((b) => b.rows)).toEqual(calibration.binCounts);
      const filled = table.filter((b) => b.rows > 0);
      expect(filled).toHaveLength(calibration.probTrue.length);
      filled.forEach((bin, i) => {
        expect(Math.abs((bin.positiveRate as number) - (calibration.probTrue[i] as number))).toBeLessThanOrEqual(METRIC_TOLERANCE);
        expect(Math.abs((bin.meanScore as number) - (calibration.probPred[i] as number))).toBeLessThanOrEqual(METRIC_TOLERANCE);
      });
    } else {
      expect(result.logLoss).toBeNull();
      expect(result.brier).toBeNull();
      expect(result.calibration).toBeNull();
    }
    // Deciles of np.argsort(-s, kind='stable'), bounded at ceil(k·n/10).
    expect(result.liftByDecile.map((d) => d.rows)).toEqual(e.decileRows);
    expect(result.liftByDecile.map((d) => d.positives)).toEqual(e.decilePositives);
    if (e.topDecileLift === null) expect(result.topDecileLift).toBeNull();
    else expect(Math.abs((result.topDecileLift as number) - e.topDecileLift)).toBeLessThanOrEqual(METRIC_TOLERANCE);
  });
});

describe('evaluateScores by hand', () => {
  it('scikit-learn docstring case: AUC 0.75, AP 0.8333…', () => {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75: of 4 (pos, neg) pairs, 3 are ordered right.
    // AP: thresholds 0.8 (P 1, R ½), 0.4 (P ½, R ½), 0.35 (P ⅔, R 1) → ½·1 + ½·⅔ = 5/6.
    const r = evaluateScores([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(r.rocAuc).toBe(0.75);
    expect(r.prAuc).toBeCloseTo(5 / 6, 15);
    // Brier: (0.01 + 0.16 + 0.4225 + 0.04)/4
    expect(r.brier).toBeCloseTo(0.158125, 15);
    // Log loss: −(ln 0.9 + ln 0.6 + ln 0.35 + ln 0.8)/4
    expect(r.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, 14);
  });

  it('ties count half: one positive and one negative tied at 0.5, another positive at 0.9', () => {
    // Negatives: rows 0 and 2 at 0.5. The positive at 0.5 ties both (½ + ½), the positive
    // at 0.9 beats both (1 + 1): U = 3 of P·N = 4 pairs.
    expect(evaluateScores([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.9]).rocAuc).toBe(0.75);
    // All tied: every pair is a tie.
    expect(evaluateScores([0, 1, 1, 0, 0], [0.2, 0.2, 0.2, 0.2, 0.2]).rocAuc).toBe(0.5);
  });

  it('average precision is the step-wise sum, not the trapezoid', () => {
    // Ranked 1, 0, 1: P@1 = 1 (R ½), P@3 = ⅔ (R 1): AP = ½·1 + ½·⅔ = ⅚. The trapezoid through
    // the curve's points (0, 1), (½, 1), (½, ½), (1, ⅔) would give 0.79.
    expect(evaluateScores([1, 0, 1], [0.9, 0.8, 0.7]).prAuc).toBeCloseTo(5 / 6, 15);
  });

  it('clips log loss at ε = 2.22e-16, as scikit-learn 1.2 does', () => {
    // log_loss([1, 0], [0, 1]) = −ln ε for each row.
    expect(evaluateScores([1, 0], [0, 1]).logLoss).toBeCloseTo(CLIPPED_LOSS, 12);
    // Confident and right costs about ε, not 0 and not NaN.
    const right = evaluateScores([1, 0], [1, 0]).logLoss as number;
    expect(right).toBeGreaterThan(0);
    expect(right).toBeLessThan(1e-15);
  });

  it('deciles are ceil(k·n/10) boundaries over a stable descending order', () => {
    // n = 25: boundaries 0, 3, 5, 8, 10, 13, 15, 18, 20, 23, 25.
    const scores = Array.from({ length: 25 }, () => 0.5);
    const labels = Array.from({ length: 25 }, (_, i) => (i === 1 || i === 2 || i === 3 ? 1 : 0));
    const r = evaluateScores(labels, scores);
    expect(r.liftByDecile.map((d) => d.rows)).toEqual([3, 2, 3, 2, 3, 2, 3, 2, 3, 2]);
    // All tied: rows keep their order, so rows 0–2 are decile 1 (two positives), row 3 is decile 2.
    expect(r.liftByDecile.map((d) => d.positives)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.topDecileLift).toBeCloseTo(2 / 3 / (3 / 25), 14);
    expect(r.gains.map((g) => g.cumulativeRows)).toEqual([3, 5, 8, 10, 13, 15, 18, 20, 23, 25]);
    expect(r.gains[0]?.gain).toBeCloseTo(2 / 3, 15);
    expect(r.gains[1]?.gain).toBe(1);
    expect(r.liftByDecile[0]).toMatchObject({ decile: 1, rows: 3, positives: 2, maxScore: 0.5, minScore: 0.5 });
  });

  it('a boundary inside a tie group takes the group in row order (bank README rule)', () => {
    // n = 10, top decile = 1 row. Scores 0.9 for rows 4 (negative) and 7 (positive): row 4 comes first.
    const scores = [0.1, 0.2, 0.3, 0.4, 0.9, 0.5, 0.6, 0.9, 0.2, 0.1];
    const labels = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
    const r = evaluateScores(labels, scores);
    expect(r.liftByDecile.map((d) => d.positives)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.topDecileLift).toBe(0);
    // Swap the two rows' labels: the positive is now first.
    const swapped = evaluateScores([0, 0, 0, 0, 1, 0, 0, 0, 0, 0], scores);
    expect(swapped.topDecileLift).toBe(10);
  });

  it('calibration bins follow numpy linspace edges, (lower, upper], 0 in the first', () => {
    const scores = [0, 0.1, 0.30000000000000004, 0.3, 0.6000000000000001, 0.6, 1, 0.95];
    const r = evaluateScores([0, 1, 0, 1, 0, 1, 1, 1], scores);
    const binOf = (s: number): number => {
      const single = evaluateScores([0], [s]).calibration ?? [];
      return single.findIndex((b) => b.rows === 1) + 1;
    };
    expect(binOf(0)).toBe(1);
    expect(binOf(0.1)).toBe(1);
    expect(binOf(0.30000000000000004)).toBe(3); // linspace's 3rd edge is 0.30000000000000004
    expect(binOf(0.3)).toBe(3);
    expect(binOf(0.6000000000000001)).toBe(6); // edge 6·0.1 = 0.6000000000000001
    expect(binOf(0.6)).toBe(6);
    expect(binOf(0.6000000000000002)).toBe(7); // the next double lies above the edge
    expect(binOf(1)).toBe(10);
    const table = r.calibration ?? [];
    expect(table).toHaveLength(10);
    expect(table[2]).toMatchObject({ bin: 3, lower: 0.2, upper: 0.30000000000000004, rows: 2, positives: 1, positiveRate: 0.5 });
    expect(table[9]).toMatchObject({ bin: 10, lower: 0.9, upper: 1, rows: 2, positives: 2, positiveRate: 1 });
    expect(table[9]?.meanScore).toBeCloseTo(0.975, 15);
    expect(table[3]).toMatchObject({ rows: 0, meanScore: null, positiveRate: null });
  });

  it('takes a number of calibration bins', () => {
    const r = evaluateScores([0, 1, 1, 0], [0.1, 0.6, 0.9, 0.4], { calibrationBins: 2 });
    expect(r.calibration?.map((b) => [b.rows, b.positives])).toEqual([
      [2, 0],
      [2, 2],
    ]);
  });

  it('one class: AUCs null, the rest defined', () => {
    const none = evaluateScores([0, 0, 0], [0.1, 0.5, 0.2]);
    expect(none.rocAuc).toBeNull();
    expect(none.prAuc).toBeNull();
    expect(none.topDecileLift).toBeNull();
    expect(none.gains.every((g) => g.gain === null)).toBe(true);
    expect(none.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.5) + Math.log(0.8)) / 3, 14);
    const all = evaluateScores([1, 1], [0.1, 0.5]);
    expect(all.rocAuc).toBeNull();
    expect(all.prAuc).toBeNull();
    expect(all.topDecileLift).toBe(1);
  });

  it('rank-only scores: logits and decision values with probabilities: false', () => {
    const r = evaluateScores([0, 0, 1, 1], [-2.3, 1.5, 0.2, 4], { probabilities: false });
    expect(r.rocAuc).toBe(0.75);
    expect(r.logLoss).toBeNull();
    expect(r.brier).toBeNull();
    expect(r.calibration).toBeNull();
  });

  it('empty deciles when n < 10 are explicit, never NaN', () => {
    const r = evaluateScores([1, 0, 0], [0.9, 0.5, 0.1]);
    expect(r.liftByDecile.map((d) => d.rows)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(r.liftByDecile[1]).toMatchObject({ rows: 0, rate: null, lift: null, maxScore: null, minScore: null });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('scores a million rows quickly', () => {
    const n = 1_000_000;
    const scores = new Float64Array(n);
    const labels = new Uint8Array(n);
    let state = 12345;
    const next = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < n; i++) {
      scores[i] = Math.round(next() * 1e6) / 1e6;
      labels[i] = next() < (scores[i] as number) * 0.3 ? 1 : 0;
    }
    evaluateScores(labels.subarray(0, 20000), scores.subarray(0, 20000)); // warm up the JIT
    const start = performance.now();
    const r = evaluateScores(labels, scores);
    const elapsed = performance.now() - start;
    expect(r.n).toBe(n);
    // About 0.2 s on one core here; the bound leaves room for a loaded machine.
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('evaluateScores properties', () => {
  /** Labels with both classes and scores on a 1/100 grid (many ties). */
  const rows = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 100 })), { minLength: 2, maxLength: 300 })
    .filter((r) => r.some(([y]) => y === 1) && r.some(([y]) => y === 0));
  const split = (r: readonly (readonly [number, number])[]): { labels: number[]; scores: number[] } => ({
    labels: r.map(([y]) => y),
    scores: r.map(([, k]) => k / 100),
  });

  it('ROC AUC and PR AUC lie in [0, 1]; the log loss and Brier score are non-negative', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const { labels, scores } = split(r);
        const e = evaluateScores(labels, scores);
        expect(e.rocAuc).toBeGreaterThanOrEqual(0);
        expect(e.rocAuc).toBeLessThanOrEqual(1);
        expect(e.prAuc).toBeGreaterThan(0);
        expect(e.prAuc).toBeLessThanOrEqual(1 + 1e-15);
        expect(e.logLoss).toBeGreaterThanOrEqual(0);
        expect(e.brier).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('the ranking metrics are invariant under a strictly increasing transform of the scores', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const { labels, scores } = split(r);
        const e = evaluateScores(labels, scores);
        const t = evaluateScores(
          labels,
          scores.map((s) => Math.exp(3 * s) - 7),
          { probabilities: false },
        );
        expect(t.rocAuc).toBe(e.rocAuc);
        expect(t.prAuc).toBe(e.prAuc);
        expect(t.liftByDecile.map((d) => d.positives)).toEqual(e.liftByDecile.map((d) => d.positives));
      }),
    );
  });

  it('AUC(1 − s) = 1 − AUC(s)', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const { labels, scores } = split(r);
        const auc = evaluateScores(labels, scores).rocAuc as number;
        const flipped = evaluateScores(
          labels,
          scores.map((s) => 1 - s),
        ).rocAuc as number;
        expect(flipped).toBeCloseTo(1 - auc, 14);
      }),
    );
  });

  it('AUC and AP do not depend on the row order; deciles add up', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 0, max: 1000 }), (r, rotation) => {
        const { labels, scores } = split(r);
        const k = rotation % r.length;
        const rotate = <T>(a: T[]): T[] => [...a.slice(k), ...a.slice(0, k)];
        const e = evaluateScores(labels, scores);
        const o = evaluateScores(rotate(labels), rotate(scores));
        expect(o.rocAuc).toBe(e.rocAuc);
        expect(o.prAuc).toBeCloseTo(e.prAuc as number, 14);
        expect(o.brier).toBeCloseTo(e.brier as number, 14);
        const deciles = e.liftByDecile;
        expect(deciles.reduce((s, d) => s + d.rows, 0)).toBe(r.length);
        expect(deciles.reduce((s, d) => s + d.positives, 0)).toBe(e.positives);
        expect(e.gains[9]?.gain).toBe(1);
        expect((e.calibration ?? []).reduce((s, b) => s + b.rows, 0)).toBe(r.length);
      }),
    );
  });

  it('does not modify its inputs', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const { labels, scores } = split(r);
        const labelsCopy = [...labels];
        const scoresTyped = Float64Array.from(scores);
        const before = Float64Array.from(scoresTyped);
        evaluateScores(labels, scoresTyped);
        expect(labels).toEqual(labelsCopy);
        expect(scoresTyped).toEqual(before);
      }),
    );
  });
});

describe('evaluateScores bad input', () => {
  it('different lengths', () => {
    const error = thrown(() => evaluateScores([0, 1, 0], [0.2, 0.4]));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('evaluateScores: labels and scores differ in length (3 vs 2)');
  });

  it('names the first bad index', () => {
    const label = thrown(() => evaluateScores([0, 2, 1], [0.1, 0.2, 0.3]));
    expect(label.code).toBe('invalid_input');
    expect(label.message).toBe('evaluateScores: 1 invalid value, first at labels[1]: expected 0 or 1, got 2');
    expect(label.issues[0]?.path).toEqual(['labels', 1]);
    const nan = thrown(() => evaluateScores([0, 1, 1], [0.1, 0.2, Number.NaN]));
    expect(nan.message).toBe('evaluateScores: 1 invalid value, first at scores[2]: expected a finite number, got NaN');
    const outside = thrown(() => evaluateScores([0, 1], [0.1, 1.5]));
    expect(outside.message).toMatch(/^evaluateScores: .*scores\[1\]: expected a probability in \[0, 1\], got 1.5$/);
    expect(() => evaluateScores([0, 1], [0.1, 1.5], { probabilities: false })).not.toThrow();
    expect(() => evaluateScores([0, 1], [0.1, Number.POSITIVE_INFINITY], { probabilities: false })).toThrow(/scores\[1\]/);
  });

  it('caps the issues at 20 and counts them all', () => {
    const error = thrown(() => evaluateScores(new Array<number>(30).fill(3), new Array<number>(30).fill(0.5)));
    expect(error.issues).toHaveLength(20);
    expect(error.issueCount).toBe(30);
    expect(error.message).toMatch(/^evaluateScores: 30 invalid values, first at labels\[0\]/);
  });

  it('no rows, bad options, not arrays', () => {
    expect(thrown(() => evaluateScores([], [])).code).toBe('insufficient_data');
    expect(thrown(() => evaluateScores([0, 1], [0.1, 0.2], { calibrationBins: 0 })).message).toMatch(/^evaluateScores: options.calibrationBins/);
    expect(thrown(() => evaluateScores(null as unknown as number[], [0.1])).message).toMatch(/^evaluateScores: labels must be an array/);
    expect(thrown(() => evaluateScores([0], 0.1 as unknown as number[])).message).toMatch(/^evaluateScores: scores must be an array/);
  });
});
