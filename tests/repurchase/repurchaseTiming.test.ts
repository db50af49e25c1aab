/** Conditional timing on hand-computed cases, the contact rules, and shrinkage of small strata. */
import { describe, expect, it } from 'vitest';
import { conditionalTiming, fitRepurchaseModel, repurchaseTiming, type RepurchaseModel } from '../../src/repurchase';

describe('conditionalTiming (hand-computed)', () => {
  it('Weibull shape 2, scale 10, no cure', () => {
    // P(T ≤ 2) = 1 − e^−0.04 = 0.0392106; median = 10·√ln 2 = 8.3255461
    const at0 = conditionalTiming({ shape: 2, scale: 10, cureFraction: 0 }, 0, 2);
    expect(at0.probabilityWithinWindow).toBeCloseTo(0.03921056084767682, 12);
    expect(at0.medianRemainingMonths).toBeCloseTo(8.325546111576976, 12);
    expect(at0.probabilityEver).toBe(1);
    // after 5 months: 10·√(0.25 + ln 2) − 5 = 4.7115765
    expect(conditionalTiming({ shape: 2, scale: 10, cureFraction: 0 }, 5, 2).medianRemainingMonths).toBeCloseTo(4.711576496943971, 12);
  });

  it('with a cure fraction of one half, after 5 months', () => {
    // S(5) = 0.5 + 0.5e^−0.25, S(7) = 0.5 + 0.5e^−0.49
    const t = conditionalTiming({ shape: 2, scale: 10, cureFraction: 0.5 }, 5, 2);
    expect(t.probabilityWithinWindow).toBeCloseTo(0.09341933648132325, 12);
    expect(t.probabilityEver).toBeCloseTo(0.4378234991142019, 12);
    expect(t.medianRemainingMonths).toBeCloseTo(4.711576496943971, 12);
  });
});

const oneCurve = (shape: number, scale: number, cureFraction: number): RepurchaseModel => ({
  kind: 'repurchase-model',
  version: 1,
  family: 'weibull-cure',
  timeUnit: 'months',
  params: { strata: ['model'], shrinkTowards: [], minSpells: 10, priorSpells: 30, family: 'weibull-cure', excludeFinance: [] },
  aic: { weibull: null, weibullCure: null },
  spellsUsed: 0,
  spellsExcluded: 0,
  strata: [{ key: 'all', values: {}, level: 0, parent: null, spells: 0, events: 0, pooled: false, shape, scale, cureFraction, medianMonths: 0, medianLowerMonths: 0, medianUpperMonths: 0, covariance: [] }],
});

describe('repurchaseTiming', () => {
  const asOf = new Date('2025-01-01T00:00:00Z');
  const model = oneCurve(2, 10, 0);

  it('contacts at the conditional median purchase date minus the decision window', () => {
    const t = repurchaseTiming(model, { start: asOf }, { asOf });
    // 8.3255 months = 253.4 days → 2025-09-11; minus 2 months (61 days) → 2025-07-12
    expect(t.medianPurchaseDate.toISOString().slice(0, 10)).toBe('2025-09-11');
    expect(t.recommendedContactDate.toISOString().slice(0, 10)).toBe('2025-07-12');
    expect(t.basis).toBe('curve-median');
  });

  it('never recommends a date before asOf', () => {
    const t = repurchaseTiming(model, { start: new Date('2024-05-01T00:00:00Z') }, { asOf });
    expect(t.recommendedContactDate.getTime()).toBeGreaterThanOrEqual(asOf.getTime());
  });

  it('a lease ending overrides the curve: one decision window before its end', () => {
    const t = repurchaseTiming(model, { start: asOf, finance: { kind: 'lease', end: new Date('2027-01-01T00:00:00Z') } }, { asOf });
    expect(t.basis).toBe('finance-end');
    expect(t.recommendedContactDate.toISOString().slice(0, 10)).toBe('2026-11-01');
  });

  it('the threshold method waits until P(purchase within the window) reaches the threshold', () => {
    const t = repurchaseTiming(model, { start: asOf }, { asOf, method: 'threshold', threshold: 0.3 });
    // 1 − exp(−((m+2)² − m²)/100) = 0.3 → (4m + 4)/100 = −ln 0.7 → m = 7.9169 months
    const months = (t.recommendedContactDate.getTime() - asOf.getTime()) / 86_400_000 / 30.436875;
    expect(months).toBeCloseTo((-100 * Math.log(0.7) - 4) / 4, 1);
    expect(t.basis).toBe('curve-threshold');
  });
});

describe('fitRepurchaseModel shrinkage', () => {
  // 600 spells of a make at ~40 months, and a model with 15 spells of its own.
  const spells = [
    ...Array.from({ length: 600 }, (_, i) => ({ make: 'M', model: 'Big', durationMonths: 40 * Math.pow(-Math.log((i + 0.5) / 600), 1 / 3), event: true })),
    ...Array.from({ length: 15 }, (_, i) => ({ make: 'M', model: 'Small', durationMonths: 20 + i, event: i % 2 === 0 })),
  ];
  const model = fitRepurchaseModel(spells, { family: 'weibull' });
  const big = model.strata.find((s) => s.values.model === 'Big');
  const small = model.strata.find((s) => s.values.model === 'Small');
  const own = fitRepurchaseModel(spells.slice(600), { family: 'weibull', priorSpells: 0 }).strata[0];

  it('pulls a 15-spell model towards its make, keeping a sensible date', () => {
    expect(small?.pooled).toBe(false);
    const make = model.strata.find((s) => s.key === 'make=M');
    const between = (x: number, a: number, b: number): boolean => x >= Math.min(a, b) && x <= Math.max(a, b);
    expect(between(small?.medianMonths ?? 0, own?.medianMonths ?? 0, make?.medianMonths ?? 0)).toBe(true);
    expect(Math.abs((big?.medianMonths ?? 0) - 40 * Math.pow(Math.LN2, 1 / 3))).toBeLessThan(1.5);
  });
});
