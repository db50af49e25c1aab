import type * as z from 'zod';
import { enumField } from './fields';

/*
 * The shared vocabularies of relance. Every module speaks these words; each is a zod
 * enum (for validation) whose `.options` list the values and whose inferred type is
 * the string union.
 */

/** What an invoice was for. See `relance/invoices` for the precedence rules. */
export const InvoiceCategorySchema = enumField([
  'maintenance',
  'repair',
  'tyres',
  'bodywork',
  'inspection',
  'recall',
  'accessory',
  'preparation',
  'other',
]);
/** What an invoice was for: `maintenance`, `repair`, `tyres`, … */
export type InvoiceCategory = z.infer<typeof InvoiceCategorySchema>;

/** Who pays an invoice or an invoice line, as a DMS records it. */
export const PayerSchema = enumField([
  'customer',
  'warranty',
  'internal',
  'insurance',
  'contract',
  'fleet',
  'goodwill',
  'unknown',
]);
/**
 * Who pays: the customer, the manufacturer's `warranty`, the dealer itself (`internal`,
 * the French "cession interne"), an `insurance` company, a maintenance `contract`, a
 * `fleet` or leasing company, the dealer's `goodwill` gesture, or `unknown`.
 */
export type Payer = z.infer<typeof PayerSchema>;

/** Maintenance operations that manufacturers' plans schedule. */
export const MaintenanceOperationSchema = enumField([
  'oil-service',
  'small-service',
  'large-service',
  'brake-fluid',
  'timing-belt',
  'spark-plugs',
  'air-filter',
  'cabin-filter',
  'fuel-filter',
  'air-conditioning',
  'coolant',
  'gearbox-oil',
  'auxiliary-belt',
]);
/** One operation of a maintenance plan: `oil-service`, `brake-fluid`, `timing-belt`, … */
export type MaintenanceOperation = z.infer<typeof MaintenanceOperationSchema>;

/** Contact channels. */
export const ChannelSchema = enumField(['email', 'sms', 'phone', 'mail', 'push']);
/** A contact channel: `email`, `sms`, `phone`, `mail` (post) or `push`. */
export type Channel = z.infer<typeof ChannelSchema>;

/** What a contact is about. */
export const TopicSchema = enumField([
  'service',
  'inspection',
  'tyres',
  'repurchase',
  'winback',
  'promotion',
  'survey',
  'transactional',
]);
/** What a contact is about: `service`, `inspection`, `tyres`, `repurchase`, `winback`, … */
export type Topic = z.infer<typeof TopicSchema>;

/** Purposes a consent is given or denied for. */
export const ConsentPurposeSchema = enumField(['marketing', 'service', 'partner-sharing']);
/** A consent purpose: `marketing`, `service` (reminders the customer asked for), `partner-sharing`. */
export type ConsentPurpose = z.infer<typeof ConsentPurposeSchema>;

/** Whether a customer record is a customer (has bought or been served) or a prospect. */
export const CustomerStatusSchema = enumField(['customer', 'prospect']);
/** `customer` or `prospect`. */
export type CustomerStatus = z.infer<typeof CustomerStatusSchema>;

/** A person or a company. */
export const CustomerKindSchema = enumField(['person', 'company']);
/** `person` or `company`. */
export type CustomerKind = z.infer<typeof CustomerKindSchema>;

/** Civility, with an explicit `unknown` (never guess "Mr"). */
export const CivilitySchema = enumField(['mr', 'mrs', 'ms', 'mx', 'unknown']);
/** `mr`, `mrs`, `ms`, `mx` or `unknown`. */
export type Civility = z.infer<typeof CivilitySchema>;

/** Fuel or energy of a vehicle. */
export const FuelSchema = enumField(['petrol', 'diesel', 'hybrid', 'plug-in-hybrid', 'electric', 'lpg', 'other']);
/** `petrol`, `diesel`, `hybrid`, `plug-in-hybrid`, `electric`, `lpg` or `other`. */
export type Fuel = z.infer<typeof FuelSchema>;

/** New or used vehicle sale. */
export const SaleConditionSchema = enumField(['new', 'used']);
/** `new` or `used`. */
export type SaleCondition = z.infer<typeof SaleConditionSchema>;

/** Why a customer no longer has a vehicle. */
export const DisposalReasonSchema = enumField([
  'trade-in',
  'sold',
  'scrapped',
  'reported-by-customer',
  'registration-change',
]);
/**
 * Why a customer no longer has a vehicle: traded in at the dealer, `sold` privately,
 * `scrapped`, `reported-by-customer` (e.g. a call outcome "no longer owns the car"), or a
 * `registration-change` found in registration data (a new owner in France's SIV).
 */
export type DisposalReason = z.infer<typeof DisposalReasonSchema>;

/** Kinds of vehicle finance. */
export const FinanceKindSchema = enumField(['loan', 'lease', 'balloon']);
/** `loan`, `lease` (the strongest repurchase signal at its end) or `balloon`. */
export type FinanceKind = z.infer<typeof FinanceKindSchema>;

/** Where an odometer reading comes from. */
export const ReadingSourceSchema = enumField(['workshop', 'telematics', 'inspection', 'sale', 'customer', 'other']);
/** `workshop`, `telematics`, `inspection`, `sale`, `customer` or `other`. */
export type ReadingSource = z.infer<typeof ReadingSourceSchema>;

/** Kinds of invoice line. */
export const LineKindSchema = enumField(['labour', 'part', 'package', 'fee', 'other']);
/** `labour`, `part`, `package` (a fixed-price kit), `fee` or `other`. */
export type LineKind = z.infer<typeof LineKindSchema>;

/** What happened to a contact on its way to the customer. */
export const DeliveryStatusSchema = enumField(['scheduled', 'delivered', 'bounced', 'failed', 'held-out']);
/**
 * `scheduled` (planned, not yet sent), `delivered`, `bounced`, `failed`, or `held-out`: the
 * customer was targeted but kept in the campaign's control group and not contacted.
 */
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** What a contact led to. */
export const ContactOutcomeSchema = enumField([
  'appointment',
  'purchase',
  'visit',
  'responded',
  'absent',
  'serviced-elsewhere',
  'no-longer-owner',
  'opt-out',
  'none',
]);
/** What a contact led to; `no-longer-owner` must clean the base. */
export type ContactOutcome = z.infer<typeof ContactOutcomeSchema>;

/** Kinds of engagement signal. */
export const EngagementKindSchema = enumField(['open', 'click', 'web-visit', 'lead']);
/** `open`, `click`, `web-visit` or `lead`. */
export type EngagementKind = z.infer<typeof EngagementKindSchema>;
