import type { RelanceIssue } from '../errors';
import { MS_PER_DAY } from '../internal/epochDays';
import { batchError, fieldError, openUnit, show } from './checks';
import { measureLift } from './measureLift';
import type { MeanLift, RateInterval, RateLift } from './measureLift';

/**
 * One contact of a campaign, or one held-out customer. A held-out customer is logged like a
 * contact (with the date they would have been contacted, and `holdout: true`) so that both arms
 * start their attribution window at the same time. From a domain `ContactEvent`:
 * `{ customerId, campaignId, channel, date: sentAt, holdout: deliveryStatus === 'held-out' }`.
 */
export interface CampaignContact {
  readonly customerId: string;
  readonly campaignId: string;
  /** The channel (`email`, `sms`, `phone`, `mail`, …): the key of `costs`. */
  readonly channel: string;
  /** When it was sent (or would have been, for a held-out customer); read as a UTC calendar day. */
  readonly date: Date;
  /** True for a held-out customer: not contacted, no cost. */
  readonly holdout: boolean;
}

/** Something a customer did that a campaign may have caused: a visit, a booking, a purchase. */
export interface CampaignOutcome {
  readonly customerId: string;
  /** The campaign it is known to answer (a coupon code, a tracked link); left out, it can be attributed to any campaign. */
  readonly campaignId?: string | undefined;
  /** When it happened; read as a UTC calendar day. */
  readonly date: Date;
  /** Whether it is a conversion. Default: true when `revenue` is positive. */
  readonly converted?: boolean | undefined;
  /** The money it brought (revenue, or margin for a margin ROI); may be negative (a refund). Default 0. */
  readonly revenue?: number | undefined;
}

/** Options of {@link campaignReport}. */
export interface CampaignReportOptions {
  /** The day of the report: contacts and outcomes after it are left out (and counted in `excluded`). */
  readonly asOf: Date;
  /** Days after the first contact during which an outcome counts, the contact's day being day 0. Default 30. */
  readonly attributionDays?: number | undefined;
  /** Cost per contact by channel (e.g. `{ email: 0.002, sms: 0.05, mail: 0.9 }`); every treated contact's channel must be priced. */
  readonly costs?: Readonly<Record<string, number>> | undefined;
  /** The rate interval of the lifts (see {@link measureLift}). Default `newcombe`. */
  readonly interval?: RateInterval | undefined;
  /** Default 0.95. */
  readonly confLevel?: number | undefined;
}

/** One arm of one campaign. */
export interface CampaignArmReport {
  /** Distinct customers. */
  readonly customers: number;
  /** Contact records (held-out records for the holdout arm). */
  readonly contacts: number;
  /** Customers with at least one attributed outcome. */
  readonly responses: number;
  /** responses / customers; `null` without customers. */
  readonly responseRate: number | null;
  /** Customers with at least one attributed conversion. */
  readonly conversions: number;
  /** conversions / customers; `null` without customers. */
  readonly conversionRate: number | null;
  /** Attributed revenue, all outcomes of the window summed. */
  readonly revenue: number;
  /** revenue / customers; `null` without customers. */
  readonly revenuePerCustomer: number | null;
  /** Customers whose attribution window is still open at `asOf` (their outcomes are not all in yet). */
  readonly openWindows: number;
}

/** Contacts and cost of one channel of a campaign (treated arm). */
export interface CampaignChannelCost {
  readonly channel: string;
  readonly contacts: number;
  /** contacts × cost per contact; `null` without `costs`. */
  readonly cost: number | null;
}

/** One day of the cumulative curve, `day` days after each customer's first contact. */
export interface CampaignCurvePoint {
  readonly day: number;
  /** Treated customers observed for at least `day` days (first contact + day ≤ asOf). */
  readonly treatedObserved: number;
  /** Held-out customers observed for at least `day` days. */
  readonly holdoutObserved: number;
  /** Observed treated customers converted by `day`. */
  readonly treatedConversions: number;
  /** Observed held-out customers converted by `day`. */
  readonly holdoutConversions: number;
  /** treatedConversions / treatedObserved; `null` when none is observed. */
  readonly treatedConversionRate: number | null;
  /** holdoutConversions / holdoutObserved; `null` when none is observed. */
  readonly holdoutConversionRate: number | null;
  /** treatedConversionRate − holdoutConversionRate; `null` when either is. */
  readonly difference: number | null;
  /** Revenue by `day` per observed treated customer; `null` when none is observed. */
  readonly treatedRevenuePerCustomer: number | null;
  /** Revenue by `day` per observed held-out customer; `null` when none is observed. */
  readonly holdoutRevenuePerCustomer: number | null;
}

