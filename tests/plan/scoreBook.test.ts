/**
 * ScoreBook: the reasons a contact's why gives are explainScore's two largest contributions,
 * word for word, though a logistic model is explained cut down to those two columns.
 */
import { describe, expect, it } from 'vitest';
import { ScoreBook } from '../../src/plan/scoreBook';
import { buildFeatures, explainScore, scorePropensity, trainPropensity, type FeatureTable, type PropensityModel } from '../../src/propensity';
import { simulateDealer } from '../../src/simulate';

const asOf = new Date('2025-06-30T00:00:00Z');
const { dataset } = simulateDealer({ seed: 8, customers: 1_500, asOf });
const train = buildFeatures(dataset, { asOf: new Date('2024-06-30T00:00:00Z'), target: { kind: 'workshop-visit', horizonDays: 180 } });
const today = buildFeatures(dataset, { asOf, encodings: train.encodings });

/** The reasons explainScore gives on the whole model for row `i` of a table. */
function expected(model: PropensityModel, table: FeatureTable, i: number): string {
  const row: Record<string, number> = {};
  table.featureNames.forEach((name, j) => {
    if (model.featureNames.includes(name)) row[name] = table.data[i * table.cols + j] as number;
  });
  return explainScore(model, row, { top: 2 })
    .top.map((c) => c.text)
    .join('; ');
}

/**
 * Every row of `table` through a book, kept under customer numbers with gaps and in no order
 * (row i is customer 3·(n − 1 − i) + 7), then each customer's reasons.
 */
function reasonsOf(model: PropensityModel, table: FeatureTable & { ids: readonly string[] }): { got: string[]; want: string[] } {
  const book = new ScoreBook(model);
  const p = scorePropensity(model, table, { missing: 'impute-mean', extra: 'ignore' });
  const columns = book.columnsIn(table);
  const numberOf = (i: number): number => 3 * (table.ids.length - 1 - i) + 7;
  table.ids.forEach((_, i) => book.keep(numberOf(i), p[i] as number, table, i, columns));
  table.ids.forEach((_, i) => expect(book.probability(numberOf(i))).toBe(p[i]));
  for (const unscored of [0, 6, 8, numberOf(0) + 1, 10 * table.ids.length]) expect(book.probability(unscored)).toBeUndefined();
  return { got: table.ids.map((_, i) => book.reasons(numberOf(i))), want: table.ids.map((_, i) => expected(model, table, i)) };
}

describe('ScoreBook', () => {
  it("gives explainScore's two largest contributions of a logistic model, word for word, over 9,000 rows (blocks of 4,096)", () => {
    const model = trainPropensity(train, { algorithm: 'logistic' });
    const rows = { ...today, rows: today.rows * 6, data: new Float64Array(today.rows * 6 * today.cols), ids: Array.from({ length: today.rows * 6 }, (_, i) => `R${i}`) };
    for (let k = 0; k < 6; k++) rows.data.set(today.data.map((v) => v * (1 + k / 10)), k * today.data.length);
    expect(rows.rows).toBeGreaterThan(8_192);
    const { got, want } = reasonsOf(model, rows);
    expect(got).toEqual(want);
  }, 60_000);

  it('with a column missing from the table (its training mean), and with ties (the earlier column first)', () => {
    const model = trainPropensity(train, { algorithm: 'logistic' });
    const dropped = 'visits12m';
    const j = today.featureNames.indexOf(dropped);
    const keep = today.featureNames.map((_, k) => k).filter((k) => k !== j);
    const data = new Float64Array(today.rows * keep.length);
    for (let i = 0; i < today.rows; i++) keep.forEach((k, c) => (data[i * keep.length + c] = today.data[i * today.cols + k] as number));
    const without = { ...today, featureNames: keep.map((k) => today.featureNames[k] as string), cols: keep.length, data };
    const a = reasonsOf(model, without);
    expect(a.got).toEqual(a.want);
    // Three columns with the same |contribution|: the two earlier ones, in column order.
    if (model.algorithm !== 'logistic') throw new Error('expected a logistic model');
    const l = model.learned;
    const tied: PropensityModel = { ...model, learned: { ...l, coefficients: model.featureNames.map((_, k) => (k < 3 ? (k === 1 ? -1 : 1) : 0)) } };
    const values = Float64Array.from(l.means);
    for (let k = 0; k < 3; k++) values[k] = (l.means[k] as number) + (l.scales[k] as number) * (k === 1 ? -1 : 1);
    const table = { featureNames: model.featureNames, rows: 1, cols: model.featureNames.length, data: values, ids: ['T'] };
    const t = reasonsOf(tied, table);
    expect(t.got).toEqual(t.want);
    expect(t.got[0]?.split('; ').map((s) => s.split(' =')[0])).toEqual(model.featureNames.slice(0, 2));
  }, 60_000);

  it('explains a forest with explainScore on the whole model', () => {
    const model = trainPropensity(train, { algorithm: 'random-forest', nEstimators: 10, seed: 3 });
    const head = { ...today, rows: 200, data: today.data.subarray(0, 200 * today.cols), ids: today.ids.slice(0, 200) };
    const { got, want } = reasonsOf(model, head);
    expect(got).toEqual(want);
  }, 60_000);
});
