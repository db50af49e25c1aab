import type { Channel, Civility, Dataset, Invoice, Topic } from '../domain';
import { RelanceError } from '../errors';
import { MS_PER_DAY } from '../internal/epochDays';
import { classifyInvoice, type InvoiceClassification } from '../invoices/classifyInvoice';
import { dueServices } from '../invoices/dueServices';
import { isOfferRelevant } from '../invoices/isOfferRelevant';
import type { MaintenancePlan } from '../invoices/plans/schema';
import { vehicleWorkState } from '../invoices/vehicleWorkState';
import { assignHoldout } from '../measure';
import { governContacts, type ContactPolicyInput, type ContactProposal, type GovernedContact, type GovernedContacts } from '../pressure';
import { buildFeatures, explainScore, scorePropensity, type PropensityModel } from '../propensity';
import { ownershipSpells, repurchaseTiming, type RepurchaseModel } from '../repurchase';
import { rfmScores, rfmSegments, rfmSummary, workshopVisitEvents } from '../rfm';

/** The campaigns a day's plan draws candidates for. */
export type PlanCampaignKind = 'service' | 'inspection' | 'tyres' | 'repurchase' | 'winback';

/** What a campaign is worth and how it reaches people. */
export interface PlanCampaign {
  /** The campaign id contacts and holdouts carry (default the kind). */
  readonly id: string;
  readonly topic: Topic;
  /** Margin of a conversion, in the currency of `costs` (a service's margin, a sale's). */
  readonly value: number;
  /** The response probability without a propensity model. */
  readonly baseRate: number;
  /** Acceptable channels (the governor falls back along them; ordered by expected value). */
  readonly channels: readonly Channel[];
}

/** The shipped campaign defaults: margins and base rates of the field, in euros; replace them with the dealer's own. */
export const DEFAULT_PLAN_CAMPAIGNS: Readonly<Record<PlanCampaignKind, PlanCampaign>> = {
  service: { id: 'service', topic: 'service', value: 120, baseRate: 0.1, channels: ['phone', 'email', 'sms'] },
  inspection: { id: 'inspection', topic: 'inspection', value: 45, baseRate: 0.12, channels: ['sms', 'email', 'phone'] },
  tyres: { id: 'tyres', topic: 'tyres', value: 150, baseRate: 0.08, channels: ['email', 'sms', 'phone'] },
  repurchase: { id: 'repurchase', topic: 'repurchase', value: 1500, baseRate: 0.03, channels: ['phone', 'email', 'mail'] },
  winback: { id: 'winback', topic: 'winback', value: 80, baseRate: 0.02, channels: ['email', 'mail'] },
};

/** Cost of one contact per channel (default: e-mail 0.05, SMS 0.08, call 4, letter 1.2, push 0.01). */
export const DEFAULT_CONTACT_COSTS: Readonly<Record<Channel, number>> = { email: 0.05, sms: 0.08, phone: 4, mail: 1.2, push: 0.01 };

/** Options of {@link planContacts}. */
export interface PlanContactsOptions {
  readonly asOf: Date;
  /** Days the plan covers. Default 30. */
  readonly horizonDays?: number | undefined;
  /** The contact policy the plan is governed by. */
  readonly policy: ContactPolicyInput;
  /** Maintenance plans by make, for what is due. */
  readonly plans: Readonly<Record<string, MaintenancePlan>>;
  /**
   * Propensity models — one for every campaign, or one per campaign kind (e.g. a purchase
   * model for `repurchase` only; the others keep their base rate) — and a repurchase model
   * (call windows); without them, base rates and no repurchase candidates.
   */
  readonly models?:
    | {
        readonly propensity?: PropensityModel | Partial<Record<PlanCampaignKind, PropensityModel>> | undefined;
        readonly repurchase?: RepurchaseModel | undefined;
      }
    | undefined;
  /** Campaign settings over the defaults, by kind; `false` leaves a campaign out. */
  readonly campaigns?: Partial<Record<PlanCampaignKind, Partial<PlanCampaign> | false>> | undefined;
  /** Cost of a contact per channel. */
  readonly costs?: Partial<Record<Channel, number>> | undefined;
  /** Holdouts: the share kept out of each campaign (default 0.1), the salt of the assignment, a global control share. */
  readonly holdout?: { readonly fraction?: number | undefined; readonly salt?: string | undefined; readonly globalControl?: number | undefined } | undefined;
  /** Classifications already made, by invoice id. */
  readonly classified?: ReadonlyMap<string, InvoiceClassification> | undefined;
}

