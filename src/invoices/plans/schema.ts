import * as z from 'zod';
import { FuelSchema, MaintenanceOperationSchema } from '../../domain';

const positive = (what: string) =>
  z.number({ error: `expected a positive ${what}` }).positive({ error: `expected a positive ${what}` });

/** Which vehicles an item applies to; an absent list matches every vehicle. Text is compared case-insensitively. */
export const PlanApplicabilitySchema = z.object({
  /** Makes, e.g. `['Valmont']`. */
  makes: z.array(z.string()).optional(),
  /** Models, e.g. `['V7']`. */
  models: z.array(z.string()).optional(),
  /** Fuels, e.g. `['diesel']`. */
  fuels: z.array(FuelSchema).optional(),
  /** Variants or engines: an item applies when the vehicle's variant contains one of them. */
  variants: z.array(z.string()).optional(),
});
/** Which vehicles a plan item applies to. */
export type PlanApplicability = z.infer<typeof PlanApplicabilitySchema>;

/**
 * One item of a maintenance plan: an operation due every `everyKm` or every `everyMonths`,
 * whichever comes first, counted from the last time it was done (the first time from the
 * first registration, with `firstKm` / `firstMonths` when the first interval differs).
 */
export const PlanItemSchema = z
  .object({
    /** The operation. */
    operation: MaintenanceOperationSchema,
    /** Distance between two operations, km. */
    everyKm: positive('distance in km').optional(),
    /** Time between two operations, months. */
    everyMonths: positive('number of months').optional(),
    /** First interval in km, when it differs. */
    firstKm: positive('distance in km').optional(),
    /** First interval in months, when it differs. */
    firstMonths: positive('number of months').optional(),
    /**
     * For an alternating service (small/large, A/B): the operation done every other time. The
     * item is then a single clock whose visits alternate `operation`, `alternatesWith`, …
     */
    alternatesWith: MaintenanceOperationSchema.optional(),
    /** Vehicles the item applies to (all when absent). */
    appliesTo: PlanApplicabilitySchema.optional(),
  })
  .refine((item) => item.everyKm !== undefined || item.everyMonths !== undefined, {
    error: 'expected everyKm or everyMonths (or both)',
    path: ['everyKm'],
  });
/** One plan item. */
export type PlanItem = z.infer<typeof PlanItemSchema>;

/** A maintenance plan: items with whichever-first intervals. */
export const MaintenancePlanSchema = z.object({
  /** Unique id. */
  id: z.string({ error: 'expected a non-empty id' }).min(1, { error: 'expected a non-empty id' }),
  /** What the plan is (the shipped ones say they are examples). */
  description: z.string({ error: 'expected a description' }),
  /**
   * Interval factor under severe use (towing, short trips, dusty roads): every interval is
   * multiplied by it when `severeUse` is asked for. Typically 0.5–0.75. Default 1.
   */
  severeUseFactor: z.number({ error: 'expected a factor in (0, 1]' }).gt(0, { error: 'expected a factor in (0, 1]' }).max(1, { error: 'expected a factor in (0, 1]' }).optional(),
  /** The items. */
  items: z.array(PlanItemSchema, { error: 'expected an array of items' }).min(1, { error: 'expected at least one item' }),
});
/** A maintenance plan. */
export type MaintenancePlan = z.infer<typeof MaintenancePlanSchema>;
