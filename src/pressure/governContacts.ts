import type { Channel, Consent, ConsentPurpose, ContactEvent, Customer, Site, Topic } from '../domain';
import { RelanceError, type RelanceIssue } from '../errors';
import { addMonthsToDay, isoDay, MS_PER_DAY } from '../internal/epochDays';
import { periodEnd, periodStart, weekdayOf, zonedInstant } from './calendar';
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
  /** Customers: their status (for thresholds by status), household and home site. */
  readonly customers?: readonly Customer[] | undefined;
  /** Sites: their time zone (quiet hours) and daily capacity. */
  readonly sites?: readonly Site[] | undefined;
}

/** Why a rule stopped or moved a contact. */
export interface RuleHit {
  /** The rule's id (`consent`, `bounced`, `quiet:<channel>`, `capacity:<site>:<channel>`, `expired`, `horizon` for the built-in ones). */
  readonly rule: string;
  readonly kind: 'cap' | 'gap' | 'exclusion' | 'capacity' | 'quiet' | 'consent' | 'bounced' | 'expired' | 'horizon';
  readonly channel?: Channel | undefined;
  /** The day the rule was checked on. */
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
  /** The local day, as a UTC midnight date. */
  readonly day: Date;
  /** When to send: the channel's allowed hour that day in the site's time zone, as an instant. */
  readonly at: Date;
  readonly priority: number;
  /** Days after the earliest acceptable day (0 on time). */
  readonly deferredDays: number;
  /** What let it through: `transactional`, `safety-recall`, or `rules` (every rule checked). */
  readonly allowedBy: 'rules' | 'transactional' | 'safety-recall';
  /** What moved it, or made it fall back to another channel (empty when on time on the preferred channel). */
  readonly reasons: readonly RuleHit[];
}

/** A proposal that was not placed. */
export interface UnplacedContact {
  readonly proposalId: string;
  readonly customerId: string;
  readonly reasons: readonly RuleHit[];
  /** For a proposal still open after the horizon: the first day after it when it may be proposed again. */
  readonly nextAllowed: Date | null;
}

/** What {@link governContacts} returns. */
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
const SERVICE_TOPICS = new Set<Topic>(['service', 'inspection', 'tyres', 'transactional']);
const COUNTED = new Set(['scheduled', 'delivered', 'bounced']);
const CHANNELS = new Set<Channel>(['email', 'sms', 'phone', 'mail', 'push']);

interface Placed {
  readonly day: number;
  readonly channel: Channel;
  readonly topic: Topic;
  /** Transactional contacts count for no cap, gap or exclusion. */
  readonly exempt: boolean;
}

function invalid(issues: RelanceIssue[], count: number, what: string): RelanceError {
  const first = issues[0];
  return new RelanceError('invalid_input', `${FN}: ${count} invalid ${what}${first === undefined ? '' : ` (first: ${first.path.join('.')}: ${first.message})`}`, { issues: issues.slice(0, 20), issueCount: count });
}

function inScope(rule: { channels?: readonly Channel[] | undefined; topics?: readonly Topic[] | undefined }, channel: Channel, topic: Topic): boolean {
  return (rule.channels === undefined || rule.channels.includes(channel)) && (rule.topics === undefined || rule.topics.includes(topic));
}