/** A contact of the day's plan, with everything that explains it. */
export interface PlannedContact extends GovernedContact {
  readonly campaign: PlanCampaignKind;
  /** Response probability used (the model's, or the campaign's base rate). */
  readonly probability: number;
  /** probability × value − cost of the channel used. */
  readonly expectedValue: number;
  /** "Dear Sir", "Dear Madam", or a neutral greeting when the civility is unknown (never "Dear Sir" by default). */
  readonly salutation: string;
  /** Why this contact: what is due or the repurchase window, the score and its top reasons, the rule that let it through. */
  readonly why: readonly string[];
}

/** The day's plan. */
export interface DayPlan {
  readonly contacts: readonly PlannedContact[];
  /** The governor's full answer (scheduled, deferred with reasons, refused with reasons). */
  readonly governed: GovernedContacts;
  /** Candidates kept out as holdouts, per campaign (never contacted: the control group of the lift). */
  readonly holdouts: ReadonlyArray<{ readonly customerId: string; readonly campaignId: string; readonly vehicleId?: string | undefined }>;
  /** Candidates dropped before governance, with why (offer not relevant, negative expected value). */
  readonly suppressed: ReadonlyArray<{ readonly customerId: string; readonly campaignId: string; readonly vehicleId?: string | undefined; readonly reason: string }>;
  readonly stats: { readonly candidates: Readonly<Record<string, number>>; readonly holdouts: number; readonly suppressed: number; readonly proposals: number; readonly contacts: number };
}

interface Candidate {
  readonly kind: PlanCampaignKind;
  readonly customerId: string;
  readonly vehicleId?: string | undefined;
  readonly earliest: number;
  readonly latest: number;
  readonly siteId?: string | undefined;
  readonly why: string;
}

const FN = 'planContacts';

/** The greeting for a civility: a neutral one when it is not known. */
function salutationOf(civility: Civility | undefined, company: boolean): string {
  if (company) return 'Dear customer';
  if (civility === 'mr') return 'Dear Sir';
  if (civility === 'mrs' || civility === 'ms') return 'Dear Madam';
  return 'Hello';
}

/**
 * The day's plan: whom to contact, about what, on which channel, and why. Candidates come from
 * what is due (service, roadworthiness test, tyres: {@link dueServices}), from the owners whose
 * repurchase call window opens in the horizon ({@link repurchaseTiming}, with a repurchase
 * model), and from the workshop customers to win back (RFM segments). Offers made irrelevant by
 * recent work are suppressed ({@link isOfferRelevant}); each candidate is valued at
 * probability × margin − the cost of each channel (channels ordered by that value, a
 * candidate worth nothing on any channel dropped); holdouts are drawn per campaign
 * ({@link assignHoldout}) before the governor ({@link governContacts}) schedules the rest.
 * Every contact carries its why and a salutation that is neutral when the civility is unknown.
 *
 * @param dataset - a validated dataset
 * @param options - `asOf`, horizon, policy, plans, models, campaigns, costs, holdouts
 * @returns the contacts, the governor's answer, the holdouts, the suppressed, counts
 * @throws RelanceError `invalid_input` for bad options (see the functions it calls)
 *
 * @example
 * ```ts
 * import { planContacts } from 'relance/plan';
 * import { EXAMPLE_GENERIC_PLAN } from 'relance/invoices';
 * import { simulateDealer } from 'relance/simulate';
 *
 * const asOf = new Date('2025-06-30');
 * const { dataset } = simulateDealer({ seed: 4, customers: 400, asOf });
 * const plan = planContacts(dataset, {
 *   asOf,
 *   policy: { caps: [{ id: 'one-a-month', max: 1, window: { calendar: 'month' } }], consentRequired: [] },
 *   plans: { Valmont: EXAMPLE_GENERIC_PLAN, Cerise: EXAMPLE_GENERIC_PLAN, Rhodan: EXAMPLE_GENERIC_PLAN },
 * });
 * plan.contacts[0]?.why; // e.g. ['due: last service 2024-05-02 …', 'p = 10.0% (base rate of service)', 'allowed by every rule of the policy']
 * ```
 */
