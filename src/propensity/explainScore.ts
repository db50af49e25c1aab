import { RelanceError } from '../errors';
import { forestContributions } from './forest';
import type { PropensityModel } from './model';
import { checkModelShape } from './modelShape';
import { scorePropensity } from './scorePropensity';

/** One feature's part in a score. */
export interface ScoreContribution {
  readonly feature: string;
  /** The row's value, and the training mean it is compared with. */
  readonly value: number;
  readonly mean: number;
  /**
   * Signed contribution: for the logistic model, exact, in log-odds against a customer at
   * the training means (βⱼ·(xⱼ − μⱼ)/σⱼ); for a forest, path-based (Saabas) in probability.
   */
  readonly contribution: number;
  /** The contribution in words, for a call-centre agent. */
  readonly text: string;
}

/** What {@link explainScore} returns. */
export interface ScoreExplanation {
  /** The score (uncalibrated: the contributions add up to it). */
  readonly probability: number;
  /** `log-odds` (logistic) or `probability` (forest): the unit of the contributions and the baseline. */
  readonly unit: 'log-odds' | 'probability';
  /** The score of the average customer (logistic: the intercept at the means; forest: the trees' root value). */
  readonly baseline: number;
  /** The largest contributions by absolute value, at most `top`. */
  readonly top: readonly ScoreContribution[];
  /** Every feature's contribution, in the model's column order; baseline + Σ = the score (in `unit`). */
  readonly all: readonly ScoreContribution[];
}

const FN = 'explainScore';

const fmt = (x: number): string => (Math.abs(x) >= 100 || Number.isInteger(x) ? x.toFixed(0) : x.toPrecision(3));

/** The sentence that tells one contribution (internal: the plan's ScoreBook writes its reasons with it too). */
export function contributionText(feature: string, value: number, mean: number, contribution: number, unit: ScoreExplanation['unit']): string {
  const verb = contribution > 0 ? 'raises' : contribution < 0 ? 'lowers' : 'does not change';
  const effect = contribution === 0 ? 'the score' : unit === 'log-odds' ? `the odds ×${fmt(Math.exp(contribution))}` : `the probability by ${(100 * Math.abs(contribution)).toFixed(1)} points`;
  return `${feature} = ${fmt(value)} (average ${fmt(mean)}) ${verb} ${effect}`;
}

/**
 * The features that made a row's score, each with a signed contribution and a sentence: exact
 * for the logistic model (the log-odds each feature adds against a customer at the training
 * means), path-based for forests (Saabas: along each tree's path, the change in the node's
 * positive share is credited to the split's feature, averaged over the trees).
 *
 * @param model - a propensity model
 * @param row - the row's feature values by name (missing features take the training mean)
 * @param options - `top`: how many contributions to list (default 5)
 * @returns the score, the baseline and the contributions
 * @throws RelanceError `incompatible_model`, or `invalid_input` for a non-finite value or an unknown feature
 *
 * @example
 * ```ts
 * import { explainScore, trainPropensity } from 'relance/propensity';
 *
 * const model = trainPropensity(
 *   { featureNames: ['visits12m', 'ageMonths'], rows: 6, cols: 2, data: Float64Array.from([0, 50, 1, 40, 3, 30, 4, 20, 0, 60, 5, 10]), labels: [0, 0, 1, 1, 0, 1] },
 *   { algorithm: 'logistic' },
 * );
 * const why = explainScore(model, { visits12m: 5, ageMonths: 12 }, { top: 2 });
 * why.top[0]?.text; // e.g. 'visits12m = 5 (average 2.17) raises the odds ×2.1'
 * ```
 */
export function explainScore(model: PropensityModel, row: Readonly<Record<string, number>>, options: { readonly top?: number | undefined } = {}): ScoreExplanation {
  checkModelShape(FN, model);
  const top = options.top ?? 5;
  if (!Number.isInteger(top) || top < 0) throw new RelanceError('invalid_input', `${FN}: top must be a non-negative integer, got ${String(top)}`);
  const names = model.featureNames;
  const means = model.training.featureMeans;
  const known = new Set(names);
  for (const key of Object.keys(row)) {
    if (!known.has(key)) throw new RelanceError('incompatible_model', `${FN}: the model has no feature "${key}"`, { issues: [{ code: 'unknown_column', path: [key], message: 'not a feature of the model' }] });
  }
  const x = new Float64Array(names.length);
  names.forEach((n, j) => {
    const v = row[n] ?? (means[j] as number);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RelanceError('invalid_input', `${FN}: feature "${n}" must be a finite number, got ${String(v)}`, { issues: [{ code: 'invalid_value', path: [n], message: 'expected a finite number' }] });
    }
    x[j] = v;
  });
  const probability = scorePropensity(model, { featureNames: names, rows: 1, cols: names.length, data: x }, { calibrated: false })[0] as number;
  let baseline: number;
  let parts: Float64Array;
  let unit: ScoreExplanation['unit'];
  if (model.algorithm === 'logistic') {
    const l = model.learned;
    unit = 'log-odds';
    baseline = l.intercept;
    parts = new Float64Array(names.length);
    for (let j = 0; j < names.length; j++) parts[j] = ((l.coefficients[j] as number) * ((x[j] as number) - (l.means[j] as number))) / (l.scales[j] as number);
  } else {
    unit = 'probability';
    const c = forestContributions(model.learned, x);
    baseline = c.bias;
    parts = c.contributions;
  }
  const all: ScoreContribution[] = names.map((feature, j) => {
    const contribution = parts[j] as number;
    const value = x[j] as number;
    const mean = means[j] as number;
    return { feature, value, mean, contribution, text: contributionText(feature, value, mean, contribution, unit) };
  });
  const ranked = all
    .map((c, j) => ({ c, j }))
    .sort((a, b) => Math.abs(b.c.contribution) - Math.abs(a.c.contribution) || a.j - b.j)
    .slice(0, top)
    .map((e) => e.c);
  return { probability, unit, baseline, top: ranked, all };
}
