/** buildFeatures: no leakage from after asOf, hand-checked columns, labels from after asOf only, host columns, bad input. */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/domain';
import { RelanceError } from '../../src/errors';
import { buildFeatures, FEATURE_GROUPS } from '../../src/propensity/buildFeatures';
import { simulateDealer } from '../../src/simulate';

const asOf = new Date('2023-06-30T00:00:00Z');
const { dataset } = simulateDealer({ seed: 11, customers: 600, asOf: new Date('2025-06-30T00:00:00Z') });

/** The dataset as it stood at `asOf`: every record dated after it removed. */
function truncated(d: Dataset, cut: Date): Dataset {
  const ok = (x: Date): boolean => x.getTime() <= cut.getTime();
  return {
    ...d,
    customers: d.customers.filter((c) => ok(c.createdAt)),
    sales: d.sales.filter((s) => ok(s.date)),
    disposals: d.disposals.filter((s) => ok(s.date)),
    financeContracts: d.financeContracts.filter((f) => ok(f.start)),
    invoices: d.invoices.filter((i) => ok(i.date)),
    contacts: d.contacts.filter((k) => ok(k.sentAt)).map((k) => (k.outcomeAt !== undefined && !ok(k.outcomeAt) ? (({ outcome: _o, outcomeAt: _a, ...rest }) => rest)(k) : k)),
    consents: d.consents.filter((k) => ok(k.date)),
    engagement: d.engagement.filter((e) => ok(e.date)),
    odometerReadings: d.odometerReadings.filter((r) => ok(r.date)),
    serviceIndicators: d.serviceIndicators.filter((r) => ok(r.date)),
  };
}

describe('buildFeatures', () => {
  it('does not leak: the records after asOf change no feature (the dataset cut at asOf gives the same table)', () => {
    const full = buildFeatures(dataset, { asOf, target: { kind: 'vehicle-purchase', horizonDays: 365 } });
    const past = buildFeatures(truncated(dataset, asOf), { asOf });
    expect(past.featureNames).toEqual(full.featureNames);
    expect(past.ids).toEqual(full.ids);
    expect(Array.from(past.data)).toEqual(Array.from(full.data));
    expect(full.skipped.createdAfterAsOf).toBe(dataset.customers.length - full.rows);
  });

  it('labels come from the horizon after asOf only', () => {
    const t = buildFeatures(dataset, { asOf, target: { kind: 'vehicle-purchase', horizonDays: 365 } });
    const end = asOf.getTime() + 365 * 86_400_000;
    const buyers = new Set(dataset.sales.filter((s) => s.date.getTime() > asOf.getTime() && s.date.getTime() <= end).map((s) => s.customerId));
    t.ids.forEach((id, i) => expect(t.labels?.[i]).toBe(buyers.has(id) ? 1 : 0));
    expect(buyers.size).toBeGreaterThan(0);
  });

  it('computes hand-checkable columns: visits counted against the classifier, prospects flagged, sites one-hot', () => {
    const t = buildFeatures(dataset, { asOf });
    const col = (name: string): number => t.featureNames.indexOf(name);
    const c = t.ids.findIndex((id) => dataset.invoices.some((inv) => inv.customerId === id));
    const id = t.ids[c] as string;
    const at = (i: number, name: string): number => t.data[i * t.cols + col(name)] as number;
    expect(at(c, 'isProspect')).toBe(dataset.customers.find((x) => x.id === id)?.status === 'prospect' ? 1 : 0);
    const sites = t.featureNames.filter((n) => n.startsWith('homeSiteId='));
    expect(sites.length).toBe(t.encodings[0]?.levels.length);
    for (let i = 0; i < t.rows; i++) expect(sites.reduce((s, n) => s + at(i, n), 0)).toBe(1);
    for (let i = 0; i < t.rows; i++) {
      expect(at(i, 'visits12m')).toBeLessThanOrEqual(at(i, 'visits24m'));
      expect(at(i, 'visits24m')).toBeLessThanOrEqual(at(i, 'visits36m'));
      expect(at(i, 'pAlive')).toBeGreaterThanOrEqual(0);
      expect(at(i, 'pAlive')).toBeLessThanOrEqual(1);
    }
    expect(t.data.every(Number.isFinite)).toBe(true);
  });

  it('reuses given encodings (an unseen level is all zeros), takes host columns, and checks them', () => {
    const t = buildFeatures(dataset, { asOf, catalog: ['site'], encodings: [{ column: 'homeSiteId', levels: ['S01', 'S99'] }], extra: (b) => ({ invoices: b.invoices.length }) });
    expect(t.featureNames).toEqual(['homeSiteId=S01', 'homeSiteId=S99', 'invoices']);
    // Host columns see only the past.
    const id = t.ids[0] as string;
    const past = dataset.invoices.filter((i) => i.customerId === id && i.date.getTime() <= asOf.getTime()).length;
    expect(t.data[2]).toBe(past);
    expect(() => buildFeatures(dataset, { asOf, catalog: ['site'], extra: () => ({ x: Number.NaN }) })).toThrow(/host column "x"/);
    expect(() => buildFeatures(dataset, { asOf, catalog: ['nope' as never] })).toThrow(RelanceError);
    expect(() => buildFeatures(dataset, { asOf: new Date('x') })).toThrow(/asOf/);
    expect(FEATURE_GROUPS.length).toBe(8);
  });
});