/** First day of the window of a cap that ends on `day`, and its last day (calendar windows run to the period's end). */
function windowOf(w: CapWindow, day: number): [number, number] {
  if ('calendar' in w) return [periodStart(day, w.calendar), periodEnd(day, w.calendar)];
  const start = 'days' in w ? day - w.days + 1 : addMonthsToDay(day, -w.months) + 1;
  return [w.groupBy === undefined ? start : periodStart(start, w.groupBy), day];
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
 * @throws RelanceError `invalid_input` naming the bad proposal field or policy rule (a cap of 0, negative capacity, unknown channel, latest before earliest, duplicated ids)
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
  if (!(options?.asOf instanceof Date) || !Number.isFinite(options.asOf.getTime())) throw new RelanceError('invalid_input', `${FN}: asOf must be a valid Date`, { issues: [{ code: 'invalid_value', path: ['asOf'], message: 'expected a valid Date' }] });
  if (!Number.isInteger(options.horizonDays) || options.horizonDays < 1) throw new RelanceError('invalid_input', `${FN}: horizonDays must be a positive integer, got ${String(options.horizonDays)}`, { issues: [{ code: 'invalid_value', path: ['horizonDays'], message: 'expected a positive integer' }] });
  const parsed = ContactPolicySchema.safeParse(options.policy);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ code: i.code, path: ['policy', ...i.path.filter((s): s is string | number => typeof s !== 'symbol')], message: i.message }));
    throw invalid(issues, issues.length, 'policy rule' + (issues.length === 1 ? '' : 's'));
  }
  const policy: ContactPolicy = parsed.data;
  const asOfDay = Math.floor(options.asOf.getTime() / MS_PER_DAY);
  const lastDay = asOfDay + options.horizonDays - 1;
  const caps = policy.caps ?? [];
  const gaps = policy.gaps ?? [];
  const exclusions = policy.exclusions ?? [];
  const consentRequired = new Set<Channel>(policy.consentRequired ?? ['email', 'sms', 'phone', 'push']);
  const sendHour = policy.sendHour ?? 10;
  const ruleIds = [...caps, ...gaps, ...exclusions, ...(policy.capacity ?? [])].map((r) => r.id);
  const dupRule = ruleIds.find((id, k) => ruleIds.indexOf(id) !== k);
  if (dupRule !== undefined) throw new RelanceError('invalid_input', `${FN}: rule id "${dupRule}" is used twice`, { issues: [{ code: 'duplicate_id', path: ['policy', dupRule], message: 'rule ids must be unique' }] });

  // Proposals.
  const issues: RelanceIssue[] = [];
  let bad = 0;
  const issue = (path: (string | number)[], message: string): void => {
    bad++;
    if (issues.length < 20) issues.push({ code: 'invalid_value', path: ['proposals', ...path], message });
  };
  const seen = new Set<string>();
  proposals.forEach((p, i) => {
    if (typeof p.id !== 'string' || p.id.length === 0) issue([i, 'id'], 'expected a non-empty id');
    else if (seen.has(p.id)) issue([i, 'id'], `duplicate proposal id "${p.id}"`);
    seen.add(p.id);
    if (typeof p.customerId !== 'string' || p.customerId.length === 0) issue([i, 'customerId'], 'expected a customer id');
    if (!Array.isArray(p.channels) || p.channels.length === 0) issue([i, 'channels'], 'expected at least one channel');
    else p.channels.forEach((c, k) => CHANNELS.has(c) || issue([i, 'channels', k], `unknown channel "${String(c)}"`));
    const e = p.earliest instanceof Date ? p.earliest.getTime() : Number.NaN;
    const l = p.latest instanceof Date ? p.latest.getTime() : Number.NaN;
    if (!Number.isFinite(e)) issue([i, 'earliest'], 'expected a valid Date');
    if (!Number.isFinite(l)) issue([i, 'latest'], 'expected a valid Date');
    if (Number.isFinite(e) && Number.isFinite(l) && l < e) issue([i, 'latest'], `before earliest (${isoDay(Math.floor(e / MS_PER_DAY))})`);
    if (p.priority !== undefined && !Number.isFinite(p.priority)) issue([i, 'priority'], 'expected a finite number');
  });
  if (bad > 0) throw invalid(issues, bad, 'proposal field' + (bad === 1 ? '' : 's'));

  // Indexes. Customers who have a proposal, and their households, get an integer index; the
  // rest of the base matters only through the capacity its scheduled contacts take.
  const customers = new Map((options.customers ?? []).map((c) => [c.id, c]));
  const sites = new Map((options.sites ?? []).map((s) => [s.id, s]));
  const members = new Map<string, string[]>();
  for (const c of customers.values()) {
    if (c.householdId === undefined) continue;
    const list = members.get(c.householdId);
    if (list === undefined) members.set(c.householdId, [c.id]);
    else list.push(c.id);
  }
  const index = new Map<string, number>();
  const indexOf = (id: string): number => {
    let k = index.get(id);
    if (k === undefined) {
      k = index.size;
      index.set(id, k);
    }
    return k;
  };
  for (const p of proposals) {
    indexOf(p.customerId);
    const h = customers.get(p.customerId)?.householdId;
    if (h !== undefined) for (const m of members.get(h) ?? []) indexOf(m);
  }
  const contacts: Placed[][] = Array.from({ length: index.size }, () => []);
  // Contacts per site, channel and day of the horizon, in one typed array per site.
  const CHANNEL_INDEX: Readonly<Record<Channel, number>> = { email: 0, sms: 1, phone: 2, mail: 3, push: 4 };
  const loads = new Map<string, Int32Array>();
  const loadOf = (site: string): Int32Array => {
    let a = loads.get(site);
    if (a === undefined) loads.set(site, (a = new Int32Array(5 * options.horizonDays)));
    return a;
  };
  const used = (site: string, channel: Channel, day: number): number => (loads.get(site)?.[CHANNEL_INDEX[channel] * options.horizonDays + (day - asOfDay)] as number | undefined) ?? 0;
  const takeCapacity = (site: string | undefined, channel: Channel, day: number): void => {
    // Only the days the schedule can use take capacity.
    if (site === undefined || day < asOfDay || day > lastDay) return;
    const a = loadOf(site);
    const k = CHANNEL_INDEX[channel] * options.horizonDays + (day - asOfDay);
    a[k] = (a[k] as number) + 1;
  };
  // How far back a rule can look: older contacts change nothing (calendar quarters and
  // grouping reach back at most 92 days more; a month is at most 31 days).
  let lookback = 0;
  for (const c of caps) lookback = Math.max(lookback, ('calendar' in c.window ? 92 : 'days' in c.window ? c.window.days : 31 * c.window.months) + ('groupBy' in c.window && c.window.groupBy !== undefined ? 92 : 0));
  for (const g of gaps) lookback = Math.max(lookback, g.days);
  for (const e of exclusions) lookback = Math.max(lookback, e.days);
  for (const h of options.history ?? []) {
    if (!COUNTED.has(h.deliveryStatus)) continue;
    const d = Math.floor(h.sentAt.getTime() / MS_PER_DAY);
    if (d >= asOfDay) takeCapacity(h.siteId ?? customers.get(h.customerId)?.homeSiteId, h.channel, d);
    if (d < asOfDay - lookback - 1) continue;
    const k = index.get(h.customerId);
    if (k !== undefined) (contacts[k] as Placed[]).push({ day: d, channel: h.channel, topic: h.topic, exempt: h.topic === 'transactional' });
  }
  // Consent records per indexed customer, on or before asOf.
  const consentsOf: (Consent[] | undefined)[] = new Array(index.size);
  for (const c of options.consents ?? []) {
    if (c.date.getTime() > options.asOf.getTime()) continue;
    const k = index.get(c.customerId);
    if (k === undefined) continue;
    const list = consentsOf[k];
    if (list === undefined) consentsOf[k] = [c];
    else list.push(c);
  }
  /** The latest decision for the channel and purpose (on the same date a denial wins), and whether the channel's latest record bounced. */
  const consentOf = (k: number, channel: Channel, purpose: ConsentPurpose): { decision: boolean | undefined; bounced: boolean } => {
    let time = -Infinity;
    let decision: boolean | undefined;
    let btime = -Infinity;
    let bounced = false;
    for (const c of consentsOf[k] ?? []) {
      if (c.channel !== channel) continue;
      const t = c.date.getTime();
      if (t > btime) [btime, bounced] = [t, c.bounced === true];
      else if (t === btime && c.bounced === true) bounced = true;
      if (c.purpose !== purpose) continue;
      if (t > time) [time, decision] = [t, c.status === 'granted'];
      else if (t === time && c.status === 'denied') decision = false;
    }
    return { decision, bounced };
  };
  const capacities = new Map<string, number>();
  const capacityOf = (site: string | undefined, channel: Channel): number => {
    const key = `${site ?? ''}|${channel}`;
    const known = capacities.get(key);
    if (known !== undefined) return known;
    const limit = capacityLimit(site, channel);
    capacities.set(key, limit);
    return limit;
  };
  const capacityLimit = (site: string | undefined, channel: Channel): number => {
    let limit = Infinity;
    for (const r of policy.capacity ?? []) if (r.channel === channel && (r.siteId === undefined || r.siteId === site)) limit = Math.min(limit, r.perDay);
    const own = site === undefined ? undefined : sites.get(site)?.dailyCapacity?.[channel];
    return own === undefined ? limit : Math.min(limit, own);
  };
  const quietOf = (channel: Channel): { weekdays: Set<number>; from: number; to: number } => {
    const weekdays = new Set<number>();
    let from = 0;
    let to = 24;
    for (const q of policy.quiet ?? []) {
      if (q.channel !== channel) continue;
      for (const d of q.quietWeekdays ?? []) weekdays.add(d);
      from = Math.max(from, q.fromHour ?? 0);
      to = Math.min(to, q.toHour ?? 24);
    }
    return { weekdays, from, to };
  };
  const quiet = new Map<Channel, ReturnType<typeof quietOf>>([...CHANNELS].map((c) => [c, quietOf(c)]));

  // Arbitration order: priority, earliest, id.
  // Ids are ranked once (one string sort); every later order compares numbers.
  const n = proposals.length;
  const byIdOrder = Array.from({ length: n }, (_, i) => i);
  byIdOrder.sort((a, b) => ((proposals[a] as ContactProposal).id < (proposals[b] as ContactProposal).id ? -1 : 1));
  const idRank = new Uint32Array(n);
  byIdOrder.forEach((i, r) => (idRank[i] = r));
  const pri = Float64Array.from(proposals, (p) => p.priority ?? 0);
  const ear = Float64Array.from(proposals, (p) => Math.floor(p.earliest.getTime() / MS_PER_DAY));
  const orderIdx = Array.from({ length: n }, (_, i) => i);
  orderIdx.sort((a, b) => (pri[b] as number) - (pri[a] as number) || (ear[a] as number) - (ear[b] as number) || (idRank[a] as number) - (idRank[b] as number));
  const order = orderIdx.map((i) => ({ p: proposals[i] as ContactProposal, i, priority: pri[i] as number, earliest: ear[i] as number }));
  // What became of each proposal (0 scheduled, 1 deferred, 2 refused), listed in id order at the end.
  const fate = new Uint8Array(n);
  const outcome: (GovernedContact | UnplacedContact)[] = new Array(n);

  const scheduled: GovernedContact[] = [];
  const deferred: (GovernedContact | UnplacedContact)[] = [];
  const refused: UnplacedContact[] = [];
  const byRule: Record<string, number> = {};
  const count = (hits: readonly RuleHit[]): void => {
    hits.forEach((h, k) => {
      if (hits.findIndex((x) => x.rule === h.rule) === k) byRule[h.rule] = (byRule[h.rule] ?? 0) + 1;
    });
  };

  for (const { p, i, priority, earliest } of order) {
    const customer = customers.get(p.customerId);
    const ck = index.get(p.customerId) as number;
    const site = p.siteId ?? customer?.homeSiteId;
    const timeZone = (site === undefined ? undefined : sites.get(site)?.timeZone) ?? 'UTC';
    const purpose: ConsentPurpose = p.purpose ?? (SERVICE_TOPICS.has(p.topic) ? 'service' : 'marketing');
    const exempt = p.transactional === true;
    const reasons: RuleHit[] = [];
    // Channels the customer can be reached on for this purpose.
    const channels: Channel[] = [];
    for (const c of p.channels) {
      const state = consentOf(ck, c, purpose);
      if (state.bounced) {
        reasons.push({ rule: 'bounced', kind: 'bounced', channel: c, message: `the ${c} contact point bounced` });
        continue;
      }
      // A safety recall is a legal obligation: no opt-out stops it, only a dead contact point.
      if (p.safetyRecall !== true) {
        const decision = state.decision;
        if (decision === false) {
          reasons.push({ rule: 'consent', kind: 'consent', channel: c, message: `${purpose} consent denied on ${c}` });
          continue;
        }
        if (decision === undefined && consentRequired.has(c)) {
          reasons.push({ rule: 'consent', kind: 'consent', channel: c, message: `no ${purpose} consent on ${c}, which the policy requires` });
          continue;
        }
      }
      channels.push(c);
    }
    const from = Math.max(earliest, asOfDay);
    const latest = Math.floor(p.latest.getTime() / MS_PER_DAY);
    const to = Math.min(latest, lastDay);
    if (channels.length === 0 || latest < asOfDay) {
      if (latest < asOfDay) reasons.push({ rule: 'expired', kind: 'expired', message: `latest day ${isoDay(latest)} is before asOf` });
      count(reasons);
      fate[i] = 2;
      outcome[i] = { proposalId: p.id, customerId: p.customerId, reasons, nextAllowed: null };
      continue;
    }
    const own = contacts[ck] as Placed[];
    const household = customer?.householdId === undefined ? null : (members.get(customer.householdId) ?? null);
    let placed: { day: number; channel: Channel } | null = null;
    const firstBlock: RuleHit[] = [];
    // Each channel's next candidate day: a blocked rule tells the earliest day it could pass,
    // so the search skips the days in between (a full quarter, a month's window, a gap).
    const next = channels.map(() => from);
    for (let day = from; day <= to && placed === null; ) {
      for (let k = 0; k < channels.length; k++) {
        if ((next[k] as number) > day) continue;
        const channel = channels[k] as Channel;
        const collect = day === from ? firstBlock : null;
        const bound = evaluate(day, channel, collect);
        if (bound === 0) {
          placed = { day, channel };
          break;
        }
        next[k] = bound;
      }
      if (placed !== null) break;
      day = Math.min(...next);
    }
    if (placed === null) {
      const all = [...reasons, ...firstBlock];
      if (latest > lastDay) {
        all.push({ rule: 'horizon', kind: 'horizon', message: `no allowed day up to the horizon (${isoDay(lastDay)}); open until ${isoDay(latest)}` });
        count(all);
        fate[i] = 1;
        outcome[i] = { proposalId: p.id, customerId: p.customerId, reasons: all, nextAllowed: new Date((lastDay + 1) * MS_PER_DAY) };
      } else {
        count(all);
        fate[i] = 2;
        outcome[i] = { proposalId: p.id, customerId: p.customerId, reasons: all, nextAllowed: null };
      }
      continue;
    }
    const { day, channel } = placed;
    const q = quiet.get(channel) as ReturnType<typeof quietOf>;
    const hour = sendHour >= q.from && sendHour < q.to ? sendHour : q.from;
    own.push({ day, channel, topic: p.topic, exempt });
    takeCapacity(site, channel, day);
    const moved = day > from || channel !== channels[0] ? [...reasons, ...firstBlock] : reasons;
    const contact: GovernedContact = {
      proposalId: p.id,
      customerId: p.customerId,
      ...(p.vehicleId === undefined ? {} : { vehicleId: p.vehicleId }),
      campaignId: p.campaignId,
      topic: p.topic,
      channel,
      ...(site === undefined ? {} : { siteId: site }),
      day: new Date(day * MS_PER_DAY),
      at: zonedInstant(day, hour, timeZone),
      priority,
      deferredDays: day - from,
      allowedBy: exempt ? 'transactional' : p.safetyRecall === true ? 'safety-recall' : 'rules',
      reasons: moved,
    };
    if (day > from) {
      count(moved);
      fate[i] = 1;
    }
    outcome[i] = contact;

    /**
     * 0 when the proposal may go on this day and channel; otherwise the earliest later day at
     * which the rules that block it could pass (a lower bound: the search never skips a
     * feasible day). With `hits`, every blocking rule is described; without, the first one
     * found decides (the fast path of the later days).
     */
    function evaluate(d: number, channel: Channel, hits: RuleHit[] | null): number {
      let bound = 0;
      const qq = quiet.get(channel) as ReturnType<typeof quietOf>;
      if (qq.weekdays.has(weekdayOf(d)) || qq.from >= qq.to) {
        if (hits === null) return d + 1;
        bound = Math.max(bound, d + 1);
        noteHit(hits, { rule: `quiet:${channel}`, kind: 'quiet', channel, day: new Date(d * MS_PER_DAY), message: `${channel} is quiet on ${isoDay(d)}` });
      }
      const limit = capacityOf(site, channel);
      if (limit !== Infinity) {
        const count = site === undefined ? 0 : used(site, channel, d);
        if (count + 1 > limit) {
          if (hits === null) return d + 1;
          bound = Math.max(bound, d + 1);
          noteHit(hits, { rule: `capacity:${site ?? '*'}:${channel}`, kind: 'capacity', channel, day: new Date(d * MS_PER_DAY), counted: count, max: limit, message: `${site ?? 'the site'} is full for ${channel} on ${isoDay(d)} (${count}/${limit})` });
        }
      }
      if (exempt) return bound;
      for (const cap of caps) {
        if (!inScope(cap, channel, p.topic)) continue;
        if (cap.status !== undefined && customer?.status !== cap.status) continue;
        const pool = cap.per === 'household' && household !== null ? householdPool(cap) : own;
        const { counted, until } = capCount(cap, pool, d);
        if (counted + 1 > cap.max) {
          if (hits === null) return until;
          bound = Math.max(bound, until);
          noteHit(hits, { rule: cap.id, kind: 'cap', channel, day: new Date(d * MS_PER_DAY), counted, max: cap.max, message: `${cap.id}: ${counted} contact${counted === 1 ? '' : 's'} already in the window (max ${cap.max})` });
        }
      }
      for (const gap of gaps) {
        if (!inScope(gap, channel, p.topic)) continue;
        const near = nearest(own, (c) => !c.exempt && inScope(gap, c.channel, c.topic), d, gap.days);
        if (near === null) continue;
        if (hits === null) return near.last + gap.days;
        bound = Math.max(bound, near.last + gap.days);
        noteHit(hits, { rule: gap.id, kind: 'gap', channel, day: new Date(d * MS_PER_DAY), message: `${gap.id}: a contact on ${isoDay(near.first.day)}, less than ${gap.days} days away` });
      }
      for (const ex of exclusions) {
        const mine = p.topic === ex.topic ? ex.near : ex.near.includes(p.topic) ? [ex.topic] : null;
        if (mine === null) continue;
        const near = nearest(own, (c) => !c.exempt && mine.includes(c.topic), d, ex.days);
        if (near === null) continue;
        if (hits === null) return near.last + ex.days;
        bound = Math.max(bound, near.last + ex.days);
        noteHit(hits, { rule: ex.id, kind: 'exclusion', channel, day: new Date(d * MS_PER_DAY), message: `${ex.id}: a ${near.first.topic} contact on ${isoDay(near.first.day)}, less than ${ex.days} days away` });
      }
      return bound;
    }

    /** The contacts a household cap counts: every member's, or those of the members of the cap's status (a status narrows the cap to its customers). */
    function householdPool(cap: CapRule): Placed[] {
      const out: Placed[] = [];
      for (const id of household as string[]) {
        if (cap.status !== undefined && customers.get(id)?.status !== cap.status) continue;
        for (const c of contacts[index.get(id) as number] as Placed[]) out.push(c);
      }
      return out;
    }
  }

  for (const i of byIdOrder) {
    const o = outcome[i] as GovernedContact | UnplacedContact;
    if (fate[i] === 0) scheduled.push(o as GovernedContact);
    else if (fate[i] === 1) deferred.push(o);
    else refused.push(o as UnplacedContact);
  }
  // Contacts per site and day (the dates formatted once per site-day).
  const perSite = new Map<string, Map<number, number>>();
  for (const c of [...scheduled, ...deferred]) {
    if (!('day' in c) || c.siteId === undefined) continue;
    let days = perSite.get(c.siteId);
    if (days === undefined) perSite.set(c.siteId, (days = new Map()));
    const d = Math.floor(c.day.getTime() / MS_PER_DAY);
    days.set(d, (days.get(d) ?? 0) + 1);
  }
  const loadOut: Record<string, number> = {};
  for (const site of [...perSite.keys()].sort()) {
    const days = perSite.get(site) as Map<number, number>;
    for (const d of [...days.keys()].sort((a, b) => a - b)) loadOut[`${site}|${isoDay(d)}`] = days.get(d) as number;
  }
  return {
    scheduled,
    deferred,
    refused,
    stats: { proposals: proposals.length, scheduled: scheduled.length, deferred: deferred.length, refused: refused.length, byRule, load: loadOut },
  };
}

