import { RelanceError } from '../errors';
import { toSurvivalData, type SurvivalData, type SurvivalInputOptions } from './survivalData';
import { invertSpd, maximise, type Penalty, prepare, type PreparedData } from './weibullLikelihood';

/** Default iteration cap of the Weibull fits. */
export const WEIBULL_MAX_ITERATIONS = 100;
/** Default relative tolerance on the log-likelihood of the Weibull fits. */
export const WEIBULL_TOLERANCE = 1e-10;

/** Options of {@link fitWeibull} and {@link fitWeibullCure}. */
export interface FitWeibullOptions extends SurvivalInputOptions {
  /** Iteration cap (default {@link WEIBULL_MAX_ITERATIONS}). */
  readonly maxIterations?: number | undefined;
  /** Relative tolerance on the log-likelihood (default {@link WEIBULL_TOLERANCE}). */
  readonly tolerance?: number | undefined;
}

/** A fitted Weibull law, S(t) = exp(−(t/scale)^shape): a plain, serialisable object. */
export interface WeibullFit {
  readonly kind: 'weibull';
  /** Shape k (> 1: the hazard rises with time). R's `1 / survreg()$scale`. */
  readonly shape: number;
  /** Scale λ, in the unit of the durations. R's `exp(coef(survreg()))`. */
  readonly scale: number;
  /** Standard error of ln(shape) (R's `Log(scale)` row). */
  readonly logShapeStdErr: number;
  /** Standard error of ln(scale) (R's `(Intercept)` row). */
  readonly logScaleStdErr: number;
  /** Standard error of the shape (delta method). */
  readonly shapeStdErr: number;
  /** Standard error of the scale (delta method). */
  readonly scaleStdErr: number;
  /** Covariance of (ln scale, ln shape), row-major 2 × 2. */
  readonly covariance: readonly number[];
  /** Maximised log-likelihood, on the time scale (R's `survreg()$loglik`). */
  readonly logLikelihood: number;
  /** Akaike's information criterion, 2·2 − 2·logLikelihood. */
  readonly aic: number;
  /** Median time to event: scale·(ln 2)^(1/shape). */
  readonly median: number;
  /** Number of observations and (weighted) number of events. */
  readonly n: number;
  readonly events: number;
  /** Whether the maximiser met its tolerance. */
  readonly converged: boolean;
  readonly iterations: number;
}

/** A Weibull law for the susceptible with a cure fraction π: S(t) = π + (1 − π)·exp(−(t/scale)^shape). */
export interface WeibullCureFit {
  readonly kind: 'weibull-cure';
  readonly shape: number;
  readonly scale: number;
  /** Share that never has the event (owners who never come back), in [0, 1). */
  readonly cureFraction: number;
  readonly logShapeStdErr: number;
  readonly logScaleStdErr: number;
  /** Standard error of the cure fraction (delta method on its logit). */
  readonly cureFractionStdErr: number;
  /** Covariance of (ln scale, ln shape, logit π), row-major 3 × 3. */
  readonly covariance: readonly number[];
  readonly logLikelihood: number;
  /** 2·3 − 2·logLikelihood: compare with {@link WeibullFit.aic}. */
  readonly aic: number;
  /** Median time to event of the susceptible: scale·(ln 2)^(1/shape). */
  readonly median: number;
  readonly n: number;
  readonly events: number;
  readonly converged: boolean;
  readonly iterations: number;
}

function checkedIterations(fn: string, options: FitWeibullOptions): { maxIterations: number; tolerance: number } {
  const maxIterations = options.maxIterations ?? WEIBULL_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? WEIBULL_TOLERANCE;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RelanceError('invalid_input', `${fn}: maxIterations must be a positive integer, got ${String(maxIterations)}`, {
      issues: [{ code: 'invalid_value', path: ['maxIterations'], message: 'expected a positive integer' }],
    });
  }
  if (!(tolerance > 0 && tolerance < 1)) {
    throw new RelanceError('invalid_input', `${fn}: tolerance must be in (0, 1), got ${String(tolerance)}`, {
      issues: [{ code: 'invalid_value', path: ['tolerance'], message: 'expected a number in (0, 1)' }],
    });
  }
  return { maxIterations, tolerance };
}

function eventCount(data: SurvivalData): number {
  let events = 0;
  for (let i = 0; i < data.n; i++) if (data.events[i] === 1) events += data.weights === null ? 1 : (data.weights[i] as number);
  return events;
}

/** Start of the search: the exponential MLE (shape 1), or the mean log time when there are no events. */
function startValues(data: SurvivalData, prep: PreparedData): [number, number] {
  let exposure = 0;
  let logSum = 0;
  let total = 0;
  for (let i = 0; i < data.n; i++) {
    const w = data.weights === null ? 1 : (data.weights[i] as number);
    exposure += w * ((data.durations[i] as number) - (data.entry === null ? 0 : (data.entry[i] as number)));
    logSum += w * (prep.logT[i] as number);
    total += w;
  }
  const events = eventCount(data);
  return [events > 0 ? Math.log(exposure / events) : logSum / total, 0];
}

