/**
 * planContacts: what it must never do (contact a holdout, a customer without consent, a vehicle
 * no longer owned), its explanations, and the lift its holdouts measure against the
 * simulator's true effect (replaySchedule), over 40 fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import { bundlesOf, type Dataset } from '../../src/domain';
import { EXAMPLE_ALTERNATING_PLAN, EXAMPLE_FIXED_TIMING_BELT_PLAN, EXAMPLE_GENERIC_PLAN, EXAMPLE_LONGLIFE_PLAN } from '../../src/invoices';
import { measureLift } from '../../src/measure';
import { planContacts, type DayPlan } from '../../src/plan';
import type { ContactPolicyInput } from '../../src/pressure';
import { fitRepurchaseModel, ownershipSpells } from '../../src/repurchase';
import { replaySchedule, simulateDealer } from '../../src/simulate';
import { thrown } from '../support/helpers';

const plans = { Valmont: EXAMPLE_LONGLIFE_PLAN, Cerise: EXAMPLE_ALTERNATING_PLAN, Rhodan: EXAMPLE_FIXED_TIMING_BELT_PLAN, Fiorra: EXAMPLE_GENERIC_PLAN, Kato: EXAMPLE_GENERIC_PLAN };
const policy: ContactPolicyInput = {
  caps: [{ id: 'marketing-one-a-quarter', max: 1, window: { calendar: 'quarter' }, topics: ['winback', 'repurchase'] }, { id: 'four-a-month', max: 4, window: { months: 1 } }],
  gaps: [{ id: 'two-days-apart', days: 2 }],
  quiet: [{ channel: 'phone', quietWeekdays: [0, 6], fromHour: 9, toHour: 19 }],
  consentRequired: ['email', 'sms'],
};
const asOf = new Date('2025-06-30T00:00:00Z');

function planFor(seed: number, customers: number): { plan: DayPlan; dataset: Dataset; truth: ReturnType<typeof simulateDealer>['truth'] } {
  const { dataset, truth } = simulateDealer({ seed, customers, asOf });
  const repurchase = fitRepurchaseModel(ownershipSpells(dataset, { asOf }));
  return { plan: planContacts(dataset, { asOf, policy, plans, models: { repurchase }, holdout: { fraction: 0.2, salt: `seed-${seed}` } }), dataset, truth };
}

describe('planContacts', () => {
  const { plan, dataset } = planFor(3, 3_000);

  it('never contacts a holdout member, a customer without the consent the policy requires, or a vehicle no longer owned', () => {
    expect(plan.contacts.length).toBeGreaterThan(50);
    const held = new Set(plan.holdouts.map((h) => `${h.campaignId}|${h.customerId}`));
    for (const c of plan.contacts) expect(held.has(`${c.campaignId}|${c.customerId}`)).toBe(false);
    const purpose = (topic: string): string => (['service', 'inspection', 'tyres', 'transactional'].includes(topic) ? 'service' : 'marketing');
    for (const c of plan.contacts.filter((x) => x.channel === 'email' || x.channel === 'sms')) {
      const records = dataset.consents.filter((k) => k.customerId === c.customerId && k.channel === c.channel && k.purpose === purpose(c.topic) && k.date.getTime() <= asOf.getTime());
      const latest = Math.max(...records.map((k) => k.date.getTime()));
      expect(records.length).toBeGreaterThan(0);
      expect(records.filter((k) => k.date.getTime() === latest).every((k) => k.status === 'granted')).toBe(true);
    }
    const disposed = new Set(dataset.disposals.filter((d) => d.date.getTime() <= asOf.getTime()).map((d) => `${d.customerId}|${d.vehicleId}`));
    for (const k of dataset.contacts) if (k.outcome === 'no-longer-owner' && k.vehicleId !== undefined && (k.outcomeAt ?? k.sentAt).getTime() <= asOf.getTime()) disposed.add(`${k.customerId}|${k.vehicleId}`);
    expect(plan.suppressed.length + plan.holdouts.length).toBeGreaterThan(0);
    for (const c of plan.contacts) if (c.vehicleId !== undefined) expect(disposed.has(`${c.customerId}|${c.vehicleId}`)).toBe(false);
  });

  it('explains every contact, values it, and greets neutrally when the civility is unknown', () => {
    const civility = new Map(dataset.customers.map((c) => [c.id, c.civility ?? 'unknown']));
    for (const c of plan.contacts) {
      expect(c.why.length).toBe(3);
      expect(c.expectedValue).toBeGreaterThan(0);
      if (civility.get(c.customerId) === 'unknown') expect(c.salutation).not.toBe('Dear Sir');
      if (civility.get(c.customerId) === 'mrs') expect(c.salutation).toBe('Dear Madam');
    }
    expect(Object.keys(plan.stats.candidates).sort()).toEqual(expect.arrayContaining(['service', 'winback']));
  });
});

describe('the lift the holdouts measure covers the true simulated uplift (replaySchedule)', () => {
  it('for at least 35 of 40 seeds (2,000 customers each), on conversion, intention to treat', () => {
    let covered = 0;
    const misses: string[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const { plan, truth } = planFor(seed, 2_000);
      const date = new Date(asOf.getTime() + 86_400_000);
      // The unit of the draw is the customer in a campaign: one row each per arm (contacted if
      // any of the customer's proposals in the campaign was placed).
      const placed = new Set(plan.contacts.map((c) => c.proposalId));
      const topicOf = (campaignId: string): 'service' | 'inspection' | 'tyres' | 'repurchase' | 'winback' => (['inspection', 'tyres', 'repurchase', 'winback'].includes(campaignId) ? (campaignId as 'inspection') : 'service');
      const units = new Map<string, { customerId: string; campaignId: string; contacted: boolean }>();
      for (const g of [...plan.governed.scheduled, ...plan.governed.deferred, ...plan.governed.refused]) {
        const campaignId = g.proposalId.split(':')[0] as string;
        const key = `${campaignId}|${g.customerId}`;
        const u = units.get(key) ?? { customerId: g.customerId, campaignId, contacted: false };
        u.contacted ||= placed.has(g.proposalId);
        units.set(key, u);
      }
      const heldUnits = new Map(plan.holdouts.map((h) => [`${h.campaignId}|${h.customerId}`, h]));
      for (const key of units.keys()) expect(heldUnits.has(key)).toBe(false);
      const treated = replaySchedule(truth, [...units.values()].map((u) => ({ customerId: u.customerId, topic: topicOf(u.campaignId), campaignId: u.campaignId, date, contacted: u.contacted })));
      const control = replaySchedule(truth, [...heldUnits.values()].map((h) => ({ customerId: h.customerId, topic: topicOf(h.campaignId), campaignId: h.campaignId, date, contacted: false })));
      // The true intention-to-treat effect: the mean individual effect of those contacted, over the arm.
      const trueEffect = treated.reduce((s, o) => s + (o.contacted ? o.trueEffect : 0), 0) / treated.length;
      const lift = measureLift({ treated: { n: treated.length, successes: treated.filter((o) => o.converted).length }, control: { n: control.length, successes: control.filter((o) => o.converted).length } }, { interval: 'newcombe', confLevel: 0.95 });
      if (lift.lower <= trueEffect && trueEffect <= lift.upper) covered++;
      else misses.push(`seed ${seed}: ${lift.lower.toFixed(4)}–${lift.upper.toFixed(4)} vs ${trueEffect.toFixed(4)}`);
    }
    expect(covered, misses.join('\n')).toBeGreaterThanOrEqual(35);
  }, 240_000);
});

describe('planContacts on ugly sources', () => {
  const { dataset } = simulateDealer({ seed: 3, customers: 600, asOf });
  const repurchase = fitRepurchaseModel(ownershipSpells(dataset, { asOf }));
  const options = { asOf, policy, plans, models: { repurchase } };

  it('refuses a customer listed twice, in a dataset or in a stream, naming the customer', () => {
    const twice = dataset.customers[17] as Dataset['customers'][number];
    const expectTwice = (run: () => unknown): void => {
      const error = thrown(run);
      expect(error.message).toContain(`customer ${twice.id} is listed twice`);
      expect(error.issues[0]?.path).toEqual(['source', twice.id]);
    };
    expectTwice(() => planContacts({ ...dataset, customers: [...dataset.customers, { ...twice }] }, options));
    const bundles = [...bundlesOf(dataset)];
    // Far apart in the stream, in different chunks.
    expectTwice(() => planContacts([...bundles, bundles[17] as (typeof bundles)[number]], { ...options, sites: dataset.sites }));
  });

  it('refuses invoices made out to a customer the source does not list, naming the customer', () => {
    const bundles = [...bundlesOf(dataset)];
    const at = bundles.findIndex((b) => b.invoices.length > 0);
    const b = bundles[at] as (typeof bundles)[number];
    bundles[at] = { ...b, invoices: b.invoices.map((i) => ({ ...i, customerId: 'NOBODY' })) };
    expect(() => planContacts(bundles, { ...options, sites: dataset.sites })).toThrow('customer NOBODY has workshop invoices in the source but no customer record');
  });

  it('proposes a contact once when two candidates make the same proposal (a vehicle sold twice to its owner: two open ownerships)', () => {
    const once = planContacts(dataset, options);
    const sale = dataset.sales.find((s) => once.governed.scheduled.some((g) => g.topic === 'repurchase' && g.vehicleId === s.vehicleId && g.customerId === s.customerId));
    if (sale === undefined) throw new Error('expected a repurchase contact');
    const resold = { ...dataset, sales: [...dataset.sales, { ...sale, id: `${sale.id}-again`, date: new Date(sale.date.getTime() + 86_400_000) }] };
    expect(ownershipSpells(resold, { asOf }).filter((s) => s.vehicleId === sale.vehicleId && s.endReason === 'as-of')).toHaveLength(2);
    const plan = planContacts(resold, options);
    expect(plan.stats.candidates.repurchase).toBe((once.stats.candidates.repurchase ?? 0) + 1);
    expect(plan.stats.proposals).toBe(once.stats.proposals);
    const outcomes = [...plan.governed.scheduled, ...plan.governed.deferred, ...plan.governed.refused].map((g) => g.proposalId);
    expect(outcomes).toHaveLength(plan.stats.proposals);
    expect(new Set(outcomes).size).toBe(outcomes.length);
    expect(plan.contacts.filter((c) => c.topic === 'repurchase' && c.vehicleId === sale.vehicleId)).toHaveLength(1);
  });
});
