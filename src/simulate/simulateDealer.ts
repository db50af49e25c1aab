import type { CustomerBundle, Dataset, Site } from '../domain';
import { fromEpochDay } from '../internal/epochDays';
import { MAKES, MODELS, PLANS } from './catalog';
import { MEDIAN_KM_PER_YEAR, RESPONSE_COEFFICIENTS, RESPONSE_INTERCEPT, generateHousehold } from './household';
import type { HouseholdOutput, SimContext } from './household';
import { contextOf, resolveSettings, sitesOf, topicEffectsOf } from './settings';
import type { SimulateOptions } from './settings';
import type { CampaignTruth, CustomerTruth, InvoiceTruth, SimulationTruth, SpellTruth, VehicleTruth } from './truth';

/** A simulated dataset and the truth that generated it. */
export interface SimulatedDealer {
  /** The data, as a host would hand it to relance (already valid). */
  readonly dataset: Dataset;
  /** What generated it: laws, parameters, and each record's hidden state. */
  readonly truth: SimulationTruth;
}

/** Generates the households of a simulation in order, each from its own seeded generator. */
function* householdsOf(ctx: SimContext, customers: number): Generator<HouseholdOutput, void, undefined> {
  let made = 0;
  for (let index = 1; made < customers; index++) {
    const household = generateHousehold(ctx, index, customers - made);
    made += household.bundles.length;
    yield household;
  }
}

/**
 * Simulates a dealer group: sites, households of customers and prospects, vehicles bought
 * new and used with model-specific ownership laws, workshop invoices following each make's
 * maintenance plan (with warranty work, internal preparation, insurance bodywork and
 * messy French DMS labels), finance contracts, odometer and condition-based readings,
 * consents, past campaigns with holdouts and known causal effects, and engagement.
 *
 * Every draw comes from `seed`; a household's records depend only on the seed and its
 * index, so the same seed gives byte-identical output on every machine and in every time
 * zone, and the streaming form {@link simulateBundles} yields exactly the same customers.
 * Ownership durations of loyal owners follow a Weibull law per model (medians 34–60 months,
 * see `truth.models`); loyalty (the share who buy again in the group) is 52–68% per model,
 * higher under a lease; yearly mileage is log-normal with a median of 12,500 km.
 *
 * Meant for up to a few hundred thousand customers; stream larger bases with
 * {@link simulateBundles}.
 *
 * @param options - see {@link SimulateOptions}
 * @returns the dataset and its truth
 * @throws {@link RelanceError} `invalid_input` for an option out of range
 *
 * @example
 * ```ts
 * import { simulateDealer } from 'relance/simulate';
 *
 * const { dataset, truth } = simulateDealer({ seed: 7, customers: 500, asOf: new Date('2025-06-30') });
 * console.log(dataset.customers.length);       // 500
 * console.log(truth.models[0]?.medianMonths);  // 34
 * ```
 */
