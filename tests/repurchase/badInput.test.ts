/** Ugly cases: each gets a defined answer or a clear RelanceError, never NaN. */
import { describe, expect, it } from 'vitest';
import { RelanceError } from '../../src/errors';
import { fitRepurchaseModel, fitWeibull, fitWeibullCure, kaplanMeier, repurchaseTiming } from '../../src/repurchase';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof RelanceError) return `${error.code} ${error.issues.map((i) => i.path.join('.')).join(',')}`.trim();
    throw error;
  }
  return undefined;
}

describe('repurchase: bad input', () => {
  it('empty input: insufficient_data', () => {
    expect(codeOf(() => kaplanMeier([], []))).toBe('insufficient_data');
    expect(codeOf(() => fitWeibull([], []))).toBe('insufficient_data');
    expect(codeOf(() => fitRepurchaseModel([]))).toBe('insufficient_data');
  });

  it('all censored: a flat curve with no median, and no Weibull', () => {
    const km = kaplanMeier([3, 5, 8], [0, 0, 0]);
    expect(Array.from(km.survival)).toEqual([1, 1, 1]);
    expect(km.median).toEqual({ value: null, lower: null, upper: null });
    expect(codeOf(() => fitWeibull([3, 5, 8], [0, 0, 0]))).toBe('insufficient_data');
    expect(codeOf(() => fitWeibullCure([3, 5, 8], [0, 0, 0]))).toBe('insufficient_data');
  });

  it('one spell: a defined curve', () => {
    const km = kaplanMeier([12], [1]);
    expect(Array.from(km.survival)).toEqual([0]);
    expect(km.median.value).toBe(12);
    expect(Array.from(km.stdErr)).toEqual([0]);
  });

  it('negative and non-finite durations, zero durations for a Weibull, entry after exit: invalid_input naming the element', () => {
    expect(codeOf(() => kaplanMeier([3, -1], [1, 1]))).toBe('invalid_input durations.1');
    expect(codeOf(() => kaplanMeier([3, Number.NaN], [1, 1]))).toBe('invalid_input durations.1');
    expect(codeOf(() => fitWeibull([0, 4, 5], [1, 1, 0]))).toBe('invalid_input durations.0');
    expect(codeOf(() => kaplanMeier([3, 4], [1, 1], { entry: [0, 4] }))).toBe('invalid_input entry.1');
    expect(codeOf(() => kaplanMeier([3, 4], [1, 2]))).toBe('invalid_input events.1');
    expect(codeOf(() => kaplanMeier([3, 4], [1]))).toBe('invalid_input events');
    expect(codeOf(() => kaplanMeier([3, 4], [1, 1], { weights: [1, 0] }))).toBe('invalid_input weights.1');
  });

  it('a duration of 0 is a valid Kaplan–Meier time (as in R)', () => {
    const km = kaplanMeier([0, 2, 2], [1, 1, 0]);
    expect(Array.from(km.times)).toEqual([0, 2]);
    expect(km.survival[0]).toBeCloseTo(2 / 3, 15);
  });

  it('a stratum of one spell takes its parent, and every stratum is finite', () => {
    const spells = [
      ...Array.from({ length: 200 }, (_, i) => ({ model: 'A', make: 'M', durationMonths: 10 + (i % 50), event: i % 3 !== 0 })),
      { model: 'B', make: 'M', durationMonths: 7, event: true },
    ];
    const model = fitRepurchaseModel(spells);
    const b = model.strata.find((s) => s.values.model === 'B');
    expect(b?.pooled).toBe(true);
    for (const s of model.strata) for (const x of [s.shape, s.scale, s.cureFraction, s.medianMonths]) expect(Number.isFinite(x)).toBe(true);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('timing: a spell that already ended, or starts after asOf, is refused', () => {
    const model = fitRepurchaseModel(Array.from({ length: 100 }, (_, i) => ({ model: 'A', durationMonths: 10 + (i % 40), event: i % 2 === 0 })));
    const asOf = new Date('2025-01-01T00:00:00Z');
    expect(codeOf(() => repurchaseTiming(model, { start: new Date('2024-01-01T00:00:00Z'), model: 'A', event: true }, { asOf }))).toBe('invalid_input spell.event');
    expect(codeOf(() => repurchaseTiming(model, { start: new Date('2025-06-01T00:00:00Z'), model: 'A' }, { asOf }))).toBe('invalid_input spell.start');
    expect(codeOf(() => repurchaseTiming({} as never, { start: asOf }, { asOf }))).toBe('incompatible_model');
  });
});
