/**
 * `relance/domain`: what the data looks like. zod schemas with inferred types for every
 * record a DMS or CRM holds, the shared vocabularies, `parseDataset()` to validate a whole
 * base, and `bundlesOf()` to stream it one customer at a time.
 *
 * @module domain
 */
export * from './vocabulary';
export { DateSchema, IdSchema, parseIsoDate } from './fields';
export { SiteSchema } from './site';
export type { Site } from './site';
export { CustomerSchema } from './customer';
export type { Customer, CustomerInput } from './customer';
export { ConsentSchema } from './consent';
export type { Consent } from './consent';
export {
  FinanceContractSchema,
  OdometerReadingSchema,
  ServiceIndicatorSchema,
  VehicleDisposalSchema,
  VehicleSaleSchema,
  VehicleSchema,
} from './vehicle';
export type { FinanceContract, OdometerReading, ServiceIndicator, Vehicle, VehicleDisposal, VehicleSale } from './vehicle';
export { InvoiceLineSchema, InvoiceSchema } from './invoice';
export type { Invoice, InvoiceInput, InvoiceLine } from './invoice';
export { ContactEventSchema, EngagementEventSchema } from './contact';
export type { ContactEvent, EngagementEvent } from './contact';
export { CustomerBundleSchema, DATASET_COLLECTIONS, RECORD_SCHEMAS, emptyDataset } from './dataset';
export type { CollectionName, CustomerBundle, Dataset } from './dataset';
export { emptyBundleRecords } from './bundleRecords';
export type { BundleRecords } from './bundleRecords';
export { parseDataset } from './parseDataset';
export type { CollectedDataset, DatasetReport, ParseDatasetOptions, RejectedRecord } from './parseDataset';
export { bundlesOf, isDataset, toBundles } from './bundlesOf';
export { parseBundle } from './parseBundle';
export { RelanceError, formatIssues, formatPath } from '../errors';
export type { PathSegment, RelanceErrorCode, RelanceIssue } from '../errors';
