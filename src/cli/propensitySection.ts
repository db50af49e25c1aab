/** The demo's propensity section: who will buy a vehicle in the next year, learned a year back and tested on held-out customers. */
import type { Dataset } from '../domain';
import { hashString } from '../internal/hash';
import type { InvoiceClassification } from '../invoices';
import { buildFeatures, evaluateScores, explainScore, scorePropensity, trainPropensity, type BuiltFeatures, type FeatureTable, type PropensityModel } from '../propensity';
import type { Table } from './summary';

const DAY = 86_400_000;
const HORIZON_DAYS = 365;

export interface PropensitySection {
  readonly tables: Table[];
  readonly model: PropensityModel;
}

/** The rows of a table whose customer id hashes into the test share (20%), or the others. */
function split(t: BuiltFeatures, test: boolean): FeatureTable & { labels: Uint8Array } {
  const keep: number[] = [];
  t.ids.forEach((id, i) => {
    if ((hashString(id, 8) % 5 === 0) === test) keep.push(i);
  });
  const data = new Float64Array(keep.length * t.cols);
  const labels = new Uint8Array(keep.length);
  keep.forEach((i, k) => {
    data.set(t.data.subarray(i * t.cols, (i + 1) * t.cols), k * t.cols);
    labels[k] = (t.labels as Uint8Array)[i] as number;
  });
  return { featureNames: t.featureNames, rows: keep.length, cols: t.cols, data, labels, ids: keep.map((i) => t.ids[i] as string) };
}

/**
 * Features a year before `asOf`, the label "bought a vehicle in the year after", a logistic
 * model and a forest trained on 80% of the customers and evaluated on the other 20% (split on a
 * hash of the id); then today's scores and one explained customer.
 */
export function propensitySection(dataset: Dataset, asOf: Date, classified: ReadonlyMap<string, InvoiceClassification>): PropensitySection {
  const trainAsOf = new Date(asOf.getTime() - HORIZON_DAYS * DAY);
  const table = buildFeatures(dataset, { asOf: trainAsOf, target: { kind: 'vehicle-purchase', horizonDays: HORIZON_DAYS }, classified });
  const train = split(table, false);
  const test = split(table, true);
  const logistic = trainPropensity({ ...train, encodings: table.encodings } as FeatureTable, { algorithm: 'logistic' });
  const forest = trainPropensity(train, { algorithm: 'random-forest', seed: 1, nEstimators: 100, minSamplesLeaf: 5 });
  const rows: Array<Array<string | number>> = [];
  for (const [name, m] of [['logistic regression', logistic], ['random forest (100 trees)', forest]] as const) {
    const e = evaluateScores(test.labels, scorePropensity(m, test));
    rows.push([name, test.rows, e.positives, (e.rocAuc ?? Number.NaN).toFixed(3), (e.prAuc ?? Number.NaN).toFixed(3), (e.topDecileLift ?? Number.NaN).toFixed(2), (e.brier ?? Number.NaN).toFixed(4)]);
  }
  const evaluation: Table = {
    title: `Propensity to buy a vehicle within ${HORIZON_DAYS} days: features at ${trainAsOf.toISOString().slice(0, 10)}, ${table.cols} columns, trained on ${train.rows.toLocaleString('en-GB')} customers, tested on ${test.rows.toLocaleString('en-GB')} others`,
    columns: ['model', 'test customers', 'buyers', 'ROC AUC', 'PR AUC', 'top-decile lift', 'Brier'],
    rows,
  };
  const coefficients = logistic.algorithm === 'logistic' ? logistic.learned.coefficients : [];
  const strongest = logistic.featureNames
    .map((name, j) => ({ name, beta: coefficients[j] as number, importance: forest.algorithm === 'random-forest' ? (forest.learned.impurityImportance[j] as number) : 0 }))
    .sort((a, b) => Math.abs(b.beta) - Math.abs(a.beta))
    .slice(0, 8);
  const drivers: Table = {
    title: 'What drives it: the largest standardised logistic coefficients, with the forest’s impurity importance',
    columns: ['feature', 'coefficient (per SD)', 'forest importance'],
    rows: strongest.map((s) => [s.name, s.beta.toFixed(3), s.importance.toFixed(3)]),
  };
  // Today's scores, and the reasons of the best-scored customer.
  const today = buildFeatures(dataset, { asOf, classified, encodings: table.encodings });
  const scores = scorePropensity(logistic, today);
  // The three best-scored customers today, each with the reasons of the score.
  const order = Array.from({ length: today.rows }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || ((today.ids[a] as string) < (today.ids[b] as string) ? -1 : 1));
  const rows3: Array<Array<string | number>> = [];
  for (const best of order.slice(0, 3)) {
    const row: Record<string, number> = {};
    today.featureNames.forEach((n, j) => (row[n] = today.data[best * today.cols + j] as number));
    const why = explainScore(logistic, row, { top: 3 });
    rows3.push([today.ids[best] as string, `${(100 * why.probability).toFixed(1)}%`, why.top.map((c) => c.text).join('; ')]);
  }
  const explained: Table = {
    title: 'The three best-scored customers today, and why (logistic, against the average customer)',
    columns: ['customer', 'score', 'top reasons'],
    rows: rows3,
  };
  return { tables: [evaluation, drivers, explained], model: logistic };
}
