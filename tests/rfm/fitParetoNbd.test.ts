/**
 * Pareto/NBD: the CDNOW references of Fader, Hardie & Lee (2005) and R BTYD as listed in
 * ../shared/datasets/cdnow/README.md (the data are read from there, never copied), the
 * quadrature against the textbook 2F1 form, the likelihood's derivatives, a simulator's
 * truth, properties and bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdnowSummary, relative, thrown } from '../support/helpers';
import { logGamma } from '../../src/internal/gammaFunctions';
import { hyp2f1 } from '../../src/internal/hypergeometric';
import { Random } from '../../src/internal/random';
import { prepareBgNbd } from '../../src/rfm/bgNbdLikelihood';
import { logIntegral, newMoments, paretoNbdLogLikelihood } from '../../src/rfm/paretoNbdLikelihood';
import {
  customerLifetimeValue,
  expectedPurchases,
  expectedPurchasesNew,
  fitParetoNbd,
  probabilityAlive,
  probabilityOfPurchases,
  type BgNbdCoefficients,
  type GammaGammaCoefficients,
  type ParetoNbdCoefficients,
  type ParetoNbdModel,
  type PurchaseHistory,
} from '../../src/rfm';



const CDNOW: PurchaseHistory[] = cdnowSummary();
const FIT = fitParetoNbd(CDNOW);
const DATA = prepareBgNbd({ frequency: Float64Array.from(CDNOW, (c) => c.frequency), recency: Float64Array.from(CDNOW, (c) => c.recency), T: Float64Array.from(CDNOW, (c) => c.T), weight: null });
/** README: "R BTYD cdnowSummary$est.params = 0.5534, 10.5802, 0.6061, 11.6562". */
const BTYD: ParetoNbdCoefficients = { kind: 'pareto-nbd', version: 1, r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };

describe('fitParetoNbd on CDNOW', () => {
  it('gives the published estimates within 0.5% and LL within 0.1', () => {
    // README: "Pareto/NBD | r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0 | same paper (FHL 2005)"
    expect(FIT.converged).toBe(true);
    expect(FIT.customers).toBe(2357);
    expect(relative(FIT.r, 0.553)).toBeLessThan(0.005);
    expect(relative(FIT.alpha, 10.578)).toBeLessThan(0.005);
    expect(relative(FIT.s, 0.606)).toBeLessThan(0.005);
    expect(relative(FIT.beta, 11.669)).toBeLessThan(0.005);
    expect(Math.abs(FIT.logLikelihood - -9595.0)).toBeLessThan(0.1);
  });

  it('agrees with R BTYD’s estimates within 0.2%', () => {
    // README: "R BTYD cdnowSummary$est.params = 0.5534, 10.5802, 0.6061, 11.6562"
    expect(relative(FIT.r, BTYD.r)).toBeLessThan(0.002);
    expect(relative(FIT.alpha, BTYD.alpha)).toBeLessThan(0.002);
    expect(relative(FIT.s, BTYD.s)).toBeLessThan(0.002);
    expect(relative(FIT.beta, BTYD.beta)).toBeLessThan(0.002);
  });

  it('gives the README’s log-likelihood at the published parameters', () => {
    // README: "LL −9594.9740 (numerical integration)"
    expect(Math.abs(paretoNbdLogLikelihood(DATA, 0.553, 10.578, 0.606, 11.669, null, null) - -9594.974)).toBeLessThan(1e-3);
    // the maximum is above it, and above BTYD's estimates
    expect(FIT.logLikelihood).toBeGreaterThanOrEqual(paretoNbdLogLikelihood(DATA, BTYD.r, BTYD.alpha, BTYD.s, BTYD.beta, null, null));
  });

  it('P(alive) and E[Y(52)] of the BTYD walkthrough (1e-3 relative)', () => {
    // README: "Pareto/NBD (BTYD params): P(alive | x=26, t_x=30.86, T=31) = 0.9979; E[Y(52) | same] = 25.46 (BTYD walkthrough)"
    const h = { frequency: 26, recency: 30.86, T: 31 };
    expect(relative(probabilityAlive(BTYD, h), 0.9979)).toBeLessThan(1e-3);
    expect(relative(expectedPurchases(BTYD, 52, h), 25.46)).toBeLessThan(1e-3);
  });

  it('the values shown in the doc comment', () => {
    const rows = [
      { frequency: 0, recency: 0, T: 30 }, { frequency: 1, recency: 4, T: 30 }, { frequency: 3, recency: 28, T: 30 },
      { frequency: 0, recency: 0, T: 20 }, { frequency: 2, recency: 6, T: 20 }, { frequency: 5, recency: 19, T: 20 },
      { frequency: 0, recency: 0, T: 10 }, { frequency: 1, recency: 2, T: 10 }, { frequency: 0, recency: 0, T: 40 },
    ];
    const model = fitParetoNbd(rows, { weights: [40, 12, 6, 35, 8, 3, 30, 9, 45] });
    expect(probabilityAlive(model, { frequency: 3, recency: 28, T: 30 }).toFixed(2)).toBe('0.92');
    expect(probabilityAlive(model, { frequency: 0, recency: 0, T: 40 }).toFixed(2)).toBe('0.02');
  });
});

