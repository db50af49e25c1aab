/**
 * Gamma-Gamma and customer lifetime value: the CDNOW references of Fader & Hardie (2013),
 * "The Gamma-Gamma Model of Monetary Value", as listed in ../shared/datasets/cdnow/README.md
 * (the data are read from there, never copied), properties and bad input.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relative, thrown } from '../support/helpers';
import {
  conditionalExpectedValue,
  customerLifetimeValue,
  expectedPurchases,
  fitGammaGamma,
  type BgNbdCoefficients,
  type GammaGammaCoefficients,
  type GammaGammaModel,
  type PurchaseHistory,
  type SpendHistory,
} from '../../src/rfm';


type Customer = PurchaseHistory & SpendHistory;

/** cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar (weeks, dollars, CRLF line ends). */
function cdnow(): Customer[] {
  const text = readFileSync(new URL('../../../shared/datasets/cdnow/cdnow_customers_summary_with_transactions.csv', import.meta.url), 'utf8');
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [, frequency, recency, T, monetary] = line.split(',').map(Number) as [number, number, number, number, number];
      return { frequency, recency, T, monetary };
    });
}

const CDNOW = cdnow();
const FIT = fitGammaGamma(CDNOW);
/** README: "Gamma-Gamma (946 repeat buyers, x and zbar) | p = 6.25, q = 3.74, γ = 15.44 | Fader & Hardie (2013)". */
const PUBLISHED: GammaGammaCoefficients = { kind: 'gamma-gamma', version: 1, p: 6.25, q: 3.74, gamma: 15.44 };
const BG_NBD: BgNbdCoefficients = { kind: 'bg-nbd', version: 1, r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('fitGammaGamma on CDNOW (Fader & Hardie 2013)', () => {
  it('uses the 946 repeat buyers only', () => {
    expect(CDNOW).toHaveLength(2357);
    expect(FIT.customers).toBe(946); // README: "946 customers repeat-buy in calibration"
    expect(FIT.converged).toBe(true);
  });

  it('gives the published estimates within 0.5%', () => {
    // README: "p = 6.25, q = 3.74, γ = 15.44 | Fader & Hardie (2013) … lifetimes TestGammaGammaFitter"
    expect(relative(FIT.p, 6.25)).toBeLessThan(0.005);
    expect(relative(FIT.q, 3.74)).toBeLessThan(0.005);
    expect(relative(FIT.gamma, 15.44)).toBeLessThan(0.005);
  });

  it('gives the README’s recomputed MLE to 1e-5 and its log-likelihood to 1e-4', () => {
    // README: "MLE p = 6.248795, q = 3.744589, γ = 15.447772, LL = −4055.9232". The likelihood is
    // flat along a ridge in (p, γ): our estimate (6.248802, 15.447748) and the README's differ by
    // ~1e-6 relative and their log-likelihoods by ~3e-11.
    expect(relative(FIT.p, 6.248795)).toBeLessThan(1e-5);
    expect(relative(FIT.q, 3.744589)).toBeLessThan(1e-5);
    expect(relative(FIT.gamma, 15.447772)).toBeLessThan(1e-5);
    expect(Math.abs(FIT.logLikelihood - -4055.9232)).toBeLessThan(1e-4);
  });

  it('is a plain serialisable object with standard errors', () => {
    expect(JSON.parse(JSON.stringify(FIT))).toEqual(FIT);
    expect(FIT.standardErrors?.p).toBeGreaterThan(0);
    expect(FIT.params).toEqual({ maxIterations: 200, tolerance: 1e-10, penalizer: 0, weighted: false });
  });
});

describe('conditionalExpectedValue', () => {
  it('gives the spreadsheet values of the first 10 customers (1e-3 relative)', () => {
    // README: "conditional expected average spend, first 10 customers of the with_transactions file:
    // 24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17 (lifetimes test, from
    // Hardie's spreadsheet)". The spreadsheet evaluates at the unrounded MLE: at the rounded
    // (6.25, 3.74, 15.44) the population mean p·γ/(q − 1), the value of the x = 0 customers, is
    // 35.219 (1.4e-3 from 35.17); at the MLE it is 35.171.
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    CDNOW.slice(0, 10).forEach((c, i) => expect(relative(conditionalExpectedValue(FIT, c), expected[i] as number)).toBeLessThan(1e-3));
    // at the rounded published parameters, the customers with repeat purchases agree too
    CDNOW.slice(0, 10).forEach((c, i) => {
      if (c.frequency > 0) expect(relative(conditionalExpectedValue(PUBLISHED, c), expected[i] as number)).toBeLessThan(1e-3);
    });
    expect(conditionalExpectedValue(PUBLISHED, { frequency: 0, monetary: 0 })).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  it('the values shown in the doc comments', () => {
    expect(conditionalExpectedValue(PUBLISHED, { frequency: 2, monetary: 22.35 }).toFixed(2)).toBe('24.66');
    expect(conditionalExpectedValue(PUBLISHED, { frequency: 0, monetary: 0 }).toFixed(2)).toBe('35.22');
    const rows = [
      { frequency: 1, monetary: 12 }, { frequency: 2, monetary: 95 }, { frequency: 4, monetary: 30 },
      { frequency: 1, monetary: 60 }, { frequency: 3, monetary: 18 }, { frequency: 2, monetary: 150 },
      { frequency: 1, monetary: 25 }, { frequency: 5, monetary: 40 }, { frequency: 0, monetary: 0 },
    ];
    const model = fitGammaGamma(rows);
    expect(model.customers).toBe(8);
    expect(conditionalExpectedValue(model, { frequency: 0, monetary: 0 }).toFixed(2)).toBe('56.36');
    expect(conditionalExpectedValue(model, { frequency: 2, monetary: 95 }).toFixed(2)).toBe('88.21');
  });

  it('lies between the population mean and the customer’s own mean, closer to the latter as x grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.01, max: 1e5, noNaN: true }), (x, m) => {
        const population = conditionalExpectedValue(FIT, { frequency: 0, monetary: 0 });
        const v = conditionalExpectedValue(FIT, { frequency: x, monetary: m });
        const next = conditionalExpectedValue(FIT, { frequency: x + 1, monetary: m });
        expect(v).toBeGreaterThanOrEqual(Math.min(population, m) * (1 - 1e-12));
        expect(v).toBeLessThanOrEqual(Math.max(population, m) * (1 + 1e-12));
        expect(Math.abs(next - m)).toBeLessThanOrEqual(Math.abs(v - m) * (1 + 1e-12));
      }),
    );
  });
});

