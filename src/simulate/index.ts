/**
 * `relance/simulate`: a seeded synthetic dealer group with the ground truth that produced
 * it, the embedded data of the demo and the oracle of many tests.
 *
 * @module simulate
 */
export { simulateBundles, simulateDealer, simulateSites } from './simulateDealer';
export type { SimulatedDealer } from './simulateDealer';
export type { SimulateOptions } from './settings';
export { replaySchedule } from './replaySchedule';
export type { ReplayedOutcome, ScheduledContact } from './replaySchedule';
export type { SimMake, SimModel, SimPlan, SimPlanItem } from './catalog';
export type {
  CampaignTruth,
  CustomerFeatures,
  CustomerTruth,
  InvoiceTruth,
  ModelTruth,
  ResponseTruth,
  ServiceTruth,
  SimulationSettings,
  SimulationTruth,
  SpellTruth,
  TopicEffect,
  VehicleTruth,
} from './truth';
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
