/**
 * planContacts on streamed bundles: the same plan as on the dataset they come from (the
 * contacts kept within the policy's reach and the consents kept as columns change no decision
 * of the governor), the stages reported to the host, and what a stream cannot give refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelSchema, ContactOutcomeSchema, DeliveryStatusSchema, TopicSchema, type Consent, type ContactEvent, type CustomerBundle } from '../../src/domain';
import { EXAMPLE_ALTERNATING_PLAN, EXAMPLE_FIXED_TIMING_BELT_PLAN, EXAMPLE_GENERIC_PLAN, EXAMPLE_LONGLIFE_PLAN } from '../../src/invoices';
import { planContacts, type PlanStage } from '../../src/plan';
import { ConsentColumns } from '../../src/plan/consentColumns';
import { ContactColumns } from '../../src/plan/contactColumns';
import { policyReachDays } from '../../src/plan/policyReach';
import { governContacts, type ContactPolicyInput } from '../../src/pressure';
import { FEATURE_GROUPS, buildFeatures, trainPropensity, type BuiltFeatures } from '../../src/propensity';
import { fitRepurchaseModel, ownershipSpells } from '../../src/repurchase';
import { simulateBundles, simulateDealer } from '../../src/simulate';
import { thrown } from '../support/helpers';

const plans = { Valmont: EXAMPLE_LONGLIFE_PLAN, Cerise: EXAMPLE_ALTERNATING_PLAN, Rhodan: EXAMPLE_FIXED_TIMING_BELT_PLAN, Fiorra: EXAMPLE_GENERIC_PLAN, Kato: EXAMPLE_GENERIC_PLAN };
// Every kind of rule: calendar, rolling and grouped windows, per household and status, a gap, an exclusion, quiet hours, consent.
const policy: ContactPolicyInput = {
  caps: [
    { id: 'marketing-one-a-quarter', max: 1, window: { calendar: 'quarter' }, topics: ['promotion', 'winback', 'repurchase'] },
    { id: 'prospects-2-a-month', max: 2, window: { months: 1 }, status: 'prospect' },
    { id: 'customers-4-a-month', max: 4, window: { months: 1 }, status: 'customer' },
    { id: 'household-3-per-2-weeks', max: 3, window: { days: 14, groupBy: 'month' }, per: 'household' },
  ],
  gaps: [{ id: 'two-days-apart', days: 2 }],
  exclusions: [{ id: 'no-sales-around-service', topic: 'repurchase', near: ['service'], days: 30 }],
  quiet: [{ channel: 'phone', quietWeekdays: [0, 6], fromHour: 9, toHour: 19 }],
  consentRequired: ['email', 'sms'],
};
const asOf = new Date('2025-06-30T00:00:00Z');
const simulation = { seed: 11, customers: 2_500, asOf };
const { dataset } = simulateDealer(simulation);
const repurchase = fitRepurchaseModel(ownershipSpells(dataset, { asOf }));

/** A table without the named columns. */
function without(t: BuiltFeatures, drop: readonly string[]): BuiltFeatures {
  const keep = t.featureNames.map((n, j) => (drop.includes(n) ? -1 : j)).filter((j) => j >= 0);
  const data = new Float64Array(t.rows * keep.length);
  for (let i = 0; i < t.rows; i++) keep.forEach((j, k) => (data[i * keep.length + k] = t.data[i * t.cols + j] as number));
  return { ...t, featureNames: keep.map((j) => t.featureNames[j] as string), cols: keep.length, data };
}
const trainAsOf = new Date('2024-06-30T00:00:00Z');
const catalog = FEATURE_GROUPS.filter((g) => g !== 'rfm');
// Per-customer models: household columns in the purchase model, none in the visit model.
const purchase = trainPropensity(without(buildFeatures(dataset, { asOf: trainAsOf, target: { kind: 'vehicle-purchase', horizonDays: 365 }, catalog }), ['emailOpenRate36m']), { algorithm: 'logistic' });
const visit = trainPropensity(without(buildFeatures(dataset, { asOf: trainAsOf, target: { kind: 'workshop-visit', horizonDays: 180 }, catalog: catalog.filter((g) => g !== 'household') }), ['emailOpenRate36m']), { algorithm: 'logistic' });

