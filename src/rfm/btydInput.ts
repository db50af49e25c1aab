/*
 * Validation of the inputs of the buy-till-you-die models: the per-customer summaries
 * (frequency, recency, T; monetary), case weights and fit options. Every bad value is
 * reported with its path (`[12].recency`), never dropped or turned into a NaN.
 */
import { formatPath, RelanceError, type PathSegment, type RelanceIssue } from '../errors';

/** One customer's purchase history, as the BG/NBD model reads it. */
export interface PurchaseHistory {
  /** Number of repeat purchases x (purchases after the first; an integer ≥ 0). */
  readonly frequency: number;
  /** t_x: time from the first purchase to the last one (0 when `frequency` is 0), ≤ T. */
  readonly recency: number;
  /** Age of the customer: time from the first purchase to the end of the observation, in the same unit. */
  readonly T: number;
}

/** One customer's spend, as the Gamma-Gamma model reads it. */
export interface SpendHistory {
  /** Number of repeat purchases x (an integer ≥ 0). */
  readonly frequency: number;
  /** Mean value of the repeat purchases (> 0 when `frequency` > 0; not read when it is 0, but must be a finite number ≥ 0). */
  readonly monetary: number;
}

/** At most this many issues are kept in an error (the count says how many there were). */
const MAX_ISSUES = 20;

/** Collects issues, keeping the first {@link MAX_ISSUES}. */
export class IssueList {
  readonly issues: RelanceIssue[] = [];
  count = 0;

  add(code: string, path: PathSegment[], message: string): void {
    this.count++;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ code, path, message });
  }

  /** Throws `invalid_input` when there is any issue; the message names the first. */
  throwIfAny(fn: string, what: string): void {
    if (this.count === 0) return;
    const first = this.issues[0] as RelanceIssue;
    throw new RelanceError(
      'invalid_input',
      `${fn}: ${this.count} invalid ${what}${this.count === 1 ? '' : 's'}; ${formatPath(first.path)}: ${first.message}`,
      { issues: this.issues, issueCount: this.count },
    );
  }
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}

/** Checks one history; `prefix` is the path of the row ([] for a single customer, [i] in a table). */
export function checkHistory(row: unknown, prefix: PathSegment[], issues: IssueList): PurchaseHistory | null {
  if (typeof row !== 'object' || row === null) {
    issues.add('invalid_type', prefix, `expected an object { frequency, recency, T }, got ${describe(row)}`);
    return null;
  }
  const { frequency: x, recency: tx, T } = row as Record<string, unknown>;
  const before = issues.count;
  if (typeof x !== 'number' || !Number.isFinite(x)) issues.add('invalid_type', [...prefix, 'frequency'], `expected a finite number, got ${describe(x)}`);
  else if (x < 0 || !Number.isInteger(x)) issues.add('invalid_value', [...prefix, 'frequency'], `expected a whole number of repeat purchases ≥ 0, got ${x}`);
  if (typeof tx !== 'number' || !Number.isFinite(tx)) issues.add('invalid_type', [...prefix, 'recency'], `expected a finite number, got ${describe(tx)}`);
  else if (tx < 0) issues.add('invalid_value', [...prefix, 'recency'], `expected a time ≥ 0, got ${tx}`);
  if (typeof T !== 'number' || !Number.isFinite(T)) issues.add('invalid_type', [...prefix, 'T'], `expected a finite number, got ${describe(T)}`);
  else if (T < 0) issues.add('invalid_value', [...prefix, 'T'], `expected an age ≥ 0, got ${T}`);
  if (issues.count > before) return null;
  const history = { frequency: x as number, recency: tx as number, T: T as number };
  if (history.recency > history.T) issues.add('invalid_value', [...prefix, 'recency'], `expected a time ≤ T (${history.T}), got ${history.recency}`);
  else if (history.frequency > 0 && history.recency === 0) {
    issues.add('invalid_value', [...prefix, 'recency'], `expected a time > 0 with ${history.frequency} repeat purchase${history.frequency === 1 ? '' : 's'} (the last purchase follows the first), got 0`);
  } else if (history.frequency === 0 && history.recency !== 0) {
    issues.add('invalid_value', [...prefix, 'recency'], `expected 0 with no repeat purchase (recency is the time of the last repeat purchase), got ${history.recency}`);
  }
  return issues.count > before ? null : history;
}

