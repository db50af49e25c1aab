/**
 * The governor at scale: proposals for a base of customers with a contact history, under a
 * 10-rule policy (caps per customer, household and status, a gap, an exclusion, phone
 * capacity per site, quiet days and hours, consent on e-mail and SMS). The history is streamed
 * to the governor (drawn as it is read), as a host would read it from its store.
 *
 *   node --max-old-space-size=14000 --import tsx bench/governContacts.ts --proposals 5000000 --customers 2000000 --history 20000000
 *
 * Prints one JSON line: `seconds` is the call, history drawn as it is read (as before);
 * `historyDrawSeconds` is drawing the same rows alone, first, in the same process (a stand-in
 * for the host's store), and `governorSeconds` the difference: the governor's own time;
 * `cpuSeconds` the call's CPU time (user + system, every thread), `nodeFlags` the V8 flags
 * given and `loadAverage` the machine's (1, 5, 15 minutes) at the end: the machine is shared.
 *
 * A host running a batch this size can give V8 a larger young generation, which the result's
 * millions of objects pass through: with `--max-semi-space-size=64` (MB) V8 collects it a
 * quarter as often (docs/decisions.md, the governor's measurements).
 *
 *   node --max-old-space-size=14000 --max-semi-space-size=64 --import tsx bench/governContacts.ts --proposals 5000000 --customers 2000000 --history 20000000
 */
import { loadavg } from 'node:os';
import type { Channel, Consent, ContactEvent, Customer, Site, Topic } from '../src/domain';
import { Random } from '../src/internal/random';
import { governContacts, type ContactPolicyInput, type ContactProposal } from '../src/pressure';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};
const nProposals = Number(arg('--proposals', '5000000'));
const nCustomers = Number(arg('--customers', '2000000'));
const nHistory = Number(arg('--history', '20000000'));
const DAY = 86_400_000;
const asOf = new Date('2025-07-07T00:00:00Z');
const r = new Random(7);
const SITES = 40;
const sites: Site[] = Array.from({ length: SITES }, (_, k) => ({ id: `S${k}`, country: 'FR', timeZone: 'Europe/Paris', dailyCapacity: { phone: 10 } }));
const customerIds = Array.from({ length: nCustomers }, (_, k) => `C${k}`);
const customers: Customer[] = customerIds.map((id, k) => ({
  id,
  kind: 'person',
  status: k % 4 === 0 ? 'prospect' : 'customer',
  ...(k % 3 === 0 ? { householdId: `H${Math.floor(k / 3)}` } : {}),
  homeSiteId: `S${k % SITES}`,
  createdAt: new Date('2018-01-01T00:00:00Z'),
}));
const channels: Channel[] = ['email', 'sms', 'phone', 'mail'];
const topics: Topic[] = ['service', 'inspection', 'tyres', 'repurchase', 'promotion', 'winback'];
// The history is streamed, as a host reads it from its store: 20 M rows are never all in memory.
function* history(): Generator<ContactEvent> {
  const hr = new Random(8);
  for (let i = 0; i < nHistory; i++) {
    yield {
      id: `H${i}`,
      customerId: customerIds[hr.int(0, nCustomers - 1)] as string,
      campaignId: 'past',
      topic: topics[hr.int(0, topics.length - 1)] as Topic,
      channel: channels[hr.int(0, 3)] as Channel,
      sentAt: new Date(asOf.getTime() - hr.int(1, 365) * DAY),
      deliveryStatus: 'delivered',
    };
  }
}
const consents: Consent[] = [];
for (let k = 0; k < nCustomers; k++) {
  if (k % 2 === 0) consents.push({ customerId: customerIds[k] as string, channel: 'email', purpose: 'marketing', status: k % 10 === 0 ? 'denied' : 'granted', date: new Date('2024-01-01T00:00:00Z') });
  if (k % 5 === 0) consents.push({ customerId: customerIds[k] as string, channel: 'sms', purpose: 'service', status: 'granted', date: new Date('2024-01-01T00:00:00Z') });
}
const proposals: ContactProposal[] = new Array(nProposals);
for (let i = 0; i < nProposals; i++) {
  const earliest = asOf.getTime() + r.int(0, 20) * DAY;
  proposals[i] = {
    id: `P${i}`,
    customerId: customerIds[r.int(0, nCustomers - 1)] as string,
    campaignId: `K${i % 50}`,
    topic: topics[r.int(0, topics.length - 1)] as Topic,
    channels: r.next() < 0.5 ? ['email', 'mail'] : ['phone', 'sms'],
    priority: Math.round(r.next() * 1000) / 10,
    earliest: new Date(earliest),
    latest: new Date(earliest + r.int(0, 30) * DAY),
  };
}
const policy: ContactPolicyInput = {
  caps: [
    { id: 'marketing-one-a-quarter', max: 1, window: { calendar: 'quarter' }, topics: ['promotion', 'winback'] },
    { id: 'prospects-2-a-month', max: 2, window: { months: 1 }, status: 'prospect' },
    { id: 'customers-4-a-month', max: 4, window: { months: 1 }, status: 'customer' },
    { id: 'household-3-per-2-weeks', max: 3, window: { days: 14, groupBy: 'month' }, per: 'household' },
  ],
  gaps: [{ id: 'two-days-apart', days: 2 }],
  exclusions: [{ id: 'no-sales-around-service', topic: 'repurchase', near: ['service'], days: 30 }],
  capacity: [{ id: 'calls-per-site', channel: 'phone', perDay: 10 }],
  quiet: [
    { channel: 'phone', quietWeekdays: [0, 6], fromHour: 9, toHour: 19 },
    { channel: 'sms', quietWeekdays: [0], fromHour: 9, toHour: 20 },
  ],
  consentRequired: ['email', 'sms'],
};
// Drawing the history alone: the same rows, read and dropped.
const d0 = performance.now();
let drawn = 0;
for (const h of history()) if (h.deliveryStatus === 'delivered') drawn++;
const historyDrawSeconds = (performance.now() - d0) / 1000;
if (drawn !== nHistory) throw new Error(`bench: drew ${drawn} of ${nHistory} history rows`);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = governContacts(proposals, { asOf, horizonDays: 30, policy, history: history(), consents, customers, sites });
const cpu = process.cpuUsage(cpu0);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    bench: 'governContacts',
    form: '10-rule policy, 30-day horizon',
    proposals: nProposals,
    customers: nCustomers,
    history: nHistory,
    seconds: Number(seconds.toFixed(2)),
    historyDrawSeconds: Number(historyDrawSeconds.toFixed(2)),
    governorSeconds: Number((seconds - historyDrawSeconds).toFixed(2)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    proposalsPerSecond: Math.round(nProposals / seconds),
    scheduled: result.stats.scheduled,
    deferred: result.stats.deferred,
    refused: result.stats.refused,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    nodeFlags: process.execArgv.filter((a) => a.startsWith('--') && a !== '--import').join(' '),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  }),
);
