/**
 * `relance/measure`: did it work. Deterministic holdout groups keyed on the ids (per campaign,
 * and a global control group), the lift of a campaign against its holdout with confidence
 * intervals and p-values (rates and amounts), the sample size a lift needs, and a campaign
 * report with attribution, ROI and the day-by-day curve.
 *
 * @module measure
 */
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
export { assignHoldout, assignHoldouts, HOLDOUT_BUCKETS } from './assignHoldout';
export type { AssignHoldoutOptions, HoldoutAssignment, HoldoutAssignmentRow, HoldoutAssignments, HoldoutReason } from './assignHoldout';
export { measureLift } from './measureLift';
export type { AmountArm, AmountSums, AmountValues, MeanInterval, MeanLift, MeanLiftOptions, RateArm, RateInterval, RateLift, RateLiftOptions, RateTest, RatioInterval } from './measureLift';
export { sampleSizeForLift } from './sampleSizeForLift';
export type { SampleSize, SampleSizeForLiftOptions } from './sampleSizeForLift';
export { campaignReport } from './campaignReport';
export type { CampaignArmReport, CampaignChannelCost, CampaignContact, CampaignCurvePoint, CampaignOutcome, CampaignReport, CampaignReportOptions, CampaignResult } from './campaignReport';
