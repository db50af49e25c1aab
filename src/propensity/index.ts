/**
 * `relance/propensity`: how likely is this person to respond or buy. A documented feature
 * catalogue computed strictly before `asOf`, logistic regression (scikit-learn's optimum)
 * and relance's own histogram random forest, scoring with validated columns, calibration,
 * the evaluation metrics, explanations an agent can read, and versioned model files.
 *
 * @module propensity
 */
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
export type { FeatureTable } from './table';
export { buildFeatures, FEATURE_GROUPS } from './buildFeatures';
export type { BuildFeaturesOptions, BuiltFeatures, FeatureGroup, FeatureTarget } from './buildFeatures';
export { buildResponseTable } from './buildResponseTable';
export type { BuildResponseTableOptions, ContactToScore, ResponseTable } from './buildResponseTable';
export { trainPropensity } from './trainPropensity';
export type { TrainPropensityOptions } from './trainPropensity';
export { LOGISTIC_MAX_ITERATIONS, LOGISTIC_TOLERANCE } from './logistic';
export type { LogisticLearned, LogisticParams } from './logistic';
export { fitForest, forestContributions, predictForest, resolveForestParams } from './forest';
export type { ForestClassWeight, ForestLearned, ForestMaxFeatures, ForestOptions, ForestParams, ForestTree } from './forest';
export { PROPENSITY_MODEL_VERSION } from './model';
export type { CategoricalEncoding, ForestPropensityModel, LogisticPropensityModel, PropensityModel, TrainingSummary } from './model';
export { scorePropensity } from './scorePropensity';
export type { ScorePropensityOptions } from './scorePropensity';
export { calibrate } from './calibrateModel';
export { applyCalibration, applyCalibrationTo, fitCalibration } from './calibrate';
export type { Calibration, CalibrationMethod, FitCalibrationOptions, IsotonicCalibration, PlattCalibration } from './calibrate';
export { evaluateScores } from './evaluateScores';
export type { CalibrationBin, DecileLift, EvaluateScoresOptions, GainPoint, ScoreEvaluation } from './evaluateScores';
export { explainScore } from './explainScore';
export type { ScoreContribution, ScoreExplanation } from './explainScore';
export { loadModel, serializeModel } from './serializeModel';