/** The report of one campaign. */
export interface CampaignResult {
  readonly campaignId: string;
  /** The first and last contact days (midnight UTC). */
  readonly firstContact: Date;
  readonly lastContact: Date;
  readonly treated: CampaignArmReport;
  readonly holdout: CampaignArmReport;
  /** Response rate, treated against holdout; `null` when an arm is empty. */
  readonly responseLift: RateLift | null;
  /** Conversion rate, treated against holdout; `null` when an arm is empty. */
  readonly conversionLift: RateLift | null;
  /** Revenue per customer (zeros included), Welch; `null` when an arm has fewer than 2 customers. */
  readonly revenueLift: MeanLift | null;
  /** Treated contacts × their channel's cost; `null` without `costs`. */
  readonly cost: number | null;
  /** (treated − holdout conversion rate) × treated customers; `null` without a holdout. */
  readonly incrementalConversions: number | null;
  /** (treated − holdout revenue per customer) × treated customers; `null` without a holdout. */
  readonly incrementalRevenue: number | null;
  /** (incrementalRevenue − cost) / cost; `null` without costs, a positive cost or a holdout. */
  readonly roi: number | null;
  /** The ROI at the revenue lift's lower bound; `null` when `roi` or `revenueLift` is. */
  readonly roiLower: number | null;
  /** The ROI at the revenue lift's upper bound. */
  readonly roiUpper: number | null;
  /** Treated contacts and cost per channel, by channel name. */
  readonly channels: CampaignChannelCost[];
  /** The day-by-day cumulative curve, day 0 to the last day observed within the window. */
  readonly curve: CampaignCurvePoint[];
}

/** What {@link campaignReport} returns. */
export interface CampaignReport {
  readonly asOf: Date;
  readonly attributionDays: number;
  /** One report per campaign, by campaign id. */
  readonly campaigns: CampaignResult[];
  /** Records left out, so that nothing is dropped silently. */
  readonly excluded: {
    /** Contacts dated after `asOf` (planned). */
    readonly contactsAfterAsOf: number;
    /** Outcomes dated after `asOf`. */
    readonly outcomesAfterAsOf: number;
    /** Outcomes up to `asOf` that fall in no campaign's window for their customer. */
    readonly outcomesUnattributed: number;
  };
}

const FN = 'campaignReport';
const MAX_ISSUES = 20;
const MAX_ATTRIBUTION_DAYS = 3660;

interface Exposure {
  /** First contact day (epoch day). */
  day: number;
  holdout: boolean;
  /** The contact record that fixed the arm, for error messages. */
  readonly index: number;
}

interface Outcome {
  readonly index: number;
  readonly day: number;
  readonly campaignId: string | undefined;
  readonly converted: boolean;
  readonly revenue: number;
}

interface CampaignAccumulator {
  readonly exposures: Map<string, Exposure>;
  treatedContacts: number;
  holdoutContacts: number;
  firstDay: number;
  lastDay: number;
  readonly channels: Map<string, number>;
}

function dayOf(value: unknown): number | null {
  if (!(value instanceof Date)) return null;
  const ms = value.getTime();
  return Number.isFinite(ms) ? Math.floor(ms / MS_PER_DAY) : null;
}

