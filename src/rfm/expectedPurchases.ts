import type { PurchaseHistory } from './btydInput';
import type { BgNbdCoefficients } from './fitBgNbd';
import type { ParetoNbdCoefficients } from './fitParetoNbd';
import { checkedHistory, checkedHorizon, checkPurchaseModel, conditionalMean, newCustomerMean, type PurchaseModel } from './purchaseModels';

/**
 * The expected number of purchases of a customer in the next `t` time units, given the
 * history: Fader, Hardie & Lee (2005), eq. 10,
 * E[Y(t) | x, t_x, T] = (a + b + x − 1)/(a − 1)·[1 − ((α + T)/(α + T + t))^(r + x)·2F1(r + x, b + x; a + b + x − 1; t/(α + T + t))]
 * / (1 + δ(x > 0)·a/(b + x − 1)·((α + T)/(α + t_x))^(r + x)),
 * i.e. P(alive) times the expectation of a new customer with the updated parameters
 * (r + x, α + T, a, b + x). The hypergeometric function is summed in a form without the
 * removable singularity at a = 1 (see the notes in `bgNbdExpectation.ts`), with the
 * transformation to 1 − z for long horizons. Non-decreasing in t, 0 at t = 0. For a
 * Pareto/NBD model: (r + x)·(β + T)/((α + T)·(s − 1))·[1 − ((β + T)/(β + T + t))^(s − 1)]·P(alive)
 * (Schmittlein, Morrison & Colombo 1987; its limit at s = 1).
 *
 * @param model - a model from {@link fitBgNbd} or {@link fitParetoNbd} (or published estimates: {@link BgNbdCoefficients}, {@link ParetoNbdCoefficients})
 * @param t - the horizon, ≥ 0, in the model's time unit
 * @param history - the customer's `{ frequency, recency, T }`
 * @returns the expected number of purchases in (T, T + t], ≥ 0
 * @throws RelanceError `incompatible_model`, `invalid_input` (a bad history or horizon)
 *
 * @example
 * ```ts
 * import { expectedPurchases } from 'relance/rfm';
 *
 * // CDNOW (Fader, Hardie & Lee 2005), weeks: customer 1 over the 39 weeks of the holdout
 * const model = { kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;
 * expectedPurchases(model, 39, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3); // '1.226'
 * ```
 */
export function expectedPurchases(model: PurchaseModel, t: number, history: PurchaseHistory): number {
  const fn = 'expectedPurchases';
  const m = checkPurchaseModel(fn, model);
  checkedHorizon(fn, t);
  return conditionalMean(m, t, checkedHistory(fn, history));
}

/**
 * The expected number of repeat purchases of a new customer (one just acquired, alive at
 * time 0) in (0, t]: Fader, Hardie & Lee (2005), eq. 7,
 * E[X(t)] = (a + b − 1)/(a − 1)·[1 − (α/(α + t))^r·2F1(r, b; a + b − 1; t/(α + t))],
 * summed without its removable singularities at a = 1 and a + b = 1. Also the expected
 * cumulative repeat purchases of a cohort per customer, for tracking plots. For a Pareto/NBD
 * model: E[X(t)] = r·β/(α·(s − 1))·[1 − (β/(β + t))^(s − 1)].
 *
 * @param model - a model from {@link fitBgNbd} or {@link fitParetoNbd} (or published estimates: {@link BgNbdCoefficients}, {@link ParetoNbdCoefficients})
 * @param t - the horizon, ≥ 0, in the model's time unit
 * @returns E[X(t)], ≥ 0
 * @throws RelanceError `incompatible_model`, `invalid_input` (a bad horizon)
 *
 * @example
 * ```ts
 * import { expectedPurchasesNew } from 'relance/rfm';
 *
 * const model = { kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;
 * expectedPurchasesNew(model, 52).toFixed(3); // '1.446'
 * ```
 */
export function expectedPurchasesNew(model: PurchaseModel, t: number): number {
  const fn = 'expectedPurchasesNew';
  const m = checkPurchaseModel(fn, model);
  checkedHorizon(fn, t);
  return newCustomerMean(m, t);
}