/** Adds a rule's hit to the evidence, once per rule and channel. */
function noteHit(hits: RuleHit[], h: RuleHit): void {
  if (!hits.some((f) => f.rule === h.rule && f.channel === h.channel)) hits.push(h);
}

/**
 * The contacts within `days` of `d` that match: the earliest of them (ties by channel, then
 * topic: the same evidence whatever the order of the history) and the latest day among them.
 */
function nearest(pool: readonly Placed[], match: (c: Placed) => boolean, d: number, days: number): { first: Placed; last: number } | null {
  let first: Placed | undefined;
  let last = -Infinity;
  for (const c of pool) {
    if (Math.abs(c.day - d) >= days || !match(c)) continue;
    if (first === undefined || c.day < first.day || (c.day === first.day && (c.channel < first.channel || (c.channel === first.channel && c.topic < first.topic)))) first = c;
    if (c.day > last) last = c.day;
  }
  return first === undefined ? null : { first, last };
}

/**
 * The most contacts a cap counts in any of its windows that contain `day`, the new contact
 * aside — the window ending on `day`, and every window ending on a later contact that reaches
 * back to `day` (a contact placed before a later one must not overfill the later one's
 * window); calendar windows are the whole period — and `until`, a day before which the cap
 * cannot pass: the next period for calendar windows; for rolling ones, the day the window
 * leaves behind the max-th most recent contact on or before `day` (a month is at least 28
 * days), or the next day when a later window is the full one.
 */
