/**
 * Peak memory (and time) of training a propensity model on a large table: 1,000,000 rows ×
 * 50 features by default, seeded synthetic data (normal scores and 0/1 flags, a logistic
 * truth). One algorithm per process, so each peak RSS is its own.
 *
 *   node --import tsx bench/trainMemory.ts --rows 1000000 --features 50 --algorithm logistic
 *   node --import tsx bench/trainMemory.ts --rows 1000000 --features 50 --algorithm random-forest --trees 100 --min-samples-leaf 50
 *
 * Prints one JSON line.
 */
import { Random } from '../src/internal/random';
import { trainPropensity } from '../src/propensity';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};
const rows = Number(arg('--rows', '1000000'));
const cols = Number(arg('--features', '50'));
const algorithm = arg('--algorithm', 'logistic') as 'logistic' | 'random-forest';
const trees = Number(arg('--trees', '100'));
const minSamplesLeaf = Number(arg('--min-samples-leaf', '50'));
const r = new Random(11);
const data = new Float64Array(rows * cols);
const labels = new Uint8Array(rows);
const beta = Array.from({ length: cols }, (_, j) => (j % 5 === 0 ? 0.6 : j % 5 === 1 ? -0.4 : 0.05));
for (let i = 0; i < rows; i++) {
  let z = -2;
  for (let j = 0; j < cols; j++) {
    const x = j % 4 === 3 ? (r.next() < 0.3 ? 1 : 0) : r.normal();
    data[i * cols + j] = x;
    z += (beta[j] as number) * x;
  }
  labels[i] = r.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
}
const table = { featureNames: Array.from({ length: cols }, (_, j) => `f${j}`), rows, cols, data, labels };
const before = process.resourceUsage().maxRSS / 1024;
const t0 = performance.now();
const model = algorithm === 'logistic' ? trainPropensity(table, { algorithm }) : trainPropensity(table, { algorithm, seed: 1, nEstimators: trees, minSamplesLeaf });
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    bench: 'trainMemory',
    form: algorithm === 'logistic' ? 'logistic' : `random forest, ${trees} trees, minSamplesLeaf ${minSamplesLeaf}`,
    rows,
    features: cols,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    trainRocAuc: model.training.trainRocAuc,
    dataMiB: Math.round((data.byteLength + labels.byteLength) / 2 ** 20),
    rssBeforeTrainingMiB: Math.round(before),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