/** @internal Fits on prepared data, with an optional penalty (shrinkage towards a parent). */
export function fitWeibullPrepared(
  prep: PreparedData,
  penalty: Penalty | null,
  maxIterations: number,
  tolerance: number,
  fn: string,
): WeibullFit {
  const { data } = prep;
  const events = eventCount(data);
  if (events === 0 && penalty === null) {
    throw new RelanceError('insufficient_data', `${fn}: no events among ${data.n} observations: a Weibull law cannot be estimated from censored times alone`);
  }
  const start = penalty === null ? startValues(data, prep) : [penalty.mean[0] as number, penalty.mean[1] as number];
  const max = maximise(prep, start, false, penalty, maxIterations, tolerance);
  const cov = invertSpd(max.information, 2);
  if (cov === null || !Number.isFinite(max.value)) {
    throw new RelanceError('did_not_converge', `${fn}: the information matrix is singular at the estimate (a single distinct time?); add observations with different durations`);
  }
  const [a, b] = max.theta as [number, number];
  const shape = Math.exp(b);
  const scale = Math.exp(a);
  const seLogScale = Math.sqrt(cov[0] as number);
  const seLogShape = Math.sqrt(cov[3] as number);
  return {
    kind: 'weibull',
    shape,
    scale,
    logShapeStdErr: seLogShape,
    logScaleStdErr: seLogScale,
    shapeStdErr: shape * seLogShape,
    scaleStdErr: scale * seLogScale,
    covariance: Array.from(cov),
    logLikelihood: max.value,
    aic: 4 - 2 * max.value,
    median: scale * Math.pow(Math.LN2, 1 / shape),
    n: data.n,
    events,
    converged: max.converged,
    iterations: max.iterations,
  };
}

/**
 * Fits a Weibull law to durations by maximum likelihood, with right censoring, left
 * truncation (`entry`) and case weights. Agrees with R's
 * `survreg(Surv(time, status) ~ 1, dist = "weibull")` (shape = 1/`scale`, scale =
 * exp(`coef`), same log-likelihood); R's `survreg` has no left truncation, which this fit
 * adds through the term −ln S(entry). Damped Newton on (ln scale, ln shape) with the
 * analytic Hessian; standard errors from the observed information.
 *
 * @param durations - times to event or censoring, > 0
 * @param events - 1 (or `true`) for an event, 0 (or `false`) for a censored time
 * @param options - entry times, weights, iteration cap and tolerance
 * @returns the fit: shape, scale, their standard errors, log-likelihood, AIC, convergence report
 * @throws RelanceError `insufficient_data` (empty input, no events), `invalid_input` (durations ≤ 0, entry ≥ exit, …), `did_not_converge`
 *
 * @example
 * ```ts
 * import { fitWeibull } from 'relance/repurchase';
 *
 * // aml, maintained group (R: survreg(Surv(time, status) ~ 1, aml[aml$x == "Maintained", ]))
 * const fit = fitWeibull([9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161], [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]);
 * fit.shape.toFixed(4); // '1.0319'
 * fit.scale.toFixed(2); // '60.32'
 * fit.logLikelihood.toFixed(4); // '-35.7040'
 * ```
 */
export function fitWeibull(durations: ArrayLike<number>, events: ArrayLike<number | boolean>, options: FitWeibullOptions = {}): WeibullFit {
  const { maxIterations, tolerance } = checkedIterations('fitWeibull', options);
  const data = toSurvivalData('fitWeibull', durations, events, options, true);
  return fitWeibullPrepared(prepare(data), null, maxIterations, tolerance, 'fitWeibull');
}

