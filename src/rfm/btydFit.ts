/*
 * The maximisation shared by the buy-till-you-die fitters: damped Newton on the log-parameters
 * (each relative to a data scale, so that all are unitless), lifetimes' L2 penalty, a refusal
 * of estimates on the edge of the parameter space, and standard errors from the observed
 * information by the delta method.
 */
import { RelanceError } from '../errors';
import { invertSpd, minimizeNewton, type Evaluation } from '../internal/minimize';
import type { FitSettings } from './btydInput';

/**
 * A converged estimate with a log-parameter beyond ±EDGE (a unitless parameter, or a scale
 * relative to its data scale, outside [1e-7, 1e7]) is a supremum on the edge of the parameter
 * space, not an estimate: the fit throws `did_not_converge` rather than return it.
 */
const EDGE = 16.1;
/** The search stops as diverged when a log-parameter passes ±SEARCH_LIMIT. */
const SEARCH_LIMIT = 18;

/** What to maximise. */
export interface LikelihoodProblem {
  /** Parameter names, for messages (`r`, `α`, …). */
  readonly names: readonly string[];
  /** Data scale of each parameter (1 for unitless ones): the search runs on ln(p / scale). */
  readonly scales: readonly number[];
  /** Starting point, in natural units. */
  readonly start: readonly number[];
  /** Σ weights: the log-likelihood is maximised per customer (lifetimes' scaling of the penalty). */
  readonly totalWeight: number;
  /** The log-likelihood at p, writing its gradient and Hessian in p when they are given. */
  readonly logLikelihood: (p: readonly number[], gradient: Float64Array | null, hessian: Float64Array | null) => number;
  /** What the data may lack, for the edge message: "too few customers or repeat buyers, or histories too alike". */
  readonly lacking: string;
}

/** The maximum found. */
export interface LikelihoodMaximum {
  readonly parameters: number[];
  readonly logLikelihood: number;
  readonly iterations: number;
  /** Standard errors of the parameters, or null when the information is singular. */
  readonly standardErrors: number[] | null;
}

/** Maximises LL − W·c·Σ p² (c the penalizer) over the positive parameters; throws `did_not_converge` with what to try. */
export function maximizeLikelihood(fn: string, problem: LikelihoodProblem, settings: FitSettings): LikelihoodMaximum {
  const dim = problem.names.length;
  const W = problem.totalWeight;
  const c = settings.penalizer;
  const gradient = new Float64Array(dim);
  const hessian = new Float64Array(dim * dim);
  const natural = (theta: ArrayLike<number>): number[] => problem.scales.map((scale, i) => scale * Math.exp(theta[i] as number));
  // f(θ) = −LL/W + c·Σ pᵢ², θ = ln(p / scale): derivatives by the chain rule from those in p.
  const objective = (theta: Float64Array): Evaluation => {
    const p = natural(theta);
    const ll = problem.logLikelihood(p, gradient, hessian);
    const g = new Float64Array(dim);
    const h = new Float64Array(dim * dim);
    let penalty = 0;
    for (let i = 0; i < dim; i++) {
      const pi = p[i] as number;
      penalty += pi * pi;
      g[i] = (-pi * (gradient[i] as number)) / W + 2 * c * pi * pi;
      for (let j = 0; j < dim; j++) h[i * dim + j] = (-pi * (p[j] as number) * (hessian[i * dim + j] as number)) / W;
      h[i * dim + i] = (h[i * dim + i] as number) - (pi * (gradient[i] as number)) / W + 4 * c * pi * pi;
    }
    return { value: -ll / W + c * penalty, gradient: g, hessian: h };
  };
  const start = problem.start.map((p, i) => Math.log(p / (problem.scales[i] as number)));
  const minimum = minimizeNewton(objective, start, { maxIterations: settings.maxIterations, tolerance: settings.tolerance, limit: SEARCH_LIMIT });
  const parameters = natural(minimum.x);
  const at = problem.names.map((name, i) => `${name} = ${(parameters[i] as number).toPrecision(4)}`).join(', ');
  const atEdge = minimum.x.some((t) => Math.abs(t) > EDGE);
  if (minimum.reason === 'diverged' || minimum.reason === 'non-finite' || (minimum.converged && atEdge)) {
    throw new RelanceError(
      'did_not_converge',
      `${fn}: the estimate runs off to the edge of the parameter space (${at}): the data do not identify the model (${problem.lacking}); add customers, or a penalizer (e.g. { penalizer: 0.001 })`,
    );
  }
  if (!minimum.converged) {
    const why = minimum.reason === 'max-iterations' ? `no convergence after ${minimum.iterations} iterations` : `the search stalled after ${minimum.iterations} iterations`;
    throw new RelanceError(
      'did_not_converge',
      `${fn}: ${why} (at ${at}); raise maxIterations or tolerance, or add a penalizer (e.g. { penalizer: 0.001 }) if a parameter keeps growing`,
    );
  }
  const information = new Float64Array(dim * dim);
  for (let i = 0; i < dim * dim; i++) information[i] = W * (minimum.at.hessian[i] as number);
  const cov = invertSpd(information, dim);
  return {
    parameters,
    logLikelihood: problem.logLikelihood(parameters, null, null),
    iterations: minimum.iterations,
    standardErrors: cov === null ? null : parameters.map((p, i) => p * Math.sqrt(cov[i * dim + i] as number)),
  };
}
