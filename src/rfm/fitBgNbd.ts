import { RelanceError } from '../errors';
import { bgNbdLogLikelihood, prepareBgNbd } from './bgNbdLikelihood';
import { maximizeLikelihood } from './btydFit';
import { checkFitOptions, readHistories, type PurchaseHistory } from './btydInput';

/** Default iteration cap of {@link fitBgNbd}. */
export const BG_NBD_MAX_ITERATIONS = 200;
/** Default tolerance of {@link fitBgNbd}: on the predicted decrease of the mean negative log-likelihood, relative to 1 + its value. */
export const BG_NBD_TOLERANCE = 1e-10;

/** Options of {@link fitBgNbd}. */
export interface FitBgNbdOptions {
  /** Iteration cap (default {@link BG_NBD_MAX_ITERATIONS}). */
  readonly maxIterations?: number | undefined;
  /** Convergence tolerance (default {@link BG_NBD_TOLERANCE}). */
  readonly tolerance?: number | undefined;
  /** Number of customers each row stands for (≥ 0; default 1 each). */
  readonly weights?: ArrayLike<number> | undefined;
  /**
   * L2 penalty as in lifetimes: c·(r² + α² + a² + b²) added to the mean negative
   * log-likelihood per customer (default 0: plain maximum likelihood). A small value (0.001)
   * keeps the estimate finite on data that do not identify the model.
   */
  readonly penalizer?: number | undefined;
}

/** The settings a {@link BgNbdModel} was fitted with, after defaults. */
export interface BgNbdParams {
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly penalizer: number;
  /** Whether case weights were given (the weights are data and are not stored in the model). */
  readonly weighted: boolean;
}

/**
 * A fitted BG/NBD model: a plain, serialisable object (JSON round-trips it). Purchases
 * follow a Poisson process with rate λ ~ Gamma(r, α) while the customer is alive; after each
 * purchase the customer drops out with probability p ~ Beta(a, b).
 */
export interface BgNbdModel {
  readonly kind: 'bg-nbd';
  readonly version: 1;
  /** Shape of the gamma distribution of purchase rates. */
  readonly r: number;
  /** Scale of the gamma distribution of purchase rates, in the time unit of the data (mean rate r/α). */
  readonly alpha: number;
  /** First shape of the beta distribution of drop-out probabilities (mean a/(a + b)). */
  readonly a: number;
  /** Second shape of the beta distribution of drop-out probabilities. */
  readonly b: number;
  /** Maximised log-likelihood (without the penalty), natural logarithm, summed over customers. */
  readonly logLikelihood: number;
  /** Always true: a fit that does not converge throws `did_not_converge`. */
  readonly converged: boolean;
  /** Newton iterations taken. */
  readonly iterations: number;
  /** Number of customers fitted (Σ weights). */
  readonly customers: number;
  readonly params: BgNbdParams;
  /** Standard errors from the observed information (inverse Hessian of the penalised log-likelihood, delta method from the log-parameters); absent when it is singular. */
  readonly standardErrors?: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
}

/**
 * What the predictions read from a BG/NBD model: a {@link BgNbdModel}, or published
 * estimates written by hand (`{ kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }`).
 */
export type BgNbdCoefficients = Pick<BgNbdModel, 'kind' | 'version' | 'r' | 'alpha' | 'a' | 'b'>;

/**
 * Fits the BG/NBD ("beta-geometric / negative binomial distribution") model of repeat
 * purchases by maximum likelihood: Fader, Hardie & Lee (2005), "Counting Your Customers the
 * Easy Way", Marketing Science 24(2), eq. 6. The log-likelihood is computed in log space
 * (log-sum-exp, ln Γ), so it stays finite for large frequencies; identical histories are
 * collapsed first, so a million customers cost a few hundred thousand terms. Damped Newton
 * steps on the log-parameters with the analytic gradient and Hessian.
 *
 * Each row is one customer: `frequency` x = number of repeat purchases (purchases after the
 * first, same-day purchases counted once), `recency` t_x = time from the first purchase to the
 * last (0 when x = 0), `T` = time from the first purchase to the end of observation. Any time
 * unit, the same for all rows; the model's α and every prediction are in that unit.
 *
 * @param rows - one `{ frequency, recency, T }` per customer (or per group of identical customers, with `weights`)
 * @param options - iteration cap, tolerance, case weights, L2 penalizer
 * @returns the fitted model: r, α, a, b, log-likelihood, convergence report, standard errors
 * @throws RelanceError `invalid_input` (a negative, non-integer or non-finite value, recency > T, recency 0 with repeat purchases; the issue names the row and field), `insufficient_data` (no customers, or no repeat purchase at all), `did_not_converge` (with what to try)
 *
 * @example
 * ```ts
 * import { fitBgNbd, probabilityAlive } from 'relance/rfm';
 *
 * // frequency = repeat purchases, recency = weeks from first to last purchase, T = weeks since the first
 * const rows = [
 *   { frequency: 0, recency: 0, T: 30 }, { frequency: 1, recency: 4, T: 30 }, { frequency: 3, recency: 28, T: 30 },
 *   { frequency: 0, recency: 0, T: 20 }, { frequency: 2, recency: 6, T: 20 }, { frequency: 5, recency: 19, T: 20 },
 *   { frequency: 0, recency: 0, T: 10 }, { frequency: 1, recency: 2, T: 10 }, { frequency: 0, recency: 0, T: 40 },
 * ];
 * const model = fitBgNbd(rows, { weights: [40, 12, 6, 35, 8, 3, 30, 9, 45] });
 * model.customers; // 188
 * probabilityAlive(model, { frequency: 2, recency: 6, T: 20 }).toFixed(2); // '0.26'
 * ```
 */
