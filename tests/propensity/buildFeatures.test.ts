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

  it('reads e-mail affinity as an open rate shrunk toward the base, age in brackets, every vehicle on file and servicing per year held', () => {
    const t = buildFeatures(dataset, { asOf });
    const col = (name: string): number => t.featureNames.indexOf(name);
    const at = (i: number, name: string): number => t.data[i * t.cols + col(name)] as number;
    const cut = asOf.getTime();
    const from = cut - 1095 * 86_400_000;
    const opened = new Set(dataset.engagement.filter((e) => e.kind === 'open' && e.date.getTime() <= cut).map((e) => `${e.customerId} ${e.campaignId}`));
    const emails = dataset.contacts.filter((k) => k.channel === 'email' && k.deliveryStatus === 'delivered' && k.sentAt.getTime() <= cut && k.sentAt.getTime() > from && t.ids.includes(k.customerId));
    const base = emails.filter((k) => opened.has(`${k.customerId} ${k.campaignId}`)).length / emails.length;
    expect(base).toBeGreaterThan(0.1);
    let checked = 0;
    t.ids.forEach((id, i) => {
      const mine = emails.filter((k) => k.customerId === id);
      const opens = mine.filter((k) => opened.has(`${id} ${k.campaignId}`)).length;
      expect(at(i, 'emailsDelivered36m')).toBe(mine.length);
      expect(at(i, 'emailOpens36m')).toBe(opens);
      expect(at(i, 'emailOpenRate36m')).toBeCloseTo((opens + 4 * base) / (mine.length + 4), 12);
      const brackets = ['ageUnder35', 'age35to54', 'age55to64', 'age65plus'].map((n) => at(i, n));
      expect(brackets.reduce((a, b) => a + b, 0)).toBe(at(i, 'ageKnown'));
      if (at(i, 'ageKnown') === 1) {
        const age = at(i, 'ageYears');
        expect(at(i, age < 35 ? 'ageUnder35' : age < 55 ? 'age35to54' : age < 65 ? 'age55to64' : 'age65plus')).toBe(1);
      }
      expect(at(i, 'vehiclesOnFile')).toBeGreaterThanOrEqual(at(i, 'vehicles'));
      expect(at(i, 'maintenancePerYear36m')).toBeGreaterThanOrEqual(0);
      expect(at(i, 'webVisitsPerYear36m')).toBeGreaterThanOrEqual(at(i, 'webVisits36m') / 3);
      if (mine.length > 0) checked++;
    });
    expect(checked).toBeGreaterThan(100);
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
