/**
 * governContacts: Adobe Campaign's documented worked example, hand-computed cases, and
 * properties over random policies checked by an independent checker written here (calendar
 * arithmetic with Date.UTC, brute force over every window), never by the governor's code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel, Consent, ContactEvent, Customer, Site, Topic } from '../../src/domain';
import { RelanceError } from '../../src/errors';
import { governContacts, type ContactPolicyInput, type ContactProposal, type GovernedContacts, type GovernedContact, type RuleHit } from '../../src/pressure';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const DAY = 86_400_000;

describe('Adobe Campaign worked example: 3 per 2 weeks, grouped by month or not', () => {
  // Sends wanted on 05/30, 06/03, 06/08, 06/12, 06/22 and 06/30 (each on that day only).
  const dates = ['2025-05-30', '2025-06-03', '2025-06-08', '2025-06-12', '2025-06-22', '2025-06-30'];
  const proposals: ContactProposal[] = dates.map((d) => ({ id: d, customerId: 'C1', campaignId: `campaign-${d}`, topic: 'promotion', channels: ['email'], earliest: day(d), latest: day(d) }));
  const run = (groupBy?: 'month') =>
    governContacts(proposals, {
      asOf: day('2025-05-30'),
      horizonDays: 40,
      policy: { caps: [{ id: 'three-per-two-weeks', max: 3, window: groupBy === undefined ? { days: 14 } : { days: 14, groupBy } }], consentRequired: [] },
    });

  it('grouped by month: the 06/12 and 06/30 sends are excluded', () => {
    expect(run('month').refused.map((r) => r.proposalId)).toEqual(['2025-06-12', '2025-06-30']);
  });

  it('without grouping: only the 06/12 send is', () => {
    const r = run();
    expect(r.refused.map((x) => x.proposalId)).toEqual(['2025-06-12']);
    expect(r.refused[0]?.reasons[0]).toMatchObject({ rule: 'three-per-two-weeks', kind: 'cap', counted: 3, max: 3 });
  });
});

describe('governContacts: hand-computed cases', () => {
  const asOf = day('2025-07-07'); // a Monday
  const site: Site = { id: 'S1', country: 'FR', timeZone: 'Europe/Paris', dailyCapacity: { phone: 2 } };
  const base = { id: 'x', customerId: 'C1', campaignId: 'k', topic: 'service' as Topic, channels: ['phone'] as Channel[], earliest: asOf, latest: day('2025-07-31'), siteId: 'S1' };

  it('spreads calls over the days with capacity, never on a quiet Sunday, at the allowed local hour', () => {
    const proposals = Array.from({ length: 11 }, (_, k) => ({ ...base, id: `P${String(k).padStart(2, '0')}`, customerId: `C${k}`, priority: 100 - k }));
    const r = governContacts(proposals, { asOf, horizonDays: 14, sites: [site], policy: { quiet: [{ channel: 'phone', quietWeekdays: [0, 6], fromHour: 9, toHour: 18 }], consentRequired: [] } });
    const perDay = new Map<string, number>();
    for (const c of [...r.scheduled, ...r.deferred] as GovernedContact[]) perDay.set(c.day.toISOString().slice(0, 10), (perDay.get(c.day.toISOString().slice(0, 10)) ?? 0) + 1);
    // 2 a day from Monday to Friday, then the next Monday: 2, 2, 2, 2, 2, 1.
    expect([...perDay.entries()].sort()).toEqual([['2025-07-07', 2], ['2025-07-08', 2], ['2025-07-09', 2], ['2025-07-10', 2], ['2025-07-11', 2], ['2025-07-14', 1]]);
    // The two highest priorities first; 10:00 in Paris is 08:00 UTC in July.
    expect(r.scheduled.map((c) => c.proposalId)).toEqual(['P00', 'P01']);
    expect(r.scheduled[0]?.at.toISOString()).toBe('2025-07-07T08:00:00.000Z');
    const last = r.deferred.find((c) => c.proposalId === 'P10') as GovernedContact;
    expect(last.deferredDays).toBe(7);
    expect(last.reasons.map((h) => h.kind)).toContain('capacity');
    expect(r.stats.byRule['capacity:S1:phone']).toBe(9);
  });

  it('consent per purpose: a marketing opt-out keeps service reminders; a denial wins; a bounced point stops even a safety recall', () => {
    const consents: Consent[] = [
      { customerId: 'C1', channel: 'email', purpose: 'marketing', status: 'denied', date: day('2025-01-01') },
      { customerId: 'C1', channel: 'email', purpose: 'service', status: 'granted', date: day('2025-01-01') },
      { customerId: 'C2', channel: 'sms', purpose: 'service', status: 'granted', date: day('2025-01-01'), bounced: true },
    ];
    const p = (id: string, customerId: string, topic: Topic, channels: Channel[], extra: Partial<ContactProposal> = {}): ContactProposal => ({ id, customerId, campaignId: id, topic, channels, earliest: asOf, latest: asOf, ...extra });
    const r = governContacts(
      [p('service', 'C1', 'service', ['email']), p('promo', 'C1', 'promotion', ['email']), p('recall-C1', 'C1', 'promotion', ['email'], { safetyRecall: true }), p('recall-C2', 'C2', 'service', ['sms'], { safetyRecall: true }), p('fallback', 'C1', 'promotion', ['email', 'mail'])],
      { asOf, horizonDays: 1, consents, policy: {} },
    );
    expect(r.scheduled.map((c) => c.proposalId)).toEqual(['fallback', 'recall-C1', 'service']);
    expect(r.scheduled.find((c) => c.proposalId === 'fallback')?.channel).toBe('mail');
    expect(r.scheduled.find((c) => c.proposalId === 'recall-C1')?.allowedBy).toBe('safety-recall');
    expect(r.refused.map((c) => [c.proposalId, c.reasons[0]?.rule])).toEqual([['promo', 'consent'], ['recall-C2', 'bounced']]);
  });

  it('exclusive topics and gaps; transactional messages are exempt from caps', () => {
    const history: ContactEvent[] = [{ id: 'H1', customerId: 'C1', campaignId: 'svc', topic: 'service', channel: 'email', sentAt: day('2025-07-01'), deliveryStatus: 'delivered' }];
    const p = (id: string, topic: Topic, extra: Partial<ContactProposal> = {}): ContactProposal => ({ id, customerId: 'C1', campaignId: id, topic, channels: ['mail'], earliest: asOf, latest: day('2025-08-31'), ...extra });
    const r = governContacts([p('repurchase', 'repurchase'), p('invoice', 'transactional', { transactional: true, priority: 10 })], {
      asOf,
      horizonDays: 60,
      history,
      policy: { caps: [{ id: 'one-a-month', max: 1, window: { calendar: 'month' } }], exclusions: [{ id: 'no-sales-after-service', topic: 'repurchase', near: ['service'], days: 30 }], consentRequired: [] },
    });
    // The repurchase contact waits 30 days after the 07/01 service one: 07/31 — but July already has a contact (the service): August 1st.
    const rep = r.deferred.find((c) => c.proposalId === 'repurchase') as GovernedContact;
    expect(rep.day.toISOString().slice(0, 10)).toBe('2025-08-01');
    expect(rep.reasons.map((h) => h.rule)).toEqual(['one-a-month', 'no-sales-after-service']);
    expect(r.scheduled.map((c) => c.proposalId)).toEqual(['invoice']);
  });

  it('defers past the horizon what is still open after it; refuses what cannot be placed before its latest day', () => {
    const policy: ContactPolicyInput = { caps: [{ id: 'one-a-week', max: 1, window: { calendar: 'week' } }], consentRequired: [] };
    const p = (id: string, latest: string, priority: number): ContactProposal => ({ id, customerId: 'C1', campaignId: id, topic: 'promotion', channels: ['email'], earliest: asOf, latest: day(latest), priority });
    const r = governContacts([p('A', '2025-07-07', 3), p('B', '2025-07-10', 2), p('C', '2025-09-30', 1)], { asOf, horizonDays: 7, policy });
    expect(r.scheduled.map((c) => c.proposalId)).toEqual(['A']);
    expect(r.refused.map((c) => c.proposalId)).toEqual(['B']);
    expect(r.deferred.map((c) => [c.proposalId, 'nextAllowed' in c ? c.nextAllowed?.toISOString().slice(0, 10) : null])).toEqual([['C', '2025-07-14']]);
  });

  it('rejects bad input with the field named', () => {
    const ok: ContactProposal = { id: 'P', customerId: 'C', campaignId: 'k', topic: 'service', channels: ['email'], earliest: asOf, latest: asOf };
    const error = (f: () => unknown): RelanceError => {
      try {
        f();
      } catch (e) {
        return e as RelanceError;
      }
      throw new Error('expected an error');
    };
    expect(error(() => governContacts([ok, ok], { asOf, horizonDays: 1, policy: {} })).issues[0]?.message).toMatch(/duplicate proposal id/);
    expect(error(() => governContacts([{ ...ok, channels: ['fax' as Channel] }], { asOf, horizonDays: 1, policy: {} })).issues[0]?.path).toEqual(['proposals', 0, 'channels', 0]);
    expect(error(() => governContacts([{ ...ok, latest: day('2025-07-01') }], { asOf, horizonDays: 1, policy: {} })).issues[0]?.path).toEqual(['proposals', 0, 'latest']);
    expect(error(() => governContacts([ok], { asOf, horizonDays: 1, policy: { caps: [{ id: 'c', max: 0, window: { days: 7 } }] } })).issues[0]?.path).toEqual(['policy', 'caps', 0, 'max']);
    expect(error(() => governContacts([ok], { asOf, horizonDays: 1, policy: { capacity: [{ id: 'c', channel: 'phone', perDay: -1 }] } })).issues[0]?.path).toEqual(['policy', 'capacity', 0, 'perDay']);
    expect(governContacts([], { asOf, horizonDays: 1, policy: {} }).stats.proposals).toBe(0);
    // Not a proposal at all: a typed error naming the record, not a TypeError from reading it.
    const notObjects = error(() => governContacts([ok, null as unknown as ContactProposal, { ...ok, id: 'Q' }, 'P3' as unknown as ContactProposal], { asOf, horizonDays: 1, policy: {} }));
    expect(notObjects).toBeInstanceOf(RelanceError);
    expect(notObjects.issues.map((i) => i.path)).toEqual([['proposals', 1], ['proposals', 3]]);
    const notArray = error(() => governContacts({ length: 1 } as unknown as ContactProposal[], { asOf, horizonDays: 1, policy: {} }));
    expect(notArray).toBeInstanceOf(RelanceError);
    expect(notArray.issues[0]?.path).toEqual(['proposals']);
  });
});

describe('governContacts: what the columnar internals must not change', () => {
  const asOf = day('2025-07-07'); // a Monday

  it('finds a past contact of the proposal’s customer after more than 65,536 history rows of others (the lookups go a batch at a time)', () => {
    const history: ContactEvent[] = Array.from({ length: 70_000 }, (_, k) => ({ id: `H${k}`, customerId: `X${k}`, campaignId: 'old', topic: 'promotion', channel: 'email', sentAt: day('2025-07-01'), deliveryStatus: 'delivered' }));
    history.push({ id: 'H-C', customerId: 'C', campaignId: 'old', topic: 'promotion', channel: 'email', sentAt: day('2025-07-01'), deliveryStatus: 'delivered' });
    const r = governContacts([{ id: 'P', customerId: 'C', campaignId: 'k', topic: 'promotion', channels: ['email'], earliest: asOf, latest: day('2025-07-31') }], {
      asOf,
      horizonDays: 40,
      history,
      policy: { caps: [{ id: 'one-a-month', max: 1, window: { calendar: 'month' } }], consentRequired: [] },
    });
    // July already has the 07/01 contact, and the proposal must go by 07/31.
    expect(r.refused[0]?.reasons).toEqual([{ rule: 'one-a-month', kind: 'cap', channel: 'email', day: day('2025-07-07'), counted: 1, max: 1, message: 'one-a-month: 1 contact already in the window (max 1)' }]);
  });

  it('ties each of 70,000 customers to its own record, household, consents and history, across batches and the id table’s partitions', () => {
    // Customer k: a prospect when k % 3 = 0 (prospects once a month, whatever the channel),
    // an e-mail opt-in when k % 2 = 0 (e-mail needs one), a July contact when k % 5 = 0, and
    // households of two (k, k + 1 for even k) capped at one contact a day.
    const n = 70_000;
    const id = (k: number): string => `cust-${(k * 7_919) % n}`; // ids not in the records' order
    const customers: Customer[] = Array.from({ length: n }, (_, k) => ({ id: id(k), kind: 'person', status: k % 3 === 0 ? 'prospect' : 'customer', householdId: `house-${k >> 1}`, createdAt: day('2020-01-01') }));
    const consents: Consent[] = [];
    for (let k = 0; k < n; k += 2) consents.push({ customerId: id(k), channel: 'email', purpose: 'marketing', status: 'granted', date: day('2024-01-01') });
    const history: ContactEvent[] = [];
    for (let k = 0; k < n; k += 5) history.push({ id: `H${k}`, customerId: id(k), campaignId: 'old', topic: 'promotion', channel: 'mail', sentAt: day('2025-07-02'), deliveryStatus: 'delivered' });
    const proposals: ContactProposal[] = Array.from({ length: n }, (_, k) => ({ id: `P${k}`, customerId: id(k), campaignId: 'k', topic: 'promotion', channels: ['email', 'mail'], priority: k % 2, earliest: asOf, latest: asOf }));
    const r = governContacts(proposals, {
      asOf,
      horizonDays: 1,
      customers,
      consents,
      history: history.reverse(),
      policy: {
        caps: [
          { id: 'prospects-monthly', max: 1, window: { calendar: 'month' }, status: 'prospect' },
          { id: 'household-daily', max: 1, window: { days: 1 }, per: 'household' },
        ],
        consentRequired: ['email'],
      },
    });
    // Expected, customer by customer. The odd member of a household (priority 1) goes first:
    // never opted in to e-mail, it goes by mail unless it is a prospect with a July contact.
    // The even member then tries e-mail, then mail, each blocked by the prospects' cap when it
    // is such a prospect, and by the household's day when its partner took it (every rule that
    // blocks is told, once per channel).
    const byProposal = new Map<string, string>();
    for (const c of r.scheduled) byProposal.set(c.proposalId, `scheduled:${c.channel}`);
    for (const c of r.refused) byProposal.set(c.proposalId, `refused:${c.reasons.map((h) => `${h.rule}/${String(h.channel)}`).join(',')}`);
    const capped = (k: number): boolean => k % 3 === 0 && k % 5 === 0;
    for (let k = 0; k < n; k++) {
      let expected: string;
      if (k % 2 === 1) expected = capped(k) ? 'refused:consent/email,prospects-monthly/mail' : 'scheduled:mail';
      else {
        const blocks = [...(capped(k) ? ['prospects-monthly'] : []), ...(capped(k + 1) ? [] : ['household-daily'])];
        expected = blocks.length === 0 ? 'scheduled:email' : `refused:${['email', 'mail'].flatMap((c) => blocks.map((b) => `${b}/${c}`)).join(',')}`;
      }
      expect(byProposal.get(`P${k}`), `P${k}`).toBe(expected);
    }
    expect(r.stats.scheduled + r.stats.refused).toBe(n);
  });

  it('takes the last of two records with the same customer id, as a Map built from the list would', () => {
    const customers: Customer[] = [
      { id: 'C1', kind: 'person', status: 'customer', createdAt: day('2020-01-01') },
      { id: 'C2', kind: 'person', status: 'customer', createdAt: day('2020-01-01') },
      { id: 'C1', kind: 'person', status: 'prospect', createdAt: day('2020-01-01') },
    ];
    const p = (id: string): ContactProposal => ({ id, customerId: 'C1', campaignId: 'k', topic: 'promotion', channels: ['email'], earliest: asOf, latest: asOf });
    const r = governContacts([p('P1'), p('P2')], { asOf, horizonDays: 1, customers, policy: { caps: [{ id: 'prospects-once-a-week', max: 1, window: { days: 7 }, status: 'prospect' }], consentRequired: [] } });
    expect(r.scheduled.map((c) => c.proposalId)).toEqual(['P1']);
    expect(r.refused.map((c) => [c.proposalId, c.reasons[0]?.rule])).toEqual([['P2', 'prospects-once-a-week']]);
  });

  it('leaves out a history row without a valid date (it has no day to count on; it used to make the search loop forever under a gap)', () => {
    const r = governContacts([{ id: 'P', customerId: 'C', campaignId: 'k', topic: 'service', channels: ['mail'], earliest: asOf, latest: day('2025-07-20') }], {
      asOf,
      horizonDays: 10,
      history: [{ id: 'H', customerId: 'C', campaignId: 'old', topic: 'service', channel: 'mail', sentAt: new Date(Number.NaN), deliveryStatus: 'delivered' }],
      policy: { gaps: [{ id: 'three-days-apart', days: 3 }], quiet: [{ channel: 'mail', quietWeekdays: [1] }], consentRequired: [] },
    });
    // Mail is quiet on Mondays: Tuesday, with no contact to keep a gap from.
    expect(r.deferred).toHaveLength(1);
    expect(r.deferred[0]).toMatchObject({ proposalId: 'P', day: day('2025-07-08'), deferredDays: 1, reasons: [{ rule: 'quiet:mail', kind: 'quiet' }] });
  });

  it('shares a dateless hit, its one-hit reasons and the empty reasons between results, frozen: a write throws instead of changing another result', () => {
    const proposal = (id: string, customerId: string) => ({ id, customerId, campaignId: 'k', topic: 'promotion' as const, channels: ['email' as const], earliest: asOf, latest: asOf });
    const r = governContacts([proposal('P1', 'C1'), proposal('P2', 'C2'), { ...proposal('P3', 'C3'), channels: ['mail' as const] }, { ...proposal('P4', 'C4'), channels: ['mail' as const] }], {
      asOf,
      horizonDays: 5,
      policy: { consentRequired: ['email'] },
    });
    const [a, b] = r.refused;
    expect(a?.reasons).toStrictEqual([{ rule: 'consent', kind: 'consent', channel: 'email', message: 'no marketing consent on email, which the policy requires' }]);
    expect(b?.reasons).toBe(a?.reasons);
    expect(Object.isFrozen(a?.reasons) && Object.isFrozen(a?.reasons[0])).toBe(true);
    expect(() => (a?.reasons as RuleHit[]).push(a?.reasons[0] as RuleHit)).toThrow(TypeError);
    expect(() => Object.assign(a?.reasons[0] as RuleHit, { message: 'changed' })).toThrow(TypeError);
    expect(b?.reasons[0]?.message).toBe('no marketing consent on email, which the policy requires');
    const [c, d] = r.scheduled;
    expect(c?.reasons).toStrictEqual([]);
    expect(d?.reasons).toBe(c?.reasons);
    expect(Object.isFrozen(c?.reasons)).toBe(true);
  });

  it('shares a dated hit and a list of several hits between the results they explain, frozen, and keeps apart those that differ', () => {
    // Two customers, each with a promotion last week: a one-a-month cap defers both the same
    // way (same rule, channel, day and count), a third on another channel differs by channel.
    const proposal = (id: string, customerId: string, channels: Channel[]) => ({ id, customerId, campaignId: 'k', topic: 'promotion' as const, channels, earliest: asOf, latest: day('2025-08-31') });
    const past = (customerId: string): ContactEvent => ({ id: `H-${customerId}`, customerId, campaignId: 'old', topic: 'promotion', channel: 'mail', sentAt: day('2025-07-01'), deliveryStatus: 'delivered' });
    const r = governContacts([proposal('P1', 'C1', ['sms', 'mail']), proposal('P2', 'C2', ['sms', 'mail']), proposal('P3', 'C3', ['mail'])], {
      asOf,
      horizonDays: 60,
      history: [past('C1'), past('C2'), past('C3')],
      policy: { caps: [{ id: 'one-a-month', max: 1, window: { calendar: 'month' } }], consentRequired: ['sms'] },
    });
    const [a, b, c] = r.deferred as GovernedContact[];
    expect(a?.day.toISOString()).toBe('2025-08-01T00:00:00.000Z');
    expect(a?.reasons).toEqual([
      { rule: 'consent', kind: 'consent', channel: 'sms', message: 'no marketing consent on sms, which the policy requires' },
      { rule: 'one-a-month', kind: 'cap', channel: 'mail', day: asOf, counted: 1, max: 1, message: 'one-a-month: 1 contact already in the window (max 1)' },
    ]);
    expect(b?.reasons).toBe(a?.reasons);
    expect(Object.isFrozen(a?.reasons) && Object.isFrozen(a?.reasons[1])).toBe(true);
    expect(() => Object.assign(a?.reasons[1] as RuleHit, { counted: 0 })).toThrow(TypeError);
    // The third has only the cap's hit: the same hit object, in a list of its own.
    expect(c?.reasons).toHaveLength(1);
    expect(c?.reasons[0]).toBe(a?.reasons[1]);
    expect(c?.reasons).not.toBe(a?.reasons);
    expect(r.stats.byRule).toStrictEqual({ consent: 2, 'one-a-month': 3 });
  });

  it('shares one unchangeable Date per day and per sending time between results: read as any Date, every setter throws, a copy can change', () => {
    const proposal = (id: string, customerId: string, channel: Channel) => ({ id, customerId, campaignId: 'k', topic: 'service' as const, channels: [channel], earliest: asOf, latest: day('2025-07-20'), siteId: 'S1' });
    const sites: Site[] = [{ id: 'S1', country: 'FR', timeZone: 'Europe/Paris', dailyCapacity: { phone: 1 } }];
    const r = governContacts([proposal('P1', 'C1', 'mail'), proposal('P2', 'C2', 'mail'), proposal('P3', 'C3', 'phone'), proposal('P4', 'C4', 'phone')], {
      asOf,
      horizonDays: 5,
      sites,
      policy: { capacity: [{ id: 'calls', channel: 'phone', perDay: 1 }], consentRequired: [] },
    });
    const [a, b] = r.scheduled.filter((c) => c.channel === 'mail');
    expect(a?.day).toBeInstanceOf(Date);
    expect(b?.day).toBe(a?.day);
    expect(b?.at).toBe(a?.at);
    expect(a?.day.toISOString()).toBe('2025-07-07T00:00:00.000Z');
    expect(JSON.stringify(a)).toContain('"day":"2025-07-07T00:00:00.000Z"');
    // The deferred call's capacity hit names the day the first call took: the same object.
    const later = r.deferred.find((c) => 'day' in c) as GovernedContact;
    const first = r.scheduled.find((c) => c.channel === 'phone') as GovernedContact;
    expect(later.reasons[0]?.day).toBe(first.day);
    const setters = Object.getOwnPropertyNames(Date.prototype).filter((k) => k.startsWith('set'));
    expect(setters.length).toBeGreaterThanOrEqual(15);
    const date = a?.day as Date;
    for (const setter of setters) expect(() => (date as unknown as Record<string, (x: number) => number>)[setter]?.(0), setter).toThrow(TypeError);
    expect(date.getTime()).toBe(Date.UTC(2025, 6, 7));
    expect(Object.isFrozen(date)).toBe(true);
    const copy = new Date(date);
    copy.setUTCDate(8);
    expect(copy.toISOString().slice(0, 10)).toBe('2025-07-08');
    expect(b?.day.getTime()).toBe(Date.UTC(2025, 6, 7));
  });
});

// ---- Properties, with an independent checker ----

const CHANNELS: Channel[] = ['email', 'sms', 'phone', 'mail'];
const TOPICS: Topic[] = ['service', 'repurchase', 'promotion', 'transactional'];
const START = Date.UTC(2025, 0, 27); // a Monday
const customers: Customer[] = [
  { id: 'A', kind: 'person', status: 'customer', householdId: 'H', homeSiteId: 'S1', createdAt: day('2020-01-01') },
  { id: 'B', kind: 'person', status: 'prospect', householdId: 'H', homeSiteId: 'S1', createdAt: day('2020-01-01') },
  { id: 'C', kind: 'person', status: 'customer', homeSiteId: 'S2', createdAt: day('2020-01-01') },
];
const sites: Site[] = [
  { id: 'S1', country: 'FR', timeZone: 'Europe/Paris', dailyCapacity: { phone: 2 } },
  { id: 'S2', country: 'GB', timeZone: 'Europe/London' },
];

const scope = fc.record({ channels: fc.option(fc.subarray(CHANNELS, { minLength: 1 }), { nil: undefined }), topics: fc.option(fc.subarray(TOPICS, { minLength: 1 }), { nil: undefined }) });
const capWindow = fc.oneof(
  fc.record({ days: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ days: fc.integer({ min: 1, max: 20 }), groupBy: fc.constantFrom('week' as const, 'month' as const) }),
  fc.record({ months: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ calendar: fc.constantFrom('week' as const, 'month' as const, 'quarter' as const) }),
);
const policyArb = fc.record({
  caps: fc.array(fc.record({ max: fc.integer({ min: 1, max: 3 }), window: capWindow, per: fc.constantFrom('customer' as const, 'household' as const), status: fc.option(fc.constantFrom('customer' as const, 'prospect' as const), { nil: undefined }), scope }), { maxLength: 2 }),
  gaps: fc.array(fc.record({ days: fc.integer({ min: 1, max: 6 }), scope }), { maxLength: 1 }),
  exclusions: fc.array(fc.record({ topic: fc.constantFrom<Topic>('repurchase', 'promotion'), near: fc.subarray<Topic>(['service', 'transactional'], { minLength: 1 }), days: fc.integer({ min: 1, max: 10 }) }), { maxLength: 1 }),
  capacity: fc.array(fc.record({ channel: fc.constantFrom(...CHANNELS), perDay: fc.integer({ min: 0, max: 3 }), siteId: fc.option(fc.constantFrom('S1', 'S2'), { nil: undefined }) }), { maxLength: 2 }),
  quiet: fc.array(fc.record({ channel: fc.constantFrom(...CHANNELS), quietWeekdays: fc.subarray([0, 1, 2, 3, 4, 5, 6], { maxLength: 3 }), fromHour: fc.integer({ min: 6, max: 12 }), toHour: fc.integer({ min: 13, max: 22 }) }), { maxLength: 2 }),
  consentRequired: fc.subarray(CHANNELS),
});
const proposalArb = fc.record({
  customerId: fc.constantFrom('A', 'B', 'C'),
  topic: fc.constantFrom(...TOPICS),
  channels: fc.uniqueArray(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 3 }),
  priority: fc.integer({ min: 0, max: 5 }),
  earliest: fc.integer({ min: -3, max: 20 }),
  span: fc.integer({ min: 0, max: 15 }),
  recall: fc.boolean(),
});
const historyArb = fc.record({ customerId: fc.constantFrom('A', 'B', 'C'), topic: fc.constantFrom(...TOPICS), channel: fc.constantFrom(...CHANNELS), day: fc.integer({ min: -40, max: 10 }) });
const consentArb = fc.record({ customerId: fc.constantFrom('A', 'B', 'C'), channel: fc.constantFrom(...CHANNELS), purpose: fc.constantFrom('marketing' as const, 'service' as const), status: fc.constantFrom('granted' as const, 'denied' as const), bounced: fc.boolean(), day: fc.integer({ min: -100, max: -1 }) });

type Scenario = { policy: ContactPolicyInput; proposals: ContactProposal[]; history: ContactEvent[]; consents: Consent[] };
const scenarioArb = fc.record({ policy: policyArb, proposals: fc.array(proposalArb, { maxLength: 14 }), history: fc.array(historyArb, { maxLength: 8 }), consents: fc.array(consentArb, { maxLength: 8 }) }).map(({ policy, proposals, history, consents }): Scenario => ({
  policy: {
    caps: policy.caps.map((c, k) => ({ id: `cap${k}`, max: c.max, window: c.window, per: c.per, ...(c.status === undefined ? {} : { status: c.status }), ...(c.scope.channels === undefined ? {} : { channels: c.scope.channels }), ...(c.scope.topics === undefined ? {} : { topics: c.scope.topics }) })),
    gaps: policy.gaps.map((g, k) => ({ id: `gap${k}`, days: g.days, ...(g.scope.channels === undefined ? {} : { channels: g.scope.channels }), ...(g.scope.topics === undefined ? {} : { topics: g.scope.topics }) })),
    exclusions: policy.exclusions.map((e, k) => ({ id: `ex${k}`, ...e })),
    capacity: policy.capacity.map((c, k) => ({ id: `capa${k}`, channel: c.channel, perDay: c.perDay, ...(c.siteId === undefined ? {} : { siteId: c.siteId }) })),
    quiet: policy.quiet,
    consentRequired: policy.consentRequired,
  },
  proposals: proposals.map((p, k) => ({
    id: `P${k}`,
    customerId: p.customerId,
    campaignId: `K${k}`,
    topic: p.topic,
    channels: p.channels,
    priority: p.priority,
    earliest: new Date(START + p.earliest * DAY),
    latest: new Date(START + (p.earliest + p.span) * DAY),
    ...(p.topic === 'transactional' ? { transactional: true } : {}),
    ...(p.recall ? { safetyRecall: true } : {}),
  })),
  history: history.map((h, k) => ({ id: `H${k}`, customerId: h.customerId, campaignId: 'old', topic: h.topic, channel: h.channel, sentAt: new Date(START + h.day * DAY + 9 * 3_600_000), deliveryStatus: 'delivered', siteId: customers.find((c) => c.id === h.customerId)?.homeSiteId })),
  consents: consents.map((c) => ({ customerId: c.customerId, channel: c.channel, purpose: c.purpose, status: c.status, date: new Date(START + c.day * DAY), ...(c.bounced ? { bounced: true } : {}) })),
}));

const HORIZON = 21;
const run = (s: Scenario): GovernedContacts => governContacts(s.proposals, { asOf: new Date(START), horizonDays: HORIZON, policy: s.policy, history: s.history, consents: s.consents, customers, sites });

/** Independent checks of a schedule against the scenario's rules. Returns the violations. */
function violations(s: Scenario, r: GovernedContacts): string[] {
  const out: string[] = [];
  const placed = [...r.scheduled, ...r.deferred].filter((c): c is GovernedContact => 'day' in c);
  const dayOf = (d: Date): number => Math.floor(d.getTime() / DAY);
  type C = { customerId: string; day: number; channel: Channel; topic: Topic; exempt: boolean; isNew: boolean; site: string | undefined };
  const all: C[] = [
    ...s.history.map((h) => ({ customerId: h.customerId, day: dayOf(h.sentAt), channel: h.channel, topic: h.topic, exempt: h.topic === 'transactional', isNew: false, site: h.siteId })),
    ...placed.map((c) => ({ customerId: c.customerId, day: dayOf(c.day), channel: c.channel, topic: c.topic, exempt: s.proposals.find((p) => p.id === c.proposalId)?.transactional === true, isNew: true, site: c.siteId })),
  ];
  const household = (id: string): string[] => {
    const h = customers.find((c) => c.id === id)?.householdId;
    return h === undefined ? [id] : customers.filter((c) => c.householdId === h).map((c) => c.id);
  };
  const inScope = (rule: { channels?: Channel[] | undefined; topics?: Topic[] | undefined }, c: C): boolean => (rule.channels === undefined || rule.channels.includes(c.channel)) && (rule.topics === undefined || rule.topics.includes(c.topic));
  const utc = (d: number): Date => new Date(d * DAY);
  const firstOf = (d: number, period: 'week' | 'month' | 'quarter'): number => {
    const x = utc(d);
    if (period === 'week') return d - ((x.getUTCDay() + 6) % 7);
    const m = period === 'month' ? x.getUTCMonth() : x.getUTCMonth() - (x.getUTCMonth() % 3);
    return Date.UTC(x.getUTCFullYear(), m, 1) / DAY;
  };
  const window = (w: NonNullable<ContactPolicyInput['caps']>[number]['window'], t: number): [number, number] => {
    if ('calendar' in w) {
      const a = firstOf(t, w.calendar);
      const x = utc(a);
      const b = w.calendar === 'week' ? a + 6 : Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + (w.calendar === 'month' ? 1 : 3), 1) / DAY - 1;
      return [a, b];
    }
    let a: number;
    if ('days' in w) a = t - w.days + 1;
    else {
      const x = utc(t);
      const target = Date.UTC(x.getUTCFullYear(), x.getUTCMonth() - w.months, 1);
      const dim = new Date(Date.UTC(new Date(target).getUTCFullYear(), new Date(target).getUTCMonth() + 1, 0)).getUTCDate();
      a = Date.UTC(new Date(target).getUTCFullYear(), new Date(target).getUTCMonth(), Math.min(x.getUTCDate(), dim)) / DAY + 1;
    }
    return [w.groupBy === undefined ? a : firstOf(a, w.groupBy), t];
  };
  for (const cap of s.policy.caps ?? []) {
    for (const who of ['A', 'B', 'C']) {
      const status = customers.find((c) => c.id === who)?.status;
      if (cap.status !== undefined && cap.status !== status) continue;
      // A status narrows the cap to the customers of that status (their contacts only).
      const counted = (cap.per === 'household' ? household(who) : [who]).filter((id) => cap.status === undefined || customers.find((c) => c.id === id)?.status === cap.status);
      const pool = all.filter((c) => counted.includes(c.customerId) && !c.exempt && inScope(cap, c));
      // The windows of this customer's new contacts (they are what the governor answers for).
      for (const t of pool.filter((c) => c.customerId === who && c.isNew)) {
        for (const end of pool.map((c) => c.day).filter((d) => d >= t.day)) {
          const [a, b] = window(cap.window, end);
          if (a > t.day || b < t.day) continue;
          const n = pool.filter((c) => c.day >= a && c.day <= b).length;
          if (n > cap.max) out.push(`${cap.id}: ${who} has ${n} > ${cap.max} in ${a}–${b}`);
        }
      }
    }
  }
  for (const c of all.filter((x) => x.isNew && !x.exempt)) {
    const mine = all.filter((x) => x !== c && x.customerId === c.customerId && !x.exempt);
    for (const g of s.policy.gaps ?? []) if (inScope(g, c) && mine.some((x) => inScope(g, x) && Math.abs(x.day - c.day) < g.days)) out.push(`${g.id}: ${c.customerId} on ${c.day}`);
    for (const e of s.policy.exclusions ?? []) {
      const clash = (x: C): boolean => (c.topic === e.topic && e.near.includes(x.topic)) || (e.near.includes(c.topic) && x.topic === e.topic);
      if (mine.some((x) => clash(x) && Math.abs(x.day - c.day) < e.days)) out.push(`${e.id}: ${c.customerId} on ${c.day}`);
    }
  }
  for (const c of placed) {
    const p = s.proposals.find((x) => x.id === c.proposalId) as ContactProposal;
    const d = dayOf(c.day);
    if (d < Math.max(dayOf(p.earliest), START / DAY) || d > Math.min(dayOf(p.latest), START / DAY + HORIZON - 1)) out.push(`${p.id} outside its days`);
    if (!p.channels.includes(c.channel)) out.push(`${p.id} on a channel it did not accept`);
    const tz = sites.find((x) => x.id === c.siteId)?.timeZone ?? 'UTC';
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(c.at);
    const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(local.find((x) => x.type === 'weekday')?.value ?? '');
    const hour = Number(local.find((x) => x.type === 'hour')?.value);
    for (const q of s.policy.quiet ?? []) {
      if (q.channel !== c.channel) continue;
      if ((q.quietWeekdays ?? []).includes(weekday)) out.push(`${p.id} on a quiet weekday`);
      if (hour < (q.fromHour ?? 0) || hour >= (q.toHour ?? 24)) out.push(`${p.id} at a quiet hour ${hour}`);
    }
    const purpose = ['service', 'transactional'].includes(p.topic) ? 'service' : 'marketing';
    const records = s.consents.filter((x) => x.customerId === p.customerId && x.channel === c.channel);
    const lastTime = Math.max(-Infinity, ...records.map((x) => x.date.getTime()));
    if (records.some((x) => x.date.getTime() === lastTime && x.bounced === true)) out.push(`${p.id} to a bounced point`);
    if (p.safetyRecall !== true) {
      const forPurpose = records.filter((x) => x.purpose === purpose);
      const latest = Math.max(-Infinity, ...forPurpose.map((x) => x.date.getTime()));
      const atLatest = forPurpose.filter((x) => x.date.getTime() === latest);
      if (atLatest.some((x) => x.status === 'denied')) out.push(`${p.id} despite a denial`);
      if (atLatest.length === 0 && (s.policy.consentRequired ?? []).includes(c.channel)) out.push(`${p.id} without a required consent`);
    }
  }
  for (const site of sites) {
    for (const ch of CHANNELS) {
      const limits = [...(s.policy.capacity ?? []).filter((r) => r.channel === ch && (r.siteId === undefined || r.siteId === site.id)).map((r) => r.perDay), site.dailyCapacity?.[ch] ?? Infinity];
      const limit = Math.min(...limits);
      const days = new Set(all.filter((c) => c.isNew && c.site === site.id && c.channel === ch).map((c) => c.day));
      for (const d of days) {
        const n = all.filter((c) => c.site === site.id && c.channel === ch && c.day === d).length;
        if (n > limit) out.push(`capacity ${site.id} ${ch} ${d}: ${n} > ${limit}`);
      }
    }
  }
  return out;
}

