import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignHoldout, assignHoldouts, HOLDOUT_BUCKETS } from '../../src/measure';
import { reference } from './reference';

const ids = (count: number, prefix = 'C'): string[] => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(7, '0')}`);

describe('assignHoldout: stable buckets', () => {
  // Buckets computed independently in plain Python integers (tests/fixtures/statsmodels/hillstrom_lift.py):
  // fmix32(fnv1a32(utf8("salt|campaign|customer"))) % 10000, and "salt|customer" for the global control.
  it.each(reference.buckets.assignments.map((a) => [a.key, a] as const))('%s', (_key, a) => {
    const result = assignHoldout(a.customerId, { campaignId: a.campaignId, fraction: 0.1, salt: a.salt, globalControl: 0.05 });
    expect(result.bucket).toBe(a.bucket);
    expect(result.globalBucket).toBe(a.globalBucket);
    const plain = assignHoldout(a.customerId, { campaignId: a.campaignId, fraction: 0.1, salt: a.salt });
    expect(plain.bucket).toBe(a.bucket);
    expect(plain.globalBucket).toBeNull();
  });

  it('holds out exactly the buckets below fraction × 10,000', () => {
    const a = reference.buckets.assignments[0]!; // bucket 2274
    expect(assignHoldout(a.customerId, { campaignId: a.campaignId, fraction: 0.2274 }).holdout).toBe(false);
    expect(assignHoldout(a.customerId, { campaignId: a.campaignId, fraction: 0.2275 }).holdout).toBe(true);
    expect(assignHoldout(a.customerId, { campaignId: a.campaignId, fraction: 0 }).holdout).toBe(false);
    expect(assignHoldout(a.customerId, { campaignId: a.campaignId, fraction: 0.9999 })).toEqual({ holdout: true, bucket: 2274, globalBucket: null, reason: 'campaign-holdout' });
  });

  it('puts global-control customers out of every campaign, whatever its fraction', () => {
    const row = reference.buckets.assignments[2]!; // salt 2024, C0000001: global bucket 6663
    for (const campaignId of ['spring-service', 'tyres-autumn', 'anything']) {
      const r = assignHoldout(row.customerId, { campaignId, fraction: 0, salt: '2024', globalControl: 0.6664 });
      expect(r).toMatchObject({ holdout: true, reason: 'global-control', globalBucket: 6663 });
      expect(assignHoldout(row.customerId, { campaignId, fraction: 0, salt: '2024', globalControl: 0.6663 }).reason).toBe('treated');
    }
  });
});

describe('assignHoldout: balance on 1,000,000 ids', () => {
  const million = ids(1_000_000);

  it('fraction 0.1 holds out 10 % ± 0.2 points; 0.02 and 0.5 too; the buckets are uniform', () => {
    const counts = new Float64Array(100);
    let ten = 0;
    let two = 0;
    let half = 0;
    for (const id of million) {
      const { bucket } = assignHoldout(id, { campaignId: 'spring-service', fraction: 0.1 });
      counts[Math.floor(bucket / 100)] = (counts[Math.floor(bucket / 100)] as number) + 1;
      if (bucket < 1000) ten++;
      if (bucket < 200) two++;
      if (bucket < 5000) half++;
    }
    expect(Math.abs(ten / 1e6 - 0.1)).toBeLessThan(0.002);
    expect(Math.abs(two / 1e6 - 0.02)).toBeLessThan(0.002);
    expect(Math.abs(half / 1e6 - 0.5)).toBeLessThan(0.002);
    // χ² over 100 bins of 100 buckets: 99 degrees of freedom, the 0.999 quantile is 148.2.
    let chi2 = 0;
    for (const c of counts) chi2 += (c - 10000) ** 2 / 10000;
    expect(chi2).toBeLessThan(148.2);
  });

  it('campaigns draw independently: two 10 % holdouts overlap on 1 % ± 0.06 points', () => {
    let both = 0;
    let first = 0;
    for (const id of million) {
      const a = assignHoldout(id, { campaignId: 'spring-service', fraction: 0.1 }).holdout;
      const b = assignHoldout(id, { campaignId: 'tyres-autumn', fraction: 0.1 }).holdout;
      if (a) first++;
      if (a && b) both++;
    }
    expect(Math.abs(first / 1e6 - 0.1)).toBeLessThan(0.002);
    // P(both) = 0.01; its standard error on 10⁶ ids is 0.0001: six of them.
    expect(Math.abs(both / 1e6 - 0.01)).toBeLessThan(0.0006);
  });

  it('a 5 % global control and a 10 % campaign holdout keep 14.5 % ± 0.2 points out', () => {
    const result = assignHoldouts(million, { campaignId: 'winback', fraction: 0.1, globalControl: 0.05, salt: '2024' });
    expect(result.expectedHoldoutShare).toBeCloseTo(0.145, 12);
    expect(Math.abs(result.globalControl / 1e6 - 0.05)).toBeLessThan(0.002);
    expect(Math.abs((result.globalControl + result.campaignHoldout) / 1e6 - 0.145)).toBeLessThan(0.002);
    expect(result.treated + result.campaignHoldout + result.globalControl).toBe(1e6);
  });
});

describe('assignHoldouts', () => {
  it('gives every id the assignment of assignHoldout, whatever the input order (fast-check)', () => {
    const options = { campaignId: 'c', fraction: 0.3, globalControl: 0.1, salt: 's' };
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 60 }).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))), ([list, shuffled]) => {
        const a = assignHoldouts(list, options);
        const b = assignHoldouts(shuffled, options);
        const byId = new Map(a.assignments.map((row) => [row.customerId, row]));
        for (const row of b.assignments) {
          const single = assignHoldout(row.customerId, options);
          if (JSON.stringify(byId.get(row.customerId)) !== JSON.stringify({ customerId: row.customerId, ...single })) return false;
          if (JSON.stringify(row) !== JSON.stringify({ customerId: row.customerId, ...single })) return false;
        }
        return a.treated === b.treated && a.campaignHoldout === b.campaignHoldout && a.globalControl === b.globalControl;
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the input order and repeats, and takes any iterable', () => {
    const result = assignHoldouts(new Set(['B', 'A']), { campaignId: 'c', fraction: 0.5 });
    expect(result.assignments.map((r) => r.customerId)).toEqual(['B', 'A']);
    const repeated = assignHoldouts(['A', 'A'], { campaignId: 'c', fraction: 0.5 });
    expect(repeated.assignments[0]).toEqual(repeated.assignments[1]);
    expect(HOLDOUT_BUCKETS).toBe(10000);
  });

  it('a new salt draws a new group', () => {
    const list = ids(20000);
    const a = assignHoldouts(list, { campaignId: 'c', fraction: 0.1, salt: '2024' });
    const b = assignHoldouts(list, { campaignId: 'c', fraction: 0.1, salt: '2025' });
    let both = 0;
    for (let i = 0; i < list.length; i++) if (a.assignments[i]!.holdout && b.assignments[i]!.holdout) both++;
    expect(both / list.length).toBeLessThan(0.015); // ≈ 0.01, not 0.1
  });
});
