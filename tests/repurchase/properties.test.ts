/** Properties that must hold for every input (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalTiming, kaplanMeier } from '../../src/repurchase';
import { findQuantile } from '../../src/repurchase/kaplanMeier';

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

describe('kaplanMeier: the unweighted merge and the weighted search build the same table', () => {
  it('unit weights change nothing, with or without entry times (left truncation)', () => {
    const truncated = fc.array(
      fc.record({ t: fc.integer({ min: 1, max: 60 }), d: fc.integer({ min: 0, max: 1 }), e: fc.integer({ min: 0, max: 59 }) }),
      { minLength: 1, maxLength: 60 },
    );
    fc.assert(
      fc.property(truncated, fc.boolean(), (xs, withEntry) => {
        const rows = xs.map((x) => ({ ...x, e: Math.min(x.e, x.t - 1) }));
        const base = { ...(withEntry ? { entry: rows.map((x) => x.e) } : {}) };
        const plain = kaplanMeier(rows.map((x) => x.t), rows.map((x) => x.d), base);
        const unit = kaplanMeier(rows.map((x) => x.t), rows.map((x) => x.d), { ...base, weights: rows.map(() => 1) });
        for (const key of ['times', 'atRisk', 'events', 'censored', 'survival', 'stdErr'] as const) {
          expect(Array.from(plain[key])).toEqual(Array.from(unit[key]));
        }
        expect(plain.median).toEqual(unit.median);
      }),
    );
  });
});

/**
 * R's `survival:::findq` transcribed literally (survival 3.4, printed by
 * `Rscript -e 'survival:::findq'`): prepend (0, 0), drop duplicated y (NA counts as a value,
 * kept once), then `approx(y ± tol, 1:n, p, method = "constant", f = 1)` — the point with
 * the smallest y ± tol ≥ p after removing NA — and the last-point rule unless y[n] is NA.
 */
function rFindq(times: readonly number[], curve: readonly (number | null)[], p: number): number | null {
  const tol = 1.4901161193847656e-8;
  const x0 = [0, ...times];
  const y0: (number | null)[] = [0, ...curve.map((c) => (c === null ? null : 1 - c))];
  const defined = y0.filter((y): y is number => y !== null);
  if (Math.max(...defined) < p) return null;
  const xmax = x0[x0.length - 1] as number;
  const x: number[] = [];
  const y: (number | null)[] = [];
  const seen: (number | null)[] = [];
  y0.forEach((v, i) => {
    if (seen.includes(v)) return;
    seen.push(v);
    x.push(x0[i] as number);
    y.push(v);
  });
  const approx = (shift: number): number | null => {
    let best: number | null = null;
    let bestY = Infinity;
    y.forEach((v, i) => {
      if (v === null) return;
      if (v + shift >= p && v + shift < bestY) {
        bestY = v + shift;
        best = i;
      }
    });
    return best;
  };
  if (p === 0) return x[0] as number;
  const i1 = approx(tol);
  const i2 = approx(-tol);
  const last = y[y.length - 1];
  if (last !== null && last !== undefined && Math.abs(p - last) < tol && i1 !== null) return ((x[i1] as number) + xmax) / 2;
  if (i1 === null || i2 === null) return null;
  return ((x[i1] as number) + (x[i2] as number)) / 2;
}

describe('findQuantile is R\'s findq', () => {
  it('on curves with repeated values, non-monotone bands, undefined points and values on the quantile', () => {
    // Few distinct values so that repeats and exact hits on p are common.
    const value = fc.constantFrom(0, 0.125, 0.25, 0.5, 0.5 + 1e-9, 0.75, 0.875, 1);
    const point = fc.record({ s: value, undefined: fc.oneof({ arbitrary: fc.constant(true), weight: 1 }, { arbitrary: fc.constant(false), weight: 3 }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 25 }), fc.constantFrom(0, 0.25, 0.5, 0.75, 0.9, 1), (pts, p) => {
        const times = pts.map((_, i) => i + 1);
        const curve = Float64Array.from(pts, (q) => q.s);
        const undefinedAt = Uint8Array.from(pts, (q) => (q.undefined ? 1 : 0));
        const expected = rFindq(times, pts.map((q) => (q.undefined ? null : q.s)), p);
        expect(findQuantile(Float64Array.from(times), curve, undefinedAt, p, times.length)).toBe(expected);
      }),
      { numRuns: 2000 },
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