/**
 * A campaign's results against its holdout: per campaign and arm (treated, held out), the
 * contacts, responses, conversions and revenue, the lifts with their confidence intervals
 * ({@link measureLift}), the cost and ROI given a cost per contact and channel, and the
 * day-by-day cumulative conversion curve.
 *
 * **Attribution.** A customer enters a campaign on the day of their first contact record in it
 * (held-out records included): that is day 0 of their window, which lasts `attributionDays` days
 * (days 0 to attributionDays − 1, in UTC calendar days, and never past `asOf`). An outcome of the
 * customer belongs to the campaign when it falls in that window and names the campaign or no
 * campaign; an outcome before the first contact does not count. The customer *responded* when
 * any outcome belongs, *converted* when a converting one does; their revenue is the sum over all
 * the outcomes that belong. An outcome without `campaignId` counts for every campaign whose window
 * holds it: each campaign is measured against its own holdout, so the lift is incremental to
 * that campaign whatever else the customer received (no last-touch split). A customer contacted
 * several times counts once; every treated contact record costs its channel's price.
 *
 * **Curve.** For day d = 0, 1, …: among customers observed for at least d days (first contact + d
 * ≤ asOf), the share converted by day d in each arm, and the revenue by day d per customer, so
 * that customers contacted yesterday do not drag the later days down.
 *
 * **ROI.** incremental revenue = (treated − holdout revenue per customer) × treated customers;
 * ROI = (incremental revenue − cost) / cost, with bounds from the revenue lift's interval.
 *
 * @param contacts - contact and held-out records (see {@link CampaignContact})
 * @param outcomes - outcomes (see {@link CampaignOutcome})
 * @param options - `asOf`, the attribution window, costs per channel, the interval and level
 * @returns one report per campaign, sorted by id, and the counts of records left out
 * @throws RelanceError `invalid_input` for bad options, a channel without a cost, a customer both
 *   held out and treated in one campaign, or bad records (up to 20 issues, with their paths:
 *   `contacts[3].date`)
 *
 * @example
 * ```ts
 * import { campaignReport } from 'relance/measure';
 *
 * const day = (d: number) => new Date(Date.UTC(2024, 2, d));
 * const report = campaignReport(
 *   [
 *     { customerId: 'A', campaignId: 'spring', channel: 'email', date: day(1), holdout: false },
 *     { customerId: 'B', campaignId: 'spring', channel: 'email', date: day(1), holdout: false },
 *     { customerId: 'C', campaignId: 'spring', channel: 'email', date: day(1), holdout: true },
 *     { customerId: 'D', campaignId: 'spring', channel: 'email', date: day(2), holdout: true },
 *   ],
 *   [
 *     { customerId: 'A', date: day(5), revenue: 180 },
 *     { customerId: 'D', date: day(20), revenue: 90 },
 *     { customerId: 'B', date: day(28), converted: true, revenue: 40 }, // outside B's 14-day window
 *   ],
 *   { asOf: day(31), attributionDays: 14, costs: { email: 0.5 } },
 * );
 * const spring = report.campaigns[0]!;
 * [spring.treated.conversions, spring.holdout.conversions]; // [1, 0]
 * spring.incrementalRevenue; // 180: (90 − 0) per customer × 2
 * spring.roi; // 179: (180 − 1) / 1
 * report.excluded.outcomesUnattributed; // 2 (D's outcome is out of the window too)
 * ```
 */