describe('the Pareto/NBD likelihood', () => {
  it('its quadrature equals the textbook 2F1 form (Fader, Hardie & Lee 2005, α ≥ β and α < β)', () => {
    // ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ = [F(t_x) − F(T)]/(r+s+x), with, for α ≥ β,
    // F(t) = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x), and for α < β the same with
    // (α, r+x) and (β, s+1) exchanged. Compared with J = ∫ e^h through ln J − ln of that / E.
    const cases = [
      { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7, x: 2, tx: 30.43, T: 38.86 },
      { r: 0.55, alpha: 12.6, s: 0.61, beta: 1.7, x: 0, tx: 0, T: 38.86 },
      { r: 1.3, alpha: 3, s: 2.2, beta: 9, x: 7, tx: 12, T: 52 },
      { r: 0.8, alpha: 5, s: 0.3, beta: 40, x: 40, tx: 35, T: 36 },
    ];
    for (const c of cases) {
      const A = c.r + c.x;
      const B = c.s + 1;
      const n = c.r + c.s + c.x;
      const F = (t: number): number =>
        c.alpha >= c.beta
          ? hyp2f1(n, B, n + 1, (c.alpha - c.beta) / (c.alpha + t)) / Math.pow(c.alpha + t, n)
          : hyp2f1(n, A, n + 1, (c.beta - c.alpha) / (c.beta + t)) / Math.pow(c.beta + t, n);
      const integral = (F(c.tx) - F(c.T)) / n;
      const logE = -A * Math.log(c.alpha + c.T) - c.s * Math.log(c.beta + c.T);
      const logJ = logIntegral(A, c.alpha, c.s, c.beta, c.tx, c.T, false, newMoments());
      expect(Math.abs(logJ - (Math.log(integral) - logE))).toBeLessThan(1e-12);
    }
  });

  it('equals the closed form, summed, at the published parameters', () => {
    // ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[E + s·∫], per customer
    const [r, alpha, s, beta] = [0.553, 10.578, 0.606, 11.669];
    let total = 0;
    for (const c of CDNOW) {
      const A = r + c.frequency;
      const n = A + s;
      const F = (t: number): number =>
        alpha >= beta ? hyp2f1(n, s + 1, n + 1, (alpha - beta) / (alpha + t)) / Math.pow(alpha + t, n) : hyp2f1(n, A, n + 1, (beta - alpha) / (beta + t)) / Math.pow(beta + t, n);
      const E = Math.pow(alpha + c.T, -A) * Math.pow(beta + c.T, -s);
      total += logGamma(A) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + Math.log(E + (s * (F(c.recency) - F(c.T))) / n);
    }
    expect(Math.abs(paretoNbdLogLikelihood(DATA, r, alpha, s, beta, null, null) - total)).toBeLessThan(1e-6);
  });

  it('has the analytic gradient and Hessian of its value (central differences)', () => {
    const at = [0.5, 9, 0.7, 12];
    const g = new Float64Array(4);
    const h = new Float64Array(16);
    const ll = (p: number[]): number => paretoNbdLogLikelihood(DATA, p[0] as number, p[1] as number, p[2] as number, p[3] as number, null, null);
    const grad = (p: number[]): Float64Array => {
      const out = new Float64Array(4);
      paretoNbdLogLikelihood(DATA, p[0] as number, p[1] as number, p[2] as number, p[3] as number, out, new Float64Array(16));
      return out;
    };
    paretoNbdLogLikelihood(DATA, at[0] as number, at[1] as number, at[2] as number, at[3] as number, g, h);
    for (let i = 0; i < 4; i++) {
      const step = 1e-6 * (at[i] as number);
      const up = at.map((v, k) => (k === i ? v + step : v));
      const down = at.map((v, k) => (k === i ? v - step : v));
      expect(Math.abs((g[i] as number) - (ll(up) - ll(down)) / (2 * step))).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[i] as number)));
      const gu = grad(up);
      const gd = grad(down);
      for (let j = 0; j < 4; j++) {
        const numeric = ((gu[j] as number) - (gd[j] as number)) / (2 * step);
        expect(Math.abs((h[j * 4 + i] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('recovers the parameters of a simulated Pareto/NBD population (within 4 standard errors)', () => {
    // 10,000 customers: λ ~ Gamma(r, α), lifetime ~ Exp(μ), μ ~ Gamma(s, β), ages 1–104 weeks.
    const truth = { r: 0.7, alpha: 8, s: 0.9, beta: 20 };
    const random = new Random(2005);
    const rows: PurchaseHistory[] = [];
    for (let i = 0; i < 10_000; i++) {
      const T = random.uniform(1, 104);
      const lambda = random.gamma(truth.r) / truth.alpha;
      const mu = random.gamma(truth.s) / truth.beta;
      const end = Math.min(T, random.exponential(1 / mu));
      let t = random.exponential(1 / lambda);
      let x = 0;
      let last = 0;
      while (t < end) {
        x++;
        last = t;
        t += random.exponential(1 / lambda);
      }
      rows.push({ frequency: x, recency: last, T });
    }
    const model = fitParetoNbd(rows);
    const se = model.standardErrors as NonNullable<ParetoNbdModel['standardErrors']>;
    expect(Math.abs(model.r - truth.r)).toBeLessThan(4 * se.r);
    expect(Math.abs(model.alpha - truth.alpha)).toBeLessThan(4 * se.alpha);
    expect(Math.abs(model.s - truth.s)).toBeLessThan(4 * se.s);
    expect(Math.abs(model.beta - truth.beta)).toBeLessThan(4 * se.beta);
  });
});

const coefficients = fc
  .record({
    r: fc.double({ min: 0.01, max: 10, noNaN: true }),
    alpha: fc.double({ min: 0.05, max: 100, noNaN: true }),
    s: fc.double({ min: 0.02, max: 6, noNaN: true }),
    beta: fc.double({ min: 0.05, max: 200, noNaN: true }),
  })
  .map((p): ParetoNbdCoefficients => ({ kind: 'pareto-nbd', version: 1, ...p }));

describe('Pareto/NBD properties (fast-check)', () => {
  it('P(alive) is in [0, 1] and non-decreasing in recency for fixed frequency and T', () => {
    fc.assert(
      fc.property(coefficients, fc.integer({ min: 0, max: 300 }), fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), (model, x, T, s1, s2) => {
        const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const early = probabilityAlive(model, { frequency: x, recency: x === 0 ? 0 : lo * T, T });
        const late = probabilityAlive(model, { frequency: x, recency: x === 0 ? 0 : hi * T, T });
        expect(early).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThanOrEqual(1);
        expect(late).toBeGreaterThanOrEqual(early * (1 - 1e-12));
      }),
    );
  });

  it('expectedPurchases is ≥ 0, finite and non-decreasing in t; at T = 0 it is the new-customer expectation', () => {
    fc.assert(
      fc.property(coefficients, fc.integer({ min: 0, max: 300 }), fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (model, x, T, share, t1, t2) => {
        const h = { frequency: x, recency: x === 0 ? 0 : share * T, T };
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const a = expectedPurchases(model, lo, h);
        const b = expectedPurchases(model, hi, h);
        expect(Number.isFinite(a) && a >= 0).toBe(true);
        expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-9) - 1e-300);
        const fresh = expectedPurchases(model, hi, { frequency: 0, recency: 0, T: 0 });
        expect(Math.abs(fresh - expectedPurchasesNew(model, hi))).toBeLessThanOrEqual(1e-12 * Math.max(1, fresh));
      }),
    );
  });

  it('the fit does not depend on the order of the rows, nor modifies them', () => {
    const rows = CDNOW.map((c) => Object.freeze({ ...c }));
    const before = JSON.stringify(rows);
    const reversed = rows.slice().reverse();
    expect(fitParetoNbd(reversed)).toEqual(FIT);
    expect(JSON.stringify(rows)).toBe(before);
  });
});


describe('Pareto/NBD with the other functions, and bad input', () => {
  it('customerLifetimeValue takes a Pareto/NBD model', () => {
    const spend: GammaGammaCoefficients = { kind: 'gamma-gamma', version: 1, p: 6.25, q: 3.74, gamma: 15.44 };
    const customer = { frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 };
    const clv = customerLifetimeValue(FIT, spend, customer, { periods: 12, periodLength: 4.345, discountRate: 0 });
    expect(relative(clv, expectedPurchases(FIT, 12 * 4.345, customer) * ((6.25 * (15.44 + 2 * 22.35)) / (12.5 + 2.74)))).toBeLessThan(1e-12);
  });

  it('probabilityOfPurchases is BG/NBD only', () => {
    expect(thrown(() => probabilityOfPurchases(FIT as unknown as BgNbdCoefficients, 1, 10)).code).toBe('incompatible_model');
  });

  it('no repeat buyer, bad rows, bad models', () => {
    expect(thrown(() => fitParetoNbd([{ frequency: 0, recency: 0, T: 10 }])).code).toBe('insufficient_data');
    expect(thrown(() => fitParetoNbd([{ frequency: 1, recency: 11, T: 10 }])).issues[0]?.path).toEqual([0, 'recency']);
    expect(thrown(() => probabilityAlive({ ...BTYD, s: 0 }, { frequency: 0, recency: 0, T: 1 })).code).toBe('incompatible_model');
    expect(thrown(() => expectedPurchasesNew({ kind: 'weibull' } as unknown as ParetoNbdCoefficients, 1)).code).toBe('incompatible_model');
    expect(thrown(() => fitParetoNbd([{ frequency: 2, recency: 10, T: 20 }])).code).toBe('did_not_converge');
  });
});
