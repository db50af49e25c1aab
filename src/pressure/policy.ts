import * as z from 'zod';
import { ChannelSchema, CustomerStatusSchema, TopicSchema } from '../domain/vocabulary';

const Positive = z.number().int().positive();
const RuleId = z.string().min(1, { error: 'expected a rule id' });

/**
 * The window a cap counts contacts in:
 * - `{ days: 14 }`: a rolling window of 14 days ending on the contact's day;
 * - `{ months: 3 }`: a rolling window of 3 calendar months ending on the contact's day;
 * - `{ calendar: 'month' }`: the calendar week (Monday first), month or quarter of the contact;
 * - `{ days: 14, groupBy: 'month' }`: Adobe Campaign's grouping: the rolling window extended
 *   back to the start of the calendar period in which it starts.
 */
export const CapWindowSchema = z.union([
  z.strictObject({ days: Positive, groupBy: z.enum(['week', 'month', 'quarter']).optional() }),
  z.strictObject({ months: Positive, groupBy: z.enum(['week', 'month', 'quarter']).optional() }),
  z.strictObject({ calendar: z.enum(['week', 'month', 'quarter']) }),
]);
export type CapWindow = z.infer<typeof CapWindowSchema>;

/** Which contacts a rule counts and applies to: all unless narrowed. */
const Scope = {
  /** Only these channels (default all). */
  channels: z.array(ChannelSchema).min(1).optional(),
  /** Only these topics (default all). */
  topics: z.array(TopicSchema).min(1).optional(),
};

/** At most `max` contacts per customer (or household) in the window. */
export const CapRuleSchema = z.strictObject({
  id: RuleId,
  max: Positive,
  window: CapWindowSchema,
  /** `customer` (default) or `household`: the contacts of everyone sharing the `householdId`. */
  per: z.enum(['customer', 'household']).optional(),
  /** Apply only to customers of this status (thresholds that depend on the customer: prospects 2 a month, customers 4). */
  status: CustomerStatusSchema.optional(),
  ...Scope,
});
export type CapRule = z.infer<typeof CapRuleSchema>;

/** At least `days` days between two contacts of a customer (counted from day to day: 0 allows the same day). */
export const GapRuleSchema = z.strictObject({ id: RuleId, days: Positive, ...Scope });
export type GapRule = z.infer<typeof GapRuleSchema>;

/** No contact about `topic` within `days` days (before or after) of a contact about one of `near`. */
export const ExclusionRuleSchema = z.strictObject({
  id: RuleId,
  topic: TopicSchema,
  near: z.array(TopicSchema).min(1),
  days: Positive,
});
export type ExclusionRule = z.infer<typeof ExclusionRuleSchema>;

/** At most `perDay` contacts a day on a channel at a site (`siteId` omitted: every site); a site's own `dailyCapacity` applies too. */
export const CapacityRuleSchema = z.strictObject({
  id: RuleId,
  channel: ChannelSchema,
  perDay: z.number().int().min(0),
  siteId: z.string().min(1).optional(),
});
export type CapacityRule = z.infer<typeof CapacityRuleSchema>;

/** When a channel may be used, in the site's time zone: the weekdays it is quiet (0 = Sunday) and the hours it may send (`from` ≤ hour < `to`). */
export const QuietRuleSchema = z
  .strictObject({
    channel: ChannelSchema,
    quietWeekdays: z.array(z.number().int().min(0).max(6)).optional(),
    fromHour: z.number().int().min(0).max(23).optional(),
    toHour: z.number().int().min(1).max(24).optional(),
  })
  .refine((q) => (q.fromHour ?? 0) < (q.toHour ?? 24), { error: 'expected fromHour < toHour', path: ['toHour'] });
export type QuietRule = z.infer<typeof QuietRuleSchema>;

/**
 * A contact policy: every rule the governor enforces. Each rule has an id that refusals and
 * deferrals cite.
 *
 * @example
 * ```ts
 * import { ContactPolicySchema } from 'relance/pressure';
 *
 * const policy = ContactPolicySchema.parse({
 *   caps: [
 *     { id: 'one-a-quarter', max: 1, window: { calendar: 'quarter' }, topics: ['promotion', 'repurchase', 'winback'] },
 *     { id: 'prospects-2-a-month', max: 2, window: { months: 1 }, status: 'prospect' },
 *     { id: 'customers-4-a-month', max: 4, window: { months: 1 }, status: 'customer' },
 *     { id: 'household-3-per-2-weeks', max: 3, window: { days: 14, groupBy: 'month' }, per: 'household' },
 *   ],
 *   gaps: [{ id: 'two-days-apart', days: 2 }],
 *   exclusions: [{ id: 'no-sales-around-service', topic: 'repurchase', near: ['service'], days: 30 }],
 *   capacity: [{ id: 'ten-calls-a-day', channel: 'phone', perDay: 10 }],
 *   quiet: [
 *     { channel: 'phone', quietWeekdays: [0], fromHour: 9, toHour: 19 },
 *     { channel: 'sms', fromHour: 9, toHour: 20 },
 *   ],
 *   consentRequired: ['email', 'sms'],
 * });
 * policy.caps?.length; // 4
 * ```
 */
export const ContactPolicySchema = z.strictObject({
  caps: z.array(CapRuleSchema).optional(),
  gaps: z.array(GapRuleSchema).optional(),
  exclusions: z.array(ExclusionRuleSchema).optional(),
  capacity: z.array(CapacityRuleSchema).optional(),
  quiet: z.array(QuietRuleSchema).optional(),
  /** Channels on which a contact needs a granted consent for its purpose (default email, sms, phone, push: mail is opt-out). */
  consentRequired: z.array(ChannelSchema).optional(),
  /** Local hour at which a contact is sent when the channel's window allows it (default 10). */
  sendHour: z.number().int().min(0).max(23).optional(),
});
/** A contact policy (see {@link ContactPolicySchema}). */
export type ContactPolicy = z.infer<typeof ContactPolicySchema>;
/** What {@link ContactPolicySchema} accepts. */
export type ContactPolicyInput = z.input<typeof ContactPolicySchema>;
