/**
 * BG/NBD: the CDNOW references of Fader, Hardie & Lee (2005) as listed in
 * ../shared/datasets/cdnow/README.md (the data are read from there, never copied), the
 * likelihood's derivatives, recovery of a simulator's truth, properties (fast-check) and
 * bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdnowSummary, relative, thrown } from '../support/helpers';
import { Random } from '../../src/internal/random';
import { hyp2f1 } from '../../src/internal/hypergeometric';
import { bgNbdLogLikelihood, prepareBgNbd } from '../../src/rfm/bgNbdLikelihood';
import {
  expectedPurchases,
  expectedPurchasesNew,
  fitBgNbd,
  probabilityAlive,
  probabilityOfPurchases,
  type BgNbdCoefficients,
  type BgNbdModel,
  type PurchaseHistory,
} from '../../src/rfm';



const CDNOW: PurchaseHistory[] = cdnowSummary();
const FIT = fitBgNbd(CDNOW);
/** README: "BG/NBD … r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 — Fader, Hardie & Lee (2005)". */
const PUBLISHED: BgNbdCoefficients = { kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** Customer 1 of the summary: x = 2, t_x = 30.43, T = 38.86. */
const CUSTOMER_1 = { frequency: 2, recency: 30.43, T: 38.86 };

describe('fitBgNbd on CDNOW (Fader, Hardie & Lee 2005)', () => {
  it('has the 2,357 customers of the README', () => {
    expect(CDNOW).toHaveLength(2357);
    expect(CDNOW.filter((c) => c.frequency > 0)).toHaveLength(946); // README: "946 customers repeat-buy in calibration"
    expect(FIT.customers).toBe(2357);
    expect(FIT.converged).toBe(true);
  });

  it('gives the published estimates within 0.5% and LL within 0.1', () => {
    // README: "r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 | Fader, Hardie & Lee (2005)"
    expect(relative(FIT.r, 0.243)).toBeLessThan(0.005);
    expect(relative(FIT.alpha, 4.414)).toBeLessThan(0.005);
    expect(relative(FIT.a, 0.793)).toBeLessThan(0.005);
    expect(relative(FIT.b, 2.426)).toBeLessThan(0.005);
    expect(Math.abs(FIT.logLikelihood - -9582.4)).toBeLessThan(0.1);
  });

  it('gives the README’s recomputed MLE to 1e-5', () => {
    // README: "MLE r = 0.242593, α = 4.413528, a = 0.792886, b = 2.425752, LL = −9582.4256"
    expect(relative(FIT.r, 0.242593)).toBeLessThan(1e-5);
    expect(relative(FIT.alpha, 4.413528)).toBeLessThan(1e-5);
    expect(relative(FIT.a, 0.792886)).toBeLessThan(1e-5);
    expect(relative(FIT.b, 2.425752)).toBeLessThan(1e-5);
    expect(Math.abs(FIT.logLikelihood - -9582.4256)).toBeLessThan(1e-4);
  });

  it('gives the README’s log-likelihood at the published (rounded) parameters', () => {
    // README: "LL at those values −9582.4268"
    const data = prepareBgNbd({ frequency: Float64Array.from(CDNOW, (c) => c.frequency), recency: Float64Array.from(CDNOW, (c) => c.recency), T: Float64Array.from(CDNOW, (c) => c.T), weight: null });
    expect(Math.abs(bgNbdLogLikelihood(data, 0.243, 4.414, 0.793, 2.426, null, null) - -9582.4268)).toBeLessThan(1e-4);
  });

  it('reports standard errors from the observed information', () => {
    const se = FIT.standardErrors;
    expect(se).toBeDefined();
    // Sanity: positive, and the published estimates lie within 1 SE of the MLE.
    expect(Math.abs(FIT.r - 0.243)).toBeLessThan(se?.r ?? 0);
    expect(Math.abs(FIT.alpha - 4.414)).toBeLessThan(se?.alpha ?? 0);
    expect(Math.abs(FIT.a - 0.793)).toBeLessThan(se?.a ?? 0);
    expect(Math.abs(FIT.b - 2.426)).toBeLessThan(se?.b ?? 0);
  });

  it('is a plain serialisable object, and predictions accept it back from JSON', () => {
    const back = JSON.parse(JSON.stringify(FIT)) as BgNbdModel;
    expect(back).toEqual(FIT);
    expect(probabilityAlive(back, CUSTOMER_1)).toBe(probabilityAlive(FIT, CUSTOMER_1));
    expect(FIT.params).toEqual({ maxIterations: 200, tolerance: 1e-10, penalizer: 0, weighted: false });
    expect(FIT.kind).toBe('bg-nbd');
    expect(FIT.version).toBe(1);
  });
});

describe('BG/NBD predictions: the README point checks (1e-3 relative)', () => {
  it('P(alive | x = 2, t_x = 30.43, T = 38.86) = 0.726579', () => {
    // README: "P(alive | x=2, t_x=30.43, T=38.86) = 0.726579 (computed, FHL 2008 P(alive) formula)"
    expect(relative(probabilityAlive(PUBLISHED, CUSTOMER_1), 0.726579)).toBeLessThan(1e-5);
  });

  it('E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226', () => {
    // README: "E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226 (Hardie spreadsheet value, lifetimes test; recomputed 1.2260)"
    expect(relative(expectedPurchases(PUBLISHED, 39, CUSTOMER_1), 1.226)).toBeLessThan(1e-3);
  });

  it.each([
    [0.1429, 0.0078, 0.00782],
    [1, 0.0532, 0.05318],
    [3, 0.1506, 0.15063],
    [31.8571, 1.0405, 1.0405],
    [32, 1.0437, 1.04374],
    [78, 1.8576, 1.85797],
  ])('E[X(%d)] at the MLE = %d (recomputed %d)', (t, listed, recomputed) => {
    // README: "E[X(t)] at the MLE for t = 0.1429, 1, 3, 31.8571, 32, 78: 0.0078, 0.0532, 0.1506, 1.0405,
    // 1.0437, 1.8576 (lifetimes test; recomputed 0.00782, 0.05318, 0.15063, 1.04050, 1.04374, 1.85797)"
    const value = expectedPurchasesNew(FIT, t);
    // 0.0078 and 0.00782 are printed to 2 and 3 significant digits (the value is 0.0078161)
    expect(relative(value, listed)).toBeLessThan(listed === 0.0078 ? 3e-3 : 1e-3);
    expect(relative(value, recomputed)).toBeLessThan(1e-3);
  });

  it('P(X(39) = 0) = 0.5737864 and P(X(2) = 10) = 1.07869e−07', () => {
    // README: "P(X(39) = 0) = 0.5737864; P(X(2) = 10) = 1.07869e−07 (lifetimes test citing BTYD docs)"
    expect(relative(probabilityOfPurchases(PUBLISHED, 0, 39), 0.5737864)).toBeLessThan(1e-6);
    expect(relative(probabilityOfPurchases(PUBLISHED, 10, 2), 1.07869e-7)).toBeLessThan(1e-5);
  });

  it('the PMF at t = 30, n = 11 … 20, as lifetimes’ test of BTYD lists it', () => {
    // lifetimes tests/test_estimation.py, test_probability_of_n_purchases_up_to_time_same_as_R_BTYD
    // (published parameters): 0.0019995214, 0.0015170236, …, 0.0002222260
    const expected = [0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.000222226];
    expected.forEach((p, i) => expect(relative(probabilityOfPurchases(PUBLISHED, 11 + i, 30), p)).toBeLessThan(1e-6));
  });

  it('the values shown in the doc comments', () => {
    expect(probabilityAlive(PUBLISHED, { frequency: 2, recency: 5, T: 38.86 }).toFixed(4)).toBe('0.1237');
    expect(expectedPurchasesNew(PUBLISHED, 52).toFixed(3)).toBe('1.446');
    const rows = [
      { frequency: 0, recency: 0, T: 30 }, { frequency: 1, recency: 4, T: 30 }, { frequency: 3, recency: 28, T: 30 },
      { frequency: 0, recency: 0, T: 20 }, { frequency: 2, recency: 6, T: 20 }, { frequency: 5, recency: 19, T: 20 },
      { frequency: 0, recency: 0, T: 10 }, { frequency: 1, recency: 2, T: 10 }, { frequency: 0, recency: 0, T: 40 },
    ];
    const model = fitBgNbd(rows, { weights: [40, 12, 6, 35, 8, 3, 30, 9, 45] });
    expect(model.customers).toBe(188);
    expect(probabilityAlive(model, { frequency: 2, recency: 6, T: 20 }).toFixed(2)).toBe('0.26');
  });
});

describe('the BG/NBD likelihood and the fit', () => {
  it('has the analytic gradient and Hessian of its value (central differences)', () => {
    const sample = CDNOW.slice(0, 400);
    const data = prepareBgNbd({ frequency: Float64Array.from(sample, (c) => c.frequency), recency: Float64Array.from(sample, (c) => c.recency), T: Float64Array.from(sample, (c) => c.T), weight: null });
    const at = [0.4, 3.1, 1.3, 2.2];
    const g = new Float64Array(4);
    const h = new Float64Array(16);
    const ll = (p: number[]): number => bgNbdLogLikelihood(data, p[0] as number, p[1] as number, p[2] as number, p[3] as number, null, null);
    const grad = (p: number[]): Float64Array => {
      const out = new Float64Array(4);
      bgNbdLogLikelihood(data, p[0] as number, p[1] as number, p[2] as number, p[3] as number, out, new Float64Array(16));
      return out;
    };
    bgNbdLogLikelihood(data, at[0] as number, at[1] as number, at[2] as number, at[3] as number, g, h);
    for (let i = 0; i < 4; i++) {
      const step = 1e-6 * (at[i] as number);
      const up = at.map((v, k) => (k === i ? v + step : v));
      const down = at.map((v, k) => (k === i ? v - step : v));
      expect(relative(g[i] as number, (ll(up) - ll(down)) / (2 * step))).toBeLessThan(1e-6);
      const gu = grad(up);
      const gd = grad(down);
      for (let j = 0; j < 4; j++) {
        const numeric = ((gu[j] as number) - (gd[j] as number)) / (2 * step);
        expect(Math.abs((h[j * 4 + i] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('recovers the parameters of a simulated BG/NBD population (within 4 standard errors)', () => {
    // 20,000 customers drawn from the process itself (continuous times): rates λ ~ Gamma(r, α),
    // drop-out p ~ Beta(a, b) after each repeat purchase, ages uniform over 1–104 weeks.
    const truth = { r: 0.8, alpha: 6, a: 0.6, b: 3 };
    const random = new Random(42);
    const rows: PurchaseHistory[] = [];
    for (let i = 0; i < 20_000; i++) {
      const T = random.uniform(1, 104);
      const lambda = random.gamma(truth.r) / truth.alpha;
      const p = random.beta(truth.a, truth.b);
      let t = 0;
      let x = 0;
      let last = 0;
      for (;;) {
        t += random.exponential(1 / lambda);
        if (t >= T) break;
        x++;
        last = t;
        if (random.bernoulli(p)) break;
      }
      rows.push({ frequency: x, recency: last, T });
    }
    const model = fitBgNbd(rows);
    const se = model.standardErrors as NonNullable<BgNbdModel['standardErrors']>;
    expect(Math.abs(model.r - truth.r)).toBeLessThan(4 * se.r);
    expect(Math.abs(model.alpha - truth.alpha)).toBeLessThan(4 * se.alpha);
    expect(Math.abs(model.a - truth.a)).toBeLessThan(4 * se.a);
    expect(Math.abs(model.b - truth.b)).toBeLessThan(4 * se.b);
  });

  it('weights are counts: a weighted table fits exactly as the customers it stands for', () => {
    const table = [
      { frequency: 0, recency: 0, T: 30 }, { frequency: 1, recency: 4, T: 30 }, { frequency: 3, recency: 28, T: 30 },
      { frequency: 0, recency: 0, T: 20 }, { frequency: 2, recency: 6, T: 20 }, { frequency: 5, recency: 19, T: 20 },
      { frequency: 0, recency: 0, T: 10 }, { frequency: 1, recency: 2, T: 10 }, { frequency: 0, recency: 0, T: 40 },
    ];
    const weights = [40, 12, 6, 35, 8, 3, 30, 9, 45];
    const weighted = fitBgNbd(table, { weights });
    const expanded = fitBgNbd(table.flatMap((row, i) => Array.from({ length: weights[i] as number }, () => row)));
    expect({ ...weighted, params: { ...weighted.params, weighted: false } }).toEqual(expanded);
  });

  it('in days instead of weeks: α × 7, the same r, a, b, and LL − Σx·ln 7 (the density’s Jacobian)', () => {
    const days = fitBgNbd(CDNOW.map((c) => ({ frequency: c.frequency, recency: c.recency * 7, T: c.T * 7 })));
    const repeats = CDNOW.reduce((s, c) => s + c.frequency, 0);
    expect(relative(days.alpha, FIT.alpha * 7)).toBeLessThan(1e-6);
    expect(relative(days.r, FIT.r)).toBeLessThan(1e-6);
    expect(relative(days.a, FIT.a)).toBeLessThan(1e-6);
    expect(relative(days.b, FIT.b)).toBeLessThan(1e-6);
    expect(days.logLikelihood).toBeCloseTo(FIT.logLikelihood - repeats * Math.log(7), 6);
  });

  it('a penalizer shrinks the parameters (lifetimes’ c·Σ p² on the mean negative log-likelihood)', () => {
    const penalized = fitBgNbd(CDNOW, { penalizer: 0.01 });
    const norm = (m: BgNbdModel): number => m.r ** 2 + m.alpha ** 2 + m.a ** 2 + m.b ** 2;
    expect(norm(penalized)).toBeLessThan(norm(FIT));
    expect(penalized.logLikelihood).toBeLessThan(FIT.logLikelihood);
    expect(penalized.params.penalizer).toBe(0.01);
  });
});

describe('BG/NBD numerics', () => {
  it('eq. 7 as summed equals the textbook form with 2F1 (away from a = 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.2, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 4, noNaN: true }).filter((a) => Math.abs(a - 1) > 0.05),
        fc.double({ min: 0.1, max: 8, noNaN: true }),
        fc.double({ min: 0.01, max: 8.5, noNaN: true }),
        (r, alpha, a, b, u) => {
          fc.pre(Math.abs(a + b - 1) > 0.05);
          const t = u * alpha; // z = u/(1 + u) ≤ 0.895: the direct 2F1 series is reliable there
          const textbook = ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
          const model: BgNbdCoefficients = { kind: 'bg-nbd', version: 1, r, alpha, a, b };
          expect(Math.abs(expectedPurchasesNew(model, t) - textbook)).toBeLessThan(1e-9 * Math.max(1, Math.abs(textbook)));
        },
      ),
    );
  });

  it('is continuous across a = 1 and a + b = 1 (the removable singularities of eq. 7) and across z = 0.9', () => {
    const base = { kind: 'bg-nbd', version: 1, r: 0.5, alpha: 4 } as const;
    for (const t of [5, 36, 1000]) {
      const at1 = expectedPurchasesNew({ ...base, a: 1, b: 2 }, t);
      expect(Number.isFinite(at1)).toBe(true);
      expect(relative(expectedPurchasesNew({ ...base, a: 1 + 1e-9, b: 2 }, t), at1)).toBeLessThan(1e-8);
      expect(relative(expectedPurchasesNew({ ...base, a: 1 - 1e-9, b: 2 }, t), at1)).toBeLessThan(1e-8);
      const sum1 = expectedPurchasesNew({ ...base, a: 0.6, b: 0.4 }, t);
      expect(Number.isFinite(sum1)).toBe(true);
      expect(relative(expectedPurchasesNew({ ...base, a: 0.6, b: 0.4 + 1e-9 }, t), sum1)).toBeLessThan(1e-8);
    }
    // z = t/(α + t) = 0.9 at t = 9α = 36
    const m: BgNbdCoefficients = { ...base, a: 0.8, b: 2.4 };
    expect(relative(expectedPurchasesNew(m, 36 * (1 + 1e-12)), expectedPurchasesNew(m, 36))).toBeLessThan(1e-9);
    expect(relative(expectedPurchases(m, 36 * (1 + 1e-12) - 30, { frequency: 3, recency: 20, T: 30 }), expectedPurchases(m, 6, { frequency: 3, recency: 20, T: 30 }))).toBeLessThan(1e-9);
  });

  it('stays finite and in range for extreme histories and horizons', () => {
    const heavy = { frequency: 10_000, recency: 999, T: 1000 };
    expect(probabilityAlive(PUBLISHED, heavy)).toBeGreaterThan(0);
    for (const t of [1e-9, 1, 1e3, 1e6, 1e9]) {
      for (const h of [heavy, CUSTOMER_1, { frequency: 0, recency: 0, T: 0 }, { frequency: 1, recency: 1e-9, T: 1e6 }]) {
        const e = expectedPurchases(PUBLISHED, t, h);
        expect(Number.isFinite(e) && e >= 0).toBe(true);
      }
      expect(Number.isFinite(expectedPurchasesNew(PUBLISHED, t))).toBe(true);
      for (const n of [0, 1, 50, 5000]) {
        const p = probabilityOfPurchases(PUBLISHED, n, t);
        expect(p >= 0 && p <= 1).toBe(true);
      }
    }
    expect(probabilityOfPurchases(PUBLISHED, 0, 0)).toBe(1);
    expect(probabilityOfPurchases(PUBLISHED, 3, 0)).toBe(0);
    expect(expectedPurchases(PUBLISHED, 0, CUSTOMER_1)).toBe(0);
  });
});

const coefficients = fc.record({
  r: fc.double({ min: 0.01, max: 10, noNaN: true }),
  alpha: fc.double({ min: 0.05, max: 100, noNaN: true }),
  a: fc.double({ min: 0.02, max: 6, noNaN: true }),
  b: fc.double({ min: 0.02, max: 12, noNaN: true }),
}).map((p): BgNbdCoefficients => ({ kind: 'bg-nbd', version: 1, ...p }));

const history = fc
  .record({ x: fc.integer({ min: 0, max: 300 }), T: fc.double({ min: 0.01, max: 500, noNaN: true }), share: fc.double({ min: 0.001, max: 1, noNaN: true }) })
  .map(({ x, T, share }): PurchaseHistory => ({ frequency: x, recency: x === 0 ? 0 : share * T, T }));

describe('BG/NBD properties (fast-check)', () => {
  it('P(alive) is in [0, 1] and non-decreasing in recency for fixed frequency and T', () => {
    fc.assert(
      fc.property(coefficients, fc.integer({ min: 1, max: 300 }), fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), (model, x, T, s1, s2) => {
        const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const early = probabilityAlive(model, { frequency: x, recency: lo * T, T });
        const late = probabilityAlive(model, { frequency: x, recency: hi * T, T });
        expect(early).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThanOrEqual(1);
        expect(late).toBeGreaterThanOrEqual(early);
      }),
    );
  });

  it('expectedPurchases is ≥ 0, finite and non-decreasing in t', () => {
    fc.assert(
      fc.property(coefficients, history, fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (model, h, t1, t2) => {
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const a = expectedPurchases(model, lo, h);
        const b = expectedPurchases(model, hi, h);
        expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-9) - 1e-300); // (subnormal horizons round to 0)
      }),
    );
  });

  it('probabilityOfPurchases sums to 1 over n, with mean E[X(t)]', () => {
    const moderate = fc
      .record({
        r: fc.double({ min: 0.05, max: 3, noNaN: true }),
        alpha: fc.double({ min: 1, max: 50, noNaN: true }),
        a: fc.double({ min: 0.1, max: 4, noNaN: true }),
        b: fc.double({ min: 0.1, max: 8, noNaN: true }),
      })
      .map((p): BgNbdCoefficients => ({ kind: 'bg-nbd', version: 1, ...p }));
    fc.assert(
      fc.property(moderate, fc.double({ min: 0.01, max: 50, noNaN: true }), (model, t) => {
        let total = 0;
        let mean = 0;
        for (let n = 0; n <= 3000; n++) {
          const p = probabilityOfPurchases(model, n, t);
          expect(p >= 0 && p <= 1).toBe(true);
          total += p;
          mean += n * p;
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-9);
        expect(relative(mean, expectedPurchasesNew(model, t))).toBeLessThan(1e-6);
      }),
      { numRuns: 25 },
    );
  });

  it('the fit does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = new Random(seed);
        const shuffled = CDNOW.slice();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = random.int(0, i);
          [shuffled[i], shuffled[j]] = [shuffled[j] as PurchaseHistory, shuffled[i] as PurchaseHistory];
        }
        expect(fitBgNbd(shuffled)).toEqual(FIT);
      }),
      { numRuns: 5 },
    );
  });

  it('does not modify its input', () => {
    const rows = CDNOW.map((c) => Object.freeze({ ...c }));
    Object.freeze(rows);
    const weights = Object.freeze(rows.map(() => 2));
    const before = JSON.stringify(rows);
    fitBgNbd(rows, { weights });
    const model = Object.freeze({ ...FIT });
    probabilityAlive(model, rows[0] as PurchaseHistory);
    expectedPurchases(model, 10, rows[0] as PurchaseHistory);
    probabilityOfPurchases(model, 2, 10);
    expect(JSON.stringify(rows)).toBe(before);
    expect(model).toEqual(FIT);
  });
});


