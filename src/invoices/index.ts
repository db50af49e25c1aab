/**
 * `relance/invoices`: what was done to a vehicle, and what is due. Classifies workshop
 * invoices (category, payer, customer visit, plan operations, with evidence), reads them
 * against maintenance plans, projects odometers, dates roadworthiness tests, and lists the
 * customers who should have come.
 *
 * @module invoices
 */
export { classifyInvoice, CATEGORY_PRECEDENCE, defaultCompiledLexicon } from './classifyInvoice';
export type { ClassificationEvidence, ClassifiedPayer, ClassifyInvoiceOptions, InvoiceClassification } from './classifyInvoice';
export { compileLexicon } from './checkedLexicon';
export { matchLabel } from './compileLexicon';
export type { CompileLexiconOptions, CompiledLexicon, MatchKind, PhraseMatch } from './compileLexicon';
export { tokenize } from './text';
export type { StepCounter } from './text';
export { DEFAULT_LEXICONS, DE_LEXICON, EN_LEXICON, ES_LEXICON, FR_LEXICON, IT_LEXICON } from './lexicon';
export { LexiconEntrySchema, LexiconSchema } from './lexicon/types';
export type { Lexicon, LexiconEntry, OperationCodeSignal } from './lexicon/types';
export { MaintenancePlanSchema, PlanApplicabilitySchema, PlanItemSchema } from './plans/schema';
export type { MaintenancePlan, PlanApplicability, PlanItem } from './plans/schema';
export {
  EXAMPLE_ALTERNATING_PLAN,
  EXAMPLE_FIXED_TIMING_BELT_PLAN,
  EXAMPLE_GENERIC_PLAN,
  EXAMPLE_LONGLIFE_PLAN,
  EXAMPLE_PLANS,
} from './plans/examples';
export { projectOdometer } from './projectOdometer';
export type { OdometerProjection, ProjectOdometerOptions, ProjectionMethod } from './projectOdometer';
export { DEFAULT_EQUIVALENCES, maintenanceStatus } from './maintenanceStatus';
export { itemApplies } from './plans/applies';
export type { DueStatus, LastDone, MaintenanceStatusOptions, PlanItemStatus } from './maintenanceStatus';
export { INSPECTION_RULES, inspectionDue } from './inspectionDue';
export type { InspectionDueOptions, InspectionDueResult, InspectionRule } from './inspectionDue';
export { dueServices, dueServicesByCustomer } from './dueServices';
export type { DueItem, DueServicesOptions } from './dueServices';
export { isOfferRelevant } from './isOfferRelevant';
export type { IsOfferRelevantOptions, OfferRelevance, VehicleOffer, VehicleWorkState } from './isOfferRelevant';
export { vehicleWorkState } from './vehicleWorkState';
export type { VehicleWorkStateOptions } from './vehicleWorkState';
export { RelanceError, formatIssues } from '../errors';
