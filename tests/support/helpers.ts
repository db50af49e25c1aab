/** Helpers shared by the test files (not tests themselves). */
import { readFileSync } from 'node:fs';
import { RelanceError } from '../../src/errors';

/** The RelanceError `f` throws, for its code and issues; any other outcome fails the test. */
export function thrown(f: () => unknown): RelanceError {
  try {
    f();
  } catch (error) {
    if (error instanceof RelanceError) return error;
    throw error;
  }
  throw new Error('expected a RelanceError');
}

/** |a − b| / |b|. */
export const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** ../shared/datasets/cdnow/cdnow_customers_summary.csv: `ID,frequency,recency,T` in weeks, one customer a row. */
export function cdnowSummary(): Array<{ frequency: number; recency: number; T: number }> {
  const text = readFileSync(new URL('../../../shared/datasets/cdnow/cdnow_customers_summary.csv', import.meta.url), 'utf8');
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [, frequency, recency, T] = line.split(',').map(Number) as [number, number, number, number];
      return { frequency, recency, T };
    });
}
