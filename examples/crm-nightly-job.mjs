// A CRM vendor's nightly job: import the base (here the simulated dealer), fit the models,
// plan the day's contacts under the dealer's contact policy, and hand the schedule to the
// CRM's own channels (here: grouped per channel and printed). Run: node examples/crm-nightly-job.mjs
import { parseDataset } from 'relance/domain';
import { EXAMPLE_ALTERNATING_PLAN, EXAMPLE_FIXED_TIMING_BELT_PLAN, EXAMPLE_GENERIC_PLAN, EXAMPLE_LONGLIFE_PLAN } from 'relance/invoices';
import { planContacts } from 'relance/plan';
import { fitRepurchaseModel, ownershipSpells } from 'relance/repurchase';
import { simulateDealer } from 'relance/simulate';

const asOf = new Date('2025-06-30');
// 1. Import: the CRM's export, validated (bad records are reported with their paths).
const { dataset: raw } = simulateDealer({ seed: 21, customers: 3_000, asOf });
const { dataset, report } = parseDataset(raw, { asOf, onInvalid: 'collect' });
if (report.rejected.length > 0) throw new Error(`rejected ${report.rejected.length} records`);

// 2. Models refreshed nightly.
const repurchase = fitRepurchaseModel(ownershipSpells(dataset, { asOf }));

// 3. The day's plan under the dealer's policy.
const plan = planContacts(dataset, {
  asOf,
  plans: { Valmont: EXAMPLE_LONGLIFE_PLAN, Cerise: EXAMPLE_ALTERNATING_PLAN, Rhodan: EXAMPLE_FIXED_TIMING_BELT_PLAN, Fiorra: EXAMPLE_GENERIC_PLAN, Kato: EXAMPLE_GENERIC_PLAN },
  models: { repurchase },
  policy: {
    caps: [{ id: 'marketing-one-a-quarter', max: 1, window: { calendar: 'quarter' }, topics: ['winback', 'repurchase'] }],
    gaps: [{ id: 'two-days-apart', days: 2 }],
    quiet: [{ channel: 'phone', quietWeekdays: [0, 6], fromHour: 9, toHour: 19 }],
    consentRequired: ['email', 'sms'],
  },
  holdout: { fraction: 0.1, salt: 'nightly-2025-06' },
});

// 4. Hand today's contacts to the CRM's channels; keep the holdouts for the lift report.
const today = plan.contacts.filter((c) => c.day.getTime() === asOf.getTime());
const perChannel = Object.groupBy ? Object.groupBy(today, (c) => c.channel) : today.reduce((m, c) => ((m[c.channel] ??= []).push(c), m), {});
for (const [channel, contacts] of Object.entries(perChannel)) {
  console.log(`${channel}: ${contacts.length} contacts, e.g. ${contacts[0].customerId} (${contacts[0].salutation}) — ${contacts[0].why[0]}`);
}
console.log(`held out: ${plan.holdouts.length}; deferred: ${plan.governed.deferred.length}; refused: ${plan.governed.refused.length}`);
if (plan.contacts.length === 0 || plan.holdouts.length === 0) throw new Error('expected contacts and holdouts');
