/**
 * The statsmodels / scipy / mpmath references of tests/fixtures/statsmodels/hillstrom_lift.py
 * (Debian's python3-statsmodels 0.13.5, scipy 1.10.1, mpmath 1.2.1), typed.
 */
import { readFileSync } from 'node:fs';

export interface RateCase {
  readonly treated: { readonly n: number; readonly successes: number; readonly rate: number };
  readonly control: { readonly n: number; readonly successes: number; readonly rate: number };
  readonly confLevel: number;
  readonly difference: number;
  readonly wald: readonly [number, number];
  readonly newcomb: readonly [number, number];
  readonly pValuePooled: number;
  readonly pValueUnpooled: number | null;
  readonly ratio: number | null;
  readonly ratioLog: readonly [number, number] | null;
  readonly ratioLogAdjusted: readonly [number, number];
}

export interface MeanArm {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly mean: number;
  readonly variance: number;
}

export interface MeanCase {
  readonly treated: MeanArm;
  readonly control: MeanArm;
  readonly confLevel: number;
  readonly difference: number;
  readonly welch: readonly [number, number];
  readonly welchExactQuantile: readonly [number, number];
  readonly standardError: number;
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
  readonly pValueScipy: number;
}

export interface Comparison {
  readonly treated: string;
  readonly control: string;
  readonly visit: RateCase;
  readonly conversion: RateCase;
  readonly spend: MeanCase & { readonly treatedNonZero: number[]; readonly controlNonZero: number[] };
}

export interface Reference {
  readonly versions: Readonly<Record<string, string>>;
  readonly hillstrom: { readonly rows: number; readonly comparisons: Comparison[] };
  readonly cases: { readonly rates: RateCase[]; readonly means: (MeanCase & { readonly treatedValues: number[]; readonly controlValues: number[] })[] };
  readonly sampleSize: {
    readonly baseRate: number;
    readonly minDetectableEffect: number;
    readonly alpha: number;
    readonly power: number;
    readonly ratio: number;
    readonly treatedN: number;
    readonly cohenH: number;
    readonly treatedNCohenH: number;
  }[];
  readonly distributions: {
    readonly normal: { readonly x: number; readonly cdf: number; readonly sf: number }[];
    readonly studentTSf: { readonly df: number; readonly t: number; readonly sf: number }[];
    readonly studentTQuantile: { readonly df: number; readonly p: number; readonly quantile: number; readonly scipy: number }[];
  };
  readonly buckets: {
    readonly fnv1aVectors: { readonly text: string; readonly hash: number }[];
    readonly assignments: {
      readonly salt: string;
      readonly campaignId: string;
      readonly customerId: string;
      readonly key: string;
      readonly fnv1a: number;
      readonly bucket: number;
      readonly globalKey: string;
      readonly globalBucket: number;
    }[];
  };
}

export const reference = JSON.parse(readFileSync(new URL('../fixtures/statsmodels/hillstrom_lift.json', import.meta.url), 'utf8')) as Reference;

/** |a − b| ≤ tolerance × max(1, |b|): absolute near 0, relative for large values. */
export function close(actual: number | null, expected: number | null, tolerance: number): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

/** |a − b| / |b| (0 when both are 0). */
export function relativeError(actual: number, expected: number): number {
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}
