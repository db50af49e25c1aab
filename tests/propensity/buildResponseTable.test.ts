/** buildResponseTable: one row per past contact with the customer's features before it, labels from what the contact led to, the planned-contact form for scoring. */
import { describe, expect, it } from 'vitest';
import { RelanceError } from '../../src/errors';
import { buildFeatures } from '../../src/propensity/buildFeatures';
import { buildResponseTable } from '../../src/propensity/buildResponseTable';
import { scorePropensity, trainPropensity } from '../../src/propensity';
import { simulateDealer } from '../../src/simulate';

const DAY = 86_400_000;
const asOf = new Date('2024-06-30T00:00:00Z');
const until = new Date('2025-06-30T00:00:00Z');
const { dataset } = simulateDealer({ seed: 11, customers: 600, asOf: until });
const RESPONSES = ['appointment', 'purchase', 'visit', 'responded'];

describe('buildResponseTable', () => {
  const t = buildResponseTable(dataset, { asOf, until });
  const features = buildFeatures(dataset, { asOf });

  it('has one row per contact delivered after asOf and at least 30 days before until, in customer then date order', () => {
    const last = until.getTime() - 30 * DAY;
    const expected = dataset.contacts.filter((k) => k.deliveryStatus === 'delivered' && k.sentAt.getTime() > asOf.getTime() && k.sentAt.getTime() <= last && features.ids.includes(k.customerId));
    expect(t.rows).toBe(expected.length);
    expect([...t.contactIds].sort()).toEqual(expected.map((k) => k.id).sort());
    const byId = new Map(dataset.contacts.map((k) => [k.id, k]));
    t.contactIds.forEach((id, r) => expect(byId.get(id)?.customerId).toBe(t.ids[r]));
    for (let r = 1; r < t.rows; r++) {
      const a = features.ids.indexOf(t.ids[r - 1] as string);
      const b = features.ids.indexOf(t.ids[r] as string);
      expect(a).toBeLessThanOrEqual(b);
      if (a === b) expect((byId.get(t.contactIds[r - 1] as string)?.sentAt.getTime() ?? 0) <= (byId.get(t.contactIds[r] as string)?.sentAt.getTime() ?? 0)).toBe(true);
    }
  });

  it("gives each row its customer's features at asOf (no leakage: buildFeatures' own columns) and the contact's topic and channel one-hot", () => {
    const byId = new Map(dataset.contacts.map((k) => [k.id, k]));
    expect(t.featureNames.slice(0, features.cols)).toEqual(features.featureNames);
    const topics = t.encodings.find((e) => e.column === 'topic')?.levels ?? [];
    const channels = t.encodings.find((e) => e.column === 'channel')?.levels ?? [];
    expect(t.featureNames.slice(features.cols)).toEqual([...topics.map((l) => `topic=${l}`), ...channels.map((l) => `channel=${l}`)]);
    for (let r = 0; r < t.rows; r += 7) {
      const i = features.ids.indexOf(t.ids[r] as string);
      expect(Array.from(t.data.subarray(r * t.cols, r * t.cols + features.cols))).toEqual(Array.from(features.data.subarray(i * features.cols, (i + 1) * features.cols)));
      const k = byId.get(t.contactIds[r] as string);
      const oneHot = Array.from(t.data.subarray(r * t.cols + features.cols, (r + 1) * t.cols));
      expect(oneHot).toEqual([...topics.map((l) => (l === k?.topic ? 1 : 0)), ...channels.map((l) => (l === k?.channel ? 1 : 0))]);
    }
  });

  it('labels a contact 1 when it led to an appointment, a purchase, a visit or a response by until', () => {
    const byId = new Map(dataset.contacts.map((k) => [k.id, k]));
    let positives = 0;
    t.contactIds.forEach((id, r) => {
      const k = byId.get(id);
      const answered = k?.outcome !== undefined && RESPONSES.includes(k.outcome) && (k.outcomeAt ?? k.sentAt).getTime() <= until.getTime();
      expect(t.labels?.[r]).toBe(answered ? 1 : 0);
      positives += answered ? 1 : 0;
    });
    expect(positives).toBeGreaterThan(10);
    expect(positives).toBeLessThan(t.rows);
  });

  it('keeps the topics and delivery statuses asked for', () => {
    const promo = buildResponseTable(dataset, { asOf, until, topics: ['promotion'], deliveryStatuses: ['delivered', 'held-out'] });
    const byId = new Map(dataset.contacts.map((k) => [k.id, k]));
    expect(promo.rows).toBeGreaterThan(0);
    for (const id of promo.contactIds) {
      expect(byId.get(id)?.topic).toBe('promotion');
      expect(['delivered', 'held-out']).toContain(byId.get(id)?.deliveryStatus);
    }
    expect(promo.contactIds.some((id) => byId.get(id)?.deliveryStatus === 'held-out')).toBe(true);
  });

  it('does not depend on the order of the contacts', () => {
    const shuffled = buildResponseTable({ ...dataset, contacts: [...dataset.contacts].reverse() }, { asOf, until });
    expect(shuffled.contactIds).toEqual(t.contactIds);
    expect(Array.from(shuffled.data)).toEqual(Array.from(t.data));
  });

  it('builds one row per customer for a planned contact, with the encodings given, and a model trained on past contacts scores it', () => {
    const today = buildResponseTable(dataset, { asOf: until, planned: { topic: 'promotion', channel: 'email' }, encodings: t.encodings });
    const now = buildFeatures(dataset, { asOf: until, encodings: t.encodings });
    expect(today.rows).toBe(now.rows);
    expect(today.labels).toBeUndefined();
    expect(today.featureNames).toEqual(t.featureNames);
    expect(today.contactIds).toEqual(now.ids);
    const promotion = today.featureNames.indexOf('topic=promotion');
    const service = today.featureNames.indexOf('topic=service');
    const email = today.featureNames.indexOf('channel=email');
    for (let i = 0; i < today.rows; i++) {
      expect(today.data[i * today.cols + promotion]).toBe(1);
      expect(today.data[i * today.cols + service]).toBe(0);
      expect(today.data[i * today.cols + email]).toBe(1);
    }
    const model = trainPropensity(t, { algorithm: 'logistic' });
    const scores = scorePropensity(model, today);
    expect(scores.length).toBe(today.rows);
    expect(scores.every((p) => p > 0 && p < 1)).toBe(true);
  });

  it('refuses a missing or early until, a negative response delay and a malformed planned contact', () => {
    expect(() => buildResponseTable(dataset, { asOf } as never)).toThrow(RelanceError);
    expect(() => buildResponseTable(dataset, { asOf, until: asOf })).toThrow(/until must be after asOf/);
    expect(() => buildResponseTable(dataset, { asOf, until, responseDays: -1 })).toThrow(/responseDays/);
    expect(() => buildResponseTable(dataset, { asOf, planned: { topic: 'promotion' } as never })).toThrow(/planned/);
    expect(() => buildResponseTable(dataset, { asOf: new Date('x'), until })).toThrow(/buildFeatures: asOf must be a valid Date/);
  });
});
