import type { Channel, Civility, Consent, ContactEvent, Customer, CustomerBundle, Dataset, Invoice, Site, Topic } from '../domain';
// Deep imports on purpose: the domain index would pull zod's schemas in.
import { bundlesOf, isDataset } from '../domain/bundlesOf';
import { RelanceError } from '../errors';
import { MS_PER_DAY, isoDay } from '../internal/epochDays';
import { flatString } from '../internal/flatString';
import type { Writable } from '../internal/writable';
import { classifyInvoice, type InvoiceClassification } from '../invoices/classifyInvoice';
import { dueServicesByCustomer } from '../invoices/dueServices';
import { isOfferRelevant } from '../invoices/isOfferRelevant';
import type { MaintenancePlan } from '../invoices/plans/schema';
import { vehicleWorkState } from '../invoices/vehicleWorkState';
import { assignHoldout } from '../measure';
import { governContacts, type ContactPolicyInput, type ContactProposal, type GovernedContact, type GovernedContacts } from '../pressure';
import { featuresOfBundles } from '../propensity/buildFeatures';
import { FEATURE_GROUPS, buildFeatures, scorePropensity, type BuiltFeatures, type FeatureGroup, type PropensityModel } from '../propensity';
import { ownershipSpells, repurchaseTiming, type RepurchaseModel } from '../repurchase';
import { RfmAccumulator, rfmScores, rfmSegments, workshopVisitEvents } from '../rfm';
import { ConsentColumns } from './consentColumns';
import { ContactColumns } from './contactColumns';
import { BASE_RELATIVE_COLUMNS, HOUSEHOLD_COLUMNS, RFM_COLUMNS } from './featureColumns';
import { policyReachDays } from './policyReach';
import { ScoreBook } from './scoreBook';

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

/**
 * The stages of {@link planContacts}, in the order a chunk of customers goes through them:
 * - `read`: taking the next customers from the source (for a dataset, grouping its records per customer);
 * - `classify`: classifying their invoices (those not in `classified`);
 * - `due`: what is due ({@link invoices!dueServices | dueServices}) and whether recent work makes the offer irrelevant;
 * - `repurchase`: ownership spells and repurchase windows;
 * - `winback`: workshop visits into the RFM accumulator; at the end, scores and segments;
 * - `features`: the feature rows of the customers a propensity model scores;
 * - `scoring`: their probabilities and the reasons of each;
 * - `holdouts`: each candidate valued per channel, holdouts drawn, proposals made;
 * - `governance`: keeping the contacts and consents the governor needs (streamed sources), then {@link governContacts};
 * - `contacts`: the planned contacts with their why;
 * - `done`: the plan is complete.
 */
export type PlanStage = 'read' | 'classify' | 'due' | 'repurchase' | 'winback' | 'features' | 'scoring' | 'holdouts' | 'governance' | 'contacts' | 'done';

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
  /** Sites (countries of the roadworthiness rules, time zones and capacity of the governor). Default: the dataset's; give them when streaming bundles. */
  readonly sites?: readonly Site[] | undefined;
  /**
   * Called with each {@link PlanStage} as the plan enters it, and with `done` before it returns.
   * Streamed customers go through the stages chunk by chunk, so a stage is entered many times.
   * The plan itself reads no clock: a host times its stages or reports progress here.
   */
  readonly onStage?: ((stage: PlanStage) => void) | undefined;
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
  /** The customer's number: its place in the source (see `customers` in planContacts). */
  readonly k: number;
  readonly vehicleId?: string | undefined;
  readonly earliest: number;
  readonly latest: number;
  readonly siteId?: string | undefined;
  readonly why: string;
}

/** A propensity model in use, the campaigns it scores, and what it has scored so far. */
interface ModelUse {
  readonly book: ScoreBook;
  readonly kinds: Set<PlanCampaignKind>;
  /** Whether it scores the win-back campaign, whose candidates are known only at the end. */
  winback: boolean;
  /** Whether its columns need the customer's household (household members must come together). */
  readonly household: boolean;
  /** The feature groups to build (those of columns the model does not use are left out). */
  readonly catalog: readonly FeatureGroup[];
  /** Models whose tables are the same (groups and encodings) share one table per chunk. */
  readonly tableKey: string;
  /** For a model with columns relative to the whole base: the dataset's table, scored once. */
  readonly full?: { readonly table: BuiltFeatures; readonly rowOf: ReadonlyMap<string, number>; readonly p: Float64Array; readonly columns: Int32Array } | undefined;
}

