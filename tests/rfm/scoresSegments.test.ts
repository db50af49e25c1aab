/** rfmScores, rfmSegments and cadenceInactivity: hand-computed cases, properties, bad input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelanceError } from '../../src/errors';
import { cadenceInactivity, RF_GRID_SEGMENTS, RFM_RANGE_SEGMENTS, rfmScores, rfmSegments, workshopVisitEvents, type RfmScoreInput } from '../../src/rfm';
import { classifyInvoice } from '../../src/invoices';
import { simulateDealer } from '../../src/simulate';

const row = (customerId: string, daysSinceLast: number, frequency: number, total: number): RfmScoreInput => ({ customerId, daysSinceLast, frequency, total });

describe('rfmScores', () => {
  it('rank: equal bins, the most recent, frequent and valuable scoring highest (hand-computed)', () => {
    // Ten customers with distinct values: ranks 0…9 → ntile ⌊k·5/10⌋ + 1 = 1,1,2,2,3,3,4,4,5,5.
    const rows = Array.from({ length: 10 }, (_, k) => row(`C${k}`, 100 - k * 10, k, k * 100));
    const s = rfmScores(rows);
    expect(s.map((x) => x.r)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(s.map((x) => x.f)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(s.map((x) => x.m)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(s[9]?.code).toBe('555');
  });

  it('rank: a base where most customers bought once still splits into five equal F groups; quantile keeps ties together', () => {
    const rows = Array.from({ length: 1000 }, (_, k) => row(`C${k}`, k, k < 800 ? 0 : 1 + (k % 7), 50));
    const counts = (xs: number[]): number[] => [1, 2, 3, 4, 5].map((v) => xs.filter((x) => x === v).length);
    expect(counts(rfmScores(rows).map((x) => x.f))).toEqual([200, 200, 200, 200, 200]);
    const q = rfmScores(rows, { method: 'quantile' }).map((x) => x.f);
    // 80% tie at 0: every cut point up to the 80th percentile is 0, so all of them score 1.
    expect(counts(q)[0]).toBe(800);
    rows.forEach((r, k) => {
      if (r.frequency === 0) expect(q[k]).toBe(1);
    });
  });

  it('does not depend on the order of the rows (ties broken by a hash of the id, then the id)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ d: fc.integer({ min: 0, max: 5 }), f: fc.integer({ min: 0, max: 3 }), m: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 40 }), fc.integer(), (xs, seed) => {
        const rows = xs.map((x, k) => row(`C${k}`, x.d, x.f, x.m));
        const byId = (list: ReturnType<typeof rfmScores>): Record<string, string> => Object.fromEntries(list.map((s) => [s.customerId, s.code]));
        const shuffled = rows.map((r, i) => ({ r, k: Math.imul(i + 1, seed | 1) >>> 0 })).sort((a, b) => a.k - b.k).map((x) => x.r);
        expect(byId(rfmScores(shuffled))).toEqual(byId(rfmScores(rows)));
        expect(byId(rfmScores(shuffled, { method: 'quantile' }))).toEqual(byId(rfmScores(rows, { method: 'quantile' })));
      }),
    );
  });

  it('custom thresholds: recency as upper bounds in days, frequency and monetary as lower bounds', () => {
    const s = rfmScores([row('A', 20, 0, 0), row('B', 100, 3, 1500), row('C', 800, 9, 99)], {
      thresholds: { recency: [30, 90, 180, 365], frequency: [1, 2, 4, 8], monetary: [100, 500, 1000, 5000] },
    });
    expect(s.map((x) => x.code)).toEqual(['511', '334', '151']);
  });

  it('rejects bad options and rows, naming them', () => {
    expect(() => rfmScores([row('A', 1, 1, 1)], { bins: 1 })).toThrow(/bins/);
    expect(() => rfmScores([row('A', 1, 1, 1)], { method: 'dense' as never })).toThrow(/method/);
    expect(() => rfmScores([row('A', 1, 1, 1)], { thresholds: { recency: [30, 20, 40, 50] } })).toThrow(/thresholds.recency/);
    try {
      rfmScores([row('A', Number.NaN, 1, 1)]);
      expect.unreachable();
    } catch (error) {
      expect((error as RelanceError).issues[0]?.path).toEqual([0, 'daysSinceLast']);
    }
    expect(rfmScores([])).toEqual([]);
    expect(rfmScores([row('A', 3, 0, 10)])[0]?.code).toBe('111');
  });
});

describe('rfmSegments', () => {
  const score = (r: number, f: number, m: number) => ({ customerId: `${r}${f}${m}`, r, f, m, code: `${r}${f}${m}` });

  it('the R×F grid names every cell as the seg_map convention does', () => {
    const name = (r: number, f: number): string => rfmSegments([score(r, f, 1)]).assignments[0]?.segment as string;
    expect([name(1, 1), name(2, 2), name(1, 3), name(2, 4), name(2, 5), name(3, 2), name(3, 3), name(3, 4), name(4, 5), name(4, 1), name(5, 1), name(4, 2), name(5, 3), name(5, 4), name(5, 5)]).toEqual([
      'Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose", 'About to Sleep', 'Need Attention', 'Loyal', 'Loyal', 'Promising', 'New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions',
    ]);
    expect(new Set(RF_GRID_SEGMENTS.cells.flat()).size).toBe(10);
  });

  it('the range list: first match wins, "Others" when none does', () => {
    const seg = (r: number, f: number, m: number): string => rfmSegments([score(r, f, m)], RFM_RANGE_SEGMENTS).assignments[0]?.segment as string;
    expect(seg(5, 5, 5)).toBe('Champions');
    expect(seg(4, 4, 4)).toBe('Champions');
    expect(seg(2, 4, 4)).toBe('Loyal Customers');
    expect(seg(5, 1, 1)).toBe('Potential Loyalist'); // listed before New Customers
    expect(seg(1, 5, 5)).toBe('At Risk'); // listed before Can't Lose Them
    expect(seg(1, 1, 1)).toBe('Lost');
    expect(seg(3, 4, 1)).toBe('Others');
  });

  it('partitions the customers: one segment each, the counts add up, win-back flags match the map', () => {
    const s = fc.record({ r: fc.integer({ min: 1, max: 5 }), f: fc.integer({ min: 1, max: 5 }), m: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(fc.array(s, { maxLength: 80 }), fc.constantFrom(RF_GRID_SEGMENTS, RFM_RANGE_SEGMENTS), (xs, map) => {
        const scores = xs.map((x, k) => ({ customerId: `C${k}`, ...x, code: `${x.r}${x.f}${x.m}` }));
        const out = rfmSegments(scores, map);
        expect(out.assignments.length).toBe(scores.length);
        expect(out.counts.reduce((a, [, c]) => a + c, 0)).toBe(scores.length);
        expect(out.winBack).toBe(out.assignments.filter((a) => map.winBack.includes(a.segment)).length);
      }),
    );
  });

  it('rejects a malformed map and out-of-range scores', () => {
    expect(() => rfmSegments([score(1, 1, 1)], { ...RF_GRID_SEGMENTS, cells: RF_GRID_SEGMENTS.cells.slice(1) })).toThrow(/rows/);
    expect(() => rfmSegments([score(1, 1, 1)], { ...RF_GRID_SEGMENTS, winBack: ['Nope'] })).toThrow(/winBack/);
    expect(() => rfmSegments([score(6, 1, 1)])).toThrow(/scores\[0\]\.r/);
  });
});

describe('cadenceInactivity', () => {
  const asOf = new Date('2025-05-15T00:00:00Z');
  const visits = (id: string, days: string[]) => days.map((d) => ({ customerId: id, at: new Date(`${d}T09:00:00Z`) }));

  it('measures against the customer’s own median gap, else the context, else the default (hand-computed)', () => {
    const rows = cadenceInactivity(
      [
        // gaps 183, 180, 189 → median 183; last 2024-07-15 → 304 days → 1.66 → lapsing
        ...visits('A', ['2023-01-10', '2023-07-12', '2024-01-08', '2024-07-15']),
        // one gap only → the context's 365 days; last 2024-12-01 → 165 days → active
        ...visits('B', ['2024-06-01', '2024-12-01']),
        // one event, no context for C → the default 365 days; 1,600 days → lost
        ...visits('C', ['2021-01-01']),
      ],
      { asOf, expectedGap: (id) => (id === 'C' ? undefined : 365) },
    );
    expect(rows.map((r) => [r.customerId, r.gapSource, r.expectedGapDays, r.daysSinceLast, r.status])).toEqual([
      ['A', 'own', 183, 304, 'lapsing'],
      ['B', 'context', 365, 165, 'active'],
      ['C', 'default', 365, 1595, 'lost'],
    ]);
    expect(rows[0]?.reason).toMatch(/median gap of 183 days over 3 gaps/);
  });

  it('statuses start at the thresholds', () => {
    const at = (days: number) => cadenceInactivity([{ customerId: 'X', at: new Date(asOf.getTime() - days * 86_400_000) }], { asOf, expectedGap: 100 })[0]?.status;
    expect([at(149), at(150), at(249), at(250), at(399), at(400)]).toEqual(['active', 'lapsing', 'lapsing', 'inactive', 'inactive', 'lost']);
  });

  it('rejects bad gaps and thresholds', () => {
    expect(() => cadenceInactivity(visits('A', ['2024-01-01']), { asOf, expectedGap: 0 })).toThrow(/expectedGap/);
    expect(() => cadenceInactivity(visits('A', ['2024-01-01']), { asOf, thresholds: { lapsing: 3, inactive: 2 } })).toThrow(/thresholds/);
    expect(cadenceInactivity([], { asOf })).toEqual([]);
  });
});

describe('workshopVisitEvents', () => {
  it('keeps exactly the invoices that count as customer visits', () => {
    const { dataset } = simulateDealer({ seed: 5, customers: 300, asOf: new Date('2025-06-30T00:00:00Z') });
    const events = workshopVisitEvents(dataset.invoices);
    const expected = dataset.invoices.filter((i) => classifyInvoice(i).countsAsCustomerVisit);
    expect(events.length).toBe(expected.length);
    expect(events.length).toBeLessThan(dataset.invoices.length);
    expect(events.every((e) => (e.value as number) >= 0)).toBe(true);
  });
});
