/**
 * Logistic regression: relance's `trainPropensity(table, { algorithm: 'logistic' })` and
 * `scorePropensity` on the UCI bank-marketing split (tests/propensity/bankData.ts: 30,891 × 62
 * train, 10,297 test) and on a synthetic table (bench/forest.ts's generator and seed: 20
 * features of the kinds a propensity table holds and a 0/1 response drawn from a non-linear
 * logistic truth, so a linear model is mis-specified there, as on real data).
 * With `--with-sklearn`, the same tables are written to CSV and scikit-learn's
 * LogisticRegression(C=1, tol=1e-10, max_iter=10000) is timed on them in the same run by
 * bench/logistic_sklearn.py (solvers `lbfgs`, the default, and `newton-cholesky`, after a
 * StandardScaler as relance standardises), with Debian's /usr/bin/python3 (python3-sklearn) on
 * one thread (OMP_NUM_THREADS=1: relance fits on one).
 *
 *   node --import tsx bench/logistic.ts --rows 100000 --with-sklearn
 *
 * relance runs with its defaults (C = 1, tolerance 1e-8 on the largest gradient component,
 * 100 Newton iterations at most). Training is timed in wall-clock and CPU seconds (the CPU time
 * is steadier on a shared machine): `trainPropensity` as a caller meets it (input checks,
 * standardisation, the fit, the training ROC AUC) and the Newton fit alone (`fitLogistic`,
 * standardisation included, as scikit-learn's side times StandardScaler + fit). Scoring is
 * `scorePropensity` on the raw test rows (validation included), first call and best of five;
 * scikit-learn's is `predict_proba(scaler.transform(X))`. scikit-learn also evaluates the
 * objective at relance's solution, so the two optima are compared on the same data.
 * Ratios are relance's time ÷ scikit-learn's (below 1: relance faster) and relance's ROC AUC −
 * scikit-learn's. Prints one JSON line.
 */
import { SYNTHETIC_FEATURES, SYNTHETIC_SEED, syntheticTable, type LabelledTable } from '../tests/support/syntheticTable';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Random } from '../src/internal/random';
import { scorePropensity, trainPropensity, type LogisticLearned } from '../src/propensity';
import { rocAucOf } from '../src/propensity/forestOob';
import { fitLogistic, resolveLogisticParams } from '../src/propensity/logistic';
import { loadBankData } from '../tests/propensity/bankData';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const trainRows = Number(flag('rows', '100000'));
const testRows = Number(flag('test-rows', String(trainRows)));
const withSklearn = args.includes('--with-sklearn');
const withBank = !args.includes('--no-bank');
const PYTHON = '/usr/bin/python3';
/** Scoring runs timed after the first call; the best is kept. */
const SCORE_REPEATS = 5;
/** scikit-learn solvers timed, as bench/logistic_sklearn.py names them in its output. */
const SOLVERS = { lbfgs: 'Lbfgs', 'newton-cholesky': 'NewtonCholesky' } as const;

type Labelled = LabelledTable;
const synthetic = syntheticTable;

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const auc = (labels: Uint8Array, scores: Float64Array): number => rocAucOf(labels, scores, new Float64Array(labels.length).fill(1));
const round = (v: number, digits = 4): number => Number(v.toFixed(digits));
const capitalised = (s: string): string => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;

/** relance's fits, kept for scikit-learn's side to evaluate its objective at them. */
const fits: Record<string, { intercept: number; coefficients: readonly number[] }> = {};

