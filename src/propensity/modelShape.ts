import { RelanceError } from '../errors';
import { PROPENSITY_MODEL_VERSION, type PropensityModel } from './model';

/**
 * A cheap structural check before using a model (the full validation is {@link loadModel}'s):
 * the kind, a version this relance reads, an algorithm it knows, the feature names, and
 * learned values of the right length.
 */
export function checkModelShape(fn: string, model: PropensityModel): void {
  const m = model as Partial<PropensityModel> | null;
  if (m === null || typeof m !== 'object' || m.kind !== 'propensity-model') {
    throw new RelanceError('incompatible_model', `${fn}: expected a model from trainPropensity() or loadModel() (kind "propensity-model")`);
  }
  if (typeof m.version !== 'number' || m.version > PROPENSITY_MODEL_VERSION) {
    throw new RelanceError('incompatible_model', `${fn}: model version ${String(m.version)} is newer than this relance reads (${PROPENSITY_MODEL_VERSION}); upgrade relance`);
  }
  if (!Array.isArray(m.featureNames) || m.training === undefined || !Array.isArray(m.training.featureMeans) || m.training.featureMeans.length !== m.featureNames.length) {
    throw new RelanceError('incompatible_model', `${fn}: the model's feature names or training means are missing or inconsistent`);
  }
  if (m.algorithm === 'logistic') {
    if (m.learned === undefined || !Array.isArray(m.learned.coefficients) || m.learned.coefficients.length !== m.featureNames.length) {
      throw new RelanceError('incompatible_model', `${fn}: the logistic model's coefficients do not match its ${m.featureNames.length} features`);
    }
  } else if (m.algorithm !== 'random-forest' || m.learned === undefined) {
    throw new RelanceError('incompatible_model', `${fn}: unknown algorithm ${String(m.algorithm)}`);
  }
}
