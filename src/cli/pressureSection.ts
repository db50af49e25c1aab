/** The demo's contact-pressure section: the due-work call list and a win-back e-mailing, governed. */
import type { Dataset } from '../domain';
import type { DueItem } from '../invoices';
import { governContacts, type ContactPolicyInput, type ContactProposal, type GovernedContact } from '../pressure';
import { contactLoadChart, type VegaLiteSpec } from '../charts';
import type { Table } from './summary';

const DAY = 86_400_000;
const HORIZON_DAYS = 30;

/** The demo's policy: the field's rules (one marketing contact a quarter, ten calls a day per site, no calls at weekends…). */
export const DEMO_POLICY: ContactPolicyInput = {
  caps: [
    { id: 'marketing-one-a-quarter', max: 1, window: { calendar: 'quarter' }, topics: ['promotion', 'winback', 'repurchase'] },
    { id: 'prospects-2-a-month', max: 2, window: { months: 1 }, status: 'prospect' },
    { id: 'customers-4-a-month', max: 4, window: { months: 1 }, status: 'customer' },
    { id: 'household-3-per-2-weeks', max: 3, window: { days: 14, groupBy: 'month' }, per: 'household' },
  ],
  gaps: [{ id: 'two-days-apart', days: 2 }],
  exclusions: [{ id: 'no-sales-around-service', topic: 'repurchase', near: ['service'], days: 30 }],
  quiet: [
    { channel: 'phone', quietWeekdays: [0, 6], fromHour: 9, toHour: 19 },
    { channel: 'sms', quietWeekdays: [0], fromHour: 9, toHour: 20 },
  ],
  consentRequired: ['email', 'sms'],
};

export interface PressureSection {
  readonly tables: Table[];
  readonly charts: VegaLiteSpec[];
}

/**
 * Proposals: every vehicle due in the next 30 days (a call from its site, else an e-mail, else
 * an SMS; the most overdue first), and a win-back e-mail to the given customers. Governed by
 * {@link DEMO_POLICY} with each site's call capacity: counts by outcome and rule, the busiest
 * site-days requested and scheduled, and explained refusals.
 */
export function pressureSection(dataset: Dataset, asOf: Date, due: readonly DueItem[], winBack: readonly string[]): PressureSection {
  const asOfDay = Math.floor(asOf.getTime() / DAY);
  const proposals: ContactProposal[] = [];
  const seen = new Set<string>();
  for (const d of due) {
    // One proposal per vehicle and kind of work (a vehicle due for two services gets one call).
    const id = `due-${d.vehicleId}-${d.kind}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const dueDay = Math.floor(d.dueDate.getTime() / DAY);
    proposals.push({
      id,
      customerId: d.customerId,
      vehicleId: d.vehicleId,
      campaignId: `due-${d.kind}`,
      topic: d.kind,
      channels: ['phone', 'email', 'sms'],
      priority: 50 + Math.min(d.daysOverdue, 365) / 10,
      earliest: new Date(Math.max(asOfDay, dueDay - 14) * DAY),
      latest: new Date((asOfDay + HORIZON_DAYS - 1) * DAY),
      ...(d.siteId === undefined ? {} : { siteId: d.siteId }),
    });
  }
  for (const customerId of winBack) {
    proposals.push({ id: `winback-${customerId}`, customerId, campaignId: 'winback', topic: 'winback', channels: ['email', 'mail'], priority: 20, earliest: asOf, latest: new Date((asOfDay + 13) * DAY) });
  }
  const result = governContacts(proposals, { asOf, horizonDays: HORIZON_DAYS, policy: DEMO_POLICY, history: dataset.contacts, consents: dataset.consents, customers: dataset.customers, sites: dataset.sites });

  const placed = [...result.scheduled, ...result.deferred].filter((c): c is GovernedContact => 'day' in c);
  const outcome: Table = {
    title: `Contact pressure: ${proposals.length.toLocaleString('en-GB')} proposals (due work over ${HORIZON_DAYS} days, a win-back e-mailing) governed by a 10-rule policy`,
    columns: ['outcome', 'proposals', 'by phone', 'by e-mail', 'by SMS', 'by mail'],
    rows: [
      ['scheduled on the day asked', result.scheduled.length, ...(['phone', 'email', 'sms', 'mail'] as const).map((ch) => result.scheduled.filter((c) => c.channel === ch).length)],
      ['deferred to a later day', placed.length - result.scheduled.length, ...(['phone', 'email', 'sms', 'mail'] as const).map((ch) => placed.filter((c) => c.channel === ch).length - result.scheduled.filter((c) => c.channel === ch).length)],
      ['deferred past the horizon', result.deferred.length - (placed.length - result.scheduled.length), '', '', '', ''],
      ['refused', result.refused.length, '', '', '', ''],
    ],
  };
  const rules: Table = {
    title: 'Refusals and deferrals by rule (a proposal can cite several)',
    columns: ['rule', 'proposals'],
    rows: Object.entries(result.stats.byRule)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([rule, n]) => [rule, n]),
  };
  // Busiest site-days: as asked (each proposal on its earliest day, by phone) and as scheduled.
  const asked = new Map<string, number>();
  for (const p of proposals) {
    if (!p.channels.includes('phone') || p.siteId === undefined) continue;
    const key = `${p.siteId} ${p.earliest.toISOString().slice(0, 10)}`;
    asked.set(key, (asked.get(key) ?? 0) + 1);
  }
  const calls = new Map<string, number>();
  for (const c of placed) {
    if (c.channel !== 'phone' || c.siteId === undefined) continue;
    const key = `${c.siteId} ${c.day.toISOString().slice(0, 10)}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
  }
  const top = (m: Map<string, number>): Array<[string, number]> => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  const askedTop = top(asked);
  const callsTop = top(calls);
  const busiest: Table = {
    title: 'Busiest site-days for calls: asked (every due vehicle called on its first day) and scheduled (capacity and rules applied)',
    columns: ['asked: site and day', 'calls', 'scheduled: site and day', 'calls'],
    rows: askedTop.map((a, k) => [a[0], a[1], callsTop[k]?.[0] ?? '', callsTop[k]?.[1] ?? '']),
  };
  const examples: Table = {
    title: 'A few refusals, explained',
    columns: ['proposal', 'why'],
    rows: result.refused.slice(0, 5).map((r) => [r.proposalId, [...new Set(r.reasons.map((h) => h.message))].slice(0, 3).join('; ')]),
  };
  const charts: VegaLiteSpec[] = placed.length === 0 ? [] : [contactLoadChart(placed, { title: `Contacts scheduled per day over the next ${HORIZON_DAYS} days, by site and channel (quiet days stay empty)` })];
  return { tables: [outcome, rules, busiest, examples], charts };
}
