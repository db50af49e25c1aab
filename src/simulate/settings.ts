import type { Site, Topic } from '../domain';
import { RelanceError } from '../errors';
import { addMonthsToDay, isoDay, toEpochDay } from '../internal/epochDays';
import { hashInts } from '../internal/hash';
import { SITE_NAMES } from './catalog';
import type { CampaignPlan, SimContext } from './household';
import type { SimulationSettings, TopicEffect } from './truth';

/** Options of {@link simulateDealer} and {@link simulateBundles}. */
export interface SimulateOptions {
  /** Seed of every random draw: the same seed gives byte-identical output. An integer. */
  readonly seed: number;
  /** Number of customer records, prospects included. Default 1,000. */
  readonly customers?: number;
  /** The simulation's "now": nothing is recorded after it. */
  readonly asOf: Date;
  /** Years of recorded history before `asOf` (1–30). Default 8. */
  readonly years?: number;
  /** Number of sites (1–12). Default 4. */
  readonly sites?: number;
}

/** Past campaign programme: topic, channel, consent purpose, months between waves, rates. */
const PROGRAMME: ReadonlyArray<{
  readonly topic: Topic;
  readonly channel: 'email' | 'sms' | 'phone' | 'mail';
  readonly purpose: 'marketing' | 'service';
  readonly everyMonths: number;
  readonly offsetDays: number;
  readonly baseRate: number;
  readonly uplift: number;
}> = [
  { topic: 'service', channel: 'email', purpose: 'service', everyMonths: 3, offsetDays: 5, baseRate: 0.06, uplift: 0.04 },
  { topic: 'inspection', channel: 'sms', purpose: 'service', everyMonths: 6, offsetDays: 12, baseRate: 0.05, uplift: 0.03 },
  { topic: 'tyres', channel: 'sms', purpose: 'marketing', everyMonths: 12, offsetDays: 40, baseRate: 0.03, uplift: 0.025 },
  { topic: 'repurchase', channel: 'phone', purpose: 'marketing', everyMonths: 6, offsetDays: 20, baseRate: 0.02, uplift: 0.03 },
  { topic: 'winback', channel: 'mail', purpose: 'marketing', everyMonths: 12, offsetDays: 70, baseRate: 0.03, uplift: 0.02 },
  { topic: 'promotion', channel: 'email', purpose: 'marketing', everyMonths: 2, offsetDays: 27, baseRate: 0.02, uplift: 0.01 },
];

/** How long the past campaign programme runs before `asOf`, at most. */
const CAMPAIGN_YEARS = 3;
const HOLDOUT_FRACTION = 0.1;

/** Validates the options and fills in the defaults; `fn` names the caller in errors. */
export function resolveSettings(options: SimulateOptions, fn: string): SimulationSettings {
  const fail = (field: string, message: string): never => {
    throw new RelanceError('invalid_input', `${fn}: ${field} ${message}`, { issues: [{ code: 'invalid_option', path: [field], message }] });
  };
  if (options === null || typeof options !== 'object') fail('options', 'must be an object');
  const { seed, customers = 1_000, asOf, years = 8, sites = 4 } = options;
  if (!Number.isSafeInteger(seed)) fail('seed', 'must be an integer');
  if (!Number.isSafeInteger(customers) || customers < 0) fail('customers', 'must be a whole number ≥ 0');
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) fail('asOf', 'must be a valid Date');
  if (!Number.isInteger(years) || years < 1 || years > 30) fail('years', 'must be a whole number from 1 to 30');
  if (!Number.isInteger(sites) || sites < 1 || sites > SITE_NAMES.length) fail('sites', `must be a whole number from 1 to ${SITE_NAMES.length}`);
  const year = asOf.getUTCFullYear();
  if (year - years < 1950 || year > 2150) fail('asOf', 'must leave the simulated history between 1950 and 2150');
  return { seed, customers, asOf: new Date(toEpochDay(asOf) * 86_400_000), years, sites };
}

/** The sites of a simulation: names, time zone, and a call capacity of about ten a day. */
export function sitesOf(settings: SimulationSettings): Site[] {
  return SITE_NAMES.slice(0, settings.sites).map(([name], i) => ({
    id: `S${String(i + 1).padStart(2, '0')}`,
    name,
    country: 'FR',
    timeZone: 'Europe/Paris',
    dailyCapacity: { phone: 8 + (hashInts(settings.seed, i) % 5), email: 5_000, sms: 2_000, mail: 500 },
  }));
}

/** The effect of a contact per topic, as the simulated campaigns had it. */
export function topicEffectsOf(): Record<Topic, TopicEffect> {
  const effects: Record<Topic, TopicEffect> = {
    service: { baseRate: 0.06, uplift: 0.04 },
    inspection: { baseRate: 0.05, uplift: 0.03 },
    tyres: { baseRate: 0.03, uplift: 0.025 },
    repurchase: { baseRate: 0.02, uplift: 0.03 },
    winback: { baseRate: 0.03, uplift: 0.02 },
    promotion: { baseRate: 0.02, uplift: 0.01 },
    survey: { baseRate: 0.1, uplift: 0.05 },
    transactional: { baseRate: 0.2, uplift: 0.02 },
  };
  for (const p of PROGRAMME) effects[p.topic] = { baseRate: p.baseRate, uplift: p.uplift };
  return effects;
}

/** Builds what every household needs: sites, postal prefixes and the campaign programme. */
export function contextOf(settings: SimulationSettings): SimContext {
  const asOf = toEpochDay(settings.asOf);
  const historyStart = addMonthsToDay(asOf, -12 * settings.years);
  const campaignStart = Math.max(historyStart, addMonthsToDay(asOf, -12 * CAMPAIGN_YEARS));
  const campaigns: CampaignPlan[] = [];
  for (const p of PROGRAMME) {
    for (let k = 0; ; k++) {
      const day = addMonthsToDay(asOf, -p.everyMonths * k) - p.offsetDays;
      if (day < campaignStart) break;
      campaigns.push({
        id: `CMP-${isoDay(day).slice(0, 7)}-${p.topic.toUpperCase()}`,
        topic: p.topic,
        channel: p.channel,
        purpose: p.purpose,
        day,
        holdoutFraction: HOLDOUT_FRACTION,
        baseRate: p.baseRate,
        uplift: p.uplift,
      });
    }
  }
  campaigns.sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : 1));
  return {
    seed: settings.seed,
    asOf,
    historyStart,
    sites: sitesOf(settings),
    postalPrefixes: SITE_NAMES.slice(0, settings.sites).map(([, prefix]) => prefix),
    campaigns,
  };
}
