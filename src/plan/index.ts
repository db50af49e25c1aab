/**
 * `relance/plan`: the whole day's work. Candidates from what is due, the repurchase windows
 * and the customers to win back, valued at probability × margin − contact cost, holdouts
 * drawn per campaign, governed by the contact policy, each contact with its why.
 *
 * @module plan
 */
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
export { DEFAULT_CONTACT_COSTS, DEFAULT_PLAN_CAMPAIGNS, planContacts } from './planContacts';
export type { DayPlan, PlanCampaign, PlanCampaignKind, PlanContactsOptions, PlannedContact, PlanStage } from './planContacts';
