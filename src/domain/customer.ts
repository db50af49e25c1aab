import * as z from 'zod';
import { DateSchema, IdSchema, TextSchema } from './fields';
import { CivilitySchema, CustomerKindSchema, CustomerStatusSchema } from './vocabulary';

/**
 * A customer or a prospect. A household is the set of customers sharing a `householdId`;
 * there is no separate household record.
 */
export const CustomerSchema = z.object({
  /** Unique customer id. */
  id: IdSchema,
  /** `person` or `company`. */
  kind: CustomerKindSchema,
  /** Customers with the same household id live together (a car bought for a daughter is still the family's). */
  householdId: IdSchema.optional(),
  /** `customer` (bought or was served) or `prospect` (owns no vehicle of the group). */
  status: CustomerStatusSchema,
  /** Civility for the salutation; `unknown` means a neutral salutation, never "Dear Sir". */
  civility: CivilitySchema.optional(),
  /** Year of birth, for age bands. */
  birthYear: z
    .number({ error: 'expected a year between 1900 and 2100' })
    .int({ error: 'expected a year between 1900 and 2100' })
    .min(1900, { error: 'expected a year between 1900 and 2100' })
    .max(2100, { error: 'expected a year between 1900 and 2100' })
    .optional(),
  /** Postal code, as text (leading zeros matter). */
  postalCode: TextSchema.optional(),
  /** The site that looks after this customer. */
  homeSiteId: IdSchema.optional(),
  /** When the record was created in the CRM. */
  createdAt: DateSchema,
});
/** A customer or a prospect. */
export type Customer = z.infer<typeof CustomerSchema>;
/** What {@link CustomerSchema} accepts (dates as `Date` or ISO strings). */
export type CustomerInput = z.input<typeof CustomerSchema>;
