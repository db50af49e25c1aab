/**
 * The UCI Bank Marketing evaluation split as relance feature tables, built exactly as
 * ../shared/datasets/bank-marketing/README.md says (the data are read from there, never
 * copied): `bank-additional-full.csv` (41,188 rows, `;`-separated, quoted strings, CRLF),
 * `duration` dropped (it is known only after the call and leaks `y`), the test rows listed in
 * `test_index.json` (10,297 rows; every other row is train: 30,891), and the 62-column design
 * matrix:
 *
 * - the 9 numeric columns as they are: `age, campaign, pdays, previous, emp.var.rate,
 *   cons.price.idx, cons.conf.idx, euribor3m, nr.employed` (`pdays = 999`: never contacted);
 * - then one 0/1 column per level of each categorical column, in file order (`job, marital,
 *   education, default, housing, loan, contact, month, day_of_week, poutcome`), named
 *   `job=admin.`, the levels those seen in the training rows sorted by code unit (Python's
 *   `sorted`), none dropped (`unknown` is a level). A level seen only in test rows would get
 *   no column (all zeros), as scikit-learn's `OneHotEncoder(handle_unknown='ignore')`; there
 *   is none in this split.
 *
 * Labels: `y = "yes"` → 1. Ids: the 0-based data-row index in the file, as a string (so a
 * seeded model keys its sampling on the file's rows, not on the table's order).
 *
 * tests/fixtures/sklearn/forest_reference.py builds the same matrix in Python; the tests check
 * the column names against its output. Test and bench helper only: not part of the library.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeatureTable } from '../../src/propensity/table';

/** A feature table with its labels and ids filled in. */
export interface LabelledTable extends FeatureTable {
  readonly labels: Uint8Array;
  readonly ids: readonly string[];
}

/** The train and test tables of the README's split (same 62 columns in both). */
export interface BankSplit {
  readonly train: LabelledTable;
  readonly test: LabelledTable;
}

const NUMERIC = ['age', 'campaign', 'pdays', 'previous', 'emp.var.rate', 'cons.price.idx', 'cons.conf.idx', 'euribor3m', 'nr.employed'];
const CATEGORICAL = ['job', 'marital', 'education', 'default', 'housing', 'loan', 'contact', 'month', 'day_of_week', 'poutcome'];
/** Data rows and test rows the README announces, checked on load. */
const DATA_ROWS = 41_188;
const TEST_ROWS = 10_297;

let cached: BankSplit | undefined;

/**
 * The data folder: ../shared/datasets/bank-marketing/ beside the repository, found from this
 * file (tests) or, once bundled elsewhere (bench/run.ts bundles into .bench-out/), from the
 * working directory, which is the repository's root.
 */
function dataDirectory(): URL {
  const beside = new URL('../../../shared/datasets/bank-marketing/', import.meta.url);
  if (existsSync(new URL('bank-additional-full.csv', beside))) return beside;
  return pathToFileURL(`${resolve(process.cwd(), '../shared/datasets/bank-marketing')}/`);
}

/**
 * Reads the bank-marketing data and returns the README's train/test split as feature tables
 * (cached: later calls return the same objects, which callers must not modify).
 */
export function loadBankData(): BankSplit {
  if (cached !== undefined) return cached;
  const DATA_DIR = dataDirectory();
  const text = readFileSync(new URL('bank-additional-full.csv', DATA_DIR), 'utf8');
  const lines = text.split('\r\n').filter((line) => line.length > 0);
  const header = (lines[0] as string).split(';').map(unquote);
  const records = lines.slice(1).map((line) => line.split(';').map(unquote));
  if (records.length !== DATA_ROWS) throw new Error(`loadBankData: expected ${DATA_ROWS} data rows, got ${records.length}`);
  const column = (name: string): number => {
    const j = header.indexOf(name);
    if (j < 0) throw new Error(`loadBankData: no column "${name}" in the file`);
    return j;
  };
  const testIndex = JSON.parse(readFileSync(new URL('test_index.json', DATA_DIR), 'utf8')) as number[];
  if (testIndex.length !== TEST_ROWS) throw new Error(`loadBankData: expected ${TEST_ROWS} test rows, got ${testIndex.length}`);
  const isTest = new Uint8Array(records.length);
  for (const i of testIndex) isTest[i] = 1;
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let i = 0; i < records.length; i++) (isTest[i] === 1 ? testRows : trainRows).push(i);

  const numericColumns = NUMERIC.map(column);
  const categories = CATEGORICAL.map((name) => {
    const j = column(name);
    const levels = [...new Set(trainRows.map((i) => (records[i] as string[])[j] as string))].sort();
    return { name, j, levels };
  });
  const featureNames = [...NUMERIC, ...categories.flatMap((c) => c.levels.map((level) => `${c.name}=${level}`))];
  const y = column('y');

  const build = (rowsOf: readonly number[]): LabelledTable => {
    const cols = featureNames.length;
    const data = new Float64Array(rowsOf.length * cols);
    const labels = new Uint8Array(rowsOf.length);
    rowsOf.forEach((i, r) => {
      const record = records[i] as string[];
      let k = r * cols;
      for (const j of numericColumns) {
        const value = Number(record[j]);
        if (!Number.isFinite(value)) throw new Error(`loadBankData: row ${i}, column ${header[j] ?? j}: not a number`);
        data[k++] = value;
      }
      for (const c of categories) {
        const level = c.levels.indexOf(record[c.j] as string);
        if (level >= 0) data[k + level] = 1;
        k += c.levels.length;
      }
      labels[r] = record[y] === 'yes' ? 1 : 0;
    });
    return { featureNames, rows: rowsOf.length, cols, data, labels, ids: rowsOf.map(String) };
  };
  cached = { train: build(trainRows), test: build(testRows) };
  return cached;
}

function unquote(field: string): string {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1) : field;
}
