/**
 * 2F1 against closed forms (A&S 15.1.3–15.1.8): 2F1(1, 1; 2; z) = −ln(1 − z)/z,
 * 2F1(a, b; b; z) = (1 − z)^(−a), 2F1(½, ½; 3/2; z²) = arcsin(z)/z,
 * 2F1(½, 1; 3/2; −z²) = arctan(z)/z, and 2F1(1, 2; 3; z) = −2(z + ln(1 − z))/z² (from the
 * series Σ 2zᵏ/(k + 2)). They cover the direct series, the transformation to 1 − z with
 * c − a − b an integer (0) and not (½, −a), and Pfaff's transformation for z < 0.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyp2f1 } from '../../src/internal/hypergeometric';

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('hyp2f1', () => {
  // c − a − b = 0: the degenerate case of the transformation, interpolated (about 1e-9 relative).
  it.each([0.3, 0.9, 0.9000001, 0.95, 0.999, 0.999999, -0.5, -5, -1000])('2F1(1, 1; 2; %d) = −ln(1 − z)/z (c − a − b = 0)', (z) => {
    expect(relative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-8);
  });

  it.each([0.5, 0.93, 0.99, -3])('2F1(1, 2; 3; %d) = −2(z + ln(1 − z))/z²', (z) => {
    expect(relative(hyp2f1(1, 2, 3, z), (-2 * (z + Math.log1p(-z))) / (z * z))).toBeLessThan(1e-9);
  });

  it.each([
    [0.7, 1.3, 0.5],
    [2.5, 1.3, 0.97],
    [0.243, 2.4, 0.999],
    [3, 0.5, -7],
  ])('2F1(a, b; b; z) = (1 − z)^(−a) at a = %d, b = %d, z = %d', (a, b, z) => {
    expect(relative(hyp2f1(a, b, b, z), Math.pow(1 - z, -a))).toBeLessThan(1e-11);
  });

  it.each([0.5, 0.96, 0.99])('2F1(½, ½; 3/2; z²) = arcsin(z)/z at z = %d', (z) => {
    expect(relative(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z)).toBeLessThan(1e-12);
  });

  it.each([0.5, 3, 40])('2F1(½, 1; 3/2; −z²) = arctan(z)/z at z = %d', (z) => {
    expect(relative(hyp2f1(0.5, 1, 1.5, -z * z), Math.atan(z) / z)).toBeLessThan(1e-12);
  });

  it('is continuous where the series hands over to the transformation (z = 0.9)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 6, noNaN: true }),
        fc.double({ min: -3, max: 6, noNaN: true }),
        fc.double({ min: 0.1, max: 12, noNaN: true }),
        (a, b, c) => {
          const below = hyp2f1(a, b, c, 0.9);
          const above = hyp2f1(a, b, c, 0.9 + 1e-12);
          expect(Number.isFinite(below)).toBe(true);
          expect(Math.abs(above - below)).toBeLessThan(1e-7 * Math.max(1, Math.abs(below)));
        },
      ),
    );
  });

  it('returns 1 at z = 0 and NaN where it is not defined', () => {
    expect(hyp2f1(2, 3, 4, 0)).toBe(1);
    expect(Number.isNaN(hyp2f1(2, 3, 4, 1))).toBe(true);
    expect(Number.isNaN(hyp2f1(2, 3, -1, 0.5))).toBe(true);
    // terminating series: 2F1(−2, b; c; z) = 1 − 2bz/c + b(b + 1)z²/(c(c + 1))
    expect(hyp2f1(-2, 1.5, 2.5, 0.95)).toBeCloseTo(1 - (2 * 1.5 * 0.95) / 2.5 + (1.5 * 2.5 * 0.95 ** 2) / (2.5 * 3.5), 14);
  });
});