describe('governContacts properties (fast-check, independent checker)', () => {
  it('never breaks a cap, gap, exclusion, capacity, quiet-hour or consent rule, nor a proposal’s days and channels', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(violations(s, run(s))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('accounts for every proposal exactly once, and does not depend on the order of the inputs', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (s, seed) => {
        const r = run(s);
        const ids = [...r.scheduled, ...r.deferred, ...r.refused].map((c) => c.proposalId).sort();
        expect(ids).toEqual(s.proposals.map((p) => p.id).sort());
        const shuffle = <T>(xs: T[]): T[] => xs.map((x, i) => ({ x, k: Math.imul(i + 7, seed | 1) >>> 0 })).sort((a, b) => a.k - b.k).map((e) => e.x);
        expect(run({ ...s, proposals: shuffle(s.proposals), history: shuffle(s.history), consents: shuffle(s.consents) })).toEqual(r);
      }),
      { numRuns: 200 },
    );
  });

  it('with a single cap, raising it never schedules fewer contacts', () => {
    fc.assert(
      fc.property(fc.array(proposalArb, { maxLength: 14 }), capWindow, fc.integer({ min: 1, max: 3 }), (ps, w, max) => {
        const base = scenarioArbToSingleCap(ps, w, max);
        const more = scenarioArbToSingleCap(ps, w, max + 1);
        const placed = (r: GovernedContacts): number => r.scheduled.length + r.deferred.filter((c) => 'day' in c).length;
        expect(placed(run(more))).toBeGreaterThanOrEqual(placed(run(base)));
      }),
      { numRuns: 200 },
    );
  });
});

function scenarioArbToSingleCap(ps: Array<{ customerId: string; topic: Topic; channels: Channel[]; priority: number; earliest: number; span: number }>, window: ContactPolicyInput extends { caps?: infer C } ? (C extends Array<infer R> ? R extends { window: infer W } ? W : never : never) : never, max: number): Scenario {
  return {
    policy: { caps: [{ id: 'cap', max, window }], consentRequired: [] },
    proposals: ps.map((p, k) => ({ id: `P${k}`, customerId: p.customerId, campaignId: 'K', topic: p.topic === 'transactional' ? 'promotion' : p.topic, channels: p.channels, priority: p.priority, earliest: new Date(START + p.earliest * DAY), latest: new Date(START + (p.earliest + p.span) * DAY) })),
    history: [],
    consents: [],
  };
}
