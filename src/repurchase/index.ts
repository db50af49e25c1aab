/**
 * `relance/repurchase`: when will this owner buy again. Ownership spells from the sales
 * history, Kaplan–Meier and Weibull (with a cure fraction) fits that handle censoring and
 * left truncation, per-model curves shrunk towards their make, the conditional timing of
 * each owner's next purchase, and attrition signals that know about households.
 *
 * @module repurchase
 */
export { kaplanMeier } from './kaplanMeier';
export type { ConfidenceType, KaplanMeierOptions, KaplanMeierResult, RestrictedMean, SurvivalQuantile } from './kaplanMeier';
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
export { fitWeibull, fitWeibullCure, WEIBULL_MAX_ITERATIONS, WEIBULL_TOLERANCE } from './fitWeibull';
export type { FitWeibullOptions, WeibullCureFit, WeibullFit } from './fitWeibull';
export { ownershipSpells } from './ownershipSpells';
export type { AgeBand, OwnershipSpell, OwnershipSpellsOptions, SpellEnd } from './ownershipSpells';
export { fitRepurchaseModel, stratumKey } from './fitRepurchaseModel';
export type { FitRepurchaseModelOptions, RepurchaseModel, RepurchaseSpell, RepurchaseStratum, SpellKey } from './fitRepurchaseModel';
export { conditionalTiming, repurchaseTiming } from './repurchaseTiming';
export type { ConditionalTiming, RepurchaseCurve, RepurchaseTiming, RepurchaseTimingOptions, TimingSpell } from './repurchaseTiming';
export { attritionSignals } from './attritionSignals';
export type { AttritionAssessment, AttritionSignal, AttritionSignalKind, AttritionSignalsOptions } from './attritionSignals';