const FN = 'planContacts';
const DUE_KINDS: Readonly<Record<'service' | 'inspection' | 'tyres', number>> = { service: 1, inspection: 2, tyres: 4 };
/**
 * Customers read before their stages run (more if the last household goes on): few enough that
 * a chunk's records die young (chunks of 512 were copied by the scavenger and promoted: 18 s of
 * collection in the plan of 100,000 customers, against 5 s with 64), enough to amortise a
 * stage's set-up.
 */
const CHUNK_CUSTOMERS = 64;

/** What the plan keeps of a customer. */
type PlanCustomer = Pick<Customer, 'id' | 'kind' | 'status' | 'householdId' | 'homeSiteId' | 'civility'>;

/** The greeting for a civility: a neutral one when it is not known. */
function salutationOf(civility: Civility | undefined, company: boolean): string {
  if (company) return 'Dear customer';
  if (civility === 'mr') return 'Dear Sir';
  if (civility === 'mrs' || civility === 'ms') return 'Dear Madam';
  return 'Hello';
}

/** The vehicles a customer no longer has at `asOf`: disposed of, or a contact found them no longer the owner (none: undefined). */
function releasedOf(bundle: CustomerBundle, asOfMs: number): ReadonlySet<string> | undefined {
  let out: Set<string> | undefined;
  const id = bundle.customer.id;
  for (const d of bundle.disposals) if (d.customerId === id && d.date.getTime() <= asOfMs) (out ??= new Set()).add(d.vehicleId);
  for (const k of bundle.contacts) {
    if (k.outcome === 'no-longer-owner' && k.vehicleId !== undefined && k.customerId === id && (k.outcomeAt ?? k.sentAt).getTime() <= asOfMs) (out ??= new Set()).add(k.vehicleId);
  }
  return out;
}

/**
 * The day's plan: whom to contact, about what, on which channel, and why. Candidates come from
 * what is due (service, roadworthiness test, tyres: {@link invoices!dueServices | dueServices}), from the owners whose
 * repurchase call window opens in the horizon ({@link repurchaseTiming}, with a repurchase
 * model), and from the workshop customers to win back (RFM segments). Offers made irrelevant by
 * recent work are suppressed ({@link isOfferRelevant}); each candidate is valued at
 * probability × margin − the cost of each channel (channels ordered by that value, a
 * candidate worth nothing on any channel dropped); holdouts are drawn per campaign
 * ({@link assignHoldout}) before the governor ({@link governContacts}) schedules the rest.
 * Every contact carries its why and a salutation that is neutral when the civility is unknown.
 *
 * The source is a dataset or customer bundles streamed by the host (the base of a large
 * group does not fit in memory as arrays): customers are read in chunks of a few dozen (whole
 * households), each chunk goes through the stages (see {@link PlanStage}) and is let go while
 * still young in the garbage collector's eyes (run a base of a million with
 * `node --max-semi-space-size=64`: with V8's default young generation a chunk's records are
 * promoted before they die, and the plan takes a fifth longer); the plan keeps the candidates,
 * the RFM accumulator (16 bytes a visit), the scores (a probability and, for a logistic model,
 * its two largest contributions), six fields of each customer's record,
 * and, for the governor, the contacts it counts within reach of the policy's rules and the
 * consent decisions it decides from, as columns. A
 * vehicle's work is read from the invoices in its customer's bundle, as {@link invoices!dueServices | dueServices}
 * reads them; the same data as a dataset or as its bundles gives the same plan.
 *
 * With streamed bundles, a propensity model's columns must be computable customer by customer:
 * those `buildFeatures()` computes over the whole base (the `rfm` group's rank scores and
 * P(alive), `emailOpenRate36m`'s prior) are refused, and the `household` columns need a
 * household's members one after the other in the stream (as `simulateBundles()` gives them,
 * or a host's export sorted by household).
 *
 * @param source - a validated dataset, or customer bundles (any iterable, read once)
 * @param options - `asOf`, horizon, policy, plans, models, campaigns, costs, holdouts, sites, a stage callback
 * @returns the contacts, the governor's answer, the holdouts, the suppressed, counts
 * @throws RelanceError `invalid_input` for bad options, a customer listed twice in the source
 *   (the error names it), workshop invoices made out to a customer the source does not list
 *   whose visits make a win-back candidate, a model with columns relative to the base on streamed bundles, or a household split across
 *   the stream with a model that reads households (see the functions it calls)
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
 *
 * @example
 * Streaming a large base, and timing the stages from the host (the plan reads no clock):
 * ```ts
 * import { planContacts, type PlanStage } from 'relance/plan';
 * import { EXAMPLE_GENERIC_PLAN } from 'relance/invoices';
 * import { simulateBundles, simulateSites } from 'relance/simulate';
 *
 * const asOf = new Date('2025-06-30');
 * const base = { seed: 4, customers: 2_000, asOf };
 * const seconds: Partial<Record<PlanStage, number>> = {};
 * let stage: PlanStage = 'read';
 * let since = performance.now();
 * const plan = planContacts(simulateBundles(base), {
 *   asOf,
 *   sites: simulateSites(base),
 *   policy: { caps: [{ id: 'one-a-month', max: 1, window: { calendar: 'month' } }], consentRequired: [] },
 *   plans: { Valmont: EXAMPLE_GENERIC_PLAN, Cerise: EXAMPLE_GENERIC_PLAN, Rhodan: EXAMPLE_GENERIC_PLAN },
 *   onStage: (next) => {
 *     const now = performance.now();
 *     seconds[stage] = (seconds[stage] ?? 0) + (now - since) / 1000;
 *     [stage, since] = [next, now];
 *   },
 * });
 * plan.stats.contacts > 0; // true
 * seconds.governance !== undefined; // true
 * ```
 */