function measure(name: string, train: Labelled, test: Labelled): Record<string, unknown> {
  const w0 = performance.now();
  const c0 = cpuSeconds();
  const model = trainPropensity(train, { algorithm: 'logistic' });
  const trainSeconds = (performance.now() - w0) / 1000;
  const trainCpuSeconds = cpuSeconds() - c0;
  if (model.algorithm !== 'logistic') throw new Error('bench/logistic: expected a logistic model');
  const learned: LogisticLearned = model.learned;
  // The Newton fit alone (standardisation included): what scikit-learn's side times.
  const w1 = performance.now();
  const c1 = cpuSeconds();
  const alone = fitLogistic('bench/logistic', train, resolveLogisticParams('bench/logistic', {}));
  const fitSeconds = (performance.now() - w1) / 1000;
  const fitCpuSeconds = cpuSeconds() - c1;
  if (alone.intercept !== learned.intercept) throw new Error('bench/logistic: the fit alone differs from trainPropensity’s');
  fits[name] = { intercept: learned.intercept, coefficients: learned.coefficients };

  const p0 = performance.now();
  const scores = scorePropensity(model, test);
  const firstSeconds = (performance.now() - p0) / 1000;
  let bestSeconds = Infinity;
  let sink = 0;
  for (let k = 0; k < SCORE_REPEATS; k++) {
    const t0 = performance.now();
    sink += scorePropensity(model, test)[0] as number;
    bestSeconds = Math.min(bestSeconds, (performance.now() - t0) / 1000);
  }
  if (!(sink > 0)) throw new Error('bench/logistic: scores lost');
  return {
    [`${name}TrainSeconds`]: round(trainSeconds, 3),
    [`${name}TrainCpuSeconds`]: round(trainCpuSeconds, 3),
    [`${name}FitSeconds`]: round(fitSeconds, 3),
    [`${name}FitCpuSeconds`]: round(fitCpuSeconds, 3),
    [`${name}Iterations`]: learned.iterations,
    [`${name}Converged`]: learned.converged,
    [`${name}GradientMaxAbs`]: Number(learned.gradientNorm.toPrecision(3)),
    [`${name}TestRocAuc`]: round(auc(test.labels, scores), 6),
    [`${name}ScoreRowsPerSecond`]: Math.round(test.rows / bestSeconds),
    [`${name}ScoreFirstCallRowsPerSecond`]: Math.round(test.rows / firstSeconds),
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

const result: Record<string, unknown> = { bench: 'logistic', form: 'trainPropensity + scorePropensity, C = 1', rows: trainRows, testRows, features: SYNTHETIC_FEATURES };
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
    const names = bank === null ? ['synthetic'] : ['synthetic', 'bank'];
    const files: string[] = ['.bench-out/logistic-relance-fits.json'];
    writeFileSync(files[0] as string, JSON.stringify(fits));
    for (const name of names) {
      const pair: readonly [Labelled, Labelled] = name === 'bank' && bank !== null ? [bank.train, bank.test] : [train, test];
      const paths = [`.bench-out/logistic-${name}-train.csv`, `.bench-out/logistic-${name}-test.csv`] as const;
      writeCsv(paths[0], pair[0]);
      writeCsv(paths[1], pair[1]);
      files.push(...paths);
    }
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = execFileSync(PYTHON, ['bench/logistic_sklearn.py', ...files], { encoding: 'utf8', maxBuffer: 1 << 24, env });
    const sk = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
    result['sklearnVersion'] = sk['version'];
    for (const name of names) {
      const ofName = sk[name] as Record<string, Record<string, number | boolean>>;
      result[`${name}RelanceObjective`] = ofName['relance']?.['objective'];
      for (const [solver, label] of Object.entries(SOLVERS)) {
        const theirs = ofName[solver] as Record<string, number | boolean>;
        for (const [key, value] of Object.entries(theirs)) result[`${name}Sklearn${label}${capitalised(key)}`] = value;
        const ratio = (ours: number, their: number): number => round(ours / their, 3);
        result[`${name}FitTimeRatio${label}`] = ratio(result[`${name}FitSeconds`] as number, theirs['fitSeconds'] as number);
        result[`${name}FitCpuTimeRatio${label}`] = ratio(result[`${name}FitCpuSeconds`] as number, theirs['fitCpuSeconds'] as number);
        result[`${name}TrainTimeRatio${label}`] = ratio(result[`${name}TrainSeconds`] as number, theirs['fitSeconds'] as number);
        // Time per row is the inverse of rows per second.
        result[`${name}ScoreTimeRatio${label}`] = ratio(theirs['predictRowsPerSecond'] as number, result[`${name}ScoreRowsPerSecond`] as number);
        result[`${name}RocAucDifference${label}`] = Number(((result[`${name}TestRocAuc`] as number) - (theirs['testRocAuc'] as number)).toPrecision(3));
        result[`${name}ObjectiveAbove${label}`] = Number(((ofName['relance']?.['objective'] as number) - (theirs['objective'] as number)).toPrecision(3));
      }
    }
  } catch (error) {
    result['sklearn'] = `not run: ${(error as Error).message.split('\n')[0] ?? ''}`;
  }
}
console.log(JSON.stringify(result));