export function fitBgNbd(rows: ArrayLike<PurchaseHistory>, options: FitBgNbdOptions = {}): BgNbdModel {
  const fn = 'fitBgNbd';
  const settings = checkFitOptions(fn, options, { maxIterations: BG_NBD_MAX_ITERATIONS, tolerance: BG_NBD_TOLERANCE });
  const columns = readHistories(fn, rows, options.weights);
  const data = prepareBgNbd(columns);
  if (data.totalWeight === 0) throw new RelanceError('insufficient_data', `${fn}: no customers (${rows.length} rows${options.weights === undefined ? '' : ', total weight 0'})`);
  if (data.repeatWeight === 0) {
    throw new RelanceError(
      'insufficient_data',
      `${fn}: no repeat purchase among ${data.totalWeight} customers: purchase rates and drop-out cannot be told apart without repeat buyers`,
    );
  }
  // Start: r = 1 and α from the repeat-purchase rate Σx / ΣT (so α is in the data's time
  // unit), a = 1, b = 3 (a quarter of customers drop out after a purchase). α is searched
  // relative to the mean age.
  const meanT = data.sumT > 0 ? data.sumT / data.totalWeight : 1;
  const rate = Math.max(data.sumX, 1e-3 * data.totalWeight) / Math.max(data.sumT, Number.MIN_VALUE);
  const fit = maximizeLikelihood(
    fn,
    {
      names: ['r', 'α', 'a', 'b'],
      scales: [1, meanT, 1, 1],
      start: [1, 1 / Math.max(rate, 1e-300), 1, 3],
      totalWeight: data.totalWeight,
      logLikelihood: (p, gradient, hessian) => bgNbdLogLikelihood(data, p[0] as number, p[1] as number, p[2] as number, p[3] as number, gradient, hessian),
      lacking: 'too few customers or repeat buyers, or histories too alike',
    },
    settings,
  );
  const [r, alpha, a, b] = fit.parameters as [number, number, number, number];
  const model: BgNbdModel = {
    kind: 'bg-nbd',
    version: 1,
    r,
    alpha,
    a,
    b,
    logLikelihood: fit.logLikelihood,
    converged: true,
    iterations: fit.iterations,
    customers: data.totalWeight,
    params: { maxIterations: settings.maxIterations, tolerance: settings.tolerance, penalizer: settings.penalizer, weighted: options.weights !== undefined },
  };
  const se = fit.standardErrors;
  return se === null ? model : { ...model, standardErrors: { r: se[0] as number, alpha: se[1] as number, a: se[2] as number, b: se[3] as number } };
}

/** @internal Checks that `model` is a usable BG/NBD model; `incompatible_model` otherwise. */
export function checkBgNbdModel(fn: string, model: unknown): BgNbdCoefficients {
  const m = model as Partial<BgNbdCoefficients> | null;
  if (typeof m !== 'object' || m === null || m.kind !== 'bg-nbd') {
    const kind = typeof m === 'object' && m !== null ? String((m as { kind?: unknown }).kind) : String(m);
    throw new RelanceError('incompatible_model', `${fn}: expected a BG/NBD model (kind 'bg-nbd', from fitBgNbd), got kind ${kind}`);
  }
  if (m.version !== 1) throw new RelanceError('incompatible_model', `${fn}: BG/NBD model version ${String(m.version)} is not supported (expected 1)`);
  for (const key of ['r', 'alpha', 'a', 'b'] as const) {
    const v = m[key];
    if (typeof v !== 'number' || !(v > 0) || v === Number.POSITIVE_INFINITY) {
      throw new RelanceError('incompatible_model', `${fn}: the model's ${key} must be a positive finite number, got ${String(v)}`, {
        issues: [{ code: 'invalid_value', path: ['model', key], message: 'expected a positive finite number' }],
      });
    }
  }
  return m as BgNbdCoefficients;
}