export function planContacts(source: Dataset | Iterable<CustomerBundle>, options: PlanContactsOptions): DayPlan {
  if (!(options?.asOf instanceof Date) || !Number.isFinite(options.asOf.getTime())) throw new RelanceError('invalid_input', `${FN}: asOf must be a valid Date`, { issues: [{ code: 'invalid_value', path: ['asOf'], message: 'expected a valid Date' }] });
  const stage = options.onStage ?? ((): void => undefined);
  const asOf = options.asOf;
  const asOfMs = asOf.getTime();
  const asOfDay = Math.floor(asOfMs / MS_PER_DAY);
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
  const dataset = isDataset(source) ? source : undefined;
  const sites = options.sites ?? dataset?.sites ?? [];
  const preclassified = options.classified;

  // The propensity models in use, and the campaigns each scores.
  const propensity = options.models?.propensity;
  const modelFor = (kind: PlanCampaignKind): PropensityModel | undefined =>
    propensity === undefined ? undefined : (propensity as PropensityModel).kind === 'propensity-model' ? (propensity as PropensityModel) : (propensity as Partial<Record<PlanCampaignKind, PropensityModel>>)[kind];
  const uses = new Map<PropensityModel, ModelUse>();
  for (const kind of campaigns.keys()) {
    const model = modelFor(kind);
    if (model === undefined) continue;
    const known = uses.get(model);
    if (known !== undefined) {
      known.kinds.add(kind);
      known.winback ||= kind === 'winback';
      continue;
    }
    const columns = new Set(model.featureNames);
    const base = BASE_RELATIVE_COLUMNS.filter((c) => columns.has(c));
    const household = HOUSEHOLD_COLUMNS.some((c) => columns.has(c));
    if (base.length > 0 && dataset === undefined) {
      throw new RelanceError('invalid_input', `${FN}: the propensity model of ${kind} uses ${base.join(', ')}, which buildFeatures computes over the whole base; streamed bundles cannot give them: pass a dataset, or train the model without them (the 'rfm' group: catalog)`, {
        issues: [{ code: 'invalid_value', path: ['models', 'propensity'], message: `columns relative to the whole base: ${base.join(', ')}` }],
      });
    }
    const catalog = FEATURE_GROUPS.filter((g) => (g !== 'rfm' || base.some((c) => RFM_COLUMNS.includes(c))) && (g !== 'household' || household));
    const book = new ScoreBook(model);
    let full: ModelUse['full'];
    // On a dataset, columns relative to the base (or to the household, whose members a dataset
    // need not list together) come from one table of the whole base, as buildFeatures means them.
    if (dataset !== undefined && (base.length > 0 || household)) {
      stage('features');
      const table = buildFeatures(dataset, { asOf, encodings: model.encodings, classified: preclassified, catalog });
      stage('scoring');
      full = { table, rowOf: new Map(table.ids.map((id, i) => [id, i])), p: scorePropensity(model, table, { missing: 'impute-mean', extra: 'ignore' }), columns: book.columnsIn(table) };
    }
    uses.set(model, { book, kinds: new Set([kind]), winback: kind === 'winback', household, catalog, tableKey: `${catalog.join()}|${JSON.stringify(model.encodings)}`, full });
  }

  // What the plan keeps of every streamed customer: what the governor and the salutation read
  // of its record (not its dates, names or postal code: a million records outlive every chunk),
  // the contacts within reach of the policy and the consent decisions, as columns.
  // A customer is known by its number, its place in the source (the k-th bundle read is
  // customers[k]), so that the stages after reading look nothing up by id but the win-back's
  // segments and the governor's contacts, whose ids go through indexOf once.
  const customers: PlanCustomer[] = dataset === undefined ? [] : (dataset.customers as Customer[]);
  const indexOf = new Map<string, number>();
  const numbered = (id: string, k: number): void => {
    indexOf.set(id, k);
    if (indexOf.size === k + 1) return;
    throw new RelanceError('invalid_input', `${FN}: customer ${id} is listed twice in the source; a customer's record, contacts and consents come once`, {
      issues: [{ code: 'duplicate_id', path: ['source', id], message: 'customer listed twice' }],
    });
  };
  if (dataset !== undefined) dataset.customers.forEach((c, k) => numbered(c.id, k));
  let read = 0;
  const contactColumns = new ContactColumns();
  const consentColumns = new ConsentColumns();
  const oldestKept = (asOfDay - policyReachDays(options.policy) - 1) * MS_PER_DAY;

  const dueCandidates: Candidate[] = [];
  const repurchaseCandidates: Candidate[] = [];
  const suppressed: { customerId: string; campaignId: string; vehicleId?: string; reason: string }[] = [];
  /** The kinds of work already listed per vehicle (bits of DUE_KINDS): a vehicle linked to two customers is listed once. */
  const seen = new Map<string, number>();
  const repurchase = campaigns.get('repurchase');
  const repurchaseModel = options.models?.repurchase;
  const winback = campaigns.get('winback');
  const visits = new RfmAccumulator({ asOf });
  /** Households the stream has left (when a model reads households: their members must come one after the other). */
  const leftHouseholds = dataset === undefined && [...uses.values()].some((u) => u.household && u.full === undefined) ? new Set<string>() : undefined;

  const runChunk = (chunk: readonly CustomerBundle[]): void => {
    /** The number of the chunk's first customer (its j-th is firstK + j). */
    const firstK = read;
    read += chunk.length;
    if (dataset === undefined) {
      stage('governance');
      for (const b of chunk) {
        const c = b.customer;
        const k = customers.length;
        const kept: Writable<PlanCustomer> = { id: c.id, kind: c.kind, status: c.status };
        if (c.householdId !== undefined) kept.householdId = c.householdId;
        if (c.homeSiteId !== undefined) kept.homeSiteId = c.homeSiteId;
        if (c.civility !== undefined) kept.civility = c.civility;
        customers.push(kept);
        // The governor counts neither held-out nor failed contacts, nor those out of its rules' reach.
        for (const h of b.contacts) if (h.sentAt.getTime() >= oldestKept && h.deliveryStatus !== 'held-out' && h.deliveryStatus !== 'failed') contactColumns.add(k, h);
        consentColumns.addDeciding(k, b.consents, asOfMs);
      }
      for (let j = 0; j < chunk.length; j++) numbered((chunk[j] as CustomerBundle).customer.id, firstK + j);
    }

    stage('classify');
    const classified = new Map<string, InvoiceClassification>();
    for (const b of chunk) {
      for (const inv of b.invoices) if (inv.date.getTime() <= asOfMs) classified.set(inv.id, preclassified?.get(inv.id) ?? classifyInvoice(inv));
    }

    stage('due');
    const released = chunk.map((b) => releasedOf(b, asOfMs));
    const firstDue = dueCandidates.length;
    let j = 0;
    for (const items of dueServicesByCustomer(chunk, { asOf, horizonDays, plans: options.plans, classified, sites })) {
      const bundle = chunk[j] as CustomerBundle;
      const k = firstK + j;
      const gone = released[j++];
      for (const d of items) {
        const campaign = campaigns.get(d.kind);
        if (campaign === undefined || gone?.has(d.vehicleId) === true) continue;
        const bit = DUE_KINDS[d.kind];
        const listed = seen.get(d.vehicleId) ?? 0;
        if ((listed & bit) !== 0) continue;
        seen.set(d.vehicleId, listed | bit);
        const state = vehicleWorkState(d.vehicleId, bundle.invoices, { asOf, classified });
        const relevance = isOfferRelevant({ topic: d.kind, ...(d.operation === undefined ? {} : { operation: d.operation }) }, state, { asOf });
        if (!relevance.relevant) {
          suppressed.push({ customerId: d.customerId, campaignId: campaign.id, vehicleId: d.vehicleId, reason: flatString(relevance.reason) });
          continue;
        }
        const dueDay = Math.floor(d.dueDate.getTime() / MS_PER_DAY);
        dueCandidates.push({ kind: d.kind, customerId: d.customerId, k, vehicleId: d.vehicleId, earliest: Math.max(asOfDay, dueDay - 14), latest: lastDay, siteId: d.siteId, why: d.reason });
      }
    }

    const firstRepurchase = repurchaseCandidates.length;
    /** A chunk customer's place in the chunk. */
    const position = new Map(chunk.map((b, i) => [b.customer.id, i]));
    if (repurchase !== undefined && repurchaseModel !== undefined) {
      stage('repurchase');
      for (const spell of ownershipSpells(chunk, { asOf })) {
        if (spell.event || spell.endReason !== 'as-of') continue;
        const i = position.get(spell.customerId) as number;
        if (released[i]?.has(spell.vehicleId) === true || (chunk[i] as CustomerBundle).customer.status === 'prospect') continue;
        const t = repurchaseTiming(repurchaseModel, spell, { asOf });
        const day = Math.floor(t.recommendedContactDate.getTime() / MS_PER_DAY);
        if (day > lastDay) continue;
        repurchaseCandidates.push({ kind: 'repurchase', customerId: spell.customerId, k: firstK + i, vehicleId: spell.vehicleId, earliest: Math.max(asOfDay, day), latest: lastDay, siteId: spell.siteId, why: flatString(t.reason) });
      }
    }

    let visitors: Set<string> | undefined;
    if (winback !== undefined) {
      stage('winback');
      const invoices: Invoice[] = [];
      for (const b of chunk) for (const inv of b.invoices) if (inv.date.getTime() <= asOfMs) invoices.push(inv);
      const events = workshopVisitEvents(invoices, { classified });
      visits.add(events);
      if ([...uses.values()].some((u) => u.winback)) visitors = new Set(events.map((e) => e.customerId));
    }

    // Scores of the customers each model scores in this chunk (win-back candidates are known
    // at the end only: a model of that campaign scores every workshop customer). Models that
    // build the same table share it.
    const tables = new Map<string, { wanted: Set<string>; uses: { use: ModelUse; wanted: Set<string> }[]; household: boolean }>();
    for (const use of uses.values()) {
      const wanted = new Set<string>();
      for (let i = firstDue; i < dueCandidates.length; i++) if (use.kinds.has((dueCandidates[i] as Candidate).kind)) wanted.add((dueCandidates[i] as Candidate).customerId);
      if (use.kinds.has('repurchase')) for (let i = firstRepurchase; i < repurchaseCandidates.length; i++) wanted.add((repurchaseCandidates[i] as Candidate).customerId);
      if (use.winback && visitors !== undefined) for (const b of chunk) if (b.customer.status !== 'prospect' && visitors.has(b.customer.id)) wanted.add(b.customer.id);
      if (wanted.size === 0) continue;
      if (use.full !== undefined) {
        stage('scoring');
        const full = use.full;
        for (const id of wanted) {
          const row = full.rowOf.get(id);
          if (row !== undefined) use.book.keep(firstK + (position.get(id) as number), full.p[row] as number, full.table, row, full.columns);
        }
        continue;
      }
      let shared = tables.get(use.tableKey);
      if (shared === undefined) tables.set(use.tableKey, (shared = { wanted: new Set(), uses: [], household: false }));
      for (const id of wanted) shared.wanted.add(id);
      shared.uses.push({ use, wanted });
      shared.household ||= use.household;
    }
    for (const shared of tables.values()) {
      stage('features');
      const { wanted } = shared;
      const households = shared.household ? new Set(chunk.filter((b) => wanted.has(b.customer.id) && b.customer.householdId !== undefined).map((b) => b.customer.householdId as string)) : undefined;
      const members = chunk.filter((b) => wanted.has(b.customer.id) || (households !== undefined && b.customer.householdId !== undefined && households.has(b.customer.householdId)));
      const first = (shared.uses[0] as { use: ModelUse }).use;
      // The chunk's bundles as they are (no dataset to group again), those created by asOf.
      const created = members.filter((b) => b.customer.createdAt.getTime() <= asOfMs);
      const table = featuresOfBundles(created, members.length - created.length, { asOf, encodings: first.book.model.encodings, classified, catalog: first.catalog });
      stage('scoring');
      for (const { use, wanted: mine } of shared.uses) {
        const p = scorePropensity(use.book.model, table, { missing: 'impute-mean', extra: 'ignore' });
        const columns = use.book.columnsIn(table);
        table.ids.forEach((id, row) => {
          if (mine.has(id)) use.book.keep(firstK + (position.get(id) as number), p[row] as number, table, row, columns);
        });
      }
    }
  };

  // Read the source chunk by chunk, a chunk ending between households.
  stage('read');
  const iterator = (dataset === undefined ? (source as Iterable<CustomerBundle>) : bundlesOf(dataset))[Symbol.iterator]();
  let chunk: CustomerBundle[] = [];
  let previous: string | undefined;
  for (let next = iterator.next(); ; next = iterator.next()) {
    const bundle = next.done === true ? undefined : next.value;
    const household = bundle?.customer.householdId;
    if (chunk.length > 0 && (bundle === undefined || (chunk.length >= CHUNK_CUSTOMERS && (household === undefined || household !== previous)))) {
      runChunk(chunk);
      chunk = [];
      stage('read');
    }
    if (bundle === undefined) break;
    if (leftHouseholds !== undefined && household !== previous) {
      if (previous !== undefined) leftHouseholds.add(previous);
      if (household !== undefined && leftHouseholds.has(household)) {
        throw new RelanceError('invalid_input', `${FN}: customer ${bundle.customer.id} of household ${household} comes after other members of it in the stream; the model's household columns need a household's members one after the other (or pass a dataset)`, {
          issues: [{ code: 'invalid_value', path: ['source', bundle.customer.id], message: 'household members not consecutive' }],
        });
      }
    }
    previous = household;
    chunk.push(bundle);
  }

  // Customers to win back: RFM segments of the whole base's workshop visits.
  const winbackCandidates: Candidate[] = [];
  if (winback !== undefined) {
    stage('winback');
    const summary = visits.summary();
    const segments = rfmSegments(rfmScores(summary));
    segments.assignments.forEach((a, j) => {
      if (!a.winBack) return;
      const k = indexOf.get(a.customerId);
      if (k === undefined) {
        // Invoices of a bundle (or dataset) made out to a customer the source does not list, whose
        // visits make a win-back candidate (the campaign reads the customer's record).
        throw new RelanceError('invalid_input', `${FN}: customer ${a.customerId} has workshop invoices in the source but no customer record`, {
          issues: [{ code: 'invalid_value', path: ['source', a.customerId], message: 'invoices of an unlisted customer' }],
        });
      }
      if ((customers[k] as PlanCustomer).status === 'prospect') return;
      const v = summary[j];
      winbackCandidates.push({ kind: 'winback', customerId: a.customerId, k, earliest: asOfDay, latest: Math.min(lastDay, asOfDay + 13), why: flatString(`RFM segment ${a.segment} (${v?.daysSinceLast ?? '?'} days since the last visit)`) });
    });
  }

  // Value, holdouts, proposals.
  stage('holdouts');
  const holdouts: { customerId: string; campaignId: string; vehicleId?: string }[] = [];
  const proposals: ContactProposal[] = [];
  // What the contacts' why needs of each proposal, by its index in `proposals`.
  const proposalK: number[] = [];
  const proposalKind: PlanCampaignKind[] = [];
  const proposalP: number[] = [];
  const proposalWhy: string[] = [];
  const proposalBook: (ScoreBook | undefined)[] = [];
  const counts: Record<string, number> = {};
  const holdoutOptions = new Map([...campaigns.values()].map((c) => [c, { campaignId: c.id, fraction, salt, ...(options.holdout?.globalControl === undefined ? {} : { globalControl: options.holdout.globalControl }) }]));
  // Days as dates, made once each (a proposal's window is one of a few dozen days).
  const dates = new Map<number, Date>();
  const dateOf = (day: number): Date => {
    let d = dates.get(day);
    if (d === undefined) dates.set(day, (d = new Date(day * MS_PER_DAY)));
    return d;
  };
  // A campaign's channels by expected value (higher first, ties in the campaign's order), in
  // scratch arrays; the proposals' lists of channels worth a contact, one array per distinct
  // list (the governor only reads them).
  const most = Math.max(0, ...[...campaigns.values()].map((c) => c.channels.length));
  const ev = new Float64Array(most);
  const rank = new Int32Array(most);
  const channelLists = new Map<PlanCampaign, Map<number, Channel[]>>();
  for (const list of [dueCandidates, repurchaseCandidates, winbackCandidates]) {
    for (const c of list) {
      const campaign = campaigns.get(c.kind) as PlanCampaign;
      counts[c.kind] = (counts[c.kind] ?? 0) + 1;
      const model = modelFor(c.kind);
      const book = model === undefined ? undefined : uses.get(model)?.book;
      const scored = book?.probability(c.k);
      const p = scored ?? campaign.baseRate;
      const offered = campaign.channels;
      const m = offered.length;
      for (let k = 0; k < m; k++) {
        const e = p * campaign.value - (costs[offered[k] as Channel] ?? 0);
        let at = k;
        while (at > 0 && e > (ev[at - 1] as number)) {
          ev[at] = ev[at - 1] as number;
          rank[at] = rank[at - 1] as number;
          at--;
        }
        ev[at] = e;
        rank[at] = k;
      }
      if (m === 0 || (ev[0] as number) <= 0) {
        const entry: (typeof suppressed)[number] = { customerId: c.customerId, campaignId: campaign.id, reason: flatString(`expected value ${(m === 0 ? 0 : (ev[0] as number)).toFixed(2)} ≤ 0 on every channel (p = ${(100 * p).toFixed(1)}%, value ${campaign.value})`) };
        if (c.vehicleId !== undefined) entry.vehicleId = c.vehicleId;
        suppressed.push(entry);
        continue;
      }
      if (assignHoldout(c.customerId, holdoutOptions.get(campaign) as { campaignId: string; fraction: number; salt: string }).holdout) {
        const entry: (typeof holdouts)[number] = { customerId: c.customerId, campaignId: campaign.id };
        if (c.vehicleId !== undefined) entry.vehicleId = c.vehicleId;
        holdouts.push(entry);
        continue;
      }
      const id = flatString(`${campaign.id}:${c.customerId}:${c.vehicleId ?? ''}`);
      proposalK.push(c.k);
      proposalKind.push(c.kind);
      proposalP.push(p);
      proposalWhy.push(c.why);
      proposalBook.push(scored === undefined ? undefined : book);
      // The list's key: its channels' places in the campaign's list, in order, in base 9 (a
      // campaign of more than 8 channels gets a list of its own each time).
      let key = 0;
      for (let k = 0; k < m && (ev[k] as number) > 0; k++) key = 9 * key + (rank[k] as number) + 1;
      let lists = channelLists.get(campaign);
      if (lists === undefined) channelLists.set(campaign, (lists = new Map()));
      let channels = m > 8 ? undefined : lists.get(key);
      if (channels === undefined) {
        channels = [];
        for (let k = 0; k < m && (ev[k] as number) > 0; k++) channels.push(offered[rank[k] as number] as Channel);
        if (m <= 8) lists.set(key, channels);
      }
      const proposal: Writable<ContactProposal> = { id, customerId: c.customerId, campaignId: campaign.id, topic: campaign.topic, channels, priority: ev[0] as number, earliest: dateOf(c.earliest), latest: dateOf(Math.max(c.earliest, c.latest)) };
      if (c.vehicleId !== undefined) proposal.vehicleId = c.vehicleId;
      if (c.siteId !== undefined) proposal.siteId = c.siteId;
      proposals.push(proposal);
    }
  }
  // A proposal whose id came before is left out. An id names its customer, so the proposals
  // kept are chained by customer (the first of customer k, then each one's next) and a new one
  // is compared with its customer's alone.
  const firstProposal = new Int32Array(customers.length).fill(-1);
  const nextProposal = new Int32Array(proposals.length);
  /** The index of customer k's proposal of id `id` (the same text) in `proposals`, or -1. */
  const proposalOf = (k: number, id: string): number => {
    for (let i = firstProposal[k] as number; i >= 0; i = nextProposal[i] as number) if ((proposals[i] as ContactProposal).id === id) return i;
    return -1;
  };
  {
    let kept = 0;
    for (let r = 0; r < proposals.length; r++) {
      const proposal = proposals[r] as ContactProposal;
      const k = proposalK[r] as number;
      if (proposalOf(k, proposal.id) >= 0) continue;
      nextProposal[kept] = firstProposal[k] as number;
      firstProposal[k] = kept;
      if (kept < r) {
        proposals[kept] = proposal;
        proposalK[kept] = k;
        proposalKind[kept] = proposalKind[r] as PlanCampaignKind;
        proposalP[kept] = proposalP[r] as number;
        proposalWhy[kept] = proposalWhy[r] as string;
        proposalBook[kept] = proposalBook[r];
      }
      kept++;
    }
    for (const column of [proposals, proposalK, proposalKind, proposalP, proposalWhy, proposalBook]) column.length = kept;
  }

  stage('governance');
  let history: Iterable<ContactEvent> | undefined = dataset?.contacts;
  let consents: Iterable<Consent> | undefined = dataset?.consents;
  if (dataset === undefined) {
    // Given back as objects for the governor, which reads them once: a customer's consents only
    // matter to their own proposals, and past contacts to the caps, gaps and exclusions of their
    // own or their household's proposals (later contacts take capacity, whoever they are of).
    const proposed = new Uint8Array(customers.length);
    const households = new Set<string>();
    for (const k of proposalK) {
      proposed[k] = 1;
      const household = (customers[k] as PlanCustomer).householdId;
      if (household !== undefined) households.add(household);
    }
    const idOf = (k: number): string => (customers[k] as PlanCustomer).id;
    history = contactColumns.records(idOf, (k, sentAt) => proposed[k] === 1 || sentAt >= asOfMs || households.has((customers[k] as PlanCustomer).householdId as string));
    consents = consentColumns.records(idOf, (k) => proposed[k] === 1);
  }
  const governed = governContacts(proposals, { asOf, horizonDays, policy: options.policy, history, consents, customers, sites });

  stage('contacts');
  const days = new Map<number, string>();
  const dayText = (day: number): string => {
    let text = days.get(day);
    if (text === undefined) days.set(day, (text = isoDay(day)));
    return text;
  };
  const campaignOf = new Map<string, PlanCampaign>([...campaigns.values()].map((c) => [c.id, c]));
  const contacts: PlannedContact[] = [];
  const placed: GovernedContact[] = [];
  for (const list of [governed.scheduled, governed.deferred]) for (const g of list) if ('day' in g) placed.push(g);
  for (const g of placed) {
    const k = indexOf.get(g.customerId) as number;
    const i = proposalOf(k, g.proposalId);
    const p = proposalP[i] as number;
    const book = proposalBook[i];
    const campaign = campaignOf.get(g.campaignId) as PlanCampaign;
    const customer = customers[k] as PlanCustomer;
    let rule: string;
    if (g.reasons.length === 0) rule = `allowed by every rule of the policy (${g.allowedBy})`;
    else {
      const rules: string[] = [];
      for (const r of g.reasons) if (!rules.includes(r.rule)) rules.push(r.rule);
      rule = `allowed on ${dayText(Math.floor(g.day.getTime() / MS_PER_DAY))} by ${g.channel} after: ${rules.join(', ')}`;
    }
    // Object.assign onto a literal, not a spread: spreading the governor's objects (too many
    // fields to clone on V8's fast path) made a new hidden class for every contact.
    contacts.push(
      Object.assign({}, g, {
        campaign: proposalKind[i] as PlanCampaignKind,
        probability: p,
        expectedValue: p * campaign.value - (costs[g.channel] ?? 0),
        salutation: salutationOf(customer.civility, customer.kind === 'company'),
        why: [proposalWhy[i] as string, flatString(book === undefined ? `p = ${(100 * p).toFixed(1)}% (base rate of ${campaign.id})` : `p = ${(100 * p).toFixed(1)}% (${book.reasons(k)})`), flatString(rule)],
      }),
    );
  }
  stage('done');
  return {
    contacts,
    governed,
    holdouts,
    suppressed,
    stats: { candidates: counts, holdouts: holdouts.length, suppressed: suppressed.length, proposals: proposals.length, contacts: contacts.length },
  };
}
