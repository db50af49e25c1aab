import * as z from 'zod';
import { DateSchema, IdSchema } from './fields';
import { ChannelSchema, ConsentPurposeSchema } from './vocabulary';

/**
 * A consent decision for one customer, channel and purpose. When several records exist
 * for the same customer, channel and purpose, the latest `date` wins.
 */
export const ConsentSchema = z.object({
  /** The customer the decision belongs to. */
  customerId: IdSchema,
  /** The channel it covers. */
  channel: ChannelSchema,
  /** The purpose it covers: a marketing opt-out does not block a service reminder. */
  purpose: ConsentPurposeSchema,
  /** `granted` or `denied`; a denial for the purpose always wins over a grant of the same date. */
  status: z.enum(['granted', 'denied'], { error: 'expected one of: granted, denied' }),
  /** When the decision was made (the latest wins). */
  date: DateSchema,
  /** True when the contact point (address, number) bounced: no contact on it whatever the consent. */
  bounced: z.boolean({ error: 'expected true or false' }).optional(),
});
/** A consent decision. */
export type Consent = z.infer<typeof ConsentSchema>;
