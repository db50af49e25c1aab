import { RelanceError } from '../errors';
import { digamma, logGamma, trigamma } from '../internal/gammaFunctions';
import { uniqueTriples } from '../internal/uniqueTriples';
import { maximizeLikelihood } from './btydFit';
import { checkFitOptions, readSpends, type SpendHistory } from './btydInput';

/** Default iteration cap of {@link fitGammaGamma}. */
export const GAMMA_GAMMA_MAX_ITERATIONS = 200;
/** Default tolerance of {@link fitGammaGamma}: on the predicted decrease of the mean negative log-likelihood, relative to 1 + its value. */
export const GAMMA_GAMMA_TOLERANCE = 1e-10;

/** Options of {@link fitGammaGamma}. */
export interface FitGammaGammaOptions {
  /** Iteration cap (default {@link GAMMA_GAMMA_MAX_ITERATIONS}). */
  readonly maxIterations?: number | undefined;
  /** Convergence tolerance (default {@link GAMMA_GAMMA_TOLERANCE}). */
  readonly tolerance?: number | undefined;
  /** Number of customers each row stands for (≥ 0; default 1 each). */
  readonly weights?: ArrayLike<number> | undefined;
  /** L2 penalty as in lifetimes: c·(p² + q² + γ²) added to the mean negative log-likelihood per customer (default 0). */
  readonly penalizer?: number | undefined;
}

/** The settings a {@link GammaGammaModel} was fitted with, after defaults. */
export interface GammaGammaParams {
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly penalizer: number;
  /** Whether case weights were given (the weights are data and are not stored in the model). */
  readonly weighted: boolean;
}

/**
 * A fitted Gamma-Gamma model of spend per transaction: a plain, serialisable object. Each
 * transaction's value is Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so the mean
 * value of a customer, p/ν, has population mean p·γ/(q − 1) when q > 1.
 */
export interface GammaGammaModel {
  readonly kind: 'gamma-gamma';
  readonly version: 1;
  /** Shape of the gamma distribution of a transaction's value. */
  readonly p: number;
  /** Shape of the gamma distribution of ν across customers. */
  readonly q: number;
  /** Scale of the gamma distribution of ν across customers, in money. */
  readonly gamma: number;
  /** Maximised log-likelihood (without the penalty) of the mean values of the customers fitted. */
  readonly logLikelihood: number;
  /** Always true: a fit that does not converge throws `did_not_converge`. */
  readonly converged: boolean;
  readonly iterations: number;
  /** Customers fitted: those with at least one repeat purchase (Σ weights). */
  readonly customers: number;
  readonly params: GammaGammaParams;
  /** Standard errors from the observed information (delta method from the log-parameters); absent when it is singular. */
  readonly standardErrors?: { readonly p: number; readonly q: number; readonly gamma: number };
}

/**
 * What the predictions read from a Gamma-Gamma model: a {@link GammaGammaModel}, or
 * published estimates written by hand (`{ kind: 'gamma-gamma', version: 1, p: 6.25, q: 3.74, gamma: 15.44 }`).
 */
export type GammaGammaCoefficients = Pick<GammaGammaModel, 'kind' | 'version' | 'p' | 'q' | 'gamma'>;

/** Repeat buyers' distinct (x, z̄) with weights, grouped by x. */
interface SpendData {
  readonly x: Float64Array;
  readonly logX: Float64Array;
  readonly groupStart: Int32Array;
  readonly groupWeight: Float64Array;
  readonly monetary: Float64Array;
  readonly logMonetary: Float64Array;
  readonly weight: Float64Array;
  readonly totalWeight: number;
  readonly meanMonetary: number;
}

function prepareSpends(frequency: Float64Array, monetary: Float64Array, weight: Float64Array | null): SpendData {
  const keep = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) keep[i] = (frequency[i] as number) > 0 ? (weight === null ? 1 : (weight[i] as number)) : 0;
  const u = uniqueTriples(frequency, monetary, new Float64Array(frequency.length), keep);
  const x: number[] = [];
  const groupStart: number[] = [];
  const groupWeight: number[] = [];
  let total = 0;
  let spend = 0;
  for (let i = 0; i < u.n; i++) {
    const xi = u.first[i] as number;
    const w = u.weight[i] as number;
    if (i === 0 || xi !== x[x.length - 1]) {
      x.push(xi);
      groupStart.push(i);
      groupWeight.push(0);
    }
    groupWeight[groupWeight.length - 1] = (groupWeight[groupWeight.length - 1] as number) + w;
    total += w;
    spend += w * (u.second[i] as number);
  }
  groupStart.push(u.n);
  return {
    x: Float64Array.from(x),
    logX: Float64Array.from(x, Math.log),
    groupStart: Int32Array.from(groupStart),
    groupWeight: Float64Array.from(groupWeight),
    monetary: u.second,
    logMonetary: u.second.map(Math.log),
    weight: u.weight,
    totalWeight: total,
    meanMonetary: total > 0 ? spend / total : 0,
  };
}

