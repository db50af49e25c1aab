import type { Channel, Consent, ConsentPurpose, ContactEvent, Customer, Site, Topic } from '../domain';
import { RelanceError, type RelanceIssue } from '../errors';
import { addMonthsToDay, isoDay, MS_PER_DAY } from '../internal/epochDays';
import { sharedDates } from '../internal/sharedDate';
import { arbitrationOrder } from './arbitrationOrder';
import { columnArena } from './columnArena';
import { hashOf, idTable } from '../internal/idTable';
import { integerTable } from '../internal/integerTable';
import { periodEnd, periodStart, weekdayOf, zonedInstant } from './calendar';
import { sortIds } from './sortIds';
import { type CapRule, type CapWindow, type ContactPolicy, type ContactPolicyInput, ContactPolicySchema } from './policy';

/** A contact a campaign wants to make. */
export interface ContactProposal {
  readonly id: string;
  readonly customerId: string;
  readonly vehicleId?: string | undefined;
  readonly campaignId: string;
  readonly topic: Topic;
  /** Acceptable channels, preferred first (the next is the fallback when one is capped or not consented). */
  readonly channels: readonly Channel[];
  /** Priority: the expected value, or a weight. Higher wins a contested slot. Default 0. */
  readonly priority?: number | undefined;
  /** First and last acceptable days. */
  readonly earliest: Date;
  readonly latest: Date;
  /** Transactional (an invoice, an appointment confirmation): exempt from caps, gaps and exclusions. */
  readonly transactional?: boolean | undefined;
  /** A mandatory safety recall: exempt from marketing opt-outs (a legal obligation), never from a bounced contact point. */
  readonly safetyRecall?: boolean | undefined;
  /** The consent purpose it needs (default `service` for service, inspection, tyres and transactional topics, `marketing` otherwise). */
  readonly purpose?: ConsentPurpose | undefined;
  /** The site that makes the contact (default the customer's home site): its time zone and capacity apply. */
  readonly siteId?: string | undefined;
}

/** Options of {@link governContacts}. */
export interface GovernContactsOptions {
  /** The rules (validated with {@link ContactPolicySchema}). */
  readonly policy: ContactPolicyInput;
  /** Today: nothing is scheduled before it. */
  readonly asOf: Date;
  /** Days from `asOf` the schedule covers (day `asOf` is the first). */
  readonly horizonDays: number;
  /**
   * Past contacts, and future ones already scheduled (`held-out` and `failed` ones are not
   * counted). Any iterable, read once: a host can stream millions of rows from its store, and
   * only those within reach of a rule (or taking capacity from `asOf` on) are kept.
   */
  readonly history?: Iterable<ContactEvent> | undefined;
  /** Consent decisions (any iterable, read once); the latest on or before `asOf` per customer, channel and purpose counts. */
  readonly consents?: Iterable<Consent> | undefined;
  /** Customers: their status (for thresholds by status), household and home site (the only fields read: whole records do). */
  readonly customers?: readonly Pick<Customer, 'id' | 'status' | 'householdId' | 'homeSiteId'>[] | undefined;
  /** Sites: their time zone (quiet hours) and daily capacity. */
  readonly sites?: readonly Site[] | undefined;
}

/**
 * Why a rule stopped or moved a contact. Hits are shared: one frozen object per distinct
 * content (rule, channel, day, counts, message) serves every result it explains, and so does
 * a `reasons` array, one per distinct list of hits (the empty one too): read them, copy them
 * to change them.
 */
export interface RuleHit {
  /** The rule's id (`consent`, `bounced`, `quiet:<channel>`, `capacity:<site>:<channel>`, `expired`, `horizon` for the built-in ones). */
  readonly rule: string;
  readonly kind: 'cap' | 'gap' | 'exclusion' | 'capacity' | 'quiet' | 'consent' | 'bounced' | 'expired' | 'horizon';
  readonly channel?: Channel | undefined;
  /** The day the rule was checked on (shared and unchangeable: see {@link GovernedContacts}). */
  readonly day?: Date | undefined;
  /** Contacts the rule counted, and its limit (caps and capacity). */
  readonly counted?: number | undefined;
  readonly max?: number | undefined;
  readonly message: string;
}

/** A contact placed in the schedule. */
export interface GovernedContact {
  readonly proposalId: string;
  readonly customerId: string;
  readonly vehicleId?: string | undefined;
  readonly campaignId: string;
  readonly topic: Topic;
  readonly channel: Channel;
  readonly siteId?: string | undefined;
  /** The local day, as a UTC midnight date (shared and unchangeable: see {@link GovernedContacts}). */
  readonly day: Date;
  /** When to send: the channel's allowed hour that day in the site's time zone, as an instant (shared and unchangeable). */
  readonly at: Date;
  readonly priority: number;
  /** Days after the earliest acceptable day (0 on time). */
  readonly deferredDays: number;
  /** What let it through: `transactional`, `safety-recall`, or `rules` (every rule checked). */
  readonly allowedBy: 'rules' | 'transactional' | 'safety-recall';
  /** What moved it, or made it fall back to another channel (empty when on time on the preferred channel; shared and frozen: see {@link RuleHit}). */
  readonly reasons: readonly RuleHit[];
}

/** A proposal that was not placed. */
export interface UnplacedContact {
  readonly proposalId: string;
  readonly customerId: string;
  readonly reasons: readonly RuleHit[];
  /** For a proposal still open after the horizon: the first day after it when it may be proposed again (shared and unchangeable). */
  readonly nextAllowed: Date | null;
}

/**
 * What {@link governContacts} returns. Its dates (a contact's `day` and `at`, a rule hit's
 * `day`, `nextAllowed`) are shared: one Date per day and per sending time, whichever results
 * name it, and unchangeable (its setters throw a TypeError): read them as any Date, copy one
 * (`new Date(d)`) to change it. A schedule names a few dozen days; 5 M proposals would
 * otherwise make 10 M Dates. Rule hits and `reasons` arrays are shared and frozen in the same
 * way (see {@link RuleHit}). The results are new objects, in the order of their proposals' ids.
 */
export interface GovernedContacts {
  /** Placed on their earliest acceptable day. */
  readonly scheduled: readonly GovernedContact[];
  /** Placed later than their earliest day (with why), and, with no `at`, those still open after the horizon. */
  readonly deferred: readonly (GovernedContact | UnplacedContact)[];
  /** Never placeable: no consent, bounced, expired, or blocked up to their latest day. */
  readonly refused: readonly UnplacedContact[];
  readonly stats: {
    readonly proposals: number;
    readonly scheduled: number;
    readonly deferred: number;
    readonly refused: number;
    /** Refusals and deferrals per rule id. */
    readonly byRule: Readonly<Record<string, number>>;
    /** Contacts per site and day (`S01|2025-07-01`). */
    readonly load: Readonly<Record<string, number>>;
  };
}

const FN = 'governContacts';
/** What the reads ahead read, kept so that the compiler keeps them (see the arbitration). */
const readAhead = { sink: 0 };
/** Channels in the order of their names (the evidence's tie-break compares names): a channel is its index here. */
const CHANNEL_NAMES: readonly Channel[] = ['email', 'mail', 'phone', 'push', 'sms'];
/** Topics in the order of their names; a topic outside the vocabulary (history is not validated) gets the next number. */
const TOPIC_NAMES: readonly string[] = ['inspection', 'promotion', 'repurchase', 'service', 'survey', 'transactional', 'tyres', 'winback'];
const SERVICE_TOPICS: readonly string[] = ['service', 'inspection', 'tyres', 'transactional'];

// What stopped or moved a proposal, kept as numbers until the result is built.
const HIT_BOUNCED = 0;
const HIT_DENIED = 1;
const HIT_NO_CONSENT = 2;
const HIT_EXPIRED = 3;
const HIT_HORIZON = 4;
const HIT_QUIET = 5;
const HIT_CAPACITY = 6;
const HIT_CAP = 7;
const HIT_GAP = 8;
const HIT_EXCLUSION = 9;

// What became of a proposal.
const ON_TIME = 0;
const LATER = 1;
const OPEN = 2;
const REFUSED = 3;

/** Values (ids, names) numbered in the order they are first met. */
interface Dictionary {
  readonly numbers: Map<unknown, number>;
  readonly values: unknown[];
}

function dictionary(seed: readonly unknown[]): Dictionary {
  return { numbers: new Map(seed.map((v, k) => [v, k])), values: [...seed] };
}

function numberOf(d: Dictionary, value: unknown): number {
  let k = d.numbers.get(value);
  if (k === undefined) {
    k = d.values.length;
    d.numbers.set(value, k);
    d.values.push(value);
  }
  return k;
}

function grownInt32(a: Int32Array, length: number): Int32Array {
  if (length <= a.length) return a;
  const b = new Int32Array(Math.max(length, 2 * a.length));
  b.set(a);
  return b;
}

function grownFloat64(a: Float64Array, length: number): Float64Array {
  if (length <= a.length) return a;
  const b = new Float64Array(Math.max(length, 2 * a.length));
  b.set(a);
  return b;
}

