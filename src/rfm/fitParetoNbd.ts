import { RelanceError } from '../errors';
import { prepareBgNbd } from './bgNbdLikelihood';
import { maximizeLikelihood } from './btydFit';
import { checkFitOptions, readHistories, type PurchaseHistory } from './btydInput';
import { paretoNbdLogLikelihood } from './paretoNbdLikelihood';

/** Default iteration cap of {@link fitParetoNbd}. */
export const PARETO_NBD_MAX_ITERATIONS = 200;
/** Default tolerance of {@link fitParetoNbd}: on the predicted decrease of the mean negative log-likelihood, relative to 1 + its value. */
export const PARETO_NBD_TOLERANCE = 1e-10;

/** Options of {@link fitParetoNbd}. */
export interface FitParetoNbdOptions {
  /** Iteration cap (default {@link PARETO_NBD_MAX_ITERATIONS}). */
  readonly maxIterations?: number | undefined;
  /** Convergence tolerance (default {@link PARETO_NBD_TOLERANCE}). */
  readonly tolerance?: number | undefined;
  /** Number of customers each row stands for (≥ 0; default 1 each). */
  readonly weights?: ArrayLike<number> | undefined;
  /** L2 penalty as in lifetimes: c·(r² + α² + s² + β²) added to the mean negative log-likelihood per customer (default 0). */
  readonly penalizer?: number | undefined;
}

/** The settings a {@link ParetoNbdModel} was fitted with, after defaults. */
export interface ParetoNbdParams {
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly penalizer: number;
  /** Whether case weights were given (the weights are data and are not stored in the model). */
  readonly weighted: boolean;
}

/**
 * A fitted Pareto/NBD model: a plain, serialisable object. Purchases follow a Poisson process
 * with rate λ ~ Gamma(r, α) while the customer is alive; the lifetime is exponential with rate
 * μ ~ Gamma(s, β), so a customer can drop out at any time (in the BG/NBD only after a purchase).
 */
export interface ParetoNbdModel {
  readonly kind: 'pareto-nbd';
  readonly version: 1;
  /** Shape of the gamma distribution of purchase rates. */
  readonly r: number;
  /** Scale of the gamma distribution of purchase rates, in the time unit of the data (mean rate r/α). */
  readonly alpha: number;
  /** Shape of the gamma distribution of drop-out rates. */
  readonly s: number;
  /** Scale of the gamma distribution of drop-out rates, in the time unit of the data (mean rate s/β). */
  readonly beta: number;
  /** Maximised log-likelihood (without the penalty), natural logarithm, summed over customers. */
  readonly logLikelihood: number;
  /** Always true: a fit that does not converge throws `did_not_converge`. */
  readonly converged: boolean;
  readonly iterations: number;
  /** Number of customers fitted (Σ weights). */
  readonly customers: number;
  readonly params: ParetoNbdParams;
  /** Standard errors from the observed information (delta method from the log-parameters); absent when it is singular. */
  readonly standardErrors?: { readonly r: number; readonly alpha: number; readonly s: number; readonly beta: number };
}

/**
 * What the predictions read from a Pareto/NBD model: a {@link ParetoNbdModel}, or published
 * estimates written by hand (`{ kind: 'pareto-nbd', version: 1, r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }`).
 */
export type ParetoNbdCoefficients = Pick<ParetoNbdModel, 'kind' | 'version' | 'r' | 'alpha' | 's' | 'beta'>;

