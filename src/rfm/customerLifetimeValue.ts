import { RelanceError } from '../errors';
import { checkSpend, IssueList, type PurchaseHistory, type SpendHistory } from './btydInput';
import { expectedValueOf } from './conditionalExpectedValue';
import type { BgNbdCoefficients } from './fitBgNbd';
import { checkGammaGammaModel, type GammaGammaCoefficients } from './fitGammaGamma';
import type { ParetoNbdCoefficients } from './fitParetoNbd';
import { checkedHistory, checkPurchaseModel, conditionalMean, type PurchaseModel } from './purchaseModels';

/** Options of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueOptions {
  /** Number of periods summed (a whole number ≥ 1), e.g. 12 months. */
  readonly periods: number;
  /** Length of one period in the models' time unit, e.g. 4.345 weeks (a month) when the models were fitted in weeks. */
  readonly periodLength: number;
  /** Discount rate per period (e.g. 0.01 a month), > −1; 0 for no discounting. */
  readonly discountRate: number;
}

/** Periods summed at most (a month-by-month sum over 100 years). */
const MAX_PERIODS = 1200;

/**
 * The discounted expected value of a customer's purchases over the next `periods` periods:
 * CLV = Σₖ₌₁..ₙ (E[Y(k·L)] − E[Y((k − 1)·L)])·E[Z] / (1 + d)^k,
 * where E[Y(t)] is the purchase model's expectation of purchases in the next t given the history
 * ({@link expectedPurchases}), L the period length, d the discount rate per period and E[Z]
 * the Gamma-Gamma conditional expected value of a transaction ({@link conditionalExpectedValue}).
 * This is lifetimes' `customer_lifetime_value` (its `time` is `periods`, its `freq` factor
 * `periodLength`, its `discount_rate` `discountRate`), with every period's purchases
 * discounted at the period's end.
 *
 * @param purchases - the purchase model, from {@link fitBgNbd} or {@link fitParetoNbd} (or published estimates: {@link BgNbdCoefficients}, {@link ParetoNbdCoefficients})
 * @param gammaGamma - the spend model, from {@link fitGammaGamma}
 * @param customer - `{ frequency, recency, T, monetary }` in the models' time unit, `monetary` the mean value of the repeat purchases (not read when frequency is 0)
 * @param options - number of periods, period length, discount rate per period
 * @returns the customer lifetime value over the horizon, in the unit of `monetary`
 * @throws RelanceError `incompatible_model` (a model of the wrong kind, or q ≤ 1 for a customer without repeat purchase), `invalid_input` (a bad customer or option)
 *
 * @example
 * ```ts
 * import { customerLifetimeValue } from 'relance/rfm';
 *
 * // CDNOW (weeks): customer 1 over the next 12 months at 1% a month
 * const bgNbd = { kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;
 * const gammaGamma = { kind: 'gamma-gamma', version: 1, p: 6.25, q: 3.74, gamma: 15.44 } as const;
 * const customer = { frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 };
 * customerLifetimeValue(bgNbd, gammaGamma, customer, { periods: 12, periodLength: 4.345, discountRate: 0.01 }).toFixed(2); // '36.29'
 * ```
 */
export function customerLifetimeValue(
  purchases: PurchaseModel,
  gammaGamma: GammaGammaCoefficients,
  customer: PurchaseHistory & SpendHistory,
  options: CustomerLifetimeValueOptions,
): number {
  const fn = 'customerLifetimeValue';
  const model = checkPurchaseModel(fn, purchases);
  const spend = checkGammaGammaModel(fn, gammaGamma);
  const history = checkedHistory(fn, customer);
  const issues = new IssueList();
  const checkedSpend = checkSpend({ frequency: customer.frequency, monetary: history.frequency === 0 ? 0 : customer.monetary }, [], issues);
  const { periods, periodLength, discountRate } = options;
  if (!Number.isInteger(periods) || periods < 1 || periods > MAX_PERIODS) issues.add('invalid_value', ['periods'], `expected a whole number of periods in [1, ${MAX_PERIODS}], got ${String(periods)}`);
  if (typeof periodLength !== 'number' || !(periodLength > 0) || periodLength === Number.POSITIVE_INFINITY) issues.add('invalid_value', ['periodLength'], `expected a positive finite length, got ${String(periodLength)}`);
  if (typeof discountRate !== 'number' || !(discountRate > -1) || discountRate === Number.POSITIVE_INFINITY) issues.add('invalid_value', ['discountRate'], `expected a finite rate > −1, got ${String(discountRate)}`);
  issues.throwIfAny(fn, 'value');
  if (checkedSpend === null) throw new RelanceError('invalid_input', `${fn}: invalid spend`);
  const value = expectedValueOf(fn, spend, checkedSpend);
  let clv = 0;
  let previous = 0;
  for (let k = 1; k <= periods; k++) {
    const cumulative = conditionalMean(model, k * periodLength, history);
    clv += ((cumulative - previous) * value) / Math.pow(1 + discountRate, k);
    previous = cumulative;
  }
  return clv;
}
