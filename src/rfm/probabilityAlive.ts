import { RelanceError } from '../errors';
import { checkHistory, IssueList, type PurchaseHistory } from './btydInput';
import { checkBgNbdModel, type BgNbdCoefficients } from './fitBgNbd';

/** @internal Checks one customer's history for a prediction; `invalid_input` naming the field. */
export function checkedHistory(fn: string, history: PurchaseHistory): PurchaseHistory {
  const issues = new IssueList();
  const checked = checkHistory(history, [], issues);
  issues.throwIfAny(fn, 'value');
  return checked as PurchaseHistory;
}

/** @internal Checks a time horizon t (finite, ≥ 0). */
export function checkedHorizon(fn: string, t: number, name = 't'): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new RelanceError('invalid_input', `${fn}: ${name} must be a finite time ≥ 0 (in the model's time unit), got ${String(t)}`, {
      issues: [{ code: 'invalid_value', path: [name], message: 'expected a finite number ≥ 0' }],
    });
  }
  return t;
}

/** @internal ln of the odds of being dead against alive: ln[a/(b + x − 1)·((α + T)/(α + t_x))^(r + x)], for x > 0. */
export function logOddsDead(model: BgNbdCoefficients, h: PurchaseHistory): number {
  const x = h.frequency;
  return Math.log(model.a) - Math.log(model.b + (x - 1)) + (model.r + x) * Math.log1p((h.T - h.recency) / (model.alpha + h.recency));
}

/**
 * The probability that a customer is still alive (has not dropped out) at the end of the
 * observation, given the history: Fader, Hardie & Lee (2008), "Computing P(alive) Using the
 * BG/NBD Model" (Bruce Hardie's note 021):
 * P(alive | x, t_x, T) = 1 / (1 + δ(x > 0)·a/(b + x − 1)·((α + T)/(α + t_x))^(r + x)).
 * It is 1 when x = 0 (BG/NBD customers can only drop out right after a purchase), and for
 * fixed x and T it rises with t_x (a recent last purchase is evidence of life). Computed as
 * a logistic of the log-odds, so it stays in [0, 1] for any history.
 *
 * @param model - a model from {@link fitBgNbd} (or published estimates: {@link BgNbdCoefficients})
 * @param history - the customer's `{ frequency, recency, T }`, in the model's time unit
 * @returns the probability, in [0, 1]
 * @throws RelanceError `incompatible_model` (not a BG/NBD model), `invalid_input` (a bad history, naming the field)
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
export function probabilityAlive(model: BgNbdCoefficients, history: PurchaseHistory): number {
  const fn = 'probabilityAlive';
  const m = checkBgNbdModel(fn, model);
  const h = checkedHistory(fn, history);
  if (h.frequency === 0) return 1;
  const odds = logOddsDead(m, h);
  return odds > 0 ? Math.exp(-odds) / (1 + Math.exp(-odds)) : 1 / (1 + Math.exp(odds));
}