function capCount(cap: CapRule, pool: readonly Placed[], day: number): { counted: number; until: number } {
  const w = cap.window;
  const counts = (c: Placed): boolean => !c.exempt && inScope(cap, c.channel, c.topic);
  const [start, end] = windowOf(w, day);
  let own = 0;
  for (const c of pool) if (c.day >= start && c.day <= end && counts(c)) own++;
  if ('calendar' in w) return { counted: own, until: periodEnd(day, w.calendar) + 1 };
  let most = own;
  for (const c of pool) {
    if (c.day <= day || !counts(c)) continue;
    const [s, e] = windowOf(w, c.day);
    if (s > day) continue;
    let n = 0;
    for (const x of pool) if (x.day >= s && x.day <= e && counts(x)) n++;
    most = Math.max(most, n);
  }
  let until = day + 1;
  if (own + 1 > cap.max) {
    // The max-th most recent counted contact on or before `day` must leave the window.
    const past: number[] = [];
    for (const c of pool) if (c.day <= day && counts(c)) past.push(c.day);
    past.sort((a, b) => b - a);
    const pivot = past[cap.max - 1];
    if (pivot !== undefined) {
      const span = 'days' in w ? w.days : 28 * w.months;
      until = Math.max(until, (w.groupBy === undefined ? pivot : periodEnd(pivot, w.groupBy)) + span);
    }
  }
  return { counted: most, until };
}


