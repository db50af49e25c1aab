/**
 * Every chart spec compiles with vega-lite without a warning and renders with vega to SVG,
 * with the marks and item counts worked out by hand from the input (the renderer, not the
 * builder, says what was drawn).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barChart,
  calibrationChart,
  calibrationPoints,
  contactLoadChart,
  gainsChart,
  liftChart,
  liftIntervalsChart,
  rfmGridChart,
  survivalCurvesChart,
  RelanceError,
  VEGA_LITE_SCHEMA,
} from '../../src/charts';
import { evaluateScores } from '../../src/propensity';
import { kaplanMeier } from '../../src/repurchase';
import { RF_GRID_SEGMENTS } from '../../src/rfm';
import { thrown } from '../support/helpers';
import { itemsOf, renderSpec } from './renderSpec';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const LABELS = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0];
const SCORES = [0.9, 0.8, 0.7, 0.4, 0.35, 0.3, 0.2, 0.15, 0.1, 0.05, 0.5, 0.6];

describe('survivalCurvesChart', () => {
  // R: survfit(Surv(c(12,30,30,36,40,48,50), c(1,1,0,1,0,1,0)) ~ 1) has 6 distinct times.
  const km = kaplanMeier([12, 30, 30, 36, 40, 48, 50], [1, 1, 0, 1, 0, 1, 0]);

  it('draws the band, the steps from S(0) = 1 and the fitted curve of one model', async () => {
    const spec = survivalCurvesChart([{ name: 'V4', times: km.times, survival: km.survival, lower: km.lower, upper: km.upper, fitted: [[0, 1], [24, 0.8], [48, 0.45]] }]);
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    const r = await renderSpec(spec);
    expect(r.warnings).toEqual([]);
    expect(itemsOf(r, 'area')).toBe(7); // (0, 1) and the 6 times
    expect(r.marks.filter((m) => m.type === 'line').map((m) => m.items)).toEqual([7, 3]);
    expect(r.svg).toContain('<svg');
  });

  it('draws one panel per model, without a band where none is given', async () => {
    const r = await renderSpec(
      survivalCurvesChart([
        { name: 'V4', times: km.times, survival: km.survival, lower: km.lower, upper: km.upper },
        { name: 'V2', times: [6, 18], survival: [0.8, 0.5] },
      ]),
    );
    expect(r.warnings).toEqual([]);
    expect(r.marks.filter((m) => m.type === 'area').map((m) => m.items)).toEqual([7, 0]);
    expect(r.marks.filter((m) => m.type === 'line').map((m) => m.items)).toEqual([7, 3]);
  });

  it('names the curve and index of bad input', () => {
    expect(thrown(() => survivalCurvesChart([{ name: 'V4', times: [1, 2], survival: [0.9, 1.2] }]))).toMatchObject({ code: 'invalid_input', issues: [{ path: [0, 'survival', 1] }] });
    expect(thrown(() => survivalCurvesChart([{ name: 'V4', times: [1, Number.NaN], survival: [0.9, 0.8] }]))).toMatchObject({ issues: [{ path: [0, 'times', 1] }] });
    expect(thrown(() => survivalCurvesChart([{ name: 'V4', times: [2, 1], survival: [0.9, 0.8] }])).message).toMatch(/ascending/);
    expect(thrown(() => survivalCurvesChart([{ name: 'V4', times: [1, 2], survival: [0.9] }])).message).toMatch(/expected 2 values/);
    expect(thrown(() => survivalCurvesChart([]))).toMatchObject({ code: 'insufficient_data' });
  });
});

describe('gainsChart, liftChart, calibrationChart', () => {
  const evaluation = evaluateScores(LABELS, SCORES);

  it('gains: the diagonal and one line of 11 points per series (the origin and 10 deciles)', async () => {
    const r = await renderSpec(gainsChart([{ name: 'model', gains: evaluation.gains }, { name: 'truth', gains: evaluation.gains }]));
    expect(r.warnings).toEqual([]);
    expect(r.marks.filter((m) => m.type === 'line').map((m) => m.items)).toEqual([2, 11, 11]); // one line per series
    expect(itemsOf(r, 'symbol')).toBe(22);
  });

  it('lift: a bar per non-empty decile and series, and the rule at 1', async () => {
    // 12 rows: decile sizes ceil(12k/10) − ceil(12(k−1)/10) are 2,1,1,1,2,1,1,1,1,1, none empty.
    const r = await renderSpec(liftChart([{ name: 'model', liftByDecile: evaluation.liftByDecile }]));
    expect(r.warnings).toEqual([]);
    expect(itemsOf(r, 'rect')).toBe(10);
    expect(itemsOf(r, 'rule')).toBe(1);
    // 5 rows: five deciles are empty (lift null) and are not drawn.
    const small = evaluateScores([1, 0, 0, 1, 0], [0.9, 0.1, 0.2, 0.7, 0.3]);
    expect(itemsOf(await renderSpec(liftChart([{ name: 'm', liftByDecile: small.liftByDecile }])), 'rect')).toBe(5);
  });

  it('calibration: points of the non-empty bins, sized by rows', async () => {
    // Scores 0.9 0.8 0.7 0.4 0.35 0.3 0.2 0.15 0.1 0.05 0.5 0.6 in ten bins of width 0.1:
    // (0,0.1] holds 0.05 and 0.1; (0.1,0.2] 0.15, 0.2; (0.2,0.3] 0.3; (0.3,0.4] 0.35, 0.4; 0.5; 0.6; 0.7; 0.8; 0.9 → 9 bins.
    const points = calibrationPoints(evaluation.calibration ?? []);
    expect(points).toHaveLength(9);
    expect(points[0]).toMatchObject({ observed: 0, rows: 2 });
    expect(points[0]?.predicted).toBeCloseTo(0.075, 12);
    const r = await renderSpec(calibrationChart([{ name: 'model', points }, { name: 'truth', points: [{ predicted: 0.2, observed: 0.25 }] }]));
    expect(r.warnings).toEqual([]);
    expect(r.marks.filter((m) => m.type === 'line').map((m) => m.items)).toEqual([2, 9, 1]);
    expect(itemsOf(r, 'symbol')).toBe(10);
  });

  it('refuses a gains curve without positives and a share outside [0, 1]', () => {
    const none = evaluateScores([0, 0, 0], [0.1, 0.2, 0.3]);
    expect(thrown(() => gainsChart([{ name: 'm', gains: none.gains }]))).toMatchObject({ code: 'invalid_input', issues: [{ path: [0, 'gains', 0, 'gain'] }] });
    expect(thrown(() => calibrationChart([{ name: 'm', points: [{ predicted: 1.5, observed: 0 }] }]))).toMatchObject({ issues: [{ path: [0, 'points', 0, 'predicted'] }] });
    expect(thrown(() => calibrationChart([{ name: 'm', points: [{ predicted: 0.5, observed: 0.5, rows: -1 }] }]))).toMatchObject({ issues: [{ path: [0, 'points', 0, 'rows'] }] });
    expect(thrown(() => liftChart([{ name: 'm', liftByDecile: none.liftByDecile }])).message).toMatch(/no decile has a lift/);
    expect(thrown(() => gainsChart([{ name: '', gains: [] }]))).toMatchObject({ issues: [{ path: [0, 'name'] }] });
  });
});

describe('rfmGridChart', () => {
  it('draws every cell of the grid, empty ones included, with its count and segment', async () => {
    const scores = [{ r: 5, f: 5 }, { r: 5, f: 5 }, { r: 1, f: 2 }];
    const spec = rfmGridChart(scores, { segments: RF_GRID_SEGMENTS });
    const r = await renderSpec(spec);
    expect(r.warnings).toEqual([]);
    expect(itemsOf(r, 'rect')).toBe(25);
    expect(itemsOf(r, 'text')).toBe(50);
    const values = (spec['data'] as { values: Array<{ r: string; f: string; count: number; segment: string }> }).values;
    expect(values.find((v) => v.r === 'R5' && v.f === 'F5')).toMatchObject({ count: 2, segment: RF_GRID_SEGMENTS.cells[4]?.[4] });
    expect(values.find((v) => v.r === 'R1' && v.f === 'F2')?.count).toBe(1);
    expect(values.reduce((a, v) => a + v.count, 0)).toBe(3);
  });

  it('refuses a score outside the grid, naming the row', () => {
    expect(thrown(() => rfmGridChart([{ r: 1, f: 1 }, { r: 6, f: 1 }]))).toMatchObject({ code: 'invalid_input', issues: [{ path: [1, 'r'] }] });
    expect(thrown(() => rfmGridChart([{ r: 1, f: 1 }], { bins: 4, segments: RF_GRID_SEGMENTS }))).toMatchObject({ issues: [{ path: ['segments', 'bins'] }] });
  });
});

describe('contactLoadChart', () => {
  it('counts contacts per day, site and channel, days without contacts included', async () => {
    const contacts = [
      { day: day('2025-07-01'), channel: 'phone' as const, siteId: 'S1' },
      { day: day('2025-07-01'), channel: 'phone' as const, siteId: 'S1' },
      { day: day('2025-07-01'), channel: 'email' as const, siteId: 'S1' },
      { day: day('2025-07-04'), channel: 'email' as const, siteId: 'S2' },
    ];
    const spec = contactLoadChart(contacts);
    const values = (spec['data'] as { values: Array<{ date: string; site: string; channel: string; contacts: number }> }).values;
    // 4 days × 2 sites × 2 channels
    expect(values).toHaveLength(16);
    expect(values.find((v) => v.date === '2025-07-01' && v.site === 'S1' && v.channel === 'phone')?.contacts).toBe(2);
    expect(values.reduce((a, v) => a + v.contacts, 0)).toBe(4);
    const r = await renderSpec(spec);
    expect(r.warnings).toEqual([]);
    expect(r.marks.filter((m) => m.type === 'rect').map((m) => m.items)).toEqual([8, 8]);
  });

  it('refuses an invalid day, naming the contact', () => {
    expect(thrown(() => contactLoadChart([{ day: new Date(Number.NaN), channel: 'sms' }]))).toMatchObject({ issues: [{ path: [0, 'day'] }] });
  });
});

describe('liftIntervalsChart and barChart', () => {
  it('draws an interval, an estimate per row, zero, and a tick per known truth', async () => {
    const spec = liftIntervalsChart([
      { label: 'service', difference: 0.02, lower: 0.01, upper: 0.03, truth: 0.025 },
      { label: 'tyres', difference: -0.01, lower: -0.02, upper: 0.005 },
    ]);
    const r = await renderSpec(spec);
    expect(r.warnings).toEqual([]);
    expect(r.marks.filter((m) => m.type === 'rule').map((m) => m.items)).toEqual([1, 2]);
    expect(itemsOf(r, 'symbol')).toBe(2);
    expect(itemsOf(r, 'rect')).toBe(1); // Vega draws a tick as a rect
    expect(thrown(() => liftIntervalsChart([{ label: 'x', difference: 0, lower: 0.1, upper: -0.1 }]))).toMatchObject({ issues: [{ path: [0, 'lower'] }] });
  });

  it('bars in the given order', async () => {
    const spec = barChart([{ label: 'W2', value: 3 }, { label: 'W1', value: 5 }, { label: 'W3', value: 0 }]);
    const r = await renderSpec(spec);
    expect(itemsOf(r, 'rect')).toBe(3);
    expect(r.svg.indexOf('>W2<')).toBeLessThan(r.svg.indexOf('>W1<'));
    expect(thrown(() => barChart([{ label: 'a', value: Number.POSITIVE_INFINITY }]))).toBeInstanceOf(RelanceError);
  });
});

describe('properties', () => {
  it('any scored set with both classes gives a gains spec that renders 11 points, and the input is untouched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 2, maxLength: 60 }).filter((rows) => rows.some(([y]) => y) && rows.some(([y]) => !y)),
        async (rows) => {
          const evaluation = evaluateScores(rows.map(([y]) => (y ? 1 : 0)), rows.map(([, s]) => s));
          const before = JSON.stringify(evaluation.gains);
          const spec = gainsChart([{ name: 'm', gains: evaluation.gains }]);
          expect(JSON.stringify(evaluation.gains)).toBe(before);
          // a spec is plain JSON: it survives a round trip unchanged
          expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
          const r = await renderSpec(spec);
          expect(r.marks.filter((m) => m.type === 'line').map((m) => m.items)).toEqual([2, 11]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the R×F counts add up to the number of scores, whatever the scores', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ r: fc.integer({ min: 1, max: 5 }), f: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 200 }), (scores) => {
        const values = (rfmGridChart(scores)['data'] as { values: Array<{ count: number; r: string; f: string }> }).values;
        expect(values).toHaveLength(25);
        expect(values.reduce((a, v) => a + v.count, 0)).toBe(scores.length);
        for (const v of values) expect(v.count).toBe(scores.filter((s) => `R${s.r}` === v.r && `F${s.f}` === v.f).length);
      }),
    );
  });
});

describe('calibrationChart axes', () => {
  it('run from 0 to the largest value rounded up to a tenth, the same on both axes', () => {
    const domains = (spec: Record<string, unknown>): unknown[] => {
      const layer = (spec['layer'] as Array<{ encoding: { x: { scale?: { domain: number[] } }; y: { scale?: { domain: number[] } } } }>)[1];
      return [layer?.encoding.x.scale?.domain, layer?.encoding.y.scale?.domain];
    };
    expect(domains(calibrationChart([{ name: 'm', points: [{ predicted: 0.18, observed: 0.21 }, { predicted: 0.02, observed: 0.01 }] }]))).toEqual([[0, 0.3], [0, 0.3]]);
    expect(domains(calibrationChart([{ name: 'm', points: [{ predicted: 0.01, observed: 0.02 }] }]))).toEqual([[0, 0.1], [0, 0.1]]);
    expect(domains(calibrationChart([{ name: 'm', points: [{ predicted: 0.95, observed: 1 }] }]))).toEqual([[0, 1], [0, 1]]);
  });
});