function invalid(issues: RelanceIssue[], count: number, what: string): RelanceError {
  const first = issues[0];
  return new RelanceError('invalid_input', `${FN}: ${count} invalid ${what}${first === undefined ? '' : ` (first: ${first.path.join('.')}: ${first.message})`}`, { issues: issues.slice(0, 20), issueCount: count });
}

/** Every issue of the proposals, in their order (the first 20 kept), as one error. */
function proposalsError(proposals: readonly ContactProposal[]): RelanceError {
  const issues: RelanceIssue[] = [];
  let bad = 0;
  const issue = (path: (string | number)[], message: string): void => {
    bad++;
    if (issues.length < 20) issues.push({ code: 'invalid_value', path: ['proposals', ...path], message });
  };
  const seen = new Set<string>();
  for (let i = 0; i < proposals.length; i++) {
    const p = proposals[i] as ContactProposal | null | undefined;
    if (typeof p !== 'object' || p === null) {
      issue([i], 'expected a proposal (an object)');
      continue;
    }
    if (typeof p.id !== 'string' || p.id.length === 0) issue([i, 'id'], 'expected a non-empty id');
    else if (seen.has(p.id)) issue([i, 'id'], `duplicate proposal id "${p.id}"`);
    seen.add(p.id);
    if (typeof p.customerId !== 'string' || p.customerId.length === 0) issue([i, 'customerId'], 'expected a customer id');
    if (!Array.isArray(p.channels) || p.channels.length === 0) issue([i, 'channels'], 'expected at least one channel');
    else p.channels.forEach((c, k) => CHANNEL_NAMES.includes(c) || issue([i, 'channels', k], `unknown channel "${String(c)}"`));
    const e = p.earliest instanceof Date ? p.earliest.getTime() : Number.NaN;
    const l = p.latest instanceof Date ? p.latest.getTime() : Number.NaN;
    if (!Number.isFinite(e)) issue([i, 'earliest'], 'expected a valid Date');
    if (!Number.isFinite(l)) issue([i, 'latest'], 'expected a valid Date');
    if (Number.isFinite(e) && Number.isFinite(l) && l < e) issue([i, 'latest'], `before earliest (${isoDay(Math.floor(e / MS_PER_DAY))})`);
    if (p.priority !== undefined && !Number.isFinite(p.priority)) issue([i, 'priority'], 'expected a finite number');
  }
  return invalid(issues, bad, 'proposal field' + (bad === 1 ? '' : 's'));
}

function inScope(rule: { channels?: readonly Channel[] | undefined; topics?: readonly Topic[] | undefined }, channel: unknown, topic: unknown): boolean {
  return (rule.channels === undefined || rule.channels.includes(channel as Channel)) && (rule.topics === undefined || rule.topics.includes(topic as Topic));
}

/** First day of the window of a cap that ends on `day`, and its last day (calendar windows run to the period's end). */
function windowOf(w: CapWindow, day: number): [number, number] {
  if ('calendar' in w) return [periodStart(day, w.calendar), periodEnd(day, w.calendar)];
  const start = 'days' in w ? day - w.days + 1 : addMonthsToDay(day, -w.months) + 1;
  return [w.groupBy === undefined ? start : periodStart(start, w.groupBy), day];
}

/**
 * A cap's calendar, looked up instead of computed: for each day from `first`, the first and
 * last days of the window ending on it and, for the search's bound, the day a contact on it
 * stops counting from (the end of its group); days outside the table are computed.
 */
interface CapCalendar {
  readonly first: number;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly groupEnd: Float64Array;
}

function capCalendar(w: CapWindow, first: number, last: number): CapCalendar {
  const length = Math.max(0, Math.min(last - first + 1, 1 << 22));
  const start = new Float64Array(length);
  const end = new Float64Array(length);
  const groupEnd = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    const [s, e] = windowOf(w, first + k);
    start[k] = s;
    end[k] = e;
    groupEnd[k] = 'groupBy' in w && w.groupBy !== undefined ? periodEnd(first + k, w.groupBy) : first + k;
  }
  return { first, start, end, groupEnd };
}

/**
 * The contact-pressure governor: a pure, deterministic scheduler that places the contacts
 * campaigns propose within a policy — caps per customer or household over rolling, calendar
 * or grouped windows (per channel, topic, status), minimum gaps, exclusive topics, capacity
 * per site, channel and day, quiet days and hours in the site's time zone, consent per
 * purpose — and explains every refusal and deferral.
 *
 * Arbitration: proposals are placed in order of priority (highest first), then earliest day,
 * then id, each on its first day (from its earliest, not before `asOf`) and, that day, on its
 * first acceptable channel where every rule holds: a higher-priority proposal takes the slot
 * (Adobe Campaign's "sent + higher-weight messages < threshold"). The surplus of a full day
 * moves to the next day with room, never beyond the proposal's latest day or the horizon;
 * one still open after the horizon is deferred with no date, one blocked up to its latest day
 * is refused. Transactional contacts are exempt from caps, gaps and exclusions (not from
 * consent, quiet hours or capacity); a safety recall is exempt from marketing opt-outs but
 * not from a bounced contact point. The result does not depend on the order of the inputs.
 *
 * With a single cap, raising it never schedules fewer contacts; with several interacting
 * rules it can (a contact placed earlier thanks to a looser cap may close a gap or a
 * capacity slot that a higher-priority one later needed) — greedy arbitration is not an
 * optimal packing.
 *
 * @param proposals - the contacts campaigns want to make
 * @param options - policy, `asOf`, horizon, history, consents, customers, sites
 * @returns the schedule, the deferred, the refused, and counts by rule and by site-day
 * @throws RelanceError `invalid_input` naming the bad proposal field or policy rule (a cap of 0, negative capacity, unknown channel, latest before earliest, duplicated ids, a proposal that is not an object)
 *
 * @example
 * ```ts
 * import { governContacts } from 'relance/pressure';
 *
 * const day = (d: string) => new Date(`${d}T00:00:00Z`);
 * const result = governContacts(
 *   [
 *     { id: 'P1', customerId: 'C1', campaignId: 'service-q3', topic: 'service', channels: ['email'], priority: 40, earliest: day('2025-07-01'), latest: day('2025-07-31') },
 *     { id: 'P2', customerId: 'C1', campaignId: 'new-v4', topic: 'repurchase', channels: ['email'], priority: 90, earliest: day('2025-07-01'), latest: day('2025-07-03') },
 *   ],
 *   {
 *     asOf: day('2025-07-01'),
 *     horizonDays: 30,
 *     policy: { caps: [{ id: 'one-a-quarter', max: 1, window: { calendar: 'quarter' } }], consentRequired: [] },
 *   },
 * );
 * result.scheduled.map((c) => c.proposalId); // ['P2'] (the higher priority takes the quarter's only slot)
 * result.refused[0]?.reasons[0]?.rule; // 'one-a-quarter'
 * ```
 */
