/**
 * ln Γ, ψ and ψ′ against closed forms: Γ(½) = √π, Γ(n) = (n − 1)!, Γ(−½) = −2√π,
 * Γ(−3/2) = 4√π/3 (A&S 6.1.8, 6.1.17); ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(n) = Hₙ₋₁ − γ
 * (A&S 6.3.2–6.3.4); ψ′(1) = π²/6, ψ′(½) = π²/2, ψ′(n) = π²/6 − Σₖ<ₙ 1/k² (A&S 6.4.2–6.4.4).
 */
import { describe, expect, it } from 'vitest';
import { digamma, gammaSign, logAbsGamma, logGamma, trigamma } from '../../src/internal/gammaFunctions';

const EULER = 0.5772156649015329;
/** Relative error, absolute below 1. */
const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('logGamma', () => {
  it('matches factorials and Γ(½) = √π', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(5e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(5e-15);
    expect(relative(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(5e-15);
    let factorial = 1;
    for (let n = 2; n <= 30; n++) {
      factorial *= n - 1;
      expect(relative(logGamma(n), Math.log(factorial))).toBeLessThan(2e-15);
    }
    // ln Γ(x) ~ −ln x − γx for small x (A&S 6.1.33)
    expect(relative(logGamma(1e-8), -Math.log(1e-8) - EULER * 1e-8)).toBeLessThan(1e-15);
    expect(logGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(logGamma(-1))).toBe(true);
  });

  it('satisfies the recurrence across the switch to the asymptotic series', () => {
    for (const x of [0.3, 1.7, 6.5, 7.2, 7.9, 8.1, 12.3, 150.5]) {
      expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(2e-15 * Math.max(1, Math.abs(logGamma(x + 1))));
    }
  });

  it('reflects to negative arguments with the right sign', () => {
    expect(relative(logAbsGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)))).toBeLessThan(1e-14);
    expect(gammaSign(-0.5)).toBe(-1);
    expect(relative(logAbsGamma(-1.5), Math.log((4 * Math.sqrt(Math.PI)) / 3))).toBeLessThan(1e-14);
    expect(gammaSign(-1.5)).toBe(1);
    expect(gammaSign(-2)).toBe(0);
    expect(logAbsGamma(-2)).toBe(Number.POSITIVE_INFINITY);
    expect(gammaSign(3.2)).toBe(1);
    // near the poles, by the recurrence: Γ(−ε) = Γ(1 − ε)/(−ε), Γ(−3 + ε) = Γ(1 + ε)/((−3 + ε)(−2 + ε)(−1 + ε)ε)
    const e = 1e-5;
    expect(relative(logAbsGamma(-e), logGamma(1 - e) - Math.log(e))).toBeLessThan(1e-14);
    expect(gammaSign(-e)).toBe(-1);
    const x = -3 + e;
    const f = x + 3; // the ε actually represented in x (exact by Sterbenz)
    const near3 = logGamma(1 + f) - Math.log(3 - f) - Math.log(2 - f) - Math.log(1 - f) - Math.log(f);
    expect(relative(logAbsGamma(x), near3)).toBeLessThan(1e-14);
    expect(gammaSign(-3 + e)).toBe(-1);
  });
});

describe('digamma and trigamma', () => {
  it('match their closed forms', () => {
    expect(digamma(1)).toBeCloseTo(-EULER, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER - 2 * Math.LN2, 14);
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 14);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 13);
    let harmonic = 0;
    let squares = 0;
    for (let n = 2; n <= 40; n++) {
      harmonic += 1 / (n - 1);
      squares += 1 / (n - 1) ** 2;
      expect(relative(digamma(n), harmonic - EULER)).toBeLessThan(1e-14);
      expect(relative(trigamma(n), Math.PI ** 2 / 6 - squares)).toBeLessThan(1e-12);
    }
  });

  it('are the derivatives of logGamma and digamma (central differences)', () => {
    for (const x of [0.05, 0.7, 3.3, 7.99, 8.01, 55]) {
      const h = 1e-5 * Math.max(1, x);
      expect(relative(digamma(x), (logGamma(x + h) - logGamma(x - h)) / (2 * h))).toBeLessThan(1e-7);
      expect(relative(trigamma(x), (digamma(x + h) - digamma(x - h)) / (2 * h))).toBeLessThan(1e-7);
    }
  });
});
