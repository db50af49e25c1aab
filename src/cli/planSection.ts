/** The demo's day plan: whom to contact today, about what, on which channel and why; then, replaying the simulator, did it work. */
import type { LiftInterval } from '../charts';
import type { Dataset } from '../domain';
import type { InvoiceClassification, MaintenancePlan } from '../invoices';
import { measureLift } from '../measure';
import { planContacts, type DayPlan } from '../plan';
import type { PropensityModel } from '../propensity';
import type { RepurchaseModel } from '../repurchase';
import { replaySchedule, type SimulationTruth } from '../simulate';
import { DEMO_POLICY } from './pressureSection';
import type { Table } from './summary';

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

export interface PlanSection {
  readonly tables: Table[];
  readonly plan: DayPlan;
  /** The measured lift per campaign with its interval and the true effect (the report's forest plot). */
  readonly liftIntervals: readonly LiftInterval[];
}

/**
 * The plan for the 30 days from `asOf` with the repurchase and propensity models, governed by
 * the demo policy; the contacts per campaign and channel, per site, the first lines with their
 * why; and the lift the holdouts measure on the replayed outcomes against the true effect.
 */
export function planSection(dataset: Dataset, truth: SimulationTruth, asOf: Date, plans: Readonly<Record<string, MaintenancePlan>>, models: { repurchase: RepurchaseModel; propensity: PropensityModel }, classified: ReadonlyMap<string, InvoiceClassification>): PlanSection {
  // The purchase model scores the repurchase campaign; the others keep their base rates.
  const plan = planContacts(dataset, { asOf, policy: DEMO_POLICY, plans, models: { repurchase: models.repurchase, propensity: { repurchase: models.propensity } }, classified, holdout: { fraction: 0.1, salt: 'demo' } });
  const campaigns = [...new Set(plan.contacts.map((c) => c.campaign))].sort();
  const channels = ['phone', 'email', 'sms', 'mail'] as const;
  const byCampaign: Table = {
    title: `Today's plan for 30 days: ${plan.stats.contacts.toLocaleString('en-GB')} contacts from ${plan.stats.proposals.toLocaleString('en-GB')} proposals (${plan.stats.holdouts.toLocaleString('en-GB')} held out, ${plan.stats.suppressed.toLocaleString('en-GB')} suppressed)`,
    columns: ['campaign', 'candidates', 'held out', 'suppressed', ...channels, 'of which deferred', 'refused', 'expected value'],
    rows: campaigns.map((k) => {
      const mine = plan.contacts.filter((c) => c.campaign === k);
      const campaignOf = (proposalId: string): string => proposalId.split(':')[0] as string;
      return [
        k,
        plan.stats.candidates[k] ?? 0,
        plan.holdouts.filter((h) => h.campaignId === k).length,
        plan.suppressed.filter((x) => x.campaignId === k).length,
        ...channels.map((ch) => mine.filter((c) => c.channel === ch).length),
        mine.filter((c) => c.deferredDays > 0).length,
        plan.governed.refused.filter((r) => campaignOf(r.proposalId) === k).length,
        Math.round(mine.reduce((s, c) => s + c.expectedValue, 0)),
      ];
    }),
  };
  // What the governor held back: deferrals (placed later, or still open after the horizon) and refusals, by rule.
  const held = new Map<string, { deferred: number; refused: number; example: string }>();
  const tally = (reasons: readonly { rule: string; message: string }[], field: 'deferred' | 'refused'): void => {
    for (const rule of new Set(reasons.map((h) => h.rule))) {
      const entry = held.get(rule) ?? { deferred: 0, refused: 0, example: reasons.find((h) => h.rule === rule)?.message ?? '' };
      entry[field]++;
      held.set(rule, entry);
    }
  };
  for (const d of plan.governed.deferred) tally(d.reasons, 'deferred');
  for (const r of plan.governed.refused) tally(r.reasons, 'refused');
  const heldBack: Table = {
    title: `What the governor deferred or refused in the plan: ${plan.governed.stats.deferred.toLocaleString('en-GB')} deferred, ${plan.governed.stats.refused.toLocaleString('en-GB')} refused (a proposal can cite several rules)`,
    columns: ['rule', 'deferred', 'refused', 'for example'],
    rows: [...held.entries()]
      .sort((a, b) => b[1].deferred + b[1].refused - (a[1].deferred + a[1].refused) || (a[0] < b[0] ? -1 : 1))
      .map(([rule, e]) => [rule, e.deferred, e.refused, e.example.length > 90 ? `${e.example.slice(0, 89)}…` : e.example]),
  };
  const sites = [...new Set(plan.contacts.map((c) => c.siteId ?? '–'))].sort();
  const bySite: Table = {
    title: 'The plan per site: contacts, and the busiest day',
    columns: ['site', 'contacts', 'calls', 'busiest day', 'contacts that day'],
    rows: sites.map((site) => {
      const mine = plan.contacts.filter((c) => (c.siteId ?? '–') === site);
      const perDay = new Map<string, number>();
      for (const c of mine) perDay.set(c.day.toISOString().slice(0, 10), (perDay.get(c.day.toISOString().slice(0, 10)) ?? 0) + 1);
      const busiest = [...perDay.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['–', 0];
      return [site, mine.length, mine.filter((c) => c.channel === 'phone').length, busiest[0], busiest[1]];
    }),
  };
  const first: Table = {
    title: 'The first contacts of the plan, with why',
    columns: ['day', 'customer', 'campaign', 'channel', 'greeting', 'why'],
    rows: [...plan.contacts]
      .sort((a, b) => a.day.getTime() - b.day.getTime() || b.expectedValue - a.expectedValue || (a.proposalId < b.proposalId ? -1 : 1))
      .slice(0, 8)
      .map((c) => [c.day.toISOString().slice(0, 10), c.customerId, c.campaign, c.channel, c.salutation, c.why.map((w) => (w.length > 70 ? `${w.slice(0, 69)}…` : w)).join(' | ')]),
  };

  // Did it work? Replay the plan and the holdouts against the simulator's truth.
  const date = new Date(asOf.getTime() + 86_400_000);
  const topicOf = new Map(plan.contacts.map((c) => [c.proposalId, c.topic]));
  const arm = [...plan.governed.scheduled, ...plan.governed.deferred, ...plan.governed.refused];
  const placed = new Set(plan.contacts.map((c) => c.proposalId));
  const campaignTopic: Record<string, 'service' | 'inspection' | 'tyres' | 'repurchase' | 'winback'> = { service: 'service', inspection: 'inspection', tyres: 'tyres', repurchase: 'repurchase', winback: 'winback' };
  const rows: Array<Array<string | number>> = [];
  const liftIntervals: LiftInterval[] = [];
  // The unit of the holdout draw is the customer in a campaign: one row each in both arms (a
  // customer with two vehicles due is one customer, contacted if either proposal was placed).
  const treatedUnits = new Map<string, { customerId: string; campaignId: string; topic: 'service' | 'inspection' | 'tyres' | 'repurchase' | 'winback'; contacted: boolean }>();
  for (const g of arm) {
    const campaignId = g.proposalId.split(':')[0] as string;
    const key = `${campaignId}|${g.customerId}`;
    const unit = treatedUnits.get(key);
    const contacted = placed.has(g.proposalId);
    if (unit === undefined) treatedUnits.set(key, { customerId: g.customerId, campaignId, topic: (topicOf.get(g.proposalId) as typeof campaignTopic[string] | undefined) ?? campaignTopic[campaignId] ?? 'service', contacted });
    else if (contacted) unit.contacted = true;
  }
  const controlUnits = new Map(plan.holdouts.map((h) => [`${h.campaignId}|${h.customerId}`, h]));
  for (const k of [...campaigns, 'all']) {
    const treatedArm = [...treatedUnits.values()].filter((u) => k === 'all' || u.campaignId === k);
    const held = [...controlUnits.values()].filter((h) => k === 'all' || h.campaignId === k);
    if (treatedArm.length === 0 || held.length === 0) continue;
    const treated = replaySchedule(truth, treatedArm.map((u) => ({ customerId: u.customerId, topic: u.topic, campaignId: u.campaignId, date, contacted: u.contacted })));
    const control = replaySchedule(truth, held.map((h) => ({ customerId: h.customerId, topic: campaignTopic[h.campaignId] ?? 'service', campaignId: h.campaignId, date, contacted: false })));
    const lift = measureLift({ treated: { n: treated.length, successes: treated.filter((o) => o.converted).length }, control: { n: control.length, successes: control.filter((o) => o.converted).length } }, { interval: 'newcombe', confLevel: 0.95 });
    const trueEffect = treated.reduce((s, o) => s + (o.contacted ? o.trueEffect : 0), 0) / treated.length;
    liftIntervals.push({ label: k, difference: lift.difference, lower: lift.lower, upper: lift.upper, truth: trueEffect });
    rows.push([k, treated.length, control.length, pct(lift.treatedRate), pct(lift.controlRate), `${(100 * lift.difference).toFixed(2)} pts (${(100 * lift.lower).toFixed(2)} to ${(100 * lift.upper).toFixed(2)})`, `${(100 * trueEffect).toFixed(2)} pts`, lift.lower <= trueEffect && trueEffect <= lift.upper ? 'yes' : 'no']);
  }
  const lift: Table = {
    title: 'Did it work? The plan replayed on the simulator: conversion of the treated arm (intention to treat) against its holdouts, Newcombe 95% interval, and the true effect',
    columns: ['campaign', 'treated customers', 'held-out customers', 'treated rate', 'holdout rate', 'lift (95% CI)', 'true lift', 'covered'],
    rows,
  };
  return { tables: [byCampaign, bySite, heldBack, first, lift], plan, liftIntervals };
}
