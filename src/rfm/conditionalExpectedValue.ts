import { RelanceError } from '../errors';
import { checkSpend, IssueList, type SpendHistory } from './btydInput';
import { checkGammaGammaModel, type GammaGammaCoefficients } from './fitGammaGamma';

/** @internal The conditional expectation for a checked model and spend row; throws when the mean does not exist. */
export function expectedValueOf(fn: string, model: GammaGammaCoefficients, spend: SpendHistory): number {
  const { p, q, gamma } = model;
  const x = spend.frequency;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new RelanceError(
      'incompatible_model',
      x === 0
        ? `${fn}: the model's q = ${q} ≤ 1: spend per transaction has no finite population mean, so a customer without repeat purchases has no expected value`
        : `${fn}: p·x + q − 1 = ${denominator} ≤ 0 (p = ${p}, q = ${q}, x = ${x}): the conditional mean spend does not exist`,
    );
  }
  return (p * (gamma + x * (x === 0 ? 0 : spend.monetary))) / denominator;
}

/**
 * The expected value of a customer's future transactions, given the mean value of the past
 * ones: Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", eq. 5,
 * E[Z | p, q, γ, x, z̄] = (p·(γ + x·z̄)) / (p·x + q − 1)
 * = (q − 1)/(p·x + q − 1)·p·γ/(q − 1) + p·x/(p·x + q − 1)·z̄:
 * a weighted mean of the population mean p·γ/(q − 1) and the customer's own mean z̄, the
 * customer's weight growing with x. For `frequency` 0 it is the population mean (`monetary`
 * is not read), which exists only when q > 1.
 *
 * @param model - a model from {@link fitGammaGamma} (or published estimates: {@link GammaGammaCoefficients})
 * @param spend - the customer's `{ frequency, monetary }`: repeat purchases and their mean value
 * @returns the expected value of one future transaction, in the unit of `monetary`
 * @throws RelanceError `incompatible_model` (not a Gamma-Gamma model; q ≤ 1 for a customer without repeat purchase, where the mean does not exist), `invalid_input` (a bad spend row, naming the field)
 *
 * @example
 * ```ts
 * import { conditionalExpectedValue } from 'relance/rfm';
 *
 * // CDNOW, Fader & Hardie (2013): p = 6.25, q = 3.74, γ = 15.44
 * const model = { kind: 'gamma-gamma', version: 1, p: 6.25, q: 3.74, gamma: 15.44 } as const;
 * conditionalExpectedValue(model, { frequency: 2, monetary: 22.35 }).toFixed(2); // '24.66'
 * conditionalExpectedValue(model, { frequency: 0, monetary: 0 }).toFixed(2); // '35.22'
 * ```
 */
export function conditionalExpectedValue(model: GammaGammaCoefficients, spend: SpendHistory): number {
  const fn = 'conditionalExpectedValue';
  const m = checkGammaGammaModel(fn, model);
  const issues = new IssueList();
  const checked = checkSpend(spend, [], issues);
  issues.throwIfAny(fn, 'value');
  return expectedValueOf(fn, m, checked as SpendHistory);
}