export function campaignReport(contacts: Iterable<CampaignContact>, outcomes: Iterable<CampaignOutcome>, options: CampaignReportOptions): CampaignReport {
  if (options === null || typeof options !== 'object') throw fieldError(FN, ['options'], `must be an object with asOf, got ${show(options)}`);
  const asOfDay = dayOf(options.asOf);
  if (asOfDay === null) throw fieldError(FN, ['asOf'], `must be a valid Date, got ${show(options.asOf)}`);
  const window = options.attributionDays ?? 30;
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 1 || window > MAX_ATTRIBUTION_DAYS) {
    throw fieldError(FN, ['attributionDays'], `must be an integer from 1 to ${MAX_ATTRIBUTION_DAYS}, got ${show(window)}`);
  }
  const costs = options.costs;
  if (costs !== undefined) {
    if (costs === null || typeof costs !== 'object') throw fieldError(FN, ['costs'], `must be an object of costs per channel, got ${show(costs)}`);
    for (const [channel, cost] of Object.entries(costs)) {
      if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) throw fieldError(FN, ['costs', channel], `must be a finite non-negative cost per contact, got ${show(cost)}`);
    }
  }
  const interval = options.interval ?? 'newcombe';
  if (interval !== 'newcombe' && interval !== 'wald') throw fieldError(FN, ['interval'], `must be 'newcombe' or 'wald', got ${show(interval)}`);
  const confLevel = options.confLevel === undefined ? 0.95 : openUnit(FN, ['confLevel'], options.confLevel);
  if (!isIterable(contacts)) throw fieldError(FN, ['contacts'], `must be an iterable of contacts, got ${show(contacts)}`);
  if (!isIterable(outcomes)) throw fieldError(FN, ['outcomes'], `must be an iterable of outcomes, got ${show(outcomes)}`);

  const issues: RelanceIssue[] = [];
  let issueCount = 0;
  const report = (path: (string | number)[], message: string, code = 'invalid_value'): void => {
    issueCount++;
    if (issues.length < MAX_ISSUES) issues.push({ code, path, message });
  };

  // Contacts → one exposure per campaign and customer.
  const campaigns = new Map<string, CampaignAccumulator>();
  let contactsAfterAsOf = 0;
  let index = -1;
  for (const contact of contacts) {
    index++;
    if (contact === null || typeof contact !== 'object') {
      report(['contacts', index], `expected a contact object, got ${show(contact)}`);
      continue;
    }
    const { customerId, campaignId, channel, holdout } = contact;
    const day = dayOf(contact.date);
    let bad = false;
    if (typeof customerId !== 'string' || customerId.length === 0) bad = flag(report, ['contacts', index, 'customerId'], 'expected a non-empty string', customerId);
    if (typeof campaignId !== 'string' || campaignId.length === 0) bad = flag(report, ['contacts', index, 'campaignId'], 'expected a non-empty string', campaignId);
    if (typeof channel !== 'string' || channel.length === 0) bad = flag(report, ['contacts', index, 'channel'], 'expected a non-empty string', channel);
    if (day === null) bad = flag(report, ['contacts', index, 'date'], 'expected a valid Date', contact.date);
    if (typeof holdout !== 'boolean') bad = flag(report, ['contacts', index, 'holdout'], 'expected a boolean', holdout);
    if (bad || day === null) continue;
    if (day > asOfDay) {
      contactsAfterAsOf++;
      continue;
    }
    if (!holdout && costs !== undefined && !Object.hasOwn(costs, channel)) {
      report(['contacts', index, 'channel'], `has no cost: costs has no entry for ${show(channel)}`, 'unknown_channel');
      continue;
    }
    let campaign = campaigns.get(campaignId);
    if (campaign === undefined) {
      campaign = { exposures: new Map(), treatedContacts: 0, holdoutContacts: 0, firstDay: day, lastDay: day, channels: new Map() };
      campaigns.set(campaignId, campaign);
    }
    const exposure = campaign.exposures.get(customerId);
    if (exposure === undefined) campaign.exposures.set(customerId, { day, holdout, index });
    else if (exposure.holdout !== holdout) {
      report(['contacts', index, 'holdout'], `customer ${show(customerId)} is ${exposure.holdout ? 'held out of' : 'treated in'} campaign ${show(campaignId)} at contacts[${exposure.index}] but ${holdout ? 'held out' : 'treated'} here`, 'inconsistent_arm');
      continue;
    } else if (day < exposure.day) exposure.day = day;
    if (holdout) campaign.holdoutContacts++;
    else {
      campaign.treatedContacts++;
      campaign.channels.set(channel, (campaign.channels.get(channel) ?? 0) + 1);
    }
    if (day < campaign.firstDay) campaign.firstDay = day;
    if (day > campaign.lastDay) campaign.lastDay = day;
  }

  // Outcomes → by customer.
  const byCustomer = new Map<string, Outcome[]>();
  let outcomesAfterAsOf = 0;
  let outcomeCount = 0;
  index = -1;
  for (const outcome of outcomes) {
    index++;
    if (outcome === null || typeof outcome !== 'object') {
      report(['outcomes', index], `expected an outcome object, got ${show(outcome)}`);
      continue;
    }
    const { customerId, campaignId, converted, revenue } = outcome;
    const day = dayOf(outcome.date);
    let bad = false;
    if (typeof customerId !== 'string' || customerId.length === 0) bad = flag(report, ['outcomes', index, 'customerId'], 'expected a non-empty string', customerId);
    if (campaignId !== undefined && (typeof campaignId !== 'string' || campaignId.length === 0)) bad = flag(report, ['outcomes', index, 'campaignId'], 'expected a non-empty string or nothing', campaignId);
    if (day === null) bad = flag(report, ['outcomes', index, 'date'], 'expected a valid Date', outcome.date);
    if (converted !== undefined && typeof converted !== 'boolean') bad = flag(report, ['outcomes', index, 'converted'], 'expected a boolean or nothing', converted);
    if (revenue !== undefined && (typeof revenue !== 'number' || !Number.isFinite(revenue))) bad = flag(report, ['outcomes', index, 'revenue'], 'expected a finite number or nothing', revenue);
    if (bad || day === null) continue;
    outcomeCount++;
    if (day > asOfDay) {
      outcomesAfterAsOf++;
      continue;
    }
    const money = revenue ?? 0;
    const record: Outcome = { index: outcomeCount - 1, day, campaignId, converted: converted ?? money > 0, revenue: money };
    const list = byCustomer.get(customerId);
    if (list === undefined) byCustomer.set(customerId, [record]);
    else list.push(record);
  }
  if (issueCount > 0) throw batchError(FN, 'records', issues, issueCount);

  // Sums in a fixed order, so that the report is the same, to the last bit, whatever the input order.
  for (const list of byCustomer.values()) list.sort(byOutcome);
  const attributed = new Uint8Array(outcomeCount);
  const campaignIds = [...campaigns.keys()].sort(compareStrings);
  const results = campaignIds.map((campaignId) =>
    reportCampaign(campaignId, campaigns.get(campaignId) as CampaignAccumulator, byCustomer, attributed, asOfDay, window, costs, interval, confLevel),
  );
  let outcomesUnattributed = 0;
  for (const list of byCustomer.values()) for (const o of list) if (attributed[o.index] === 0) outcomesUnattributed++;
  return {
    asOf: new Date(options.asOf.getTime()),
    attributionDays: window,
    campaigns: results,
    excluded: { contactsAfterAsOf, outcomesAfterAsOf, outcomesUnattributed },
  };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byOutcome(a: Outcome, b: Outcome): number {
  return a.day - b.day || a.revenue - b.revenue || compareStrings(a.campaignId ?? '', b.campaignId ?? '') || Number(a.converted) - Number(b.converted);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function flag(report: (path: (string | number)[], message: string) => void, path: (string | number)[], expected: string, value: unknown): true {
  report(path, `${expected}, got ${show(value)}`);
  return true;
}

/** Per-arm accumulation of one campaign. */
class ArmTally {
  customers = 0;
  contacts = 0;
  responses = 0;
  conversions = 0;
  revenue = 0;
  openWindows = 0;
  readonly revenues: number[] = [];
  /** Difference arrays over the curve's days: observed customers, conversions, revenue. */
  readonly observed: Float64Array;
  readonly converted: Float64Array;
  readonly money: Float64Array;

  constructor(days: number) {
    this.observed = new Float64Array(days + 1);
    this.converted = new Float64Array(days + 1);
    this.money = new Float64Array(days + 1);
  }

  summary(): CampaignArmReport {
    const n = this.customers;
    return {
      customers: n,
      contacts: this.contacts,
      responses: this.responses,
      responseRate: n > 0 ? this.responses / n : null,
      conversions: this.conversions,
      conversionRate: n > 0 ? this.conversions / n : null,
      revenue: this.revenue,
      revenuePerCustomer: n > 0 ? this.revenue / n : null,
      openWindows: this.openWindows,
    };
  }
}

function reportCampaign(
  campaignId: string,
  campaign: CampaignAccumulator,
  byCustomer: ReadonlyMap<string, readonly Outcome[]>,
  attributed: Uint8Array,
  asOfDay: number,
  window: number,
  costs: Readonly<Record<string, number>> | undefined,
  interval: RateInterval,
  confLevel: number,
): CampaignResult {
  const treated = new ArmTally(window);
  const holdout = new ArmTally(window);
  treated.contacts = campaign.treatedContacts;
  holdout.contacts = campaign.holdoutContacts;
  let curveDays = 0;
  const customerIds = [...campaign.exposures.keys()].sort(compareStrings);
  for (const customerId of customerIds) {
    const exposure = campaign.exposures.get(customerId) as Exposure;
    const arm = exposure.holdout ? holdout : treated;
    arm.customers++;
    // The last day of the window that asOf lets us see, as an offset from the first contact.
    const lastSeen = Math.min(window - 1, asOfDay - exposure.day);
    if (exposure.day + window - 1 > asOfDay) arm.openWindows++;
    curveDays = Math.max(curveDays, lastSeen + 1);
    arm.observed[0] = (arm.observed[0] as number) + 1;
    arm.observed[lastSeen + 1] = (arm.observed[lastSeen + 1] as number) - 1;
    let responded = false;
    let firstConversion = -1;
    let revenue = 0;
    for (const o of byCustomer.get(customerId) ?? []) {
      const offset = o.day - exposure.day;
      if (offset < 0 || offset > lastSeen) continue;
      if (o.campaignId !== undefined && o.campaignId !== campaignId) continue;
      attributed[o.index] = 1;
      responded = true;
      revenue += o.revenue;
      arm.money[offset] = (arm.money[offset] as number) + o.revenue;
      arm.money[lastSeen + 1] = (arm.money[lastSeen + 1] as number) - o.revenue;
      if (o.converted && (firstConversion < 0 || offset < firstConversion)) firstConversion = offset;
    }
    if (responded) arm.responses++;
    if (firstConversion >= 0) {
      arm.conversions++;
      arm.converted[firstConversion] = (arm.converted[firstConversion] as number) + 1;
      arm.converted[lastSeen + 1] = (arm.converted[lastSeen + 1] as number) - 1;
    }
    arm.revenue += revenue;
    arm.revenues.push(revenue);
  }

  const rateOptions = { interval, confLevel };
  const bothArms = treated.customers > 0 && holdout.customers > 0;
  const responseLift = bothArms
    ? measureLift({ treated: { n: treated.customers, successes: treated.responses }, control: { n: holdout.customers, successes: holdout.responses } }, rateOptions)
    : null;
  const conversionLift = bothArms
    ? measureLift({ treated: { n: treated.customers, successes: treated.conversions }, control: { n: holdout.customers, successes: holdout.conversions } }, rateOptions)
    : null;
  const revenueLift =
    treated.customers >= 2 && holdout.customers >= 2
      ? measureLift({ treated: { values: treated.revenues }, control: { values: holdout.revenues } }, { metric: 'mean', confLevel })
      : null;

  const channels: CampaignChannelCost[] = [...campaign.channels.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([channel, contacts]) => ({ channel, contacts, cost: costs === undefined ? null : contacts * (costs[channel] as number) }));
  let cost: number | null = null;
  if (costs !== undefined) {
    cost = 0;
    for (const c of channels) cost += c.cost as number;
  }
  const t = treated.summary();
  const h = holdout.summary();
  const incrementalConversions = bothArms ? ((t.conversionRate as number) - (h.conversionRate as number)) * t.customers : null;
  const incrementalRevenue = bothArms ? ((t.revenuePerCustomer as number) - (h.revenuePerCustomer as number)) * t.customers : null;
  const roiOf = (gain: number | null): number | null => (gain === null || cost === null || !(cost > 0) ? null : (gain - cost) / cost);
  const roi = roiOf(incrementalRevenue);

  return {
    campaignId,
    firstContact: new Date(campaign.firstDay * MS_PER_DAY),
    lastContact: new Date(campaign.lastDay * MS_PER_DAY),
    treated: t,
    holdout: h,
    responseLift,
    conversionLift,
    revenueLift,
    cost,
    incrementalConversions,
    incrementalRevenue,
    roi,
    roiLower: roi === null || revenueLift === null ? null : roiOf(revenueLift.lower * t.customers),
    roiUpper: roi === null || revenueLift === null ? null : roiOf(revenueLift.upper * t.customers),
    channels,
    curve: curveOf(treated, holdout, curveDays),
  };
}

function curveOf(treated: ArmTally, holdout: ArmTally, days: number): CampaignCurvePoint[] {
  const curve: CampaignCurvePoint[] = [];
  let tObserved = 0;
  let hObserved = 0;
  let tConverted = 0;
  let hConverted = 0;
  let tMoney = 0;
  let hMoney = 0;
  for (let day = 0; day < days; day++) {
    tObserved += treated.observed[day] as number;
    hObserved += holdout.observed[day] as number;
    tConverted += treated.converted[day] as number;
    hConverted += holdout.converted[day] as number;
    tMoney += treated.money[day] as number;
    hMoney += holdout.money[day] as number;
    const tRate = tObserved > 0 ? tConverted / tObserved : null;
    const hRate = hObserved > 0 ? hConverted / hObserved : null;
    curve.push({
      day,
      treatedObserved: tObserved,
      holdoutObserved: hObserved,
      treatedConversions: tConverted,
      holdoutConversions: hConverted,
      treatedConversionRate: tRate,
      holdoutConversionRate: hRate,
      difference: tRate === null || hRate === null ? null : tRate - hRate,
      treatedRevenuePerCustomer: tObserved > 0 ? tMoney / tObserved : null,
      holdoutRevenuePerCustomer: hObserved > 0 ? hMoney / hObserved : null,
    });
  }
  return curve;
}