describe('planContacts on streamed bundles', () => {
  it('gives the plan of the dataset the bundles come from, models included (win-back scored too)', () => {
    const options = { asOf, policy, plans, models: { repurchase, propensity: { repurchase: purchase, service: visit, tyres: visit, winback: visit } }, holdout: { fraction: 0.2, salt: 'stream' } };
    const fromDataset = planContacts(dataset, options);
    const streamed = planContacts(simulateBundles(simulation), { ...options, sites: dataset.sites });
    expect(fromDataset.stats.contacts).toBeGreaterThan(1_000);
    expect(fromDataset.contacts.some((c) => c.campaign === 'winback' && !c.why[1]?.includes('base rate'))).toBe(true);
    expect(streamed).toStrictEqual(fromDataset);
  }, 120_000);

  it('reports every stage to the host, chunk by chunk, and `done` last', () => {
    const seen: PlanStage[] = [];
    const plan = planContacts(simulateBundles(simulation), { asOf, sites: dataset.sites, policy, plans, models: { repurchase, propensity: { repurchase: purchase } }, onStage: (s) => seen.push(s) });
    expect(plan.stats.contacts).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['read', 'classify', 'due', 'repurchase', 'winback', 'features', 'scoring', 'holdouts', 'governance', 'contacts', 'done']));
    expect(seen.filter((s) => s === 'classify').length).toBeGreaterThan(1); // 2,500 customers: several chunks
    expect(seen[seen.length - 1]).toBe('done');
    expect(seen.slice(seen.lastIndexOf('read'))).toEqual(['read', 'winback', 'holdouts', 'governance', 'contacts', 'done']);
  }, 120_000);

  it('refuses a model with columns computed over the whole base, and a household split across the stream', () => {
    const rfm = trainPropensity(buildFeatures(dataset, { asOf: trainAsOf, target: { kind: 'vehicle-purchase', horizonDays: 365 } }), { algorithm: 'logistic' });
    {
      const error = thrown(() => planContacts(simulateBundles(simulation), { asOf, sites: dataset.sites, policy, plans, models: { propensity: { repurchase: rfm } } }));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/rfmR.*whole base/);
    }
    // The same model is fine on the dataset.
    expect(planContacts(dataset, { asOf, policy, plans, models: { repurchase, propensity: { repurchase: rfm } } }).stats.contacts).toBeGreaterThan(0);
    // Members of a household apart: the first member of each multi-member household moved to the end.
    const bundles = [...simulateBundles(simulation)];
    const moved = bundles.filter((b, i) => b.customer.householdId !== undefined && bundles[i + 1]?.customer.householdId === b.customer.householdId && bundles[i - 1]?.customer.householdId !== b.customer.householdId);
    expect(moved.length).toBeGreaterThan(10);
    const split: CustomerBundle[] = [...bundles.filter((b) => !moved.includes(b)), ...moved];
    {
      const error = thrown(() => planContacts(split, { asOf, sites: dataset.sites, policy, plans, models: { repurchase, propensity: { repurchase: purchase } } }));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/household .* one after the other/);
    }
    // Without household columns the order does not matter.
    expect(planContacts(split, { asOf, sites: dataset.sites, policy, plans, models: { repurchase, propensity: { service: visit } } }).stats.contacts).toBeGreaterThan(0);
  }, 120_000);
});