export function planContacts(dataset: Dataset, options: PlanContactsOptions): DayPlan {
  if (!(options?.asOf instanceof Date) || !Number.isFinite(options.asOf.getTime())) throw new RelanceError('invalid_input', `${FN}: asOf must be a valid Date`, { issues: [{ code: 'invalid_value', path: ['asOf'], message: 'expected a valid Date' }] });
  const asOf = options.asOf;
  const asOfDay = Math.floor(asOf.getTime() / MS_PER_DAY);
  const horizonDays = options.horizonDays ?? 30;
  const lastDay = asOfDay + horizonDays - 1;
  const costs: Record<Channel, number> = { ...DEFAULT_CONTACT_COSTS, ...options.costs };
  const campaigns = new Map<PlanCampaignKind, PlanCampaign>();
  for (const kind of Object.keys(DEFAULT_PLAN_CAMPAIGNS) as PlanCampaignKind[]) {
    const given = options.campaigns?.[kind];
    if (given === false) continue;
    campaigns.set(kind, { ...DEFAULT_PLAN_CAMPAIGNS[kind], ...given });
  }
  const fraction = options.holdout?.fraction ?? 0.1;
  const salt = options.holdout?.salt ?? `${asOf.toISOString().slice(0, 7)}`;
  const customers = new Map(dataset.customers.map((c) => [c.id, c]));
  const classified = new Map<string, InvoiceClassification>(options.classified ?? []);
  for (const inv of dataset.invoices) if (!classified.has(inv.id)) classified.set(inv.id, classifyInvoice(inv));
  const invoicesOf = new Map<string, Invoice[]>();
  for (const inv of dataset.invoices) {
    const list = invoicesOf.get(inv.vehicleId);
    if (list === undefined) invoicesOf.set(inv.vehicleId, [inv]);
    else list.push(inv);
  }

  // Vehicles a customer no longer has (a disposal, or a contact that found them no longer its
  // owner): never the subject of a contact.
  const released = new Set<string>();
  for (const d of dataset.disposals) if (d.date.getTime() <= asOf.getTime()) released.add(`${d.customerId}|${d.vehicleId}`);
  for (const k of dataset.contacts) {
    if (k.outcome === 'no-longer-owner' && k.vehicleId !== undefined && (k.outcomeAt ?? k.sentAt).getTime() <= asOf.getTime()) released.add(`${k.customerId}|${k.vehicleId}`);
  }

  // Candidates.
  const candidates: Candidate[] = [];
  const suppressed: { customerId: string; campaignId: string; vehicleId?: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const d of dueServices(dataset, { asOf, horizonDays, plans: options.plans, classified })) {
    const campaign = campaigns.get(d.kind);
    if (campaign === undefined || released.has(`${d.customerId}|${d.vehicleId}`)) continue;
    const key = `${d.vehicleId}|${d.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const state = vehicleWorkState(d.vehicleId, invoicesOf.get(d.vehicleId) ?? [], { asOf, classified });
    const relevance = isOfferRelevant({ topic: d.kind, ...(d.operation === undefined ? {} : { operation: d.operation }) }, state, { asOf });
    if (!relevance.relevant) {
      suppressed.push({ customerId: d.customerId, campaignId: campaign.id, vehicleId: d.vehicleId, reason: relevance.reason });
      continue;
    }
    const dueDay = Math.floor(d.dueDate.getTime() / MS_PER_DAY);
    candidates.push({ kind: d.kind, customerId: d.customerId, vehicleId: d.vehicleId, earliest: Math.max(asOfDay, dueDay - 14), latest: lastDay, siteId: d.siteId, why: d.reason });
  }
  const repurchase = campaigns.get('repurchase');
  if (repurchase !== undefined && options.models?.repurchase !== undefined) {
    for (const spell of ownershipSpells(dataset, { asOf })) {
      if (spell.event || spell.endReason !== 'as-of' || released.has(`${spell.customerId}|${spell.vehicleId}`)) continue;
      if (customers.get(spell.customerId)?.status === 'prospect') continue;
      const t = repurchaseTiming(options.models.repurchase, spell, { asOf });
      const day = Math.floor(t.recommendedContactDate.getTime() / MS_PER_DAY);
      if (day > lastDay) continue;
      candidates.push({ kind: 'repurchase', customerId: spell.customerId, vehicleId: spell.vehicleId, earliest: Math.max(asOfDay, day), latest: lastDay, siteId: spell.siteId, why: t.reason });
    }
  }
  const winback = campaigns.get('winback');
  if (winback !== undefined) {
    const visits = rfmSummary(workshopVisitEvents(dataset.invoices.filter((i) => i.date.getTime() <= asOf.getTime()), { classified }), { asOf });
    const scores = rfmScores(visits);
    const segments = rfmSegments(scores);
    segments.assignments.forEach((a, k) => {
      if (!a.winBack || customers.get(a.customerId)?.status === 'prospect') return;
      const v = visits[k];
      candidates.push({ kind: 'winback', customerId: a.customerId, earliest: asOfDay, latest: Math.min(lastDay, asOfDay + 13), why: `RFM segment ${a.segment} (${v?.daysSinceLast ?? '?'} days since the last visit)` });
    });
  }

  // Probabilities: the campaign's model when there is one, else its base rate.
  const given = options.models?.propensity;
  const modelFor = (kind: PlanCampaignKind): PropensityModel | undefined =>
    given === undefined ? undefined : (given as PropensityModel).kind === 'propensity-model' ? (given as PropensityModel) : (given as Partial<Record<PlanCampaignKind, PropensityModel>>)[kind];
  const scores = new Map<PropensityModel, Map<string, { p: number; reasons: string }>>();
  const scoreWith = (model: PropensityModel): Map<string, { p: number; reasons: string }> => {
    let known = scores.get(model);
    if (known !== undefined) return known;
    known = new Map();
    const table = buildFeatures(dataset, { asOf, encodings: model.encodings, classified });
    const scored = scorePropensity(model, table, { missing: 'impute-mean', extra: 'ignore' });
    const wanted = new Set(candidates.filter((c) => modelFor(c.kind) === model).map((c) => c.customerId));
    const columns = model.featureNames.map((n) => table.featureNames.indexOf(n));
    table.ids.forEach((id, i) => {
      if (!wanted.has(id)) return;
      const row: Record<string, number> = {};
      model.featureNames.forEach((n, k) => {
        const j = columns[k] as number;
        if (j >= 0) row[n] = table.data[i * table.cols + j] as number;
      });
      const why = explainScore(model, row, { top: 2 });
      (known as Map<string, { p: number; reasons: string }>).set(id, { p: scored[i] as number, reasons: why.top.map((c) => c.text).join('; ') });
    });
    scores.set(model, known);
    return known;
  };

  // Value, holdouts, proposals.
  const holdouts: { customerId: string; campaignId: string; vehicleId?: string }[] = [];
  const proposals: ContactProposal[] = [];
  const meta = new Map<string, { kind: PlanCampaignKind; p: number; why: string[] }>();
  const counts: Record<string, number> = {};
  for (const c of candidates) {
    const campaign = campaigns.get(c.kind) as PlanCampaign;
    counts[c.kind] = (counts[c.kind] ?? 0) + 1;
    const model = modelFor(c.kind);
    const scored = model === undefined ? undefined : scoreWith(model).get(c.customerId);
    const p = scored?.p ?? campaign.baseRate;
    const ranked = campaign.channels.map((ch) => ({ ch, ev: p * campaign.value - (costs[ch] ?? 0) })).sort((a, b) => b.ev - a.ev || campaign.channels.indexOf(a.ch) - campaign.channels.indexOf(b.ch));
    const best = ranked[0];
    if (best === undefined || best.ev <= 0) {
      suppressed.push({ customerId: c.customerId, campaignId: campaign.id, ...(c.vehicleId === undefined ? {} : { vehicleId: c.vehicleId }), reason: `expected value ${(best?.ev ?? 0).toFixed(2)} ≤ 0 on every channel (p = ${(100 * p).toFixed(1)}%, value ${campaign.value})` });
      continue;
    }
    const h = assignHoldout(c.customerId, { campaignId: campaign.id, fraction, salt, ...(options.holdout?.globalControl === undefined ? {} : { globalControl: options.holdout.globalControl }) });
    if (h.holdout) {
      holdouts.push({ customerId: c.customerId, campaignId: campaign.id, ...(c.vehicleId === undefined ? {} : { vehicleId: c.vehicleId }) });
      continue;
    }
    const id = `${campaign.id}:${c.customerId}:${c.vehicleId ?? ''}`;
    if (meta.has(id)) continue;
    meta.set(id, { kind: c.kind, p, why: [c.why, scored === undefined ? `p = ${(100 * p).toFixed(1)}% (base rate of ${campaign.id})` : `p = ${(100 * p).toFixed(1)}% (${scored.reasons})`] });
    proposals.push({
      id,
      customerId: c.customerId,
      ...(c.vehicleId === undefined ? {} : { vehicleId: c.vehicleId }),
      campaignId: campaign.id,
      topic: campaign.topic,
      channels: ranked.filter((r) => r.ev > 0).map((r) => r.ch),
      priority: best.ev,
      earliest: new Date(c.earliest * MS_PER_DAY),
      latest: new Date(Math.max(c.earliest, c.latest) * MS_PER_DAY),
      ...(c.siteId === undefined ? {} : { siteId: c.siteId }),
    });
  }

  const governed = governContacts(proposals, { asOf, horizonDays, policy: options.policy, history: dataset.contacts, consents: dataset.consents, customers: dataset.customers, sites: dataset.sites });
  const campaignOf = new Map<string, PlanCampaign>([...campaigns.values()].map((c) => [c.id, c]));
  const contacts: PlannedContact[] = [];
  for (const g of [...governed.scheduled, ...governed.deferred]) {
    if (!('day' in g)) continue;
    const m = meta.get(g.proposalId) as { kind: PlanCampaignKind; p: number; why: string[] };
    const campaign = campaignOf.get(g.campaignId) as PlanCampaign;
    const customer = customers.get(g.customerId);
    const rule = g.reasons.length === 0 ? `allowed by every rule of the policy (${g.allowedBy})` : `allowed on ${g.day.toISOString().slice(0, 10)} by ${g.channel} after: ${[...new Set(g.reasons.map((r) => r.rule))].join(', ')}`;
    contacts.push({
      ...g,
      campaign: m.kind,
      probability: m.p,
      expectedValue: m.p * campaign.value - (costs[g.channel] ?? 0),
      salutation: salutationOf(customer?.civility, customer?.kind === 'company'),
      why: [...m.why, rule],
    });
  }
  return {
    contacts,
    governed,
    holdouts,
    suppressed,
    stats: { candidates: counts, holdouts: holdouts.length, suppressed: suppressed.length, proposals: proposals.length, contacts: contacts.length },
  };
}
