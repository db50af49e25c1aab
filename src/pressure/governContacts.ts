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
  /** Past contacts, and future ones already scheduled (`held-out` and `failed` ones are not counted). */
  readonly history?: readonly ContactEvent[] | undefined;
  /** Consent decisions; the latest on or before `asOf` per customer, channel and purpose counts. */
  readonly consents?: readonly Consent[] | undefined;
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

  // Indexes.
  const customers = new Map((options.customers ?? []).map((c) => [c.id, c]));
  const sites = new Map((options.sites ?? []).map((s) => [s.id, s]));
  const members = new Map<string, string[]>();
  for (const c of customers.values()) {
    if (c.householdId === undefined) continue;
    const list = members.get(c.householdId);
    if (list === undefined) members.set(c.householdId, [c.id]);
    else list.push(c.id);
  }
  const contacts = new Map<string, Placed[]>();
  const load = new Map<string, number>();
  const loadKey = (site: string, channel: Channel, day: number): string => `${site}|${channel}|${day}`;
  const add = (customerId: string, placed: Placed, site: string | undefined): void => {
    const list = contacts.get(customerId);
    if (list === undefined) contacts.set(customerId, [placed]);
    else list.push(placed);
    if (site !== undefined) load.set(loadKey(site, placed.channel, placed.day), (load.get(loadKey(site, placed.channel, placed.day)) ?? 0) + 1);
  };
  for (const h of options.history ?? []) {
    if (!COUNTED.has(h.deliveryStatus)) continue;
    add(h.customerId, { day: Math.floor(h.sentAt.getTime() / MS_PER_DAY), channel: h.channel, topic: h.topic, exempt: h.topic === 'transactional' }, h.siteId ?? customers.get(h.customerId)?.homeSiteId);
  }
  // Consent: the latest decision on or before asOf per customer, channel and purpose; bounced per channel.
  const consent = new Map<string, { time: number; granted: boolean }>();
  const bounced = new Map<string, { time: number; bounced: boolean }>();
  for (const c of options.consents ?? []) {
    const t = c.date.getTime();
    if (t > options.asOf.getTime()) continue;
    const key = `${c.customerId}|${c.channel}|${c.purpose}`;
    const prev = consent.get(key);
    // The latest decision counts; on the same date a denial wins.
    if (prev === undefined || t > prev.time) consent.set(key, { time: t, granted: c.status === 'granted' });
    else if (t === prev.time && c.status === 'denied') consent.set(key, { time: t, granted: false });
    // The latest record of the channel (any purpose) says whether the contact point bounces.
    const bkey = `${c.customerId}|${c.channel}`;
    const b = bounced.get(bkey);
    if (b === undefined || t > b.time) bounced.set(bkey, { time: t, bounced: c.bounced === true });
    else if (t === b.time && c.bounced === true) bounced.set(bkey, { time: t, bounced: true });
  }
  const capacityOf = (site: string | undefined, channel: Channel): number => {
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
  const order = proposals.map((p, i) => ({ p, i, priority: p.priority ?? 0, earliest: Math.floor(p.earliest.getTime() / MS_PER_DAY) }));
  order.sort((a, b) => b.priority - a.priority || a.earliest - b.earliest || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0));

  const scheduled: GovernedContact[] = [];
  const deferred: (GovernedContact | UnplacedContact)[] = [];
  const refused: UnplacedContact[] = [];
  const byRule: Record<string, number> = {};
  const count = (hits: readonly RuleHit[]): void => {
    for (const r of new Set(hits.map((h) => h.rule))) byRule[r] = (byRule[r] ?? 0) + 1;
  };

  for (const { p, priority, earliest } of order) {
    const customer = customers.get(p.customerId);
    const site = p.siteId ?? customer?.homeSiteId;
    const timeZone = (site === undefined ? undefined : sites.get(site)?.timeZone) ?? 'UTC';
    const purpose: ConsentPurpose = p.purpose ?? (SERVICE_TOPICS.has(p.topic) ? 'service' : 'marketing');
    const exempt = p.transactional === true;
    const reasons: RuleHit[] = [];
    // Channels the customer can be reached on for this purpose.
    const channels: Channel[] = [];
    for (const c of p.channels) {
      if (bounced.get(`${p.customerId}|${c}`)?.bounced === true) {
        reasons.push({ rule: 'bounced', kind: 'bounced', channel: c, message: `the ${c} contact point bounced` });
        continue;
      }
      // A safety recall is a legal obligation: no opt-out stops it, only a dead contact point.
      if (p.safetyRecall !== true) {
        const decision = consent.get(`${p.customerId}|${c}|${purpose}`);
        if (decision !== undefined && !decision.granted) {
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
      refused.push({ proposalId: p.id, customerId: p.customerId, reasons, nextAllowed: null });
      continue;
    }
    const own = contacts.get(p.customerId) ?? [];
    const household = customer?.householdId === undefined ? null : (members.get(customer.householdId) ?? null);
    let placed: { day: number; channel: Channel } | null = null;
    const firstBlock: RuleHit[] = [];
    for (let day = from; day <= to && placed === null; day++) {
      for (const channel of channels) {
        const hits = check(day, channel);
        if (hits.length === 0) {
          placed = { day, channel };
          break;
        }
        if (firstBlock.length === 0 || day === from) for (const h of hits) if (!firstBlock.some((f) => f.rule === h.rule && f.channel === h.channel)) firstBlock.push(h);
      }
    }
    if (placed === null) {
      const all = [...reasons, ...firstBlock];
      if (latest > lastDay) {
        all.push({ rule: 'horizon', kind: 'horizon', message: `no allowed day up to the horizon (${isoDay(lastDay)}); open until ${isoDay(latest)}` });
        count(all);
        deferred.push({ proposalId: p.id, customerId: p.customerId, reasons: all, nextAllowed: new Date((lastDay + 1) * MS_PER_DAY) });
      } else {
        count(all);
        refused.push({ proposalId: p.id, customerId: p.customerId, reasons: all, nextAllowed: null });
      }
      continue;
    }
    const { day, channel } = placed;
    const q = quiet.get(channel) as ReturnType<typeof quietOf>;
    const hour = sendHour >= q.from && sendHour < q.to ? sendHour : q.from;
    add(p.customerId, { day, channel, topic: p.topic, exempt }, site);
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
      deferred.push(contact);
    } else scheduled.push(contact);

    /** Every rule that placing the proposal on this day and channel would break. */
    function check(d: number, channel: Channel): RuleHit[] {
      const hits: RuleHit[] = [];
      const at = new Date(d * MS_PER_DAY);
      const qq = quiet.get(channel) as ReturnType<typeof quietOf>;
      if (qq.weekdays.has(weekdayOf(d)) || qq.from >= qq.to) hits.push({ rule: `quiet:${channel}`, kind: 'quiet', channel, day: at, message: `${channel} is quiet on ${isoDay(d)}` });
      const limit = capacityOf(site, channel);
      if (Number.isFinite(limit)) {
        const used = site === undefined ? 0 : (load.get(loadKey(site, channel, d)) ?? 0);
        if (used + 1 > limit) hits.push({ rule: `capacity:${site ?? '*'}:${channel}`, kind: 'capacity', channel, day: at, counted: used, max: limit, message: `${site ?? 'the site'} is full for ${channel} on ${isoDay(d)} (${used}/${limit})` });
      }
      if (exempt) return hits;
      for (const cap of caps) {
        if (!inScope(cap, channel, p.topic)) continue;
        if (cap.status !== undefined && customer?.status !== cap.status) continue;
        // A status narrows the cap to the customers of that status: it counts their contacts only.
        const pool = cap.per === 'household' && household !== null ? household.filter((id) => cap.status === undefined || customers.get(id)?.status === cap.status).flatMap((id) => contacts.get(id) ?? []) : own;
        const counted = capCount(cap, pool, d);
        if (counted + 1 > cap.max) hits.push({ rule: cap.id, kind: 'cap', channel, day: at, counted, max: cap.max, message: `${cap.id}: ${counted} contact${counted === 1 ? '' : 's'} already in the window (max ${cap.max})` });
      }
      for (const gap of gaps) {
        if (!inScope(gap, channel, p.topic)) continue;
        const near = earliestOf(own, (c) => !c.exempt && inScope(gap, c.channel, c.topic) && Math.abs(c.day - d) < gap.days);
        if (near !== undefined) hits.push({ rule: gap.id, kind: 'gap', channel, day: at, message: `${gap.id}: a contact on ${isoDay(near.day)}, less than ${gap.days} days away` });
      }
      for (const ex of exclusions) {
        const mine = p.topic === ex.topic ? ex.near : ex.near.includes(p.topic) ? [ex.topic] : null;
        if (mine === null) continue;
        const near = earliestOf(own, (c) => !c.exempt && mine.includes(c.topic) && Math.abs(c.day - d) < ex.days);
        if (near !== undefined) hits.push({ rule: ex.id, kind: 'exclusion', channel, day: at, message: `${ex.id}: a ${near.topic} contact on ${isoDay(near.day)}, less than ${ex.days} days away` });
      }
      return hits;
    }
  }

  const loadOut: Record<string, number> = {};
  for (const c of [...scheduled, ...deferred]) {
    if (!('day' in c) || c.siteId === undefined) continue;
    const key = `${c.siteId}|${isoDay(Math.floor(c.day.getTime() / MS_PER_DAY))}`;
    loadOut[key] = (loadOut[key] ?? 0) + 1;
  }
  const byId = (a: { proposalId: string }, b: { proposalId: string }): number => (a.proposalId < b.proposalId ? -1 : a.proposalId > b.proposalId ? 1 : 0);
  scheduled.sort(byId);
  deferred.sort(byId);
  refused.sort(byId);
  return {
    scheduled,
    deferred,
    refused,
    stats: { proposals: proposals.length, scheduled: scheduled.length, deferred: deferred.length, refused: refused.length, byRule, load: loadOut },
  };
}