describe('what a streamed plan keeps for the governor', () => {
  it('policyReachDays: the longest window with its grouping, gap or exclusion; Infinity for an unknown shape', () => {
    expect(policyReachDays(policy)).toBe(92);
    expect(policyReachDays({ caps: [{ id: 'a', max: 1, window: { days: 14, groupBy: 'quarter' } }] })).toBe(14 + 92);
    expect(policyReachDays({ caps: [{ id: 'a', max: 1, window: { months: 6 } }], gaps: [{ id: 'g', days: 200 }] })).toBe(200);
    expect(policyReachDays({ exclusions: [{ id: 'e', topic: 'repurchase', near: ['service'], days: 45 }] })).toBe(45);
    expect(policyReachDays({})).toBe(0);
    expect(policyReachDays({ caps: [{ id: 'a', max: 1, window: { calendar: 'year' } as never }] })).toBe(Infinity);
  });

  it('ConsentColumns gives back every decision, bounce flags included, and keeps one outside the vocabulary as it came', () => {
    const ids = ['C1', 'C2'];
    const decisions: Consent[] = [
      { customerId: 'C1', channel: 'email', purpose: 'marketing', status: 'granted', date: new Date('2024-01-02T10:00:00Z') },
      { customerId: 'C2', channel: 'sms', purpose: 'service', status: 'denied', date: new Date('2024-02-03T00:00:00Z'), bounced: true },
      { customerId: 'C2', channel: 'push', purpose: 'partner-sharing', status: 'granted', date: new Date('2024-03-04T00:00:00Z'), bounced: false },
      ...Array.from({ length: 2_000 }, (_, k): Consent => ({ customerId: 'C1', channel: 'phone', purpose: 'service', status: 'granted', date: new Date(Date.UTC(2020, 0, 1 + k)) })),
    ];
    const odd = { customerId: 'C1', channel: 'fax', purpose: 'marketing', status: 'granted', date: new Date('2024-01-01') } as unknown as Consent;
    const columns = new ConsentColumns();
    for (const d of [...decisions, odd]) columns.add(ids.indexOf(d.customerId), d);
    expect(columns.length).toBe(decisions.length + 1);
    expect([...columns.records((k) => ids[k] as string)]).toStrictEqual([...decisions, odd]);
  });

  it('ConsentColumns.addDeciding keeps what the governor decides from: every schedule is the same as with all the decisions (fast-check, ties, bounces and records after asOf included)', () => {
    const asOf = new Date('2024-06-01T00:00:00Z');
    const channels = ['email', 'sms', 'phone'] as const;
    const purposes = ['marketing', 'service'] as const;
    const decision = fc.record({
      channel: fc.constantFrom(...channels),
      purpose: fc.constantFrom(...purposes),
      status: fc.constantFrom('granted', 'denied'),
      // Few distinct days, so that ties are common; some after asOf.
      day: fc.integer({ min: -4, max: 1 }),
      bounced: fc.constantFrom(undefined, true, false),
    });
    fc.assert(
      fc.property(fc.array(decision, { maxLength: 14 }), fc.constantFrom(false, true), (drawn, recall) => {
        const consents: Consent[] = drawn.map((d) => ({ customerId: 'C1', channel: d.channel, purpose: d.purpose, status: d.status as Consent['status'], date: new Date(asOf.getTime() + d.day * 86_400_000), ...(d.bounced === undefined ? {} : { bounced: d.bounced }) }));
        const columns = new ConsentColumns();
        columns.addDeciding(0, consents, asOf.getTime());
        const kept = [...columns.records(() => 'C1')];
        expect(kept.length).toBeLessThanOrEqual(consents.length);
        // One proposal per channel and purpose, each on that channel alone.
        const proposals = channels.flatMap((channel) =>
          purposes.map((purpose) => ({ id: `${channel}-${purpose}`, customerId: 'C1', campaignId: 'k', topic: purpose === 'service' ? ('service' as const) : ('promotion' as const), channels: [channel], purpose, safetyRecall: recall, earliest: asOf, latest: asOf })),
        );
        const govern = (given: Consent[]): unknown => governContacts(proposals, { asOf, horizonDays: 1, policy: { consentRequired: ['email', 'sms', 'phone'] }, consents: given });
        expect(govern(kept)).toStrictEqual(govern(consents.filter((c) => c.date.getTime() <= asOf.getTime())));
      }),
      { numRuns: 1_500 },
    );
  });
});

describe('ContactColumns', () => {
  it('gives back every contact with every vocabulary value, optional fields as they were, and keeps one outside the vocabulary as it came', () => {
    const ids = ['C1', 'C2'];
    const contacts: ContactEvent[] = [];
    let n = 0;
    for (const topic of TopicSchema.options)
      for (const channel of ChannelSchema.options)
        for (const deliveryStatus of DeliveryStatusSchema.options) {
          const outcome = ContactOutcomeSchema.options[n % (ContactOutcomeSchema.options.length + 1)];
          const sentAt = new Date(Date.UTC(2024, 0, 1 + n, n % 24));
          const contact: ContactEvent = { id: `K${n}`, customerId: ids[n % 2] as string, campaignId: `camp-${n % 3}`, topic, channel, sentAt, deliveryStatus };
          if (n % 3 === 0) Object.assign(contact, { vehicleId: `V${n}` });
          if (outcome !== undefined) Object.assign(contact, { outcome, ...(n % 2 === 0 ? { outcomeAt: new Date(sentAt.getTime() + 86_400_000) } : {}) });
          if (n % 4 === 0) Object.assign(contact, { siteId: 'S01' });
          contacts.push(contact);
          n++;
        }
    const odd = { id: 'K-odd', customerId: 'C1', campaignId: 'x', topic: 'gossip', channel: 'email', sentAt: new Date('2024-01-01'), deliveryStatus: 'delivered' } as unknown as ContactEvent;
    const columns = new ContactColumns();
    for (const c of [...contacts, odd]) columns.add(ids.indexOf(c.customerId), c);
    expect(columns.length).toBe(contacts.length + 1);
    expect([...columns.records((k) => ids[k] as string)]).toStrictEqual([...contacts, odd]);
  });
});