/**
 * Fits the Pareto/NBD model of repeat purchases by maximum likelihood: Schmittlein, Morrison &
 * Colombo (1987), "Counting Your Customers", Management Science 33(1), in the notation of
 * Fader, Hardie & Lee (2005). The likelihood's integral over the time of death is computed by
 * Gauss–Legendre quadrature relative to the survival term (not as the textbook difference of
 * two 2F1 terms, which cancel when t_x is close to T), with its derivatives under the integral:
 * damped Newton steps on the log-parameters with the analytic gradient and Hessian. Rows as in
 * {@link fitBgNbd}; identical histories are collapsed first. {@link probabilityAlive},
 * {@link expectedPurchases}, {@link expectedPurchasesNew} and {@link customerLifetimeValue}
 * take the model.
 *
 * @param rows - one `{ frequency, recency, T }` per customer (or per group of identical customers, with `weights`)
 * @param options - iteration cap, tolerance, case weights, L2 penalizer
 * @returns the fitted model: r, α, s, β, log-likelihood, convergence report, standard errors
 * @throws RelanceError `invalid_input` (naming the row and field), `insufficient_data` (no customers, or no repeat purchase at all), `did_not_converge` (with what to try)
 *
 * @example
 * ```ts
 * import { fitParetoNbd, probabilityAlive } from 'relance/rfm';
 *
 * const rows = [
 *   { frequency: 0, recency: 0, T: 30 }, { frequency: 1, recency: 4, T: 30 }, { frequency: 3, recency: 28, T: 30 },
 *   { frequency: 0, recency: 0, T: 20 }, { frequency: 2, recency: 6, T: 20 }, { frequency: 5, recency: 19, T: 20 },
 *   { frequency: 0, recency: 0, T: 10 }, { frequency: 1, recency: 2, T: 10 }, { frequency: 0, recency: 0, T: 40 },
 * ];
 * const model = fitParetoNbd(rows, { weights: [40, 12, 6, 35, 8, 3, 30, 9, 45] });
 * probabilityAlive(model, { frequency: 3, recency: 28, T: 30 }).toFixed(2); // '0.92'
 * probabilityAlive(model, { frequency: 0, recency: 0, T: 40 }).toFixed(2); // '0.02' (unlike BG/NBD, silence is evidence of drop-out)
 * ```
 */
export function fitParetoNbd(rows: ArrayLike<PurchaseHistory>, options: FitParetoNbdOptions = {}): ParetoNbdModel {
  const fn = 'fitParetoNbd';
  const settings = checkFitOptions(fn, options, { maxIterations: PARETO_NBD_MAX_ITERATIONS, tolerance: PARETO_NBD_TOLERANCE });
  const data = prepareBgNbd(readHistories(fn, rows, options.weights));
  if (data.totalWeight === 0) throw new RelanceError('insufficient_data', `${fn}: no customers (${rows.length} rows${options.weights === undefined ? '' : ', total weight 0'})`);
  if (data.repeatWeight === 0) {
    throw new RelanceError('insufficient_data', `${fn}: no repeat purchase among ${data.totalWeight} customers: purchase rates and lifetimes cannot be told apart without repeat buyers`);
  }
  // Start: r = s = 1, α from the repeat-purchase rate Σx / ΣT, β = the mean age (a mean
  // lifetime of about the observation). α and β are searched relative to the mean age.
  const meanT = data.sumT > 0 ? data.sumT / data.totalWeight : 1;
  const rate = Math.max(data.sumX, 1e-3 * data.totalWeight) / Math.max(data.sumT, Number.MIN_VALUE);
  const fit = maximizeLikelihood(
    fn,
    {
      names: ['r', 'α', 's', 'β'],
      scales: [1, meanT, 1, meanT],
      start: [1, 1 / Math.max(rate, 1e-300), 1, meanT],
      totalWeight: data.totalWeight,
      logLikelihood: (p, gradient, hessian) => paretoNbdLogLikelihood(data, p[0] as number, p[1] as number, p[2] as number, p[3] as number, gradient, hessian),
      lacking: 'too few customers or repeat buyers, or histories too alike',
    },
    settings,
  );
  const [r, alpha, s, beta] = fit.parameters as [number, number, number, number];
  const model: ParetoNbdModel = {
    kind: 'pareto-nbd',
    version: 1,
    r,
    alpha,
    s,
    beta,
    logLikelihood: fit.logLikelihood,
    converged: true,
    iterations: fit.iterations,
    customers: data.totalWeight,
    params: { maxIterations: settings.maxIterations, tolerance: settings.tolerance, penalizer: settings.penalizer, weighted: options.weights !== undefined },
  };
  const se = fit.standardErrors;
  return se === null ? model : { ...model, standardErrors: { r: se[0] as number, alpha: se[1] as number, s: se[2] as number, beta: se[3] as number } };
}
