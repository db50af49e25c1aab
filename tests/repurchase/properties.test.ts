/** Properties that must hold for every input (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalTiming, kaplanMeier } from '../../src/repurchase';

const spell = fc.record({ t: fc.integer({ min: 0, max: 60 }), d: fc.integer({ min: 0, max: 1 }), w: fc.integer({ min: 1, max: 4 }) });
const spells = fc.array(spell, { minLength: 1, maxLength: 60 });

describe('kaplanMeier properties', () => {
  it('S is non-increasing and within [0, 1]; the band holds S', () => {
    fc.assert(
      fc.property(spells, fc.constantFrom('log' as const, 'log-log' as const), (xs, confType) => {
        const km = kaplanMeier(xs.map((x) => x.t), xs.map((x) => x.d), { confType });
        let previous = 1;
        for (let j = 0; j < km.survival.length; j++) {
          const s = km.survival[j] as number;
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(previous + 1e-15);
          expect(km.lower[j] as number).toBeLessThanOrEqual(s + 1e-12);
          expect(km.upper[j] as number).toBeGreaterThanOrEqual(s - 1e-12);
          expect(Number.isNaN(km.stdErr[j])).toBe(false);
          previous = s;
        }
      }),
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(spells, fc.integer(), (xs, seed) => {
        const shuffled = xs.map((x, i) => ({ x, key: Math.sin(seed + i * 7919) })).sort((p, q) => p.key - q.key).map((p) => p.x);
        const a = kaplanMeier(xs.map((x) => x.t), xs.map((x) => x.d), { weights: xs.map((x) => x.w) });
        const b = kaplanMeier(shuffled.map((x) => x.t), shuffled.map((x) => x.d), { weights: shuffled.map((x) => x.w) });
        expect(Array.from(b.times)).toEqual(Array.from(a.times));
        b.survival.forEach((s, j) => expect(s).toBeCloseTo(a.survival[j] as number, 12));
        expect(b.median).toEqual(a.median);
      }),
    );
  });

  it('with no censoring, equals the empirical survival function 1 − F(t)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 50 }), (ts) => {
        const km = kaplanMeier(ts, ts.map(() => 1));
        km.times.forEach((t, j) => {
          const empirical = ts.filter((x) => x > t).length / ts.length;
          expect(km.survival[j]).toBeCloseTo(empirical, 12);
        });
      }),
    );
  });

  it('integer weights count as repeated observations', () => {
    fc.assert(
      fc.property(spells, (xs) => {
        const weighted = kaplanMeier(xs.map((x) => x.t), xs.map((x) => x.d), { weights: xs.map((x) => x.w) });
        const repeated = xs.flatMap((x) => Array.from({ length: x.w }, () => x));
        const plain = kaplanMeier(repeated.map((x) => x.t), repeated.map((x) => x.d));
        weighted.survival.forEach((s, j) => expect(s).toBeCloseTo(plain.survival[j] as number, 12));
      }),
    );
  });
});

describe('conditionalTiming properties', () => {
  it('probabilities are in [0, 1] and the remaining median is finite and ≥ 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 8, noNaN: true }),
        fc.double({ min: 1, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0.1, max: 24, noNaN: true }),
        (shape, scale, cureFraction, owned, window) => {
          const t = conditionalTiming({ shape, scale, cureFraction }, owned, window);
          for (const p of [t.probabilityWithinWindow, t.probabilityEver]) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
          expect(Number.isFinite(t.medianRemainingMonths)).toBe(true);
          expect(t.medianRemainingMonths).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
