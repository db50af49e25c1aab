/**
 * `relance/rfm`: who is active, lapsing, lost. RFM summaries that stream and merge, rank-based
 * scores, named segments, inactivity measured against each customer's own rhythm, and the
 * buy-till-you-die models (BG/NBD, Gamma-Gamma) that turn a history into P(alive) and value.
 *
 * @module rfm
 */
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
export { RfmAccumulator, rfmCalibrationHoldout, rfmSummary } from './rfmSummary';
export type { RfmAccumulatorStats, RfmCalibrationHoldoutOptions, RfmCalibrationHoldoutRow, RfmEvent, RfmMonetary, RfmSummaryOptions, RfmSummaryRow, RfmTimeUnit } from './rfmSummary';
export { rfmScores } from './rfmScores';
export type { RfmScore, RfmScoreInput, RfmScoreMethod, RfmScoresOptions, RfmThresholds } from './rfmScores';
export { RF_GRID_SEGMENTS, RFM_RANGE_SEGMENTS, rfmSegments } from './rfmSegments';
export type { RfGridSegmentMap, RfmRangeSegment, RfmRangeSegmentMap, RfmSegmentAssignment, RfmSegmentation, RfmSegmentMap } from './rfmSegments';
export { cadenceInactivity } from './cadenceInactivity';
export type { ActivityStatus, CadenceInactivity, CadenceInactivityOptions, CadenceThresholds } from './cadenceInactivity';
export { engagementRfmEvents, vehiclePurchaseEvents, workshopVisitEvents } from './events';
export type { WorkshopVisitEventsOptions } from './events';
export { fitBgNbd, BG_NBD_MAX_ITERATIONS, BG_NBD_TOLERANCE } from './fitBgNbd';
export type { BgNbdCoefficients, BgNbdModel, BgNbdParams, FitBgNbdOptions } from './fitBgNbd';
export type { PurchaseHistory, SpendHistory } from './btydInput';
export { probabilityAlive } from './probabilityAlive';
export { expectedPurchases, expectedPurchasesNew } from './expectedPurchases';
export { probabilityOfPurchases } from './probabilityOfPurchases';
export { fitGammaGamma, GAMMA_GAMMA_MAX_ITERATIONS, GAMMA_GAMMA_TOLERANCE } from './fitGammaGamma';
export type { FitGammaGammaOptions, GammaGammaCoefficients, GammaGammaModel, GammaGammaParams } from './fitGammaGamma';
export { conditionalExpectedValue } from './conditionalExpectedValue';
export { customerLifetimeValue } from './customerLifetimeValue';
export type { CustomerLifetimeValueOptions } from './customerLifetimeValue';
export { fitParetoNbd, PARETO_NBD_MAX_ITERATIONS, PARETO_NBD_TOLERANCE } from './fitParetoNbd';
export type { FitParetoNbdOptions, ParetoNbdCoefficients, ParetoNbdModel, ParetoNbdParams } from './fitParetoNbd';
export type { PurchaseModel } from './purchaseModels';
