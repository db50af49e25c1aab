import * as z from 'zod';
import { DateSchema, FiniteSchema, IdSchema, KmSchema, NonNegativeSchema, TextSchema } from './fields';
import {
  DisposalReasonSchema,
  FinanceKindSchema,
  FuelSchema,
  MaintenanceOperationSchema,
  ReadingSourceSchema,
  SaleConditionSchema,
} from './vocabulary';

/** A vehicle, whoever owns it. Ownership comes from sales, disposals and invoices. */
export const VehicleSchema = z
  .object({
    /** Unique vehicle id. */
    id: IdSchema,
    /** Vehicle identification number: 17 characters, no I, O or Q. */
    vin: z
      .string({ error: 'expected a 17-character VIN' })
      .regex(/^[A-HJ-NPR-Z0-9]{17}$/, { error: 'expected a 17-character VIN (letters other than I, O, Q, and digits)' })
      .optional(),
    /** Make (brand). */
    make: z.string({ error: 'expected a non-empty make' }).min(1, { error: 'expected a non-empty make' }),
    /** Model. */
    model: z.string({ error: 'expected a non-empty model' }).min(1, { error: 'expected a non-empty model' }),
    /** Market segment (`B`, `C`, `SUV-C`, …). */
    segment: TextSchema.optional(),
    /** Engine or variant, as the DMS names it. */
    variant: TextSchema.optional(),
    /** Fuel or energy. */
    fuel: FuelSchema.optional(),
    /** Date of first registration: the roadworthiness-test clock starts here. */
    firstRegistration: DateSchema,
    /** Start of the manufacturer's warranty (defaults to the first registration where used). */
    warrantyStart: DateSchema.optional(),
    /** End of the manufacturer's warranty. */
    warrantyEnd: DateSchema.optional(),
  })
  .refine((v) => v.warrantyStart === undefined || v.warrantyEnd === undefined || v.warrantyEnd >= v.warrantyStart, {
    error: 'expected a warranty end on or after the warranty start',
    path: ['warrantyEnd'],
  });
/** A vehicle. */
export type Vehicle = z.infer<typeof VehicleSchema>;

/** A vehicle sold (delivered) by one of the group's sites. */
export const VehicleSaleSchema = z.object({
  /** Unique sale id. */
  id: IdSchema,
  /** The vehicle sold. */
  vehicleId: IdSchema,
  /** The buyer. */
  customerId: IdSchema,
  /** Delivery date: the start of the ownership spell. Must not precede the vehicle's first registration. */
  date: DateSchema,
  /** `new` or `used`. */
  condition: SaleConditionSchema,
  /** Price including taxes, in the site's currency. */
  price: NonNegativeSchema.optional(),
  /** The selling site. */
  siteId: IdSchema,
});
/** A vehicle sale. */
export type VehicleSale = z.infer<typeof VehicleSaleSchema>;

/** A customer no longer has a vehicle. */
export const VehicleDisposalSchema = z.object({
  /** The vehicle. */
  vehicleId: IdSchema,
  /** The former owner. */
  customerId: IdSchema,
  /** When the customer stopped having it (or when it became known). */
  date: DateSchema,
  /** Why. */
  reason: DisposalReasonSchema,
});
/** A vehicle disposal. */
export type VehicleDisposal = z.infer<typeof VehicleDisposalSchema>;

/** A loan, lease or balloon contract on a vehicle: its end is a repurchase signal. */
export const FinanceContractSchema = z
  .object({
    /** Unique contract id. */
    id: IdSchema,
    /** The financed vehicle. */
    vehicleId: IdSchema,
    /** The borrower or lessee. */
    customerId: IdSchema,
    /** `loan`, `lease` or `balloon`. */
    kind: FinanceKindSchema,
    /** Start date. */
    start: DateSchema,
    /** Contractual end date (after the start). */
    end: DateSchema,
    /** Monthly payment, if known. */
    monthlyPayment: NonNegativeSchema.optional(),
  })
  .refine((c) => c.end > c.start, { error: 'expected an end after the start', path: ['end'] });
/** A finance contract. */
export type FinanceContract = z.infer<typeof FinanceContractSchema>;

/** An odometer reading. */
export const OdometerReadingSchema = z.object({
  /** The vehicle. */
  vehicleId: IdSchema,
  /** When it was read. */
  date: DateSchema,
  /** Distance in km, 0 to 3,000,000. */
  km: KmSchema,
  /** Where the reading comes from. */
  source: ReadingSourceSchema,
});
/** An odometer reading. */
export type OdometerReading = z.infer<typeof OdometerReadingSchema>;

/**
 * A maintenance need reported by the vehicle itself (condition-based service, telematics):
 * it overrides the plan's arithmetic for that item. At least one of `dueDate` and `remainingKm`.
 */
export const ServiceIndicatorSchema = z
  .object({
    /** The vehicle. */
    vehicleId: IdSchema,
    /** When the vehicle reported it. */
    date: DateSchema,
    /** The operation that is due. */
    item: MaintenanceOperationSchema,
    /** The date the vehicle says it is due. */
    dueDate: DateSchema.optional(),
    /** The distance left before it is due (negative when overdue). */
    remainingKm: FiniteSchema.optional(),
  })
  .refine((s) => s.dueDate !== undefined || s.remainingKm !== undefined, {
    error: 'expected a dueDate or a remainingKm',
    path: ['dueDate'],
  });
/** A condition-based service reading. */
export type ServiceIndicator = z.infer<typeof ServiceIndicatorSchema>;
