/**
 * The synthetic propensity table of the benchmarks and of the logistic convergence test: 20
 * features of the kinds a propensity table holds (normal scores, shares, counts, 0/1 flags, a
 * log-normal spend) and a 0/1 response drawn from a non-linear logistic truth (interactions, a
 * sine, a threshold), so a linear model is misspecified, as real ones are.
 */
import { Random } from '../../src/internal/random';
import type { FeatureTable } from '../../src/propensity/table';

/** The benchmarks' seed: bench/forest.ts and bench/logistic.ts draw the same tables. */
export const SYNTHETIC_SEED = 20240611;
export const SYNTHETIC_FEATURES = 20;

export interface LabelledTable extends FeatureTable {
  readonly labels: Uint8Array;
  /** The truth's probabilities (synthetic data only). */
  readonly truth?: Float64Array;
}

/** `rows` synthetic customers drawn from `random`; ids `${prefix}${i}`. */
export function syntheticTable(rows: number, random: Random, prefix: string): LabelledTable & { readonly truth: Float64Array } {
  const p = SYNTHETIC_FEATURES;
  const data = new Float64Array(rows * p);
  const labels = new Uint8Array(rows);
  const truth = new Float64Array(rows);
  const x = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 8; j++) x[j] = random.normal();
    for (let j = 8; j < 12; j++) x[j] = random.next();
    for (let j = 12; j < 15; j++) x[j] = Math.floor(random.exponential(3));
    for (let j = 15; j < 18; j++) x[j] = random.bernoulli(0.3) ? 1 : 0;
    x[18] = random.logNormal(400, 0.8);
    x[19] = random.normal();
    const v = (j: number): number => x[j] as number;
    const eta =
      -2.6 + 0.9 * v(0) - 0.6 * v(1) + 0.5 * v(2) * v(3) + 0.8 * Math.sin(2 * v(4)) + 0.3 * v(5) * v(5) + (v(8) > 0.6 ? 0.7 : 0) - 0.5 * v(9) +
      0.25 * Math.min(v(12), 6) + 0.6 * v(15) - 0.4 * v(16) * v(17) + 0.3 * Math.log(v(18) / 400);
    const prob = 1 / (1 + Math.exp(-eta));
    truth[i] = prob;
    labels[i] = random.bernoulli(prob) ? 1 : 0;
    data.set(x, i * p);
  }
  const featureNames = Array.from({ length: p }, (_, j) => `f${j}`);
  return { featureNames, rows, cols: p, data, labels, truth, ids: Array.from({ length: rows }, (_, i) => `${prefix}${i}`) };
}