describe('customerLifetimeValue', () => {
  it('is lifetimes’ sum of discounted per-period purchases × the expected value', () => {
    // lifetimes utils._customer_lifetime_value: Σ over months i of (E[Y(i·f)] − E[Y((i−1)·f)])·value/(1 + d)^i
    const customer = CDNOW[0] as Customer;
    const value = conditionalExpectedValue(PUBLISHED, customer);
    let expected = 0;
    for (let k = 1; k <= 12; k++) {
      const bought = expectedPurchases(BG_NBD, k * 4.345, customer) - expectedPurchases(BG_NBD, (k - 1) * 4.345, customer);
      expected += (bought * value) / 1.01 ** k;
    }
    const clv = customerLifetimeValue(BG_NBD, PUBLISHED, customer, { periods: 12, periodLength: 4.345, discountRate: 0.01 });
    expect(relative(clv, expected)).toBeLessThan(1e-12);
    expect(clv.toFixed(2)).toBe('36.29'); // the doc comment's value
  });

  it('without discounting, is E[Y(n·L)] × the expected value', () => {
    const customer = CDNOW[5] as Customer;
    const clv = customerLifetimeValue(BG_NBD, FIT, customer, { periods: 24, periodLength: 2, discountRate: 0 });
    expect(relative(clv, expectedPurchases(BG_NBD, 48, customer) * conditionalExpectedValue(FIT, customer))).toBeLessThan(1e-12);
  });

  it('is ≥ 0, grows with the horizon and falls with the discount rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CDNOW.length - 1 }), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.2, noNaN: true }), (i, periods, d) => {
        const c = CDNOW[i] as Customer;
        const options = { periods, periodLength: 4.345, discountRate: d };
        const clv = customerLifetimeValue(BG_NBD, FIT, c, options);
        expect(clv).toBeGreaterThanOrEqual(0);
        expect(customerLifetimeValue(BG_NBD, FIT, c, { ...options, periods: periods + 1 })).toBeGreaterThanOrEqual(clv);
        expect(customerLifetimeValue(BG_NBD, FIT, c, { ...options, discountRate: d + 0.05 })).toBeLessThanOrEqual(clv);
      }),
      { numRuns: 50 },
    );
  });
});

