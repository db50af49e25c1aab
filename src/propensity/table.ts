import { RelanceError, type RelanceIssue } from '../errors';

/**
 * A feature table: `rows` × `cols` numbers, row-major in one `Float64Array`, with the
 * column names, and for training the 0/1 labels; `ids` name the rows (customers), and
 * seeded sampling keys on them so that the row order does not change a model.
 */
export interface FeatureTable {
  readonly featureNames: readonly string[];
  readonly rows: number;
  readonly cols: number;
  /** Row-major: the value of column `j` in row `i` is `data[i * cols + j]`. */
  readonly data: Float64Array;
  /** 1 for a positive (responded, bought), 0 otherwise; required for training. */
  readonly labels?: Uint8Array | readonly number[] | undefined;
  /** Row ids (customer ids); default the row numbers as strings. */
  readonly ids?: readonly string[] | undefined;
}

const MAX_ISSUES = 20;

/**
 * Checks a table's shape and values: names unique, `data.length = rows × cols`, every value
 * finite (no NaN: a missing value must be imputed or encoded before), labels 0/1 when
 * `needLabels`. Throws `invalid_input` naming the column (`data[12][age]`).
 */
export function checkTable(fn: string, table: FeatureTable, needLabels: boolean): void {
  const issues: RelanceIssue[] = [];
  let count = 0;
  const issue = (path: (string | number)[], message: string): void => {
    count++;
    if (issues.length < MAX_ISSUES) issues.push({ code: 'invalid_value', path, message });
  };
  if (table === null || typeof table !== 'object') throw new RelanceError('invalid_input', `${fn}: expected a feature table { featureNames, rows, cols, data }`);
  const { featureNames, rows, cols, data, labels, ids } = table;
  if (!Array.isArray(featureNames)) issue(['featureNames'], 'expected an array of column names');
  if (!Number.isInteger(rows) || rows < 0) issue(['rows'], `expected a row count, got ${String(rows)}`);
  if (!Number.isInteger(cols) || cols < 0) issue(['cols'], `expected a column count, got ${String(cols)}`);
  if (!(data instanceof Float64Array)) issue(['data'], 'expected a Float64Array (row-major)');
  if (count > 0) throw new RelanceError('invalid_input', `${fn}: malformed feature table`, { issues, issueCount: count });
  if (featureNames.length !== cols) issue(['featureNames'], `expected ${cols} names (one per column), got ${featureNames.length}`);
  const seen = new Set<string>();
  featureNames.forEach((name, j) => {
    if (typeof name !== 'string' || name.length === 0) issue(['featureNames', j], 'expected a non-empty name');
    else if (seen.has(name)) issue(['featureNames', j], `duplicate column name "${name}"`);
    seen.add(name);
  });
  if (data.length !== rows * cols) issue(['data'], `expected rows × cols = ${rows * cols} values, got ${data.length}`);
  if (count > 0) throw new RelanceError('invalid_input', `${fn}: malformed feature table`, { issues, issueCount: count });
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!Number.isFinite(v)) {
      const row = Math.floor(i / cols);
      const col = featureNames[i - row * cols] as string;
      issue(['data', row, col], `expected a finite number, got ${String(v)}`);
    }
  }
  if (needLabels || labels !== undefined) {
    if (labels === undefined) issue(['labels'], 'expected labels (0/1, one per row) to train');
    else if (labels.length !== rows) issue(['labels'], `expected ${rows} labels, got ${labels.length}`);
    else for (let i = 0; i < rows; i++) if (labels[i] !== 0 && labels[i] !== 1) issue(['labels', i], `expected 0 or 1, got ${String(labels[i])}`);
  }
  if (ids !== undefined) {
    if (ids.length !== rows) issue(['ids'], `expected ${rows} ids, got ${ids.length}`);
  }
  if (count > 0) throw new RelanceError('invalid_input', `${fn}: ${count} invalid value${count === 1 ? '' : 's'} in the feature table`, { issues, issueCount: count });
}