export function simulateDealer(options: SimulateOptions): SimulatedDealer {
  const settings = resolveSettings(options, 'simulateDealer');
  const ctx = contextOf(settings);
  const data = {
    sites: ctx.sites as Site[],
    customers: [] as Dataset['customers'][number][],
    consents: [] as Dataset['consents'][number][],
    vehicles: [] as Dataset['vehicles'][number][],
    sales: [] as Dataset['sales'][number][],
    disposals: [] as Dataset['disposals'][number][],
    financeContracts: [] as Dataset['financeContracts'][number][],
    odometerReadings: [] as Dataset['odometerReadings'][number][],
    serviceIndicators: [] as Dataset['serviceIndicators'][number][],
    invoices: [] as Dataset['invoices'][number][],
    contacts: [] as Dataset['contacts'][number][],
    engagement: [] as Dataset['engagement'][number][],
  };
  const customers: Record<string, CustomerTruth> = {};
  const vehicles: Record<string, VehicleTruth> = {};
  const invoices: Record<string, InvoiceTruth> = {};
  const spells: SpellTruth[] = [];
  const tally = new Map<string, { targeted: number; heldOut: number; effect: number }>();

  for (const household of householdsOf(ctx, settings.customers)) {
    for (const b of household.bundles) {
      data.customers.push(b.customer);
      push(data.consents, b.consents);
      push(data.vehicles, b.vehicles);
      push(data.sales, b.sales);
      push(data.disposals, b.disposals);
      push(data.financeContracts, b.financeContracts);
      push(data.odometerReadings, b.odometerReadings);
      push(data.serviceIndicators, b.serviceIndicators);
      push(data.invoices, b.invoices);
      push(data.contacts, b.contacts);
      push(data.engagement, b.engagement);
    }
    for (const [id, t] of household.customers) customers[id] = t;
    for (const [id, t] of household.vehicles) vehicles[id] = t;
    for (const [id, t] of household.invoices) invoices[id] = t;
    push(spells, household.spells);
    for (const [id, t] of household.campaigns) {
      const total = tally.get(id) ?? { targeted: 0, heldOut: 0, effect: 0 };
      total.targeted += t.targeted;
      total.heldOut += t.heldOut;
      total.effect += t.effect;
      tally.set(id, total);
    }
  }

  const campaigns: CampaignTruth[] = ctx.campaigns.map((c) => {
    const t = tally.get(c.id) ?? { targeted: 0, heldOut: 0, effect: 0 };
    return {
      id: c.id,
      topic: c.topic,
      channel: c.channel,
      purpose: c.purpose,
      sentAt: fromEpochDay(c.day),
      holdoutFraction: c.holdoutFraction,
      baseRate: c.baseRate,
      uplift: c.uplift,
      targeted: t.targeted,
      heldOut: t.heldOut,
      trueEffect: t.targeted === 0 ? 0 : t.effect / t.targeted,
    };
  });

  const truth: SimulationTruth = {
    kind: 'relance.simulation-truth',
    version: 1,
    settings,
    makes: MAKES,
    models: MODELS.map((m) => ({ ...m, weibullScaleMonths: m.medianMonths / Math.pow(Math.LN2, 1 / m.weibullShape) })),
    plans: PLANS,
    medianKmPerYear: MEDIAN_KM_PER_YEAR,
    response: {
      intercept: RESPONSE_INTERCEPT,
      coefficients: RESPONSE_COEFFICIENTS,
      description:
        'propensity p = sigmoid(intercept + Σ coefficient × (feature − centre)), centres engagement 0.29, adherence 0.67, vehicles 1, others 0; ' +
        'for a campaign with base rate b and uplift u: P(convert | held out or not delivered) = min(0.9, b·p/0.1), ' +
        'P(convert | delivered) = min(0.95, that + u)',
    },
    topicEffects: topicEffectsOf(),
    campaigns,
    customers,
    vehicles,
    spells,
    invoices,
  };
  return { dataset: data, truth };
}

function push<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/**
 * The streaming form of {@link simulateDealer}: yields the same customers, one
 * {@link CustomerBundle} at a time, without holding the base in memory, for benchmarks and
 * tests on millions of customers. The sites come from {@link simulateSites}.
 *
 * @param options - see {@link SimulateOptions}
 * @returns a generator of bundles, in the order of `simulateDealer(options).dataset.customers`
 * @throws {@link RelanceError} `invalid_input` for an option out of range (when iteration starts)
 *
 * @example
 * ```ts
 * import { simulateBundles } from 'relance/simulate';
 *
 * let invoices = 0;
 * for (const bundle of simulateBundles({ seed: 1, customers: 1_000, asOf: new Date('2025-01-01') })) {
 *   invoices += bundle.invoices.length;
 * }
 * console.log(invoices > 0); // true
 * ```
 */
export function* simulateBundles(options: SimulateOptions): Generator<CustomerBundle, void, undefined> {
  const settings = resolveSettings(options, 'simulateBundles');
  const ctx = contextOf(settings);
  for (const household of householdsOf(ctx, settings.customers)) yield* household.bundles;
}

/**
 * The sites of a simulation (the same as `simulateDealer(options).dataset.sites`), for
 * hosts that stream customers with {@link simulateBundles}.
 *
 * @param options - see {@link SimulateOptions}
 * @returns the sites
 *
 * @example
 * ```ts
 * import { simulateSites } from 'relance/simulate';
 * const sites = simulateSites({ seed: 1, sites: 3, asOf: new Date('2025-01-01') });
 * console.log(sites.map((s) => s.id)); // ['S01', 'S02', 'S03']
 * ```
 */
export function simulateSites(options: SimulateOptions): Site[] {
  return sitesOf(resolveSettings(options, 'simulateSites'));
}