describe('BG/NBD bad input', () => {
  it('a single customer: the model is not identified (did_not_converge, suggesting a penalizer); with one, a defined fit', () => {
    const error = thrown(() => fitBgNbd([{ frequency: 2, recency: 10, T: 20 }]));
    expect(error.code).toBe('did_not_converge');
    expect(error.message).toMatch(/^fitBgNbd: .*penalizer/);
    expect(fitBgNbd([{ frequency: 2, recency: 10, T: 20 }], { penalizer: 0.001 }).converged).toBe(true);
  });

  it('two customers: an estimate on the edge of the parameter space is refused', () => {
    const error = thrown(() => fitBgNbd([{ frequency: 2, recency: 10, T: 20 }, { frequency: 0, recency: 0, T: 20 }]));
    expect(error.code).toBe('did_not_converge');
    expect(error.message).toMatch(/edge of the parameter space/);
  });

  it('no customers, or no repeat buyer: insufficient_data', () => {
    expect(thrown(() => fitBgNbd([])).code).toBe('insufficient_data');
    expect(thrown(() => fitBgNbd([{ frequency: 0, recency: 0, T: 10 }, { frequency: 0, recency: 0, T: 30 }])).code).toBe('insufficient_data');
    expect(thrown(() => fitBgNbd([{ frequency: 1, recency: 3, T: 10 }], { weights: [0] })).code).toBe('insufficient_data');
  });

  it('recency after T, names the row and the field', () => {
    const error = thrown(() => fitBgNbd([{ frequency: 0, recency: 0, T: 20 }, { frequency: 1, recency: 30, T: 20 }]));
    expect(error.code).toBe('invalid_input');
    expect(error.issues[0]?.path).toEqual([1, 'recency']);
    expect(error.message).toBe('fitBgNbd: 1 invalid value; [1].recency: expected a time ≤ T (20), got 30');
  });

  it('NaN, negative, non-integer and inconsistent values are each reported with their path', () => {
    const error = thrown(() =>
      fitBgNbd([
        { frequency: 0, recency: 0, T: Number.NaN },
        { frequency: 1.5, recency: 2, T: 20 },
        { frequency: -1, recency: 0, T: 20 },
        { frequency: 2, recency: 0, T: 20 },
        { frequency: 0, recency: 3, T: 20 },
        { frequency: 1, recency: Number.POSITIVE_INFINITY, T: 20 },
        null as unknown as PurchaseHistory,
      ]),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.issues.map((i) => i.path)).toEqual([[0, 'T'], [1, 'frequency'], [2, 'frequency'], [3, 'recency'], [4, 'recency'], [5, 'recency'], [6]]);
    expect(error.issueCount).toBe(7);
  });

  it('bad weights and options', () => {
    const rows = CDNOW.slice(0, 10);
    expect(thrown(() => fitBgNbd(rows, { weights: [1, 2] })).issues[0]?.path).toEqual(['weights']);
    expect(thrown(() => fitBgNbd(rows, { weights: rows.map((_, i) => (i === 3 ? -1 : 1)) })).issues[0]?.path).toEqual(['weights', 3]);
    expect(thrown(() => fitBgNbd(rows, { maxIterations: 0 })).issues[0]?.path).toEqual(['maxIterations']);
    expect(thrown(() => fitBgNbd(rows, { tolerance: 2 })).issues[0]?.path).toEqual(['tolerance']);
    expect(thrown(() => fitBgNbd(rows, { penalizer: -1 })).issues[0]?.path).toEqual(['penalizer']);
  });

  it('too few iterations: did_not_converge saying what to try', () => {
    const error = thrown(() => fitBgNbd(CDNOW, { maxIterations: 2 }));
    expect(error.code).toBe('did_not_converge');
    expect(error.message).toMatch(/^fitBgNbd: no convergence after 2 iterations .*raise maxIterations/);
  });

  it('predictions check the model and the customer', () => {
    expect(thrown(() => probabilityAlive({ kind: 'gamma-gamma', version: 1 } as unknown as BgNbdModel, CUSTOMER_1)).code).toBe('incompatible_model');
    expect(thrown(() => expectedPurchases({ ...PUBLISHED, version: 2 } as unknown as BgNbdModel, 1, CUSTOMER_1)).code).toBe('incompatible_model');
    expect(thrown(() => expectedPurchasesNew({ ...PUBLISHED, a: -1 }, 1)).code).toBe('incompatible_model');
    const bad = thrown(() => probabilityAlive(PUBLISHED, { frequency: 2, recency: 40, T: 38.86 }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.issues[0]?.path).toEqual(['recency']);
    expect(bad.message).toMatch(/^probabilityAlive: /);
    expect(thrown(() => expectedPurchases(PUBLISHED, -1, CUSTOMER_1)).issues[0]?.path).toEqual(['t']);
    expect(thrown(() => expectedPurchases(PUBLISHED, Number.NaN, CUSTOMER_1)).code).toBe('invalid_input');
    expect(thrown(() => probabilityOfPurchases(PUBLISHED, 1.5, 3)).issues[0]?.path).toEqual(['n']);
    expect(thrown(() => probabilityOfPurchases(PUBLISHED, 1, Number.POSITIVE_INFINITY)).code).toBe('invalid_input');
  });

  it('P(alive) is 1 without repeat purchase', () => {
    expect(probabilityAlive(PUBLISHED, { frequency: 0, recency: 0, T: 50 })).toBe(1);
  });
});