describe('fitGammaGamma properties', () => {
  it('does not depend on the order of the rows, and does not modify them', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rows = CDNOW.map((c) => Object.freeze({ frequency: c.frequency, monetary: c.monetary }));
        const before = JSON.stringify(rows);
        const keyed = rows.map((row, i) => ({ row, key: Math.sin(seed + i * 7919) })).sort((p, q) => p.key - q.key).map((p) => p.row);
        expect(fitGammaGamma(keyed)).toEqual(FIT);
        expect(JSON.stringify(rows)).toBe(before);
      }),
      { numRuns: 5 },
    );
  });

  it('weights are counts', () => {
    const rows = CDNOW.slice(0, 300);
    const weighted = fitGammaGamma(rows, { weights: rows.map(() => 3) });
    const tripled = fitGammaGamma([...rows, ...rows, ...rows]);
    expect({ ...weighted, params: { ...weighted.params, weighted: false } }).toEqual(tripled);
  });
});


describe('Gamma-Gamma and CLV bad input', () => {
  it('negative monetary values (returns) are refused with their path', () => {
    const error = thrown(() => fitGammaGamma([{ frequency: 2, monetary: 30 }, { frequency: 1, monetary: -12 }]));
    expect(error.code).toBe('invalid_input');
    expect(error.issues[0]?.path).toEqual([1, 'monetary']);
    expect(error.message).toMatch(/^fitGammaGamma: 1 invalid value; \[1\]\.monetary: /);
  });

  it('monetary 0 with repeat purchases, NaN and non-integer frequencies', () => {
    const error = thrown(() =>
      fitGammaGamma([
        { frequency: 2, monetary: 0 },
        { frequency: 1, monetary: Number.NaN },
        { frequency: 0.5, monetary: 10 },
        { frequency: 0, monetary: 0 },
      ]),
    );
    expect(error.issues.map((i) => i.path)).toEqual([[0, 'monetary'], [1, 'monetary'], [2, 'frequency']]);
  });

  it('no repeat buyer, or none at all: insufficient_data', () => {
    expect(thrown(() => fitGammaGamma([{ frequency: 0, monetary: 0 }])).code).toBe('insufficient_data');
    expect(thrown(() => fitGammaGamma([])).code).toBe('insufficient_data');
  });

  it('a single repeat buyer: not identified (did_not_converge, suggesting a penalizer)', () => {
    const error = thrown(() => fitGammaGamma([{ frequency: 2, monetary: 30 }]));
    expect(error.code).toBe('did_not_converge');
    expect(error.message).toMatch(/penalizer/);
  });

  it('q ≤ 1: the population mean does not exist', () => {
    const heavy = { kind: 'gamma-gamma', version: 1, p: 2, q: 0.8, gamma: 10 } as const;
    const error = thrown(() => conditionalExpectedValue(heavy, { frequency: 0, monetary: 0 }));
    expect(error.code).toBe('incompatible_model');
    expect(error.message).toMatch(/^conditionalExpectedValue: .*q = 0\.8 ≤ 1/);
    // with repeat purchases the conditional mean exists as long as p·x + q > 1
    expect(conditionalExpectedValue(heavy, { frequency: 1, monetary: 20 })).toBeCloseTo((2 * (10 + 20)) / (2 + 0.8 - 1), 12);
  });

  it('models of the wrong kind and bad options', () => {
    const customer = CDNOW[0] as Customer;
    expect(thrown(() => conditionalExpectedValue(BG_NBD as unknown as GammaGammaModel, customer)).code).toBe('incompatible_model');
    expect(thrown(() => customerLifetimeValue(FIT as unknown as BgNbdCoefficients, FIT, customer, { periods: 12, periodLength: 4.345, discountRate: 0.01 })).code).toBe('incompatible_model');
    const options = { periods: 12, periodLength: 4.345, discountRate: 0.01 };
    expect(thrown(() => customerLifetimeValue(BG_NBD, FIT, customer, { ...options, periods: 0 })).issues[0]?.path).toEqual(['periods']);
    expect(thrown(() => customerLifetimeValue(BG_NBD, FIT, customer, { ...options, periodLength: -1 })).issues[0]?.path).toEqual(['periodLength']);
    expect(thrown(() => customerLifetimeValue(BG_NBD, FIT, customer, { ...options, discountRate: -1 })).issues[0]?.path).toEqual(['discountRate']);
    expect(thrown(() => customerLifetimeValue(BG_NBD, FIT, { ...customer, monetary: -5 }, options)).issues[0]?.path).toEqual(['monetary']);
    expect(thrown(() => customerLifetimeValue(BG_NBD, FIT, { ...customer, recency: 50 }, options)).issues[0]?.path).toEqual(['recency']);
  });
});
