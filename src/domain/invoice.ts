import * as z from 'zod';
import { DateSchema, FiniteSchema, IdSchema, KmSchema, TextSchema } from './fields';
import { LineKindSchema, PayerSchema } from './vocabulary';

/** One line of a workshop invoice, as typed in the DMS. */
export const InvoiceLineSchema = z.object({
  /** `labour`, `part`, `package`, `fee` or `other`. */
  kind: LineKindSchema,
  /** The manufacturer's or the DMS's operation code, if any. */
  operationCode: TextSchema.optional(),
  /** Free text as typed: any case, abbreviations, several languages ("VIDANGE+FILT", "PLAQ AV"). */
  label: TextSchema,
  /** Quantity (hours, litres, units). */
  quantity: FiniteSchema,
  /** Amount excluding taxes. Negative on a credit note or a discount line. */
  amount: FiniteSchema,
  /** Who pays this line, when it differs from the header. */
  payer: PayerSchema.optional(),
});
/** An invoice line. */
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;

/** A workshop invoice (repair order once invoiced). */
export const InvoiceSchema = z.object({
  /** Unique invoice id. */
  id: IdSchema,
  /** The workshop. */
  siteId: IdSchema,
  /** The vehicle worked on. */
  vehicleId: IdSchema,
  /** The customer account invoiced (for internal work, the account the DMS put it on). */
  customerId: IdSchema,
  /** Invoice date. */
  date: DateSchema,
  /** Odometer at the visit, in km. */
  odometerKm: KmSchema.optional(),
  /** Payer in the header; `unknown` when the DMS does not say. */
  payer: PayerSchema,
  /** The lines (an invoice may have none: a header-only record). */
  lines: z.array(InvoiceLineSchema, { error: 'expected an array of lines' }),
});
/** A workshop invoice. */
export type Invoice = z.infer<typeof InvoiceSchema>;
/** What {@link InvoiceSchema} accepts (dates as `Date` or ISO strings). */
export type InvoiceInput = z.input<typeof InvoiceSchema>;
