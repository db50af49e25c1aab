import type { MaintenancePlan } from './schema';

/*
 * Example maintenance plans, shipped as data. They are modelled on the public structure of
 * real schedules (whichever-first intervals, flexible "longlife" oil services, alternating
 * services, timing belts) but are EXAMPLES, not any manufacturer's official plan: a host
 * supplies the real plans of the makes it services.
 */

/** Example fixed plan: oil every year or 15,000 km, an inspection service every 2 years or 30,000 km, a timing belt at 5 years or 120,000 km. */
export const EXAMPLE_FIXED_TIMING_BELT_PLAN: MaintenancePlan = {
  id: 'example-fixed-timing-belt',
  description: 'Example fixed plan: oil 1 year/15,000 km, inspection service 2 years/30,000 km, timing belt 5 years/120,000 km (not an official plan)',
  severeUseFactor: 0.5,
  items: [
    { operation: 'oil-service', everyKm: 15_000, everyMonths: 12 },
    { operation: 'large-service', everyKm: 30_000, everyMonths: 24 },
    { operation: 'brake-fluid', everyMonths: 24 },
    { operation: 'timing-belt', everyKm: 120_000, everyMonths: 60 },
    { operation: 'air-filter', everyKm: 60_000, everyMonths: 48 },
  ],
};

/** Example flexible "longlife" plan: oil service at most every 30,000 km, capped at 24 months. */
export const EXAMPLE_LONGLIFE_PLAN: MaintenancePlan = {
  id: 'example-longlife',
  description: 'Example flexible "longlife" plan: oil service at most every 30,000 km, capped at 24 months (not an official plan)',
  severeUseFactor: 0.5,
  items: [
    { operation: 'oil-service', everyKm: 30_000, everyMonths: 24 },
    { operation: 'large-service', everyKm: 60_000, everyMonths: 48 },
    { operation: 'brake-fluid', everyMonths: 24 },
    { operation: 'cabin-filter', everyKm: 30_000, everyMonths: 24 },
    { operation: 'spark-plugs', everyKm: 60_000, everyMonths: 48, appliesTo: { fuels: ['petrol', 'hybrid', 'plug-in-hybrid', 'lpg'] } },
  ],
};

/** Example alternating A/B plan: a small and a large service in turn, every 15,000 km or 12 months. */
export const EXAMPLE_ALTERNATING_PLAN: MaintenancePlan = {
  id: 'example-alternating',
  description: 'Example alternating A/B plan: small and large service in turn every 15,000 km or 12 months (not an official plan)',
  severeUseFactor: 0.75,
  items: [
    { operation: 'small-service', alternatesWith: 'large-service', everyKm: 15_000, everyMonths: 12 },
    { operation: 'brake-fluid', everyMonths: 24 },
    { operation: 'air-conditioning', everyMonths: 24, firstMonths: 36 },
  ],
};

/** Example generic plan for brands the group services without their own plan. */
export const EXAMPLE_GENERIC_PLAN: MaintenancePlan = {
  id: 'example-generic',
  description: 'Example generic plan for other brands: oil every year or 20,000 km, brake fluid every 2 years (not an official plan)',
  items: [
    { operation: 'oil-service', everyKm: 20_000, everyMonths: 12 },
    { operation: 'brake-fluid', everyMonths: 24 },
  ],
};

/** The example plans shipped with relance. */
export const EXAMPLE_PLANS: readonly MaintenancePlan[] = [
  EXAMPLE_LONGLIFE_PLAN,
  EXAMPLE_ALTERNATING_PLAN,
  EXAMPLE_FIXED_TIMING_BELT_PLAN,
  EXAMPLE_GENERIC_PLAN,
];
