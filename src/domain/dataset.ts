import * as z from 'zod';
import { ContactEventSchema, EngagementEventSchema } from './contact';
import type { ContactEvent, EngagementEvent } from './contact';
import { ConsentSchema } from './consent';
import type { Consent } from './consent';
import { CustomerSchema } from './customer';
import type { Customer } from './customer';
import { emptyBundleRecords } from './bundleRecords';
import { IdSchema } from './fields';
import { InvoiceSchema } from './invoice';
import type { Invoice } from './invoice';
import { SiteSchema } from './site';
import type { Site } from './site';
import {
  FinanceContractSchema,
  OdometerReadingSchema,
  ServiceIndicatorSchema,
  VehicleDisposalSchema,
  VehicleSaleSchema,
  VehicleSchema,
} from './vehicle';
import type {
  FinanceContract,
  OdometerReading,
  ServiceIndicator,
  Vehicle,
  VehicleDisposal,
  VehicleSale,
} from './vehicle';

/**
 * A whole base as arrays: what a host's DMS and CRM export, or what `simulateDealer()` makes.
 * Validate raw input with `parseDataset()`.
 */
export interface Dataset {
  /** Dealership sites. */
  readonly sites: readonly Site[];
  /** Customers and prospects. */
  readonly customers: readonly Customer[];
  /** Consent decisions per customer, channel and purpose. */
  readonly consents: readonly Consent[];
  /** Vehicles. */
  readonly vehicles: readonly Vehicle[];
  /** Vehicle sales (deliveries). */
  readonly sales: readonly VehicleSale[];
  /** Vehicles customers no longer have. */
  readonly disposals: readonly VehicleDisposal[];
  /** Loans, leases and balloon contracts. */
  readonly financeContracts: readonly FinanceContract[];
  /** Odometer readings. */
  readonly odometerReadings: readonly OdometerReading[];
  /** Condition-based service readings reported by vehicles. */
  readonly serviceIndicators: readonly ServiceIndicator[];
  /** Workshop invoices. */
  readonly invoices: readonly Invoice[];
  /** Contacts made, planned or held out by campaigns. */
  readonly contacts: readonly ContactEvent[];
  /** Opens, clicks, web visits and leads. */
  readonly engagement: readonly EngagementEvent[];
}

/** The names of a dataset's collections, in the order they are validated. */
export const DATASET_COLLECTIONS = [
  'sites',
  'customers',
  'consents',
  'vehicles',
  'sales',
  'disposals',
  'financeContracts',
  'odometerReadings',
  'serviceIndicators',
  'invoices',
  'contacts',
  'engagement',
] as const;

/** One of a dataset's collections: `'invoices'`, `'customers'`, … */
export type CollectionName = (typeof DATASET_COLLECTIONS)[number];

/** The record schema of each collection. */
export const RECORD_SCHEMAS = {
  sites: SiteSchema,
  customers: CustomerSchema,
  consents: ConsentSchema,
  vehicles: VehicleSchema,
  sales: VehicleSaleSchema,
  disposals: VehicleDisposalSchema,
  financeContracts: FinanceContractSchema,
  odometerReadings: OdometerReadingSchema,
  serviceIndicators: ServiceIndicatorSchema,
  invoices: InvoiceSchema,
  contacts: ContactEventSchema,
  engagement: EngagementEventSchema,
} as const;

/**
 * One customer with everything about them: the unit a host streams through relance.
 * A vehicle that two customers are linked to appears in both bundles.
 */
export interface CustomerBundle {
  /** The customer or prospect. */
  readonly customer: Customer;
  /** The customer's household, if any (same as `customer.householdId`). */
  readonly householdId?: string | undefined;
  /** Vehicles linked to the customer by a sale, a disposal, a finance contract, an invoice or a contact. */
  readonly vehicles: readonly Vehicle[];
  /** The customer's purchases. */
  readonly sales: readonly VehicleSale[];
  /** Vehicles the customer no longer has. */
  readonly disposals: readonly VehicleDisposal[];
  /** The customer's finance contracts. */
  readonly financeContracts: readonly FinanceContract[];
  /** Odometer readings of the customer's vehicles. */
  readonly odometerReadings: readonly OdometerReading[];
  /** Condition-based service readings of the customer's vehicles. */
  readonly serviceIndicators: readonly ServiceIndicator[];
  /** Invoices on the customer's account. */
  readonly invoices: readonly Invoice[];
  /** Contacts to the customer. */
  readonly contacts: readonly ContactEvent[];
  /** The customer's consent decisions. */
  readonly consents: readonly Consent[];
  /** The customer's engagement events. */
  readonly engagement: readonly EngagementEvent[];
}

const list = <T extends z.ZodType>(schema: T) => z.array(schema, { error: 'expected an array' });

/** Validates one {@link CustomerBundle} (used by `parseBundle()`). */
export const CustomerBundleSchema = z.object({
  customer: CustomerSchema,
  householdId: IdSchema.optional(),
  vehicles: list(VehicleSchema),
  sales: list(VehicleSaleSchema),
  disposals: list(VehicleDisposalSchema),
  financeContracts: list(FinanceContractSchema),
  odometerReadings: list(OdometerReadingSchema),
  serviceIndicators: list(ServiceIndicatorSchema),
  invoices: list(InvoiceSchema),
  contacts: list(ContactEventSchema),
  consents: list(ConsentSchema),
  engagement: list(EngagementEventSchema),
});


/**
 * A dataset with every collection empty, to build on.
 *
 * @returns a new empty dataset
 *
 * @example
 * ```ts
 * import { emptyDataset } from 'relance/domain';
 * const dataset = { ...emptyDataset(), customers: [] };
 * ```
 */
export function emptyDataset(): Dataset {
  return { sites: [], customers: [], ...emptyBundleRecords() };
}
