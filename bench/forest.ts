/**
 * Random forest: relance's fitForest / predictForest on a synthetic table (seeded: 20 features
 * of the kinds a propensity table holds — normal scores, shares, counts, 0/1 flags, a
 * log-normal spend — and a 0/1 response drawn from a non-linear logistic truth) and on the
 * UCI bank-marketing split (tests/propensity/bankData.ts: 30,891 × 62 train, 10,297 test).
 * With `--with-sklearn`, the same tables are written to CSV and scikit-learn's
 * RandomForestClassifier(n_estimators, n_jobs=1, random_state=0) is timed on them in the same
 * run by bench/forest_sklearn.py, with Debian's /usr/bin/python3 (python3-sklearn).
 *
 *   node --import tsx bench/forest.ts --rows 100000 --with-sklearn
 *
 * relance runs with its defaults, out-of-bag score included (scikit-learn's default skips it).
 * Prediction is timed twice: the first call lays the forest out in typed arrays (once per model
 * object), the second reuses that layout; then rows one at a time (latency per row). Training
 * is timed in wall-clock and CPU seconds (the CPU time is steadier on a shared machine).
 * Prints one JSON line.
 */
import { SYNTHETIC_FEATURES, SYNTHETIC_SEED, syntheticTable, type LabelledTable } from '../tests/support/syntheticTable';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Random } from '../src/internal/random';
import { fitForest, predictForest, type ForestLearned } from '../src/propensity/forest';
import { rocAucOf } from '../src/propensity/forestOob';
import { loadBankData } from '../tests/propensity/bankData';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const trainRows = Number(flag('rows', '100000'));
const testRows = Number(flag('test-rows', String(trainRows)));
const trees = Number(flag('trees', '100'));
const withSklearn = args.includes('--with-sklearn');
const withBank = !args.includes('--no-bank');
const PYTHON = '/usr/bin/python3';
/** Rows scored one at a time for the single-row latency. */
const SINGLE_ROWS = 2000;

type Labelled = LabelledTable;
const synthetic = syntheticTable;

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const ones = (n: number): Float64Array => new Float64Array(n).fill(1);
const auc = (labels: Uint8Array, scores: Float64Array): number => rocAucOf(labels, scores, ones(labels.length));
const round = (v: number, digits = 4): number => Number(v.toFixed(digits));
const meanNodes = (learned: ForestLearned): number => learned.trees.reduce((s, t) => s + t.feature.length, 0) / learned.trees.length;

function measure(name: string, train: Labelled, test: Labelled): Record<string, unknown> {
  const w0 = performance.now();
  const c0 = cpuSeconds();
  const learned = fitForest(train, { seed: 0, nEstimators: trees });
  const fitSeconds = (performance.now() - w0) / 1000;
  const fitCpuSeconds = cpuSeconds() - c0;
  const p1 = performance.now();
  const scores = predictForest(learned, test.data, test.rows, test.cols);
  const p2 = performance.now();
  predictForest(learned, test.data, test.rows, test.cols, scores);
  const p3 = performance.now();
  // One customer at a time, as at a DMS counter (the forest already laid out).
  const single = Math.min(test.rows, SINGLE_ROWS);
  const one = new Float64Array(1);
  for (let i = 0; i < single; i++) predictForest(learned, test.data.subarray(i * test.cols, (i + 1) * test.cols), 1, test.cols, one);
  const p4 = performance.now();
  return {
    [`${name}FitSeconds`]: round(fitSeconds, 3),
    [`${name}FitCpuSeconds`]: round(fitCpuSeconds, 3),
    [`${name}TestRocAuc`]: round(auc(test.labels, scores)),
    [`${name}OobRocAuc`]: round(learned.oobScore?.rocAuc ?? Number.NaN),
    [`${name}MeanNodes`]: Math.round(meanNodes(learned)),
    [`${name}PredictRowsPerSecond`]: Math.round(test.rows / ((p2 - p1) / 1000)),
    [`${name}PredictWarmRowsPerSecond`]: Math.round(test.rows / ((p3 - p2) / 1000)),
    [`${name}SingleRowMicroseconds`]: round(((p4 - p3) * 1000) / single, 1),
  };
}

function writeCsv(path: string, table: Labelled): void {
  const chunks: string[] = [`${table.featureNames.map((n) => JSON.stringify(n)).join(',')},y`];
  const { rows, cols, data, labels } = table;
  for (let i = 0; i < rows; i++) {
    const fields: string[] = [];
    for (let j = 0; j < cols; j++) fields.push(String(data[i * cols + j]));
    fields.push(String(labels[i]));
    chunks.push(fields.join(','));
  }
  writeFileSync(path, `${chunks.join('\n')}\n`);
}

const result: Record<string, unknown> = { bench: 'forest', form: `${trees} trees`, rows: trainRows, testRows, features: SYNTHETIC_FEATURES };
// The bank data first, in a heap not yet grown by the larger synthetic forest.
const bank = withBank ? loadBankData() : null;
if (bank !== null) Object.assign(result, measure('bank', bank.train, bank.test));
const random = new Random(SYNTHETIC_SEED);
const train = synthetic(trainRows, random, 'train-');
const test = synthetic(testRows, random, 'test-');
result['syntheticTruthRocAuc'] = round(auc(test.labels, test.truth as Float64Array));
Object.assign(result, measure('synthetic', train, test));
result['peakRssMiB'] = Math.round(process.resourceUsage().maxRSS / 1024);

if (withSklearn) {
  try {
    mkdirSync('.bench-out', { recursive: true });
    const files = ['.bench-out/forest-synthetic-train.csv', '.bench-out/forest-synthetic-test.csv'];
    writeCsv(files[0] as string, train);
    writeCsv(files[1] as string, test);
    if (bank !== null) {
      files.push('.bench-out/forest-bank-train.csv', '.bench-out/forest-bank-test.csv');
      writeCsv(files[2] as string, bank.train);
      writeCsv(files[3] as string, bank.test);
    }
    const out = execFileSync(PYTHON, ['bench/forest_sklearn.py', String(trees), ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const sk = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number | string>;
    for (const [key, value] of Object.entries(sk)) result[`sklearn${key[0]?.toUpperCase() ?? ''}${key.slice(1)}`] = value;
    for (const name of bank === null ? ['synthetic'] : ['synthetic', 'bank']) {
      const ours = result[`${name}FitSeconds`] as number;
      const theirs = sk[`${name}FitSeconds`] as number;
      result[`${name}FitSpeedup`] = round(theirs / ours, 2);
      result[`${name}PredictSpeedup`] = round((result[`${name}PredictRowsPerSecond`] as number) / (sk[`${name}PredictRowsPerSecond`] as number), 2);
      result[`${name}RocAucDifference`] = round((result[`${name}TestRocAuc`] as number) - (sk[`${name}TestRocAuc`] as number));
    }
  } catch (error) {
    result['sklearn'] = `not run: ${(error as Error).message.split('\n')[0] ?? ''}`;
  }
}
console.log(JSON.stringify(result));
