import type { Calibration } from './calibrate';
import type { ForestLearned, ForestParams } from './forest';
import type { LogisticLearned, LogisticParams } from './logistic';

/** The version of the model format this relance writes and reads. */
export const PROPENSITY_MODEL_VERSION = 1;

/** How a categorical column was one-hot encoded: its levels, each a 0/1 column `name=level`. */
export interface CategoricalEncoding {
  readonly column: string;
  /** Levels seen in training, sorted; an unseen level encodes as all zeros. */
  readonly levels: readonly string[];
}

/** What the training data looked like, for scoring and for reading the model. */
export interface TrainingSummary {
  readonly rows: number;
  readonly positives: number;
  /** Mean of each feature on the training rows: the value a missing feature takes when the caller asks for imputation. */
  readonly featureMeans: readonly number[];
  /** ROC AUC on the training rows (optimistic), and out of bag for forests. */
  readonly trainRocAuc: number | null;
  readonly oobRocAuc?: number | null | undefined;
}

interface ModelBase {
  readonly kind: 'propensity-model';
  readonly version: number;
  /** The columns, in the order the model reads them. */
  readonly featureNames: readonly string[];
  /** The categorical encodings that produced some of the columns (from buildFeatures). */
  readonly encodings: readonly CategoricalEncoding[];
  readonly training: TrainingSummary;
  /** A calibration of the scores, when {@link calibrate} made one. */
  readonly calibration?: Calibration | undefined;
}

/** A logistic propensity model. */
export interface LogisticPropensityModel extends ModelBase {
  readonly algorithm: 'logistic';
  readonly params: LogisticParams;
  readonly learned: LogisticLearned;
}

/** A random-forest propensity model. */
export interface ForestPropensityModel extends ModelBase {
  readonly algorithm: 'random-forest';
  readonly params: ForestParams;
  readonly learned: ForestLearned;
}

/** A trained propensity model: a plain, serialisable object (see {@link serializeModel}). */
export type PropensityModel = LogisticPropensityModel | ForestPropensityModel;
