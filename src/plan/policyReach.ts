import type { ContactPolicyInput } from '../pressure';

/** Days a calendar period spans at most. */
const PERIOD_DAYS: Readonly<Record<string, number>> = { week: 7, month: 31, quarter: 92 };

/**
 * How many days before `asOf` a contact can still matter to a policy's rules: the longest cap
 * window (a month counted as 31 days, a calendar quarter as 92) plus the calendar period its
 * grouping may extend it by, the longest gap, the longest exclusion. Older history changes no
 * decision of `governContacts()`, which leaves it out the same way; a plan that streams its
 * bundles keeps only the contacts within this reach (and every later one: they take capacity).
 *
 * Conservative by construction: a rule of a shape not known here gives `Infinity` (keep all).
 */
export function policyReachDays(policy: ContactPolicyInput): number {
  let reach = 0;
  const days = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : Infinity);
  for (const cap of policy?.caps ?? []) {
    const w = cap?.window as Record<string, unknown> | undefined;
    if (w === undefined || w === null || typeof w !== 'object') return Infinity;
    const span = 'calendar' in w ? (PERIOD_DAYS[String(w['calendar'])] ?? Infinity) : 'days' in w ? days(w['days']) : 'months' in w ? 31 * days(w['months']) : Infinity;
    const grouping = w['groupBy'] === undefined ? 0 : (PERIOD_DAYS[String(w['groupBy'])] ?? Infinity);
    reach = Math.max(reach, span + grouping);
  }
  for (const gap of policy?.gaps ?? []) reach = Math.max(reach, days(gap?.days));
  for (const exclusion of policy?.exclusions ?? []) reach = Math.max(reach, days(exclusion?.days));
  return reach;
}