/** Checks one spend row. */
export function checkSpend(row: unknown, prefix: PathSegment[], issues: IssueList): SpendHistory | null {
  if (typeof row !== 'object' || row === null) {
    issues.add('invalid_type', prefix, `expected an object { frequency, monetary }, got ${describe(row)}`);
    return null;
  }
  const { frequency: x, monetary: m } = row as Record<string, unknown>;
  const before = issues.count;
  if (typeof x !== 'number' || !Number.isFinite(x)) issues.add('invalid_type', [...prefix, 'frequency'], `expected a finite number, got ${describe(x)}`);
  else if (x < 0 || !Number.isInteger(x)) issues.add('invalid_value', [...prefix, 'frequency'], `expected a whole number of repeat purchases ≥ 0, got ${x}`);
  if (typeof m !== 'number' || !Number.isFinite(m)) issues.add('invalid_type', [...prefix, 'monetary'], `expected a finite number, got ${describe(m)}`);
  else if (m < 0) issues.add('invalid_value', [...prefix, 'monetary'], `expected a mean purchase value ≥ 0 (returns netted out), got ${m}`);
  else if (m === 0 && typeof x === 'number' && x > 0) issues.add('invalid_value', [...prefix, 'monetary'], `expected a mean purchase value > 0 with ${x} repeat purchase${x === 1 ? '' : 's'}, got 0`);
  return issues.count > before ? null : { frequency: x as number, monetary: m as number };
}

/** Validated histories in columns. */
export interface HistoryColumns {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array | null;
}

/** Checks every row and every weight, and copies them into typed columns. */
export function readHistories(fn: string, rows: ArrayLike<PurchaseHistory>, weights: ArrayLike<number> | undefined): HistoryColumns {
  const n = rows.length;
  const issues = new IssueList();
  const weight = readWeights(n, weights, issues);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as unknown;
    // Fast path for a well-formed row; the full check names what is wrong.
    if (typeof row === 'object' && row !== null) {
      const { frequency: x, recency: tx, T: age } = row as PurchaseHistory;
      if (
        Number.isInteger(x) &&
        x >= 0 &&
        typeof tx === 'number' &&
        typeof age === 'number' &&
        tx >= 0 &&
        tx <= age &&
        age < Number.POSITIVE_INFINITY &&
        (x === 0 ? tx === 0 : tx > 0)
      ) {
        frequency[i] = x;
        recency[i] = tx;
        T[i] = age;
        continue;
      }
    }
    checkHistory(row, [i], issues);
  }
  issues.throwIfAny(fn, 'value');
  return { frequency, recency, T, weight };
}

/** Validated spend rows in columns. */
export interface SpendColumns {
  readonly frequency: Float64Array;
  readonly monetary: Float64Array;
  readonly weight: Float64Array | null;
}

/** Checks every spend row and every weight, and copies them into typed columns. */
export function readSpends(fn: string, rows: ArrayLike<SpendHistory>, weights: ArrayLike<number> | undefined): SpendColumns {
  const n = rows.length;
  const issues = new IssueList();
  const weight = readWeights(n, weights, issues);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const spend = checkSpend(rows[i] as unknown, [i], issues);
    if (spend === null) continue;
    frequency[i] = spend.frequency;
    monetary[i] = spend.monetary;
  }
  issues.throwIfAny(fn, 'value');
  return { frequency, monetary, weight };
}

function readWeights(n: number, weights: ArrayLike<number> | undefined, issues: IssueList): Float64Array | null {
  if (weights === undefined) return null;
  if (weights.length !== n) {
    issues.add('invalid_value', ['weights'], `expected ${n} weights (one per row), got ${weights.length}`);
    return null;
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = weights[i] as unknown;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) issues.add('invalid_value', ['weights', i], `expected a finite weight ≥ 0 (a count of customers), got ${describe(v)}`);
    else w[i] = v;
  }
  return w;
}

/** The iteration options every fitter of this module takes, checked, with their defaults. */
export interface FitSettings {
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly penalizer: number;
}

/** Checks `maxIterations` (a positive integer), `tolerance` (in (0, 1)) and `penalizer` (≥ 0). */
export function checkFitOptions(
  fn: string,
  options: { readonly maxIterations?: number | undefined; readonly tolerance?: number | undefined; readonly penalizer?: number | undefined },
  defaults: { readonly maxIterations: number; readonly tolerance: number },
): FitSettings {
  const maxIterations = options.maxIterations ?? defaults.maxIterations;
  const tolerance = options.tolerance ?? defaults.tolerance;
  const penalizer = options.penalizer ?? 0;
  const issues = new IssueList();
  if (!Number.isInteger(maxIterations) || maxIterations < 1) issues.add('invalid_value', ['maxIterations'], `expected a positive integer, got ${describe(maxIterations)}`);
  if (!(tolerance > 0 && tolerance < 1)) issues.add('invalid_value', ['tolerance'], `expected a number in (0, 1), got ${describe(tolerance)}`);
  if (!(penalizer >= 0 && penalizer < Number.POSITIVE_INFINITY)) issues.add('invalid_value', ['penalizer'], `expected a finite number ≥ 0, got ${describe(penalizer)}`);
  issues.throwIfAny(fn, 'option');
  return { maxIterations, tolerance, penalizer };
}
