/*
 * The simulated group's catalogue: sites, makes, models and their maintenance plans.
 * Literals only. The makes and models are fictional; the plans are examples modelled on
 * the public structure of real schedules, not any manufacturer's official plan.
 */
// Deep imports on purpose: the plans are plain data, and going through relance/invoices'
// index would pull zod and the lexicons into relance/simulate's bundle.
import { EXAMPLE_PLANS } from '../invoices/plans/examples';
import type { MaintenancePlan, PlanItem } from '../invoices';

/** A simulated maintenance plan: the invoices module's example plans. */
export type SimPlan = MaintenancePlan;
/** One item of a simulated maintenance plan. */
export type SimPlanItem = PlanItem;

/** A simulated model and the laws that drive its owners. */
export interface SimModel {
  readonly make: string;
  readonly model: string;
  readonly segment: string;
  /** Place in the make's range. */
  readonly tier: 'entry' | 'mid' | 'upper' | 'other';
  /** New price incl. taxes, EUR. */
  readonly price: number;
  /** Weibull shape of the time to the next purchase in the group, for loyal owners. */
  readonly weibullShape: number;
  /** Median time to the next purchase for loyal owners, in months. */
  readonly medianMonths: number;
  /** Probability that an owner buys their next vehicle in the group. */
  readonly loyalty: number;
  /** Main fuel. */
  readonly fuel: 'petrol' | 'diesel' | 'hybrid' | 'electric';
}

/** A simulated make. */
export interface SimMake {
  readonly make: string;
  readonly kind: 'premium' | 'mass-market' | 'other-brand';
  /** Id of the maintenance plan its vehicles follow. */
  readonly planId: string;
  /** Manufacturer's warranty, in months. */
  readonly warrantyMonths: number;
  /** Whether its vehicles report their own service needs (condition-based service, telematics). */
  readonly connected: boolean;
  /** World manufacturer identifier used in simulated VINs. */
  readonly wmi: string;
  /** Prefix of the make's operation codes. */
  readonly codePrefix: string;
}

/** The plans the simulated makes follow: the example plans of `relance/invoices`. */
export const PLANS: readonly SimPlan[] = EXAMPLE_PLANS;

export const MAKES: readonly SimMake[] = [
  { make: 'Valmont', kind: 'premium', planId: 'example-longlife', warrantyMonths: 36, connected: true, wmi: 'VMT', codePrefix: 'VM' },
  { make: 'Cerise', kind: 'mass-market', planId: 'example-alternating', warrantyMonths: 60, connected: false, wmi: 'VCE', codePrefix: 'CE' },
  { make: 'Rhodan', kind: 'mass-market', planId: 'example-fixed-timing-belt', warrantyMonths: 24, connected: false, wmi: 'VR3', codePrefix: 'RH' },
  { make: 'Fiorra', kind: 'other-brand', planId: 'example-generic', warrantyMonths: 24, connected: false, wmi: 'ZFA', codePrefix: 'FI' },
  { make: 'Kato', kind: 'other-brand', planId: 'example-generic', warrantyMonths: 36, connected: false, wmi: 'KMH', codePrefix: 'KA' },
];

export const MODELS: readonly SimModel[] = [
  { make: 'Valmont', model: 'V2', segment: 'B', tier: 'entry', price: 32_000, weibullShape: 3.2, medianMonths: 34, loyalty: 0.66, fuel: 'petrol' },
  { make: 'Valmont', model: 'V4', segment: 'D', tier: 'mid', price: 48_000, weibullShape: 2.7, medianMonths: 40, loyalty: 0.62, fuel: 'hybrid' },
  { make: 'Valmont', model: 'V7', segment: 'SUV-E', tier: 'upper', price: 79_000, weibullShape: 2.4, medianMonths: 46, loyalty: 0.58, fuel: 'diesel' },
  { make: 'Cerise', model: 'Cito', segment: 'A', tier: 'entry', price: 15_500, weibullShape: 2.0, medianMonths: 58, loyalty: 0.52, fuel: 'petrol' },
  { make: 'Cerise', model: 'Cerra', segment: 'C', tier: 'mid', price: 24_500, weibullShape: 2.2, medianMonths: 50, loyalty: 0.55, fuel: 'diesel' },
  { make: 'Cerise', model: 'Cavalo', segment: 'SUV-C', tier: 'upper', price: 31_000, weibullShape: 2.3, medianMonths: 47, loyalty: 0.57, fuel: 'hybrid' },
  { make: 'Rhodan', model: 'R3', segment: 'B', tier: 'entry', price: 18_500, weibullShape: 2.1, medianMonths: 54, loyalty: 0.54, fuel: 'petrol' },
  { make: 'Rhodan', model: 'R5', segment: 'C', tier: 'mid', price: 26_500, weibullShape: 2.4, medianMonths: 45, loyalty: 0.6, fuel: 'diesel' },
  { make: 'Rhodan', model: 'Rx Van', segment: 'LCV', tier: 'upper', price: 33_000, weibullShape: 2.6, medianMonths: 38, loyalty: 0.68, fuel: 'diesel' },
  { make: 'Fiorra', model: 'Piccola', segment: 'A', tier: 'other', price: 14_000, weibullShape: 2.0, medianMonths: 60, loyalty: 0, fuel: 'petrol' },
  { make: 'Kato', model: 'Spark', segment: 'B', tier: 'other', price: 16_500, weibullShape: 2.0, medianMonths: 60, loyalty: 0, fuel: 'petrol' },
];

/** Site names and postal-code prefixes (all in one French region). */
export const SITE_NAMES: readonly (readonly [string, string])[] = [
  ['Lyon Vaise', '69'],
  ['Villeurbanne', '69'],
  ['Grenoble', '38'],
  ['Annecy', '74'],
  ['Chambéry', '73'],
  ['Valence', '26'],
  ['Saint-Étienne', '42'],
  ['Bourg-en-Bresse', '01'],
  ['Mâcon', '71'],
  ['Roanne', '42'],
  ['Vienne', '38'],
  ['Villefranche-sur-Saône', '69'],
];
