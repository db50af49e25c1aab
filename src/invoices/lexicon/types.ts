import * as z from 'zod';
import { InvoiceCategorySchema, MaintenanceOperationSchema, PayerSchema } from '../../domain';

/**
 * One entry of a lexicon: a word or a phrase (words separated by spaces, matched after
 * folding case and accents) and what it says about an invoice line.
 */
export const LexiconEntrySchema = z.object({
  /** The word or phrase: `"vidange"`, `"liquide de frein"`, `"cession interne"`. */
  phrase: z.string({ error: 'expected a non-empty phrase' }).min(1, { error: 'expected a non-empty phrase' }),
  /** The kind of work the phrase shows. */
  category: InvoiceCategorySchema.optional(),
  /** The maintenance-plan operations the phrase shows. */
  operations: z.array(MaintenanceOperationSchema).optional(),
  /** Who pays, when the phrase says so ("GARANTIE", "SINISTRE", "CESSION INTERNE"). */
  payer: PayerSchema.optional(),
  /**
   * Whether the payer covers its job (`line`, the default: its line and the part and fee lines
   * after it) or the whole invoice's lines that say nothing (`invoice`, the default for the
   * dealer's own account and for fleet or leasing companies).
   */
  payerScope: z.enum(['line', 'invoice'], { error: 'expected one of: line, invoice' }).optional(),
  /**
   * Marks a top-up or a level check ("appoint", "top up", "check level"): on its line, fluid
   * and other plan operations are not operations done, and do not make the line maintenance.
   */
  suppressesOperations: z.boolean({ error: 'expected true or false' }).optional(),
  /**
   * What takes this entry's place: a generic word says what kind of work only when nothing more
   * specific is said. A category takes its place anywhere on the same line: a bare "préparation"
   * beside a roadworthiness test prepares the test (`['inspection']`); a bare "clim" or "A/C"
   * beside a repair names the system repaired, not an air-conditioning service (`['repair']`).
   * An operation takes its place when named right next to it, in the same clause (not across
   * "+", "," or ";"): "A/C SERVICE", "BRAKE FLUID SERVICE" and "LIQ REFROID VIDANGE" are that
   * fluid's operation, not a service or an oil change (`['air-conditioning', 'brake-fluid', …]`).
   * The entry's category and operations are then ignored (its payer still counts).
   */
  yieldsTo: z.array(z.union([InvoiceCategorySchema, MaintenanceOperationSchema])).optional(),
  /**
   * Marks a fluid that is bled or refilled rather than changed ("purge du circuit de freinage",
   * "bleed brakes"): like a part line, it is not a plan operation on an invoice that repairs
   * something.
   */
  refill: z.boolean({ error: 'expected true or false' }).optional(),
  /**
   * Marks installation material (a fuse, wiring, a cable, a connection): its category decides
   * only when no other line of the invoice shows one ("KIT ALIMENTATION FUSIBLE" fitted with a
   * dashcam is the accessory's; "REMPL FUSIBLE" alone is a repair).
   */
  fallback: z.boolean({ error: 'expected true or false' }).optional(),
  /**
   * Marks a discount or a promotion ("REMISE", "DISCOUNT", "RABATT"): a line with a negative
   * amount that says it shows no work of its own ("REMISE 10% ENTRETIEN" is not a service), though
   * a payer it names still counts ("REMISE GESTE COMMERCIAL").
   */
  discount: z.boolean({ error: 'expected true or false' }).optional(),
  /**
   * Marks advice for later ("A PRÉVOIR", "PROCHAINE", "ADVISORY", "NÄCHSTE"): what the line says
   * after it is work to come, not work done ("VIDANGE - PROCHAINE VIDANGE A 45000 KM" is one oil
   * change; "A PREVOIR : PLAQUETTES AV" is none).
   */
  advisory: z.boolean({ error: 'expected true or false' }).optional(),
  /** Typo tolerance: whether the words may match with one edit or as an abbreviation. Default true. */
  fuzzy: z.boolean({ error: 'expected true or false' }).optional(),
});
/** One entry of a lexicon. */
export type LexiconEntry = z.infer<typeof LexiconEntrySchema>;

/** A lexicon: entries in one language (or a host's own words). */
export const LexiconSchema = z.object({
  /** Language code or a host's name for the lexicon (`fr`, `en`, `acme-dms`). */
  language: z.string({ error: 'expected a language code' }).min(1, { error: 'expected a language code' }),
  /** The entries. */
  entries: z.array(LexiconEntrySchema, { error: 'expected an array of entries' }),
});
/** A lexicon. */
export type Lexicon = z.infer<typeof LexiconSchema>;

/** What an operation code says: the same signals as a lexicon entry, without the phrase. */
export type OperationCodeSignal = Omit<LexiconEntry, 'phrase' | 'fuzzy'>;
