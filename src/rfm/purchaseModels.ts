/*
 * What the predictions share across the two purchase models (BG/NBD and Pareto/NBD): the
 * checks of a model, a history and a horizon, P(alive), and the expected purchases of a
 * customer alive now (conditional) or just acquired (new).
 */
import { RelanceError } from '../errors';
import { meanPurchases } from './bgNbdExpectation';
import { checkHistory, IssueList, type PurchaseHistory } from './btydInput';
import { checkBgNbdModel, type BgNbdCoefficients } from './fitBgNbd';
import type { ParetoNbdCoefficients } from './fitParetoNbd';
import { logIntegral, newMoments } from './paretoNbdLikelihood';

/** A purchase model the predictions accept: BG/NBD or Pareto/NBD (fitted, or published estimates). */
export type PurchaseModel = BgNbdCoefficients | ParetoNbdCoefficients;

/** Checks that `model` is a usable BG/NBD or Pareto/NBD model; `incompatible_model` otherwise. */
export function checkPurchaseModel(fn: string, model: unknown): PurchaseModel {
  const m = model as Partial<ParetoNbdCoefficients> | null;
  if (typeof m !== 'object' || m === null || m.kind !== 'pareto-nbd') {
    if (typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'bg-nbd') return checkBgNbdModel(fn, model);
    const kind = typeof m === 'object' && m !== null ? String((m as { kind?: unknown }).kind) : String(m);
    throw new RelanceError('incompatible_model', `${fn}: expected a purchase model (kind 'bg-nbd' from fitBgNbd, or 'pareto-nbd' from fitParetoNbd), got kind ${kind}`);
  }
  if (m.version !== 1) throw new RelanceError('incompatible_model', `${fn}: Pareto/NBD model version ${String(m.version)} is not supported (expected 1)`);
  for (const key of ['r', 'alpha', 's', 'beta'] as const) {
    const v = m[key];
    if (typeof v !== 'number' || !(v > 0) || v === Number.POSITIVE_INFINITY) {
      throw new RelanceError('incompatible_model', `${fn}: the model's ${key} must be a positive finite number, got ${String(v)}`, {
        issues: [{ code: 'invalid_value', path: ['model', key], message: 'expected a positive finite number' }],
      });
    }
  }
  return m as ParetoNbdCoefficients;
}

/** Checks one customer's history for a prediction; `invalid_input` naming the field. */
export function checkedHistory(fn: string, history: PurchaseHistory): PurchaseHistory {
  const issues = new IssueList();
  const checked = checkHistory(history, [], issues);
  issues.throwIfAny(fn, 'value');
  return checked as PurchaseHistory;
}

/** Checks a time horizon t (finite, ≥ 0). */
export function checkedHorizon(fn: string, t: number, name = 't'): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new RelanceError('invalid_input', `${fn}: ${name} must be a finite time ≥ 0 (in the model's time unit), got ${String(t)}`, {
      issues: [{ code: 'invalid_value', path: [name], message: 'expected a finite number ≥ 0' }],
    });
  }
  return t;
}

/** 1 / (1 + e^logOdds), without overflow. */
function logistic(logOdds: number): number {
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * P(alive) for a checked model and history. BG/NBD (Fader, Hardie & Lee 2008):
 * 1 / (1 + δ(x > 0)·a/(b + x − 1)·((α + T)/(α + t_x))^(r + x)). Pareto/NBD: 1 / (1 + s·J), J the
 * integral of `paretoNbdLikelihood.ts` (the death-before-T term of the likelihood relative to
 * the survival term).
 */
export function aliveProbability(model: PurchaseModel, h: PurchaseHistory): number {
  const x = h.frequency;
  if (model.kind === 'bg-nbd') {
    if (x === 0) return 1;
    return logistic(Math.log(model.a) - Math.log(model.b + (x - 1)) + (model.r + x) * Math.log1p((h.T - h.recency) / (model.alpha + h.recency)));
  }
  const logJ = logIntegral(model.r + x, model.alpha, model.s, model.beta, h.recency, h.T, false, newMoments());
  return logJ === Number.NEGATIVE_INFINITY ? 1 : logistic(Math.log(model.s) + logJ);
}

/** [1 − (1 + u)^(−k)] / k, with its limit ln(1 + u) at k = 0. */
function powerIncrement(k: number, u: number): number {
  const log1pU = Math.log1p(u);
  return k === 0 ? log1pU : -Math.expm1(-k * log1pU) / k;
}

/**
 * E[X(t)] of a customer alive at 0 with parameters (r, α, …): the new-customer expectation.
 * BG/NBD: Fader, Hardie & Lee (2005) eq. 7 (see `bgNbdExpectation.ts`). Pareto/NBD:
 * E[X(t)] = r·β/(α·(s − 1))·[1 − (β/(β + t))^(s − 1)] (Schmittlein, Morrison & Colombo 1987).
 */
export function newCustomerMean(model: PurchaseModel, t: number): number {
  if (model.kind === 'bg-nbd') return meanPurchases(model.r, model.alpha, model.a, model.b, t);
  return t === 0 ? 0 : (model.r / model.alpha) * model.beta * powerIncrement(model.s - 1, t / model.beta);
}

/**
 * E[Y(t) | x, t_x, T]: P(alive) times the expectation of a customer alive at T with the
 * updated parameters. BG/NBD: eq. 10 of Fader, Hardie & Lee (2005), (r + x, α + T, a, b + x).
 * Pareto/NBD: (r + x)·(β + T)/((α + T)·(s − 1))·[1 − ((β + T)/(β + T + t))^(s − 1)]·P(alive).
 */
export function conditionalMean(model: PurchaseModel, t: number, h: PurchaseHistory): number {
  if (t === 0) return 0;
  const x = h.frequency;
  const alive = aliveProbability(model, h);
  if (model.kind === 'bg-nbd') return alive * meanPurchases(model.r + x, model.alpha + h.T, model.a, model.b + x, t);
  const betaT = model.beta + h.T;
  return alive * ((model.r + x) / (model.alpha + h.T)) * betaT * powerIncrement(model.s - 1, t / betaT);
}
