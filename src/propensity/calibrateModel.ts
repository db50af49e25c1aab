import { RelanceError } from '../errors';
import { type CalibrationMethod, fitCalibration } from './calibrate';
import type { PropensityModel } from './model';
import { scorePropensity } from './scorePropensity';
import { checkTable, type FeatureTable } from './table';

/**
 * Calibrates a model on held-out rows (never its training rows), so that a score reads as a
 * probability and expected-value ranking (probability × margin − cost) means something:
 * `platt` fits a sigmoid of the score, `isotonic` a non-decreasing step map (better with many
 * rows, at least a few thousand). Returns the model with its `calibration`, which
 * {@link scorePropensity} then applies.
 *
 * @param model - a propensity model (an existing calibration is replaced)
 * @param validation - held-out rows with labels
 * @param options - `method`: `platt` (default) or `isotonic`
 * @returns the calibrated model (a new object)
 * @throws RelanceError `invalid_input` for a bad table, `insufficient_data` with one class
 *
 * @example
 * ```ts
 * import { calibrate, scorePropensity, trainPropensity } from 'relance/propensity';
 *
 * const rows = (xs: number[], ys: number[]) => ({ featureNames: ['x'], rows: xs.length, cols: 1, data: Float64Array.from(xs), labels: ys });
 * const model = trainPropensity(rows([0, 1, 2, 3, 4, 5, 6, 7], [0, 0, 1, 0, 1, 0, 1, 1]), { algorithm: 'logistic' });
 * const calibrated = calibrate(model, rows([0, 2, 3, 5, 6, 7], [0, 0, 1, 1, 0, 1]), { method: 'platt' });
 * calibrated.calibration?.method; // 'platt'
 * scorePropensity(calibrated, { x: 4 }) > 0; // true
 * ```
 */
export function calibrate(model: PropensityModel, validation: FeatureTable, options: { readonly method?: CalibrationMethod | undefined } = {}): PropensityModel {
  checkTable('calibrate', validation, true);
  const method = options.method ?? 'platt';
  if (method !== 'platt' && method !== 'isotonic') {
    throw new RelanceError('invalid_input', `calibrate: method must be 'platt' or 'isotonic', got ${String(method)}`, { issues: [{ code: 'invalid_value', path: ['method'], message: "expected 'platt' or 'isotonic'" }] });
  }
  const scores = scorePropensity(model, validation, { calibrated: false });
  const calibration = fitCalibration(scores, validation.labels as ArrayLike<number>, { method });
  return { ...model, calibration };
}