/** @internal Fits the cure model on prepared data, with an optional penalty. */
export function fitWeibullCurePrepared(
  prep: PreparedData,
  penalty: Penalty | null,
  maxIterations: number,
  tolerance: number,
  fn: string,
  start?: readonly number[] | WeibullFit,
): WeibullCureFit {
  const { data } = prep;
  const events = eventCount(data);
  if (events === 0 && penalty === null) {
    throw new RelanceError('insufficient_data', `${fn}: no events among ${data.n} observations: a cure model cannot be estimated from censored times alone`);
  }
  let from: number[];
  let cold = false;
  if (start !== undefined && !('kind' in start)) from = start.slice();
  else if (penalty !== null) from = penalty.mean.slice();
  else {
    // Start from the plain Weibull (fitted here unless given) and a cure fraction of the
    // censored share; far from the optimum, so the first step is damped (λ = 1): an undamped
    // Newton step from there overshoots the shape and costs five rejected evaluations.
    const plain = start ?? fitWeibullPrepared(prep, null, maxIterations, tolerance, fn);
    const censoredShare = Math.min(0.9, Math.max(0.1, 1 - events / totalWeight(data)));
    from = [Math.log(plain.scale) - 0.5, Math.log(plain.shape), Math.log(censoredShare / (1 - censoredShare))];
    cold = true;
  }
  const max = maximise(prep, from, true, penalty, maxIterations, tolerance, cold ? 1 : 0);
  if ((max.theta[2] as number) < CURE_BOUNDARY_LOGIT) {
    // The likelihood is highest with no plateau at all: the boundary π = 0, where the cure
    // model is the plain Weibull. Report that fit, with π = 0 and no uncertainty on π.
    const plain = fitWeibullPrepared(prep, penalty === null ? null : marginalPenalty(penalty), maxIterations, tolerance, fn);
    const c = plain.covariance;
    return {
      kind: 'weibull-cure',
      shape: plain.shape,
      scale: plain.scale,
      cureFraction: 0,
      logShapeStdErr: plain.logShapeStdErr,
      logScaleStdErr: plain.logScaleStdErr,
      cureFractionStdErr: 0,
      covariance: [c[0] as number, c[1] as number, 0, c[2] as number, c[3] as number, 0, 0, 0, 0],
      logLikelihood: plain.logLikelihood,
      aic: plain.aic + 2,
      median: plain.median,
      n: data.n,
      events,
      converged: plain.converged,
      iterations: max.iterations + plain.iterations,
    };
  }
  const cov = invertSpd(max.information, 3);
  if (cov === null || !Number.isFinite(max.value)) {
    throw new RelanceError('did_not_converge', `${fn}: the information matrix is singular at the estimate: the follow-up does not show both the timing and the plateau; fit a plain Weibull (fitWeibull) or add longer follow-up`);
  }
  const [a, b, c] = max.theta as [number, number, number];
  const shape = Math.exp(b);
  const scale = Math.exp(a);
  const pi = 1 / (1 + Math.exp(-c));
  return {
    kind: 'weibull-cure',
    shape,
    scale,
    cureFraction: pi,
    logShapeStdErr: Math.sqrt(cov[4] as number),
    logScaleStdErr: Math.sqrt(cov[0] as number),
    cureFractionStdErr: pi * (1 - pi) * Math.sqrt(cov[8] as number),
    covariance: Array.from(cov),
    logLikelihood: max.value,
    aic: 6 - 2 * max.value,
    median: scale * Math.pow(Math.LN2, 1 / shape),
    n: data.n,
    events,
    converged: max.converged,
    iterations: max.iterations,
  };
}

/** Below this logit (π < 1e-7) the cure fraction is taken to be at its boundary, 0. */
const CURE_BOUNDARY_LOGIT = -16;

/** The (ln scale, ln shape) block of a 3-parameter penalty. */
function marginalPenalty(penalty: Penalty): Penalty {
  const p = penalty.precision;
  return { mean: [penalty.mean[0] as number, penalty.mean[1] as number], precision: [p[0] as number, p[1] as number, p[3] as number, p[4] as number] };
}

function totalWeight(data: SurvivalData): number {
  if (data.weights === null) return data.n;
  let total = 0;
  for (const w of data.weights) total += w;
  return total;
}

/**
 * Fits a Weibull law with a cure fraction — S(t) = π + (1 − π)·exp(−(t/scale)^shape) — by
 * maximum likelihood with censoring, left truncation and weights: the shape of a dealer's
 * repurchase curve, which plateaus at the share of owners who never come back. Compare
 * with {@link fitWeibull} by AIC (lower is better): the cure model pays for one more parameter.
 *
 * @param durations - times to event or censoring, > 0
 * @param events - 1 (or `true`) for an event, 0 (or `false`) for a censored time
 * @param options - entry times, weights, iteration cap and tolerance
 * @returns shape, scale and cure fraction with standard errors, log-likelihood, AIC
 * @throws RelanceError `insufficient_data` (empty, no events), `invalid_input`, `did_not_converge`
 *
 * @example
 * ```ts
 * import { fitWeibull, fitWeibullCure } from 'relance/repurchase';
 *
 * // 60% come back around 40 months; 40% never do; follow-up of 120 months
 * const durations: number[] = [];
 * const events: number[] = [];
 * for (let i = 0; i < 1000; i++) {
 *   const comesBack = i % 5 < 3;
 *   const t = 45 * Math.pow(-Math.log((i + 0.5) / 1000), 1 / 3);
 *   durations.push(comesBack ? Math.min(t, 120) : 120);
 *   events.push(comesBack && t < 120 ? 1 : 0);
 * }
 * const cure = fitWeibullCure(durations, events);
 * cure.cureFraction.toFixed(2); // '0.40'
 * cure.aic < fitWeibull(durations, events).aic; // true
 * ```
 */
export function fitWeibullCure(
  durations: ArrayLike<number>,
  events: ArrayLike<number | boolean>,
  options: FitWeibullOptions = {},
): WeibullCureFit {
  const { maxIterations, tolerance } = checkedIterations('fitWeibullCure', options);
  const data = toSurvivalData('fitWeibullCure', durations, events, options, true);
  return fitWeibullCurePrepared(prepare(data), null, maxIterations, tolerance, 'fitWeibullCure');
}