export function governContacts(proposals: readonly ContactProposal[], options: GovernContactsOptions): GovernedContacts {
  // Options and policy.
  if (!Array.isArray(proposals)) throw new RelanceError('invalid_input', `${FN}: proposals must be an array`, { issues: [{ code: 'invalid_type', path: ['proposals'], message: 'expected an array of proposals' }] });
  if (!(options?.asOf instanceof Date) || !Number.isFinite(options.asOf.getTime())) throw new RelanceError('invalid_input', `${FN}: asOf must be a valid Date`, { issues: [{ code: 'invalid_value', path: ['asOf'], message: 'expected a valid Date' }] });
  if (!Number.isInteger(options.horizonDays) || options.horizonDays < 1) throw new RelanceError('invalid_input', `${FN}: horizonDays must be a positive integer, got ${String(options.horizonDays)}`, { issues: [{ code: 'invalid_value', path: ['horizonDays'], message: 'expected a positive integer' }] });
  const parsed = ContactPolicySchema.safeParse(options.policy);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ code: i.code, path: ['policy', ...i.path.filter((s): s is string | number => typeof s !== 'symbol')], message: i.message }));
    throw invalid(issues, issues.length, 'policy rule' + (issues.length === 1 ? '' : 's'));
  }
  const policy: ContactPolicy = parsed.data;
  const asOfDay = Math.floor(options.asOf.getTime() / MS_PER_DAY);
  const horizon = options.horizonDays;
  const lastDay = asOfDay + horizon - 1;
  const caps = policy.caps ?? [];
  const gaps = policy.gaps ?? [];
  const exclusions = policy.exclusions ?? [];
  const consentRequired = policy.consentRequired ?? ['email', 'sms', 'phone', 'push'];
  const sendHour = policy.sendHour ?? 10;
  const ruleIds = [...caps, ...gaps, ...exclusions, ...(policy.capacity ?? [])].map((r) => r.id);
  const dupRule = ruleIds.find((id, k) => ruleIds.indexOf(id) !== k);
  if (dupRule !== undefined) throw new RelanceError('invalid_input', `${FN}: rule id "${dupRule}" is used twice`, { issues: [{ code: 'duplicate_id', path: ['policy', dupRule], message: 'rule ids must be unique' }] });

  // Every column comes from one buffer, sized by upper bounds (see columnArena) — bytes per
  // proposal (128), record (16), customer (57: at most records + proposals), history row (24)
  // and consent record (28) within reach — with room for 2n history rows and n/2 consent
  // records before those spill to buffers of their own.
  const n = proposals.length;
  const records = options.customers ?? [];
  const maxCustomers = records.length + n;
  const historyRoom = 2 * n + 1_024;
  const consentRoom = (n >> 1) + 256;
  const arena = columnArena(128 * n + 16 * records.length + 57 * maxCustomers + 24 * historyRoom + 28 * consentRoom + 65_536);
  const siteDict = dictionary([]);
  const statusDict = dictionary([]);
  const channelDict = dictionary(CHANNEL_NAMES);
  const topicDict = dictionary(TOPIC_NAMES);
  const purposeDict = dictionary([]);

  // Customers become numbers, once: ids in a table looked up a batch at a time (see idTable). A
  // customer id listed twice takes its last record (as a Map built from the list would); the
  // customers with a proposal and no record get the numbers after the records'.
  const customerTable = idTable(records.length);
  const BATCH = 65_536;
  const batch: unknown[] = [];
  const batchNumbers = new Int32Array(BATCH);
  const batchHashes = new Int32Array(BATCH);
  const recordOf = arena.int32(records.length); // per customer with a record, its last record
  const customerOf = arena.int32(records.length); // per record, its customer
  for (let from = 0; from < records.length; from += BATCH) {
    const to = Math.min(records.length, from + BATCH);
    for (let r = from; r < to; r++) batch[r - from] = (records[r] as Customer).id;
    customerTable.numberBatch(batch, to - from, customerOf.subarray(from, to), true);
    for (let r = from; r < to; r++) recordOf[customerOf[r] as number] = r;
  }
  const nKept = customerTable.size;
  const siteRecords = new Map((options.sites ?? []).map((s) => [s.id, s]));
  // Per customer: status, household and home site (-1: none; customers without a record have none).
  const customerStatus = arena.int32(maxCustomers);
  const customerHousehold = arena.int32(maxCustomers);
  const customerSite = arena.int32(maxCustomers);
  // (Households, a third as many as customers in a dealer's base, are numbered as customers are.
  // The records are read in their order, each customer's last.)
  const householdTable = idTable(records.length >> 2);
  const withHousehold = new Int32Array(BATCH);
  for (let from = 0; from < records.length; from += BATCH) {
    const to = Math.min(records.length, from + BATCH);
    let m = 0;
    for (let r = from; r < to; r++) {
      const k = customerOf[r] as number;
      if (recordOf[k] !== r) continue;
      const c = records[r] as Customer;
      customerStatus[k] = numberOf(statusDict, c.status);
      customerSite[k] = c.homeSiteId === undefined ? -1 : numberOf(siteDict, c.homeSiteId);
      customerHousehold[k] = -1;
      if (c.householdId === undefined) continue;
      withHousehold[m] = k;
      batch[m++] = c.householdId;
    }
    householdTable.numberBatch(batch, m, batchNumbers, true);
    for (let j = 0; j < m; j++) customerHousehold[withHousehold[j] as number] = batchNumbers[j] as number;
  }

  // Proposals, in one pass: every field checked (the issues, when one fails, come from the full
  // validation), and the proposal kept as a row of 8 integers — customer, topic, site (the
  // customer's home site when it has none), flags (1 transactional, 2 safety recall), purpose,
  // earliest and latest day, channels (their count and up to nine channels of 3 bits; a longer
  // list is kept aside) — which the search reads in arbitration order, each ahead of its turn.
  const rows = arena.int32(8 * n);
  const priority = arena.float64(n);
  const earliest = arena.int32(n);
  const ids: string[] = new Array<string>(n);
  const longChannelLists: number[][] = [];
  let nCustomers = nKept;
  let batchLength = 0;
  /** The customers of the proposals read since the last batch (those without a record get the next numbers), and their sites. */
  const numberProposalCustomers = (last: number): void => {
    customerTable.numberBatch(batch, batchLength, batchNumbers, true, batchHashes);
    for (let k = nCustomers; k < customerTable.size; k++) {
      customerStatus[k] = -1;
      customerHousehold[k] = -1;
      customerSite[k] = -1;
    }
    nCustomers = customerTable.size;
    for (let j = 0, i = last - batchLength + 1; j < batchLength; j++, i++) {
      const k = batchNumbers[j] as number;
      rows[8 * i] = k;
      if (rows[8 * i + 2] === -1) rows[8 * i + 2] = customerSite[k] as number;
    }
    batchLength = 0;
  };
  let valid = true;
  for (let i = 0; i < n; i++) {
    const p = proposals[i] as ContactProposal;
    if (typeof p !== 'object' || p === null) {
      valid = false;
      break;
    }
    const id = p.id;
    const customerId = p.customerId;
    const channels = p.channels;
    const e = p.earliest instanceof Date ? p.earliest.getTime() : Number.NaN;
    const l = p.latest instanceof Date ? p.latest.getTime() : Number.NaN;
    if (typeof id !== 'string' || id.length === 0 || typeof customerId !== 'string' || customerId.length === 0 || !Array.isArray(channels) || channels.length === 0 || !Number.isFinite(e) || !Number.isFinite(l) || l < e || (p.priority !== undefined && !Number.isFinite(p.priority))) {
      valid = false;
      break;
    }
    let packed = channels.length;
    for (let c = 0; c < channels.length; c++) {
      const channel = CHANNEL_NAMES.indexOf(channels[c] as Channel);
      if (channel < 0) valid = false;
      else if (c < 9) packed |= channel << (4 + 3 * c);
    }
    if (!valid) break;
    const b = 8 * i;
    if (channels.length > 9) {
      packed = -1 - longChannelLists.length;
      longChannelLists.push(channels.map((c) => CHANNEL_NAMES.indexOf(c)));
    }
    rows[b + 7] = packed;
    ids[i] = id;
    const topic = p.topic;
    const t = TOPIC_NAMES.indexOf(topic);
    rows[b + 1] = t >= 0 ? t : numberOf(topicDict, topic);
    const siteId = p.siteId;
    rows[b + 2] = siteId !== undefined && siteId !== null ? numberOf(siteDict, siteId) : -1;
    rows[b + 3] = (p.transactional === true ? 1 : 0) | (p.safetyRecall === true ? 2 : 0);
    rows[b + 4] = numberOf(purposeDict, p.purpose ?? (SERVICE_TOPICS.includes(topic) ? 'service' : 'marketing'));
    const day = Math.floor(e / MS_PER_DAY);
    rows[b + 5] = day;
    rows[b + 6] = Math.floor(l / MS_PER_DAY);
    priority[i] = p.priority ?? 0;
    earliest[i] = day;
    // (Hashed here, where the id was just read, rather than in the batch.)
    batchHashes[batchLength] = hashOf(customerId);
    batch[batchLength++] = customerId;
    if (batchLength === BATCH) numberProposalCustomers(i);
  }
  if (!valid) throw proposalsError(proposals);
  numberProposalCustomers(n - 1);
  // Duplicated ids show up side by side in the id order. (The sort's columns take the bytes of
  // the history rows, not read yet: pages the history touches anyway.)
  const byId = arena.uint32(n);
  const historyArea = arena.int32(4 * historyRoom);
  sortIds(ids, byId, arena.reuse(historyArea));
  for (let r = 1; r < n; r++) if (ids[byId[r] as number] === ids[byId[r - 1] as number]) throw proposalsError(proposals);
  ids.length = 0;

  // The members of each household, in the order of the customers.
  const nHouseholds = householdTable.size;
  const memberStart = arena.int32(nHouseholds + 1);
  for (let k = 0; k < nKept; k++) {
    const h = customerHousehold[k] as number;
    if (h >= 0) memberStart[h + 1] = (memberStart[h + 1] as number) + 1;
  }
  for (let h = 0; h < nHouseholds; h++) memberStart[h + 1] = (memberStart[h + 1] as number) + (memberStart[h] as number);
  const members = arena.int32(memberStart[nHouseholds] as number);
  {
    const fill = arena.int32(nHouseholds);
    fill.set(memberStart.subarray(0, nHouseholds));
    for (let k = 0; k < nKept; k++) {
      const h = customerHousehold[k] as number;
      if (h < 0) continue;
      members[fill[h] as number] = k;
      fill[h] = (fill[h] as number) + 1;
    }
  }
  // Customers whose contacts matter: those with a proposal, and the members of their households.
  const proposalCount = arena.int32(nCustomers);
  const followed = arena.uint8(nCustomers);
  {
    const householdDone = arena.uint8(nHouseholds);
    for (let i = 0; i < n; i++) {
      const k = rows[8 * i] as number;
      proposalCount[k] = (proposalCount[k] as number) + 1;
      followed[k] = 1;
      const h = customerHousehold[k] as number;
      if (h < 0 || householdDone[h] === 1) continue;
      householdDone[h] = 1;
      for (let m = memberStart[h] as number; m < (memberStart[h + 1] as number); m++) followed[members[m] as number] = 1;
    }
  }

  // Capacity taken per site, channel and day of the horizon, one column per site.
  const loads: (Int32Array | undefined)[] = [];
  const takeCapacity = (site: number, channel: number, day: number): void => {
    let a = loads[site];
    if (a === undefined) loads[site] = a = new Int32Array(5 * horizon);
    const at = channel * horizon + (day - asOfDay);
    a[at] = (a[at] as number) + 1;
  };

  // History: the capacity it takes from asOf on, and the contacts of followed customers within
  // reach of a rule (calendar quarters and grouping reach back at most 92 days more; a month is
  // at most 31 days), streamed into rows of customer, day, channel, topic × 2 (+ 1 when
  // transactional). The customers' ids are looked up a batch at a time (see idTable).
  let lookback = 0;
  for (const c of caps) lookback = Math.max(lookback, ('calendar' in c.window ? 92 : 'days' in c.window ? c.window.days : 31 * c.window.months) + ('groupBy' in c.window && c.window.groupBy !== undefined ? 92 : 0));
  for (const g of gaps) lookback = Math.max(lookback, g.days);
  for (const e of exclusions) lookback = Math.max(lookback, e.days);
  const reach = asOfDay - lookback - 1;
  let history = historyArea;
  let hLength = 0;
  /** Looks up the customers of the rows read since the last batch, keeping the rows of followed customers. */
  const lookUpBatch = (): void => {
    const from = hLength - batchLength;
    let kept = from;
    customerTable.numberBatch(batch, batchLength, batchNumbers, false);
    for (let j = 0; j < batchLength; j++) {
      const k = batchNumbers[j] as number;
      if (k < 0 || followed[k] === 0) continue;
      const at = 4 * kept++;
      const row = 4 * (from + j);
      history[at] = k;
      history[at + 1] = history[row + 1] as number;
      history[at + 2] = history[row + 2] as number;
      history[at + 3] = history[row + 3] as number;
    }
    hLength = kept;
    batchLength = 0;
  };
  for (const h of options.history ?? []) {
    const status = h.deliveryStatus;
    if (status !== 'delivered' && status !== 'scheduled' && status !== 'bounced') continue;
    const d = Math.floor(h.sentAt.getTime() / MS_PER_DAY);
    if (d >= asOfDay && d <= lastDay) {
      const channel = CHANNEL_NAMES.indexOf(h.channel);
      if (channel >= 0) {
        const siteId = h.siteId;
        let site = -1;
        if (siteId !== undefined && siteId !== null) site = numberOf(siteDict, siteId);
        else {
          const k = customerTable.get(h.customerId);
          if (k >= 0) site = customerSite[k] as number;
        }
        if (site >= 0) takeCapacity(site, channel, d);
      }
    }
    // (A row without a valid date is left out: it has no day to count on.)
    if (!(d >= reach)) continue;
    const at = 4 * hLength++;
    if (at === history.length) history = grownInt32(history, at + 4);
    const channel = CHANNEL_NAMES.indexOf(h.channel);
    const t = TOPIC_NAMES.indexOf(h.topic);
    history[at + 1] = d;
    history[at + 2] = channel >= 0 ? channel : numberOf(channelDict, h.channel);
    history[at + 3] = 2 * (t >= 0 ? t : numberOf(topicDict, h.topic)) + (h.topic === 'transactional' ? 1 : 0);
    batch[batchLength++] = h.customerId;
    if (batchLength === BATCH) lookUpBatch();
  }
  lookUpBatch();

  // Consent records on or before asOf of customers with a proposal, streamed into rows of
  // customer and channel + 8 × state (1 granted, 2 denied, + 4 when bounced) + 64 × purpose,
  // with their time.
  const asOfTime = options.asOf.getTime();
  let consentRows = arena.int32(2 * consentRoom);
  let consentTimes = arena.float64(consentRoom);
  let cLength = 0;
  /** Looks up the customers of the records read since the last batch, keeping those of customers with a proposal. */
  const lookUpConsents = (): void => {
    const from = cLength - batchLength;
    let kept = from;
    customerTable.numberBatch(batch, batchLength, batchNumbers, false);
    for (let j = 0; j < batchLength; j++) {
      const k = batchNumbers[j] as number;
      if (k < 0 || proposalCount[k] === 0) continue;
      consentRows[2 * kept] = k;
      consentRows[2 * kept + 1] = consentRows[2 * (from + j) + 1] as number;
      consentTimes[kept++] = consentTimes[from + j] as number;
    }
    cLength = kept;
    batchLength = 0;
  };
  for (const c of options.consents ?? []) {
    const time = c.date.getTime();
    // A record without a valid date, or on a channel no proposal uses, decides nothing.
    if (time > asOfTime || Number.isNaN(time)) continue;
    const channel = CHANNEL_NAMES.indexOf(c.channel);
    if (channel < 0) continue;
    if (cLength === consentTimes.length) {
      consentRows = grownInt32(consentRows, 2 * cLength + 2);
      consentTimes = grownFloat64(consentTimes, cLength + 1);
    }
    consentRows[2 * cLength + 1] = channel + 8 * ((c.status === 'granted' ? 1 : c.status === 'denied' ? 2 : 0) + (c.bounced === true ? 4 : 0)) + 64 * numberOf(purposeDict, c.purpose);
    consentTimes[cLength++] = time;
    batch[batchLength++] = c.customerId;
    if (batchLength === BATCH) lookUpConsents();
  }
  lookUpConsents();
  batch.length = 0;
  // Grouped by customer, in the order read (a counting sort).
  const consentStart = arena.int32(nCustomers + 1);
  for (let j = 0; j < cLength; j++) {
    const k = (consentRows[2 * j] as number) + 1;
    consentStart[k] = (consentStart[k] as number) + 1;
  }
  for (let k = 0; k < nCustomers; k++) consentStart[k + 1] = (consentStart[k + 1] as number) + (consentStart[k] as number);
  const consentTime = arena.float64(cLength);
  const consentCode = arena.int32(cLength);
  {
    const cursor = arena.int32(nCustomers);
    cursor.set(consentStart.subarray(0, nCustomers));
    for (let j = 0; j < cLength; j++) {
      const k = consentRows[2 * j] as number;
      const at = cursor[k] as number;
      cursor[k] = at + 1;
      consentTime[at] = consentTimes[j] as number;
      consentCode[at] = consentRows[2 * j + 1] as number;
    }
  }

  // A contact's kind: channel, topic and whether it is transactional, in one integer.
  const nTopics = topicDict.values.length;
  const nChannels = channelDict.values.length;
  const nKinds = 2 * nChannels * nTopics;
  const kindOf = (channel: number, topic: number, exempt: number): number => 2 * (channel * nTopics + topic) + exempt;
  // The evidence's tie-break: channel, then topic, by name.
  const byName = (d: Dictionary): Int32Array => {
    const order = d.values.map((_, k) => k).sort((a, b) => ((d.values[a] as string) < (d.values[b] as string) ? -1 : (d.values[a] as string) > (d.values[b] as string) ? 1 : 0));
    const rank = new Int32Array(order.length);
    order.forEach((k, r) => (rank[k] = r));
    return rank;
  };
  const channelRank = byName(channelDict);
  const topicRank = byName(topicDict);
  const kindRank = new Int32Array(nKinds);
  for (let kind = 0; kind < nKinds; kind++) kindRank[kind] = (channelRank[Math.floor(kind / 2 / nTopics)] as number) * nTopics + (topicRank[Math.floor(kind / 2) % nTopics] as number);

  // Each customer's contacts as (day, kind) pairs, history first, with room for one placed
  // contact per proposal: a counting sort of the streamed rows. A customer's record — where its
  // contacts start, how many there are, where its consent records start and end, its status,
  // household and the household's size — is one run of 8 integers.
  // (The counts and the cursors are a column of their own, 4 bytes a customer where a record
  // takes 32, so that the passes over the rows' random customers stay in cache; over the home
  // sites' bytes, not read after the history.)
  const cursor = arena.reuse(customerSite).int32(nCustomers);
  for (let j = 0; j < hLength; j++) {
    const k = history[4 * j] as number;
    cursor[k] = (cursor[k] as number) + 1;
  }
  const customerRecords = arena.int32(8 * nCustomers);
  let nContacts = 0;
  for (let k = 0; k < nCustomers; k++) {
    const r = 8 * k;
    const own = cursor[k] as number;
    cursor[k] = nContacts;
    customerRecords[r] = nContacts;
    customerRecords[r + 1] = own;
    customerRecords[r + 2] = consentStart[k] as number;
    customerRecords[r + 3] = consentStart[k + 1] as number;
    customerRecords[r + 4] = customerStatus[k] as number;
    const h = customerHousehold[k] as number;
    customerRecords[r + 5] = h;
    customerRecords[r + 6] = h < 0 ? 0 : (memberStart[h + 1] as number) - (memberStart[h] as number);
    nContacts += own + (proposalCount[k] as number);
  }
  const contacts = arena.int32(2 * nContacts);
  for (let j = 0; j < hLength; j++) {
    const k = history[4 * j] as number;
    const at = 2 * (cursor[k] as number);
    cursor[k] = (cursor[k] as number) + 1;
    contacts[at] = history[4 * j + 1] as number;
    const topic = history[4 * j + 3] as number;
    contacts[at + 1] = kindOf(history[4 * j + 2] as number, topic >> 1, topic & 1);
  }
  history = new Int32Array(0);

  // The rules as tables over kinds. Rule ids and the built-in ones (`consent`, `quiet:sms`,
  // `capacity:S1:phone`, …) are numbered by their text, so evidence and counts merge the same ones.
  const ruleDict = dictionary([]);
  const ruleOf = (id: string): number => numberOf(ruleDict, id);
  /** 1 for the kinds a rule counts: not transactional, within its channels and topics. */
  const countedBy = (rule: { channels?: readonly Channel[] | undefined; topics?: readonly Topic[] | undefined }, table: Uint8Array, at: number): void => {
    for (let c = 0; c < nChannels; c++) for (let t = 0; t < nTopics; t++) table[at + kindOf(c, t, 0)] = inScope(rule, channelDict.values[c], topicDict.values[t]) ? 1 : 0;
  };
  const nCaps = caps.length;
  const capCounts = new Uint8Array(nCaps * nKinds);
  caps.forEach((c, k) => countedBy(c, capCounts, k * nKinds));
  const capRule = Int32Array.from(caps, (c) => ruleOf(c.id));
  const capMax = Float64Array.from(caps, (c) => c.max);
  const capStatus = Int32Array.from(caps, (c) => (c.status === undefined ? -1 : (statusDict.numbers.get(c.status) ?? -2)));
  const capHousehold = Uint8Array.from(caps, (c) => (c.per === 'household' ? 1 : 0));
  const capWhole = Uint8Array.from(caps, (c) => ('calendar' in c.window ? 1 : 0));
  const capSpan = Float64Array.from(caps, (c) => ('calendar' in c.window ? 0 : 'days' in c.window ? c.window.days : 28 * c.window.months));
  const tableFirst = Math.max(reach, lastDay + 2 - (1 << 22));
  const capCalendars = caps.map((c) => capCalendar(c.window, tableFirst, lastDay + 1));
  const nGaps = gaps.length;
  const gapCounts = new Uint8Array(nGaps * nKinds);
  gaps.forEach((g, k) => countedBy(g, gapCounts, k * nKinds));
  const gapRule = Int32Array.from(gaps, (g) => ruleOf(g.id));
  const gapDays = Float64Array.from(gaps, (g) => g.days);
  // Per exclusion and topic of the proposal: whether it applies, and the kinds it may not come near.
  const nExclusions = exclusions.length;
  const exclusionRule = Int32Array.from(exclusions, (e) => ruleOf(e.id));
  const exclusionDays = Float64Array.from(exclusions, (e) => e.days);
  const exclusionOn = new Uint8Array(nExclusions * nTopics);
  const exclusionNear = new Uint8Array(nExclusions * nTopics * nKinds);
  exclusions.forEach((e, x) =>
    topicDict.values.forEach((topic, p) => {
      const mine = topic === e.topic ? e.near : e.near.includes(topic as Topic) ? [e.topic] : null;
      if (mine === null) return;
      exclusionOn[x * nTopics + p] = 1;
      for (let c = 0; c < nChannels; c++) for (let t = 0; t < nTopics; t++) exclusionNear[(x * nTopics + p) * nKinds + kindOf(c, t, 0)] = mine.includes(topicDict.values[t] as Topic) ? 1 : 0;
    }),
  );
  const RULE_CONSENT = ruleOf('consent');
  const RULE_BOUNCED = ruleOf('bounced');
  const RULE_EXPIRED = ruleOf('expired');
  const RULE_HORIZON = ruleOf('horizon');
  const quietRule = CHANNEL_NAMES.map((c) => ruleOf(`quiet:${c}`));
  // Quiet days and hours per channel; per channel and day of the horizon, whether it is quiet
  // and the next day it is not.
  const quietDays = new Int32Array(5);
  const quietFrom = new Int32Array(5);
  const quietTo = new Int32Array(5).fill(24);
  for (const q of policy.quiet ?? []) {
    const c = CHANNEL_NAMES.indexOf(q.channel);
    for (const d of q.quietWeekdays ?? []) quietDays[c] = (quietDays[c] as number) | (1 << d);
    quietFrom[c] = Math.max(quietFrom[c] as number, q.fromHour ?? 0);
    quietTo[c] = Math.min(quietTo[c] as number, q.toHour ?? 24);
  }
  const quietOn = new Uint8Array(5 * horizon);
  const quietUntil = new Int32Array(5 * (horizon + 1));
  for (let c = 0; c < 5; c++) {
    quietUntil[c * (horizon + 1) + horizon] = horizon;
    for (let d = horizon - 1; d >= 0; d--) {
      const quiet = (((quietDays[c] as number) >> weekdayOf(asOfDay + d)) & 1) === 1 || (quietFrom[c] as number) >= (quietTo[c] as number);
      quietOn[c * horizon + d] = quiet ? 1 : 0;
      quietUntil[c * (horizon + 1) + d] = quiet ? (quietUntil[c * (horizon + 1) + d + 1] as number) : d;
    }
  }
  const consentNeeded = Uint8Array.from(CHANNEL_NAMES, (c) => (consentRequired.includes(c) ? 1 : 0));
  // Capacity per site (or none, at 0) and channel: the policy's, and the site's own.
  const nSites = siteDict.values.length;
  const capacityLimit = new Float64Array(5 * (nSites + 1));
  const capacityRule = new Int32Array(5 * (nSites + 1)).fill(-1);
  for (let s = -1; s < nSites; s++) {
    const site = s < 0 ? undefined : siteDict.values[s];
    for (let c = 0; c < 5; c++) {
      const channel = CHANNEL_NAMES[c] as Channel;
      let limit = Infinity;
      for (const r of policy.capacity ?? []) if (r.channel === channel && (r.siteId === undefined || r.siteId === site)) limit = Math.min(limit, r.perDay);
      const own = site === undefined ? undefined : siteRecords.get(site as string)?.dailyCapacity?.[channel];
      capacityLimit[5 * (s + 1) + c] = own === undefined ? limit : Math.min(limit, own);
    }
  }

  // The evidence. A hit is built when a rule stops or moves a proposal; a message is made once
  // per distinct text (its key: the kind + 16 × what the text depends on).
  const messages = new Map<number, string>();
  const nSlots = 5 * (nSites + 1);
  /** The key of a hit's text: the kind + 16 × what the text depends on (-1 when it does not fit a safe integer). */
  const keyOf = (kind: number, c: number, d: number, counted: number, aux: number, which: number): number => {
    let key: number;
    switch (kind) {
      case HIT_BOUNCED:
      case HIT_DENIED:
      case HIT_NO_CONSENT:
        key = kind + 16 * (c + 5 * aux);
        break;
      case HIT_EXPIRED:
      case HIT_HORIZON:
        key = kind + 16 * (aux - reach + 1);
        break;
      case HIT_QUIET:
        key = kind + 16 * (c + 5 * (d - asOfDay));
        break;
      case HIT_CAPACITY:
        key = kind + 16 * (aux + 1 + (nSites + 1) * (c + 5 * (d - asOfDay)) + nSlots * horizon * counted);
        break;
      case HIT_CAP:
        key = kind + 16 * which + 16 * nCaps * counted;
        break;
      case HIT_GAP:
        key = kind + 16 * which + 16 * nGaps * (aux - reach);
        break;
      default:
        key = kind + 16 * which + 16 * nExclusions * nTopics * (aux - reach);
    }
    return key >= 0 && Number.isSafeInteger(key) ? key : -1;
  };
  const textOf = (key: number, kind: number, rule: string, channel: Channel, d: number, counted: number, max: number, aux: number, which: number): string => {
    const cached = key >= 0;
    let text = cached ? messages.get(key) : undefined;
    if (text !== undefined) return text;
    switch (kind) {
      case HIT_BOUNCED:
        text = `the ${channel} contact point bounced`;
        break;
      case HIT_DENIED:
        text = `${String(purposeDict.values[aux])} consent denied on ${channel}`;
        break;
      case HIT_NO_CONSENT:
        text = `no ${String(purposeDict.values[aux])} consent on ${channel}, which the policy requires`;
        break;
      case HIT_EXPIRED:
        text = `latest day ${isoDay(aux)} is before asOf`;
        break;
      case HIT_HORIZON:
        text = `no allowed day up to the horizon (${isoDay(lastDay)}); open until ${isoDay(aux)}`;
        break;
      case HIT_QUIET:
        text = `${channel} is quiet on ${isoDay(d)}`;
        break;
      case HIT_CAPACITY:
        text = `${String(aux < 0 ? 'the site' : (siteDict.values[aux] ?? 'the site'))} is full for ${channel} on ${isoDay(d)} (${counted}/${max})`;
        break;
      case HIT_CAP:
        text = `${rule}: ${counted} contact${counted === 1 ? '' : 's'} already in the window (max ${max})`;
        break;
      case HIT_GAP:
        text = `${rule}: a contact on ${isoDay(aux)}, less than ${gapDays[which] as number} days away`;
        break;
      default:
        text = `${rule}: a ${String(topicDict.values[Math.floor(which / nExclusions)])} contact on ${isoDay(aux)}, less than ${exclusionDays[which % nExclusions] as number} days away`;
    }
    if (cached) messages.set(key, text);
    return text;
  };
  // The proposal's evidence so far: its hits, and their rules and channels (each rule is told
  // once per channel in a search, and counted once per proposal).
  const pending: RuleHit[] = [];
  let hitRules: Int32Array = new Int32Array(16);
  let hitChannels: Int32Array = new Int32Array(16);
  let hitNumbers: Int32Array = new Int32Array(16); // the shared hit's number, or -1
  let hitCount = 0;
  // The results' dates: one unchangeable Date per day and per sending instant, shared by every
  // result that names it (10 M Dates at 5 M proposals otherwise, the largest part of what the
  // result costs: see docs/decisions.md).
  const dateAt = sharedDates();
  const dayDates = new Map<number, Date>();
  const dayDate = (day: number): Date => {
    let date = dayDates.get(day);
    if (date === undefined) dayDates.set(day, (date = dateAt(day * MS_PER_DAY)));
    return date;
  };
  // Every hit is one frozen object per distinct content, shared by every result it explains,
  // numbered in the order first made (its key: its text's — the kind + 16 × what the text
  // depends on — with the channel and the day for caps, gaps and exclusions, whose texts name
  // neither); and a reasons array is one frozen array per distinct list of hits, found in a trie
  // of hit numbers (its edges keyed node × 2^21 + hit), the empty one at the root. At 5 M
  // proposals, results would otherwise hold some 5 M hits and 2 M arrays of identical content,
  // which this machine pays for at ~4 s a GiB of new pages.
  const sharedHits = integerTable();
  const hitObjects: RuleHit[] = [];
  const MAX_SHARED_HITS = 1 << 21;
  const edges = integerTable();
  const noReasons: readonly RuleHit[] = Object.freeze([]);
  const lists: (readonly RuleHit[] | undefined)[] = [noReasons];
  let blockStart = 0; // where the current search's evidence begins
  /**
   * Adds a hit: `aux` is the purpose (consent), the latest day (expired, horizon), the site
   * (capacity) or the nearest contact's day (gap, exclusion); `which` the cap or gap, or for
   * an exclusion the nearest contact's topic × exclusions + the exclusion.
   */
  const hit = (kind: number, rule: number, c: number, d: number, counted: number, max: number, aux: number, which: number): void => {
    if (hitCount === hitRules.length) {
      hitRules = grownInt32(hitRules, hitCount + 1);
      hitChannels = grownInt32(hitChannels, hitCount + 1);
      hitNumbers = grownInt32(hitNumbers, hitCount + 1);
    }
    hitRules[hitCount] = rule;
    hitChannels[hitCount] = c;
    const key = keyOf(kind, c, d, counted, aux, which);
    let objectKey = key;
    if (key >= 0 && kind >= HIT_CAP) {
      objectKey = d >= asOfDay && d <= lastDay ? kind + 16 * ((((key - kind) / 16) * 5 + c) * horizon + (d - asOfDay)) : -1;
      if (!Number.isSafeInteger(objectKey)) objectKey = -1;
    }
    if (objectKey >= 0) {
      const known = sharedHits.get(objectKey);
      if (known >= 0) {
        hitNumbers[hitCount] = known;
        pending[hitCount++] = hitObjects[known] as RuleHit;
        return;
      }
    }
    const id = ruleDict.values[rule] as string;
    const channel = CHANNEL_NAMES[c] as Channel;
    const message = textOf(key, kind, id, channel, d, counted, max, aux, which);
    let h: RuleHit;
    switch (kind) {
      case HIT_BOUNCED:
        h = { rule: id, kind: 'bounced', channel, message };
        break;
      case HIT_DENIED:
      case HIT_NO_CONSENT:
        h = { rule: id, kind: 'consent', channel, message };
        break;
      case HIT_EXPIRED:
        h = { rule: id, kind: 'expired', message };
        break;
      case HIT_HORIZON:
        h = { rule: id, kind: 'horizon', message };
        break;
      case HIT_QUIET:
        h = { rule: id, kind: 'quiet', channel, day: dayDate(d), message };
        break;
      case HIT_CAPACITY:
        h = { rule: id, kind: 'capacity', channel, day: dayDate(d), counted, max, message };
        break;
      case HIT_CAP:
        h = { rule: id, kind: 'cap', channel, day: dayDate(d), counted, max, message };
        break;
      case HIT_GAP:
        h = { rule: id, kind: 'gap', channel, day: dayDate(d), message };
        break;
      default:
        h = { rule: id, kind: 'exclusion', channel, day: dayDate(d), message };
    }
    if (objectKey >= 0 && hitObjects.length < MAX_SHARED_HITS) {
      sharedHits.set(objectKey, hitObjects.length);
      hitNumbers[hitCount] = hitObjects.length;
      hitObjects.push(Object.freeze(h));
    } else hitNumbers[hitCount] = -1;
    pending[hitCount++] = h;
  };
  /** The trie's node after `node` by hit `number`, made when new. */
  const childOf = (node: number, number: number): number => {
    const edge = node * MAX_SHARED_HITS + number;
    let child = edges.get(edge);
    if (child < 0) {
      child = lists.length;
      lists.push(undefined);
      edges.set(edge, child);
    }
    return child;
  };
  /** A proposal's reasons, as their place in `lists`: the shared frozen array of its list of hits (its own array when a hit is not shared). */
  const reasonsNow = (): number => {
    let node = 0;
    for (let j = 0; j < hitCount; j++) {
      const number = hitNumbers[j] as number;
      if (number < 0) {
        lists.push(pending.slice(0, hitCount));
        return lists.length - 1;
      }
      node = childOf(node, number);
    }
    if (lists[node] === undefined) lists[node] = Object.freeze(pending.slice(0, hitCount));
    return node;
  };
  /** A rule's hit in the search's evidence, once per rule and channel. */
  const note = (kind: number, rule: number, channel: number, day: number, counted: number, max: number, aux: number, which: number): void => {
    for (let j = blockStart; j < hitCount; j++) if (hitRules[j] === rule && hitChannels[j] === channel) return;
    hit(kind, rule, channel, day, counted, max, aux, which);
  };
  // Refusals and deferrals per rule: each rule once per proposal, in the order first met.
  const ruleCount: number[] = [];
  const ruleStamp: number[] = [];
  const ruleOrder: number[] = [];
  let stamp = 0;
  const countHits = (): void => {
    stamp++;
    for (let j = 0; j < hitCount; j++) {
      const r = hitRules[j] as number;
      if (ruleStamp[r] === stamp) continue;
      ruleStamp[r] = stamp;
      if (ruleCount[r] === undefined) {
        ruleCount[r] = 0;
        ruleOrder.push(r);
      }
      ruleCount[r]++;
    }
  };

  // The arbitration order (priority, earliest, id), over the bytes of the history rows, already
  // counted into the contacts. The rows stay where they are, in the order of the input: the
  // search reads each at random, ahead of its turn (below), and writes the proposal's outcome
  // over it.
  const order = arbitrationOrder(byId, priority, earliest, arena.reuse(historyArea));

  // The proposal being placed.
  let topic = 0;
  let site = -1;
  let status = -1;
  let household = -1;
  let householdSize = 0;
  let exempt = 0;
  let ownFrom = 0; // its customer's contacts: contacts[ownFrom … ownTo) as (day, kind) pairs
  let ownTo = 0;
  let search = 0; // which proposal the household pools were gathered for
  // Household pools (the contacts a household cap counts), gathered once per proposal and cap.
  const pools: Int32Array[] = caps.map(() => new Int32Array(32));
  const poolLength = new Int32Array(nCaps);
  const poolSearch = new Int32Array(nCaps).fill(-1);
  let past: Int32Array = new Int32Array(16);
  // What a cap counts, and the day before which it cannot pass.
  let counted = 0;
  let until = 0;
  // The nearest contact (its day and kind) and the latest day among those within a gap or exclusion.
  let nearestDay = 0;
  let nearestKind = -1;
  let nearestLast = 0;

  /** The contacts a household cap counts: every member's, or those of the members of the cap's status. */
  const gather = (c: number): void => {
    if (poolSearch[c] === search) return;
    poolSearch[c] = search;
    const wanted = capStatus[c] as number;
    let pool = pools[c] as Int32Array;
    let length = 0;
    for (let m = memberStart[household] as number; m < (memberStart[household + 1] as number); m++) {
      const r = 8 * (members[m] as number);
      if (wanted !== -1 && customerRecords[r + 4] !== wanted) continue;
      const from = 2 * (customerRecords[r] as number);
      const to = from + 2 * (customerRecords[r + 1] as number);
      pool = grownInt32(pool, length + to - from);
      for (let j = from; j < to; j++) pool[length++] = contacts[j] as number;
    }
    pools[c] = pool;
    poolLength[c] = length;
  };

  /**
   * The most contacts a cap counts in any of its windows that contain `day`, the new contact
   * aside — the window ending on `day`, and every window ending on a later contact that reaches
   * back to `day` (a contact placed before a later one must not overfill the later one's
   * window); calendar windows are the whole period — and `until`, a day before which the cap
   * cannot pass: the next period for calendar windows; for rolling ones, the day the window
   * leaves behind the max-th most recent contact on or before `day` (a month is at least 28
   * days), or the next day when a later window is the full one. `pool[from … to)` holds
   * (day, kind) pairs.
   */
  const capCount = (c: number, pool: Int32Array, from: number, to: number, day: number): void => {
    const counts = c * nKinds;
    const cal = capCalendars[c] as CapCalendar;
    const w = (caps[c] as CapRule).window;
    const at = day - cal.first;
    let start: number;
    let end: number;
    if (at >= 0 && at < cal.start.length) {
      start = cal.start[at] as number;
      end = cal.end[at] as number;
    } else [start, end] = windowOf(w, day);
    let own = 0;
    for (let j = from; j < to; j += 2) {
      const d = pool[j] as number;
      if (d >= start && d <= end && capCounts[counts + (pool[j + 1] as number)] === 1) own++;
    }
    if (capWhole[c] === 1) {
      counted = own;
      until = end + 1;
      return;
    }
    let most = own;
    for (let j = from; j < to; j += 2) {
      const later = pool[j] as number;
      if (later <= day || capCounts[counts + (pool[j + 1] as number)] !== 1) continue;
      const x = later - cal.first;
      let s: number;
      let e: number;
      if (x >= 0 && x < cal.start.length) {
        s = cal.start[x] as number;
        e = cal.end[x] as number;
      } else [s, e] = windowOf(w, later);
      if (s > day) continue;
      let m = 0;
      for (let y = from; y < to; y += 2) {
        const d = pool[y] as number;
        if (d >= s && d <= e && capCounts[counts + (pool[y + 1] as number)] === 1) m++;
      }
      if (m > most) most = m;
    }
    counted = most;
    until = day + 1;
    const max = capMax[c] as number;
    if (own + 1 > max) {
      // The max-th most recent counted contact on or before `day` must leave the window.
      let length = 0;
      for (let j = from; j < to; j += 2) {
        const d = pool[j] as number;
        if (d > day || capCounts[counts + (pool[j + 1] as number)] !== 1) continue;
        if (length === past.length) past = grownInt32(past, length + 1);
        // Kept from the most recent down (an insertion sort: pools are short).
        let k = length++;
        while (k > 0 && (past[k - 1] as number) < d) {
          past[k] = past[k - 1] as number;
          k--;
        }
        past[k] = d;
      }
      if (length >= max) {
        const pivot = past[max - 1] as number;
        const x = pivot - cal.first;
        const groupEnd = !('groupBy' in w) || w.groupBy === undefined ? pivot : x >= 0 && x < cal.groupEnd.length ? (cal.groupEnd[x] as number) : periodEnd(pivot, w.groupBy);
        until = Math.max(until, groupEnd + (capSpan[c] as number));
      }
    }
  };

  /** The customer's contacts within `days` of `d` of the kinds `match[at + kind]`: the earliest (ties by channel, then topic, by name) and the latest day. */
  const near = (match: Uint8Array, at: number, d: number, days: number): boolean => {
    nearestKind = -1;
    nearestLast = -Infinity;
    for (let j = ownFrom; j < ownTo; j += 2) {
      const cd = contacts[j] as number;
      const kind = contacts[j + 1] as number;
      if (Math.abs(cd - d) >= days || match[at + kind] !== 1) continue;
      if (nearestKind < 0 || cd < nearestDay || (cd === nearestDay && (kindRank[kind] as number) < (kindRank[nearestKind] as number))) {
        nearestDay = cd;
        nearestKind = kind;
      }
      if (cd > nearestLast) nearestLast = cd;
    }
    return nearestKind >= 0;
  };

  /**
   * 0 when the proposal may go on this day and channel; otherwise a day before which the rules
   * that block it cannot pass (a lower bound: the search never skips a feasible day, so any
   * such bound gives the same schedule; a quiet or full day tells the next one that is not).
   * With `collect`, every blocking rule is noted; without, the first one found decides (the
   * fast path of the later days).
   */
  const evaluate = (d: number, channel: number, collect: boolean): number => {
    let bound = 0;
    const offset = d - asOfDay;
    if (quietOn[channel * horizon + offset] === 1) {
      const open = asOfDay + (quietUntil[channel * (horizon + 1) + offset] as number);
      if (!collect) return open;
      bound = open;
      note(HIT_QUIET, quietRule[channel] as number, channel, d, 0, 0, 0, 0);
    }
    const slot = 5 * (site + 1) + channel;
    const limit = capacityLimit[slot] as number;
    if (limit !== Infinity) {
      const load = site < 0 ? undefined : loads[site];
      const row = channel * horizon;
      const count = load === undefined ? 0 : (load[row + offset] as number);
      if (count + 1 > limit) {
        // The next day with room (a full day stays full).
        let free = horizon;
        if (load !== undefined) for (free = offset + 1; free < horizon && (load[row + free] as number) + 1 > limit; ) free++;
        if (!collect) return asOfDay + free;
        bound = Math.max(bound, asOfDay + free);
        if (capacityRule[slot] === -1) capacityRule[slot] = ruleOf(`capacity:${String(site < 0 ? '*' : (siteDict.values[site] ?? '*'))}:${CHANNEL_NAMES[channel] as Channel}`);
        note(HIT_CAPACITY, capacityRule[slot] as number, channel, d, count, limit, site, 0);
      }
    }
    if (exempt === 1) return bound;
    const kind = kindOf(channel, topic, 0);
    for (let c = 0; c < nCaps; c++) {
      if (capCounts[c * nKinds + kind] !== 1) continue;
      const wanted = capStatus[c] as number;
      if (wanted !== -1 && status !== wanted) continue;
      // (A household of one is the customer: its pool is the customer's own contacts.)
      if (capHousehold[c] === 1 && householdSize > 1) {
        gather(c);
        capCount(c, pools[c] as Int32Array, 0, poolLength[c] as number, d);
      } else capCount(c, contacts, ownFrom, ownTo, d);
      const max = capMax[c] as number;
      if (counted + 1 > max) {
        if (!collect) return until;
        bound = Math.max(bound, until);
        note(HIT_CAP, capRule[c] as number, channel, d, counted, max, 0, c);
      }
    }
    for (let g = 0; g < nGaps; g++) {
      if (gapCounts[g * nKinds + kind] !== 1) continue;
      const days = gapDays[g] as number;
      if (!near(gapCounts, g * nKinds, d, days)) continue;
      if (!collect) return nearestLast + days;
      bound = Math.max(bound, nearestLast + days);
      note(HIT_GAP, gapRule[g] as number, channel, d, 0, 0, nearestDay, g);
    }
    for (let e = 0; e < nExclusions; e++) {
      if (exclusionOn[e * nTopics + topic] !== 1) continue;
      const days = exclusionDays[e] as number;
      if (!near(exclusionNear, (e * nTopics + topic) * nKinds, d, days)) continue;
      if (!collect) return nearestLast + days;
      bound = Math.max(bound, nearestLast + days);
      note(HIT_EXCLUSION, exclusionRule[e] as number, channel, d, 0, 0, nearestDay, (Math.floor(nearestKind / 2) % nTopics) * nExclusions + e);
    }
    return bound;
  };

  // Arbitration: each proposal, in order, on its first day and channel where every rule holds.
  // What became of each, written over its row once read: its day, its fate + 4 × its channel +
  // 32 × its flags, its site, its first day and its reasons (their place in `lists`).
  const outcome = rows;
  let usable: Int32Array = new Int32Array(16);
  let next: Int32Array = new Int32Array(16);
  const lastContact = Math.max(0, contacts.length - 2);
  const lastConsent = Math.max(0, consentCode.length - 1);
  let touched = 0;
  for (let o = 0; o < n; o++) {
    // The rows of the proposals 24 on, the customer records of those 16 on (whose rows this
    // read 8 proposals ago) and the contacts and consents of those 8 on, read now: each is a
    // cache miss at random, and read ahead they overlap with this proposal's work rather than
    // wait one after the other.
    if (o + 24 < n) touched ^= rows[8 * (order[o + 24] as number)] as number;
    if (o + 16 < n) touched ^= customerRecords[8 * (rows[8 * (order[o + 16] as number)] as number)] as number;
    if (o + 8 < n) {
      const ahead = 8 * (rows[8 * (order[o + 8] as number)] as number);
      touched ^= (contacts[Math.min(2 * (customerRecords[ahead] as number), lastContact)] as number) ^ (consentCode[Math.min(customerRecords[ahead + 2] as number, lastConsent)] as number);
    }
    const b = 8 * (order[o] as number);
    const customer = rows[b] as number;
    const r = 8 * customer;
    topic = rows[b + 1] as number;
    site = rows[b + 2] as number;
    const flags = rows[b + 3] as number;
    exempt = flags & 1;
    ownFrom = 2 * (customerRecords[r] as number);
    ownTo = ownFrom + 2 * (customerRecords[r + 1] as number);
    status = customerRecords[r + 4] as number;
    household = customerRecords[r + 5] as number;
    householdSize = customerRecords[r + 6] as number;
    search = o;
    hitCount = 0;
    // Channels the customer can be reached on for this purpose.
    const purpose = rows[b + 4] as number;
    const recall = (flags & 2) !== 0;
    const cFrom = customerRecords[r + 2] as number;
    const cTo = customerRecords[r + 3] as number;
    const packed = rows[b + 7] as number;
    const long = packed < 0 ? (longChannelLists[-1 - packed] as number[]) : null;
    const wanted = long === null ? packed & 15 : long.length;
    let m = 0;
    for (let q = 0; q < wanted; q++) {
      const channel = long === null ? (packed >>> (4 + 3 * q)) & 7 : (long[q] as number);
      // The latest decision for the channel and purpose (on the same date a denial wins), and whether the channel's latest record bounced.
      let time = -Infinity;
      let decision = 0; // 0 none, 1 granted, 2 denied
      let bouncedTime = -Infinity;
      let bounced = false;
      for (let j = cFrom; j < cTo; j++) {
        const code = consentCode[j] as number;
        if ((code & 7) !== channel) continue;
        const t = consentTime[j] as number;
        const state = (code >> 3) & 7;
        if (t > bouncedTime) {
          bouncedTime = t;
          bounced = state >= 4;
        } else if (t === bouncedTime && state >= 4) bounced = true;
        if (code >> 6 !== purpose) continue;
        if (t > time) {
          time = t;
          decision = (state & 3) === 1 ? 1 : 2;
        } else if (t === time && (state & 3) === 2) decision = 2;
      }
      if (bounced) {
        hit(HIT_BOUNCED, RULE_BOUNCED, channel, 0, 0, 0, 0, 0);
        continue;
      }
      // A safety recall is a legal obligation: no opt-out stops it, only a dead contact point.
      if (!recall) {
        if (decision === 2) {
          hit(HIT_DENIED, RULE_CONSENT, channel, 0, 0, 0, purpose, 0);
          continue;
        }
        if (decision === 0 && consentNeeded[channel] === 1) {
          hit(HIT_NO_CONSENT, RULE_CONSENT, channel, 0, 0, 0, purpose, 0);
          continue;
        }
      }
      if (m === usable.length) usable = grownInt32(usable, m + 1);
      usable[m++] = channel;
    }
    const from = Math.max(rows[b + 5] as number, asOfDay);
    const latest = rows[b + 6] as number;
    const to = Math.min(latest, lastDay);
    let placed = -1;
    let day = from;
    let fate = REFUSED;
    if (m === 0 || latest < asOfDay) {
      if (latest < asOfDay) hit(HIT_EXPIRED, RULE_EXPIRED, -1, 0, 0, 0, latest, 0);
    } else {
      // Each channel's next candidate day: a blocked rule tells the earliest day it could pass,
      // so the search skips the days in between (a full quarter, a month's window, a gap).
      blockStart = hitCount;
      if (next.length < m) next = new Int32Array(usable.length);
      next.fill(from, 0, m);
      while (day <= to) {
        for (let k = 0; k < m; k++) {
          if ((next[k] as number) > day) continue;
          const channel = usable[k] as number;
          const bound = evaluate(day, channel, day === from);
          if (bound === 0) {
            placed = channel;
            break;
          }
          next[k] = bound > to ? to + 1 : bound;
        }
        if (placed >= 0) break;
        let soonest = next[0] as number;
        for (let k = 1; k < m; k++) if ((next[k] as number) < soonest) soonest = next[k] as number;
        day = soonest;
      }
      if (placed < 0 && latest > lastDay) {
        hit(HIT_HORIZON, RULE_HORIZON, -1, 0, 0, 0, latest, 0);
        fate = OPEN;
      }
    }
    if (placed >= 0) {
      const at = (customerRecords[r] as number) + (customerRecords[r + 1] as number);
      customerRecords[r + 1] = (customerRecords[r + 1] as number) + 1;
      contacts[2 * at] = day;
      contacts[2 * at + 1] = kindOf(placed, topic, exempt);
      if (site >= 0) takeCapacity(site, placed, day);
      fate = day > from ? LATER : ON_TIME;
    }
    if (fate !== ON_TIME) countHits();
    outcome[b] = placed >= 0 ? day : 0;
    outcome[b + 1] = fate + 4 * Math.max(placed, 0) + 32 * flags;
    outcome[b + 2] = site;
    outcome[b + 3] = from;
    outcome[b + 4] = hitCount > 0 ? reasonsNow() : 0;
  }

  readAhead.sink = touched;

  // The result. When to send: the channel's allowed hour of the day in the site's
  // time zone, computed once per site, channel and day.
  const instants: (Date[] | undefined)[] = [];
  const instantOf = (s: number, channel: number, day: number): Date => {
    const slot = 5 * (s + 1) + channel;
    let known = instants[slot];
    if (known === undefined) instants[slot] = known = new Array<Date>(horizon);
    let time = known[day - asOfDay];
    if (time === undefined) {
      const from = quietFrom[channel] as number;
      const hour = sendHour >= from && sendHour < (quietTo[channel] as number) ? sendHour : from;
      const timeZone = (s < 0 ? undefined : siteRecords.get(siteDict.values[s] as string)?.timeZone) ?? 'UTC';
      known[day - asOfDay] = time = dateAt(zonedInstant(day, hour, timeZone).getTime());
    }
    return time;
  };
  // Each result's place in its list (the lists are in id order), then the results, made in the
  // order of the input, which reads the proposals and their outcomes in sequence.
  const place = arena.reuse(historyArea).int32(n); // (over the order)
  let nScheduled = 0;
  let nDeferred = 0;
  let nRefused = 0;
  for (let r = 0; r < n; r++) {
    const i = byId[r] as number;
    const f = (outcome[8 * i + 1] as number) & 3;
    place[i] = f === ON_TIME ? nScheduled++ : f === REFUSED ? nRefused++ : nDeferred++;
  }
  const scheduled = new Array<GovernedContact>(nScheduled);
  const deferred = new Array<GovernedContact | UnplacedContact>(nDeferred);
  const refused = new Array<UnplacedContact>(nRefused);
  const perSite: (Int32Array | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const p = proposals[i] as ContactProposal;
    const code = outcome[8 * i + 1] as number;
    const f = code & 3;
    const reasons = lists[outcome[8 * i + 4] as number] as readonly RuleHit[];
    if (f === REFUSED || f === OPEN) {
      const out: UnplacedContact = { proposalId: p.id, customerId: p.customerId, reasons, nextAllowed: f === OPEN ? dayDate(lastDay + 1) : null };
      if (f === OPEN) deferred[place[i] as number] = out;
      else refused[place[i] as number] = out;
      continue;
    }
    const day = outcome[8 * i] as number;
    const c = (code >> 2) & 7;
    const flags = code >> 5;
    const s = outcome[8 * i + 2] as number;
    const from = outcome[8 * i + 3] as number;
    const channel = CHANNEL_NAMES[c] as Channel;
    const date = dayDate(day);
    const at = instantOf(s, c, day);
    const priority = p.priority ?? 0;
    const allowedBy = (flags & 1) === 1 ? 'transactional' : (flags & 2) === 2 ? 'safety-recall' : 'rules';
    // One literal per optional field present, in the fields' order.
    const vehicleId = p.vehicleId;
    const siteId = s < 0 ? undefined : (siteDict.values[s] as string);
    const contact: GovernedContact =
      vehicleId === undefined
        ? s < 0
          ? { proposalId: p.id, customerId: p.customerId, campaignId: p.campaignId, topic: p.topic, channel, day: date, at, priority, deferredDays: day - from, allowedBy, reasons }
          : { proposalId: p.id, customerId: p.customerId, campaignId: p.campaignId, topic: p.topic, channel, siteId, day: date, at, priority, deferredDays: day - from, allowedBy, reasons }
        : s < 0
          ? { proposalId: p.id, customerId: p.customerId, vehicleId, campaignId: p.campaignId, topic: p.topic, channel, day: date, at, priority, deferredDays: day - from, allowedBy, reasons }
          : { proposalId: p.id, customerId: p.customerId, vehicleId, campaignId: p.campaignId, topic: p.topic, channel, siteId, day: date, at, priority, deferredDays: day - from, allowedBy, reasons };
    if (f === LATER) deferred[place[i] as number] = contact;
    else scheduled[place[i] as number] = contact;
    if (s >= 0) {
      let days = perSite[s];
      if (days === undefined) perSite[s] = days = new Int32Array(horizon);
      days[day - asOfDay] = (days[day - asOfDay] as number) + 1;
    }
  }
  // Contacts per site and day (the dates formatted once per site-day).
  const load: Record<string, number> = {};
  const names: unknown[] = [];
  perSite.forEach((_, s) => names.push(siteDict.values[s]));
  for (const name of names.sort()) {
    const days = perSite[siteDict.numbers.get(name) as number] as Int32Array;
    for (let d = 0; d < horizon; d++) if ((days[d] as number) > 0) load[`${String(name)}|${isoDay(asOfDay + d)}`] = days[d] as number;
  }
  const byRule: Record<string, number> = {};
  for (const r of ruleOrder) byRule[ruleDict.values[r] as string] = ruleCount[r] as number;
  return {
    scheduled,
    deferred,
    refused,
    stats: { proposals: n, scheduled: scheduled.length, deferred: deferred.length, refused: refused.length, byRule, load },
  };
}