/**
 * The Gamma-Gamma log-likelihood of the mean values (Fader & Hardie 2013: z̄ | ν ~ Gamma(px, νx),
 * ν ~ Gamma(q, γ), ν integrated out): for a customer with x transactions of mean z̄,
 * ln f = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q·ln γ + (px − 1)·ln z̄ + px·ln x − (px + q)·ln(γ + x·z̄),
 * with, when asked, its gradient and Hessian in (p, q, γ).
 */
function gammaGammaLogLikelihood(data: SpendData, p: number, q: number, g: number, gradient: Float64Array | null, hessian: Float64Array | null): number {
  const derivatives = gradient !== null && hessian !== null;
  const logG = Math.log(g);
  const lgQ = logGamma(q);
  const psiQ = derivatives ? digamma(q) : 0;
  const triQ = derivatives ? trigamma(q) : 0;
  let ll = 0;
  let gp = 0, gq = 0, gg = 0;
  let hpp = 0, hpq = 0, hpg = 0, hqq = 0, hqg = 0, hgg = 0;
  for (let k = 0; k < data.x.length; k++) {
    const x = data.x[k] as number;
    const gw = data.groupWeight[k] as number;
    const px = p * x;
    const pxq = px + q;
    ll += gw * (logGamma(pxq) - logGamma(px) - lgQ + q * logG + px * (data.logX[k] as number));
    if (derivatives) {
      const psiSum = digamma(pxq);
      const triSum = trigamma(pxq);
      gp += gw * x * (psiSum - digamma(px) + (data.logX[k] as number));
      gq += gw * (psiSum - psiQ + logG);
      gg += (gw * q) / g;
      hpp += gw * x * x * (triSum - trigamma(px));
      hpq += gw * x * triSum;
      hqq += gw * (triSum - triQ);
      hqg += gw / g;
      hgg -= (gw * q) / (g * g);
    }
    const end = data.groupStart[k + 1] as number;
    for (let i = data.groupStart[k] as number; i < end; i++) {
      const w = data.weight[i] as number;
      const s = g + x * (data.monetary[i] as number);
      const logS = Math.log(s);
      const logM = data.logMonetary[i] as number;
      ll += w * ((px - 1) * logM - pxq * logS);
      if (derivatives) {
        gp += w * x * (logM - logS);
        gq -= w * logS;
        gg -= (w * pxq) / s;
        hpg -= (w * x) / s;
        hqg -= w / s;
        hgg += (w * pxq) / (s * s);
      }
    }
  }
  if (derivatives) {
    const gOut = gradient as Float64Array;
    const hOut = hessian as Float64Array;
    gOut[0] = gp;
    gOut[1] = gq;
    gOut[2] = gg;
    hOut.set([hpp, hpq, hpg, hpq, hqq, hqg, hpg, hqg, hgg]);
  }
  return ll;
}