/** The earliest contact that matches (ties by channel, then topic): the same evidence whatever the order of the history. */
function earliestOf(pool: readonly Placed[], match: (c: Placed) => boolean): Placed | undefined {
  let best: Placed | undefined;
  for (const c of pool) {
    if (!match(c)) continue;
    if (best === undefined || c.day < best.day || (c.day === best.day && (c.channel < best.channel || (c.channel === best.channel && c.topic < best.topic)))) best = c;
  }
  return best;
}

/**
 * The most contacts a cap would count in any of its windows that contain `day`, the new
 * contact aside: the window ending on `day`, and every window ending on a later contact that
 * reaches back to `day` (a contact placed before a later one must not overfill the later one's
 * window). Calendar windows are the whole period.
 */
function capCount(cap: CapRule, pool: readonly Placed[], day: number): number {
  const counted = pool.filter((c) => !c.exempt && inScope(cap, c.channel, c.topic));
  const within = (a: number, b: number): number => counted.reduce((n, c) => n + (c.day >= a && c.day <= b ? 1 : 0), 0);
  const [start, end] = windowOf(cap.window, day);
  let most = within(start, end);
  if (!('calendar' in cap.window)) {
    for (const c of counted) {
      if (c.day <= day) continue;
      const [s, e] = windowOf(cap.window, c.day);
      if (s <= day) most = Math.max(most, within(s, e));
    }
  }
  return most;
}


