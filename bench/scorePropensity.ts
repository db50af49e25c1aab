/**
 * Scoring speed of the logistic model: `scorePropensity` (validation included) against a bare
 * dot-product-and-sigmoid loop over the same Float64Array, in the same run; and single-row
 * scoring from a record, as a DMS would at the counter.
 *
 *   node --import tsx bench/scorePropensity.ts --rows 1000000 --features 20
 *
 * Prints one JSON line.
 */
import { scorePropensity, trainPropensity } from '../src/propensity';
import { Random } from '../src/internal/random';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};
const rows = Number(arg('--rows', '1000000'));
const p = Number(arg('--features', '20'));
const r = new Random(42);
const names = Array.from({ length: p }, (_, j) => `f${j}`);
const data = new Float64Array(rows * p);
for (let i = 0; i < data.length; i++) data[i] = r.normal();
const trainRows = Math.min(rows, 50_000);
const labels = new Uint8Array(trainRows);
for (let i = 0; i < trainRows; i++) labels[i] = r.next() < 1 / (1 + Math.exp(-((data[i * p] as number) - 0.5 * (data[i * p + 1] as number)))) ? 1 : 0;
const model = trainPropensity({ featureNames: names, rows: trainRows, cols: p, data: data.subarray(0, trainRows * p), labels }, { algorithm: 'logistic' });
const table = { featureNames: names, rows, cols: p, data };
const learned = model.algorithm === 'logistic' ? model.learned : null;
if (learned === null) throw new Error('expected a logistic model');
// The bare loop's weights on the raw scale, computed as the library does.
const w = new Float64Array(p);
let b = learned.intercept;
for (let j = 0; j < p; j++) {
  w[j] = (learned.coefficients[j] as number) / (learned.scales[j] as number);
  b -= (w[j] as number) * (learned.means[j] as number);
}
const bare = (out: Float64Array): void => {
  for (let i = 0; i < rows; i++) {
    let z = b;
    const base = i * p;
    for (let j = 0; j < p; j++) z += (w[j] as number) * (data[base + j] as number);
    out[i] = 1 / (1 + Math.exp(-z));
  }
};
const best = (f: () => void, reps: number): number => {
  let min = Infinity;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
};
const out = new Float64Array(rows);
let sink = 0;
const bareSeconds = best(() => bare(out), 5);
sink += out[0] as number;
const libSeconds = best(() => {
  sink += scorePropensity(model, table)[0] as number;
}, 5);
// Single rows from records.
const records = Array.from({ length: 10_000 }, (_, i) => Object.fromEntries(names.map((n, j) => [n, data[i * p + j] as number])));
const singleSeconds = best(() => {
  for (const rec of records) sink += scorePropensity(model, rec);
}, 5);

console.log(
  JSON.stringify({
    bench: 'scorePropensity',
    form: `logistic, ${p} features`,
    rows,
    bareRowsPerSecond: Math.round(rows / bareSeconds),
    scoreRowsPerSecond: Math.round(rows / libSeconds),
    ratioToBareLoop: Number((bareSeconds / libSeconds).toFixed(3)),
    singleRowMicroseconds: Number(((singleSeconds / records.length) * 1e6).toFixed(2)),
    checksum: Number(sink.toFixed(3)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