/**
 * Fits the Gamma-Gamma model of spend per transaction by maximum likelihood: Fader & Hardie
 * (2013), "The Gamma-Gamma Model of Monetary Value" (Bruce Hardie's note 025), on the mean
 * value z̄ of each customer's x repeat transactions. Only customers with `frequency` > 0 are
 * used (a customer without a repeat purchase has no repeat spend to average); their
 * `monetary` must be > 0. The model assumes spend is independent of the purchase process:
 * check that frequency and monetary are barely correlated before combining it with
 * {@link fitBgNbd}. Damped Newton steps on (ln p, ln q, ln γ) with the analytic Hessian.
 *
 * @param rows - one `{ frequency, monetary }` per customer: repeat purchases and their mean value
 * @param options - iteration cap, tolerance, case weights, L2 penalizer
 * @returns the fitted model: p, q, γ, log-likelihood, convergence report, standard errors
 * @throws RelanceError `invalid_input` (a negative or non-finite value, a non-integer frequency, monetary 0 with repeat purchases; the issue names the row and field), `insufficient_data` (no customer with a repeat purchase), `did_not_converge` (with what to try)
 *
 * @example
 * ```ts
 * import { conditionalExpectedValue, fitGammaGamma } from 'relance/rfm';
 *
 * const rows = [
 *   { frequency: 1, monetary: 12 }, { frequency: 2, monetary: 95 }, { frequency: 4, monetary: 30 },
 *   { frequency: 1, monetary: 60 }, { frequency: 3, monetary: 18 }, { frequency: 2, monetary: 150 },
 *   { frequency: 1, monetary: 25 }, { frequency: 5, monetary: 40 }, { frequency: 0, monetary: 0 },
 * ];
 * const model = fitGammaGamma(rows);
 * model.customers; // 8 (the customer without a repeat purchase is not used)
 * conditionalExpectedValue(model, { frequency: 0, monetary: 0 }).toFixed(2); // '56.36' (the population mean)
 * conditionalExpectedValue(model, { frequency: 2, monetary: 95 }).toFixed(2); // '88.21'
 * ```
 */
export function fitGammaGamma(rows: ArrayLike<SpendHistory>, options: FitGammaGammaOptions = {}): GammaGammaModel {
  const fn = 'fitGammaGamma';
  const settings = checkFitOptions(fn, options, { maxIterations: GAMMA_GAMMA_MAX_ITERATIONS, tolerance: GAMMA_GAMMA_TOLERANCE });
  const columns = readSpends(fn, rows, options.weights);
  const data = prepareSpends(columns.frequency, columns.monetary, columns.weight);
  if (data.totalWeight === 0) {
    throw new RelanceError('insufficient_data', `${fn}: no customer with a repeat purchase among ${rows.length} rows: the model is fitted on the mean value of repeat purchases`);
  }
  // Start: p = 1, q = 2 and γ so that the population mean p·γ/(q − 1) is the observed mean;
  // γ is searched relative to the mean spend.
  const fit = maximizeLikelihood(
    fn,
    {
      names: ['p', 'q', 'γ'],
      scales: [1, 1, data.meanMonetary],
      start: [1, 2, data.meanMonetary],
      totalWeight: data.totalWeight,
      logLikelihood: (v, gradient, hessian) => gammaGammaLogLikelihood(data, v[0] as number, v[1] as number, v[2] as number, gradient, hessian),
      lacking: 'too few repeat buyers, or spends too alike',
    },
    settings,
  );
  const [p, q, gamma] = fit.parameters as [number, number, number];
  const model: GammaGammaModel = {
    kind: 'gamma-gamma',
    version: 1,
    p,
    q,
    gamma,
    logLikelihood: fit.logLikelihood,
    converged: true,
    iterations: fit.iterations,
    customers: data.totalWeight,
    params: { maxIterations: settings.maxIterations, tolerance: settings.tolerance, penalizer: settings.penalizer, weighted: options.weights !== undefined },
  };
  const se = fit.standardErrors;
  return se === null ? model : { ...model, standardErrors: { p: se[0] as number, q: se[1] as number, gamma: se[2] as number } };
}

/** @internal Checks that `model` is a usable Gamma-Gamma model; `incompatible_model` otherwise. */
export function checkGammaGammaModel(fn: string, model: unknown): GammaGammaCoefficients {
  const m = model as Partial<GammaGammaCoefficients> | null;
  if (typeof m !== 'object' || m === null || m.kind !== 'gamma-gamma') {
    const kind = typeof m === 'object' && m !== null ? String((m as { kind?: unknown }).kind) : String(m);
    throw new RelanceError('incompatible_model', `${fn}: expected a Gamma-Gamma model (kind 'gamma-gamma', from fitGammaGamma), got kind ${kind}`);
  }
  if (m.version !== 1) throw new RelanceError('incompatible_model', `${fn}: Gamma-Gamma model version ${String(m.version)} is not supported (expected 1)`);
  for (const key of ['p', 'q', 'gamma'] as const) {
    const v = m[key];
    if (typeof v !== 'number' || !(v > 0) || v === Number.POSITIVE_INFINITY) {
      throw new RelanceError('incompatible_model', `${fn}: the model's ${key} must be a positive finite number, got ${String(v)}`, {
        issues: [{ code: 'invalid_value', path: ['model', key], message: 'expected a positive finite number' }],
      });
    }
  }
  return m as GammaGammaCoefficients;
}
