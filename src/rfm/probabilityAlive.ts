import type { PurchaseHistory } from './btydInput';
import type { BgNbdCoefficients } from './fitBgNbd';
import type { ParetoNbdCoefficients } from './fitParetoNbd';
import { aliveProbability, checkedHistory, checkPurchaseModel, type PurchaseModel } from './purchaseModels';

/**
 * The probability that a customer is still alive (has not dropped out) at the end of the
 * observation, given the history: Fader, Hardie & Lee (2008), "Computing P(alive) Using the
 * BG/NBD Model" (Bruce Hardie's note 021):
 * P(alive | x, t_x, T) = 1 / (1 + δ(x > 0)·a/(b + x − 1)·((α + T)/(α + t_x))^(r + x)).
 * It is 1 when x = 0 (BG/NBD customers can only drop out right after a purchase), and for
 * fixed x and T it rises with t_x (a recent last purchase is evidence of life). Computed as
 * a logistic of the log-odds, so it stays in [0, 1] for any history. For a Pareto/NBD model
 * (from {@link fitParetoNbd}), where customers can drop out at any time,
 * P(alive) = 1 / (1 + s·∫_{t_x}^{T} ((α + T)/(α + τ))^(r + x)·((β + T)/(β + τ))^s·dτ/(β + τ))
 * (Schmittlein, Morrison & Colombo 1987, as the likelihood's two terms; the integral by quadrature).
 *
 * @param model - a model from {@link fitBgNbd} or {@link fitParetoNbd} (or published estimates: {@link BgNbdCoefficients}, {@link ParetoNbdCoefficients})
 * @param history - the customer's `{ frequency, recency, T }`, in the model's time unit
 * @returns the probability, in [0, 1]
 * @throws RelanceError `incompatible_model` (not a BG/NBD or Pareto/NBD model), `invalid_input` (a bad history, naming the field)
 *
 * @example
 * ```ts
 * import { probabilityAlive } from 'relance/rfm';
 *
 * // The CDNOW estimates of Fader, Hardie & Lee (2005), weeks
 * const model = { kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;
 * probabilityAlive(model, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(4); // '0.7266'
 * probabilityAlive(model, { frequency: 2, recency: 5, T: 38.86 }).toFixed(4); // '0.1237' (last purchase long ago)
 * ```
 */
export function probabilityAlive(model: PurchaseModel, history: PurchaseHistory): number {
  const fn = 'probabilityAlive';
  const m = checkPurchaseModel(fn, model);
  return aliveProbability(m, checkedHistory(fn, history));
}
