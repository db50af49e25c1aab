import * as z from 'zod';
import { DateSchema, IdSchema } from './fields';
import { ChannelSchema, ContactOutcomeSchema, DeliveryStatusSchema, EngagementKindSchema, TopicSchema } from './vocabulary';

/** A contact made (or planned, or held out) by a campaign. */
export const ContactEventSchema = z
  .object({
    /** Unique contact id. */
    id: IdSchema,
    /** The customer contacted. */
    customerId: IdSchema,
    /** The vehicle the contact is about, if any. */
    vehicleId: IdSchema.optional(),
    /** The campaign. */
    campaignId: IdSchema,
    /** What it is about. */
    topic: TopicSchema,
    /** The channel. */
    channel: ChannelSchema,
    /** When it was sent (or is planned, or would have been sent for a held-out customer). */
    sentAt: DateSchema,
    /** What happened to it on its way. */
    deliveryStatus: DeliveryStatusSchema,
    /** What it led to. */
    outcome: ContactOutcomeSchema.optional(),
    /** When the outcome happened. */
    outcomeAt: DateSchema.optional(),
    /** The site that made or will handle the contact. */
    siteId: IdSchema.optional(),
  })
  .refine((c) => c.outcomeAt === undefined || c.outcomeAt >= c.sentAt, {
    error: 'expected an outcome date on or after the sending date',
    path: ['outcomeAt'],
  });
/** A contact event. */
export type ContactEvent = z.infer<typeof ContactEventSchema>;

/** A sign of engagement: an e-mail opened or clicked, a web visit, a lead. */
export const EngagementEventSchema = z.object({
  /** The customer. */
  customerId: IdSchema,
  /** When. */
  date: DateSchema,
  /** `open`, `click`, `web-visit` or `lead`. */
  kind: EngagementKindSchema,
  /** The channel it came through. */
  channel: ChannelSchema.optional(),
  /** The campaign it answers, if any. */
  campaignId: IdSchema.optional(),
});
/** An engagement event. */
export type EngagementEvent = z.infer<typeof EngagementEventSchema>;
