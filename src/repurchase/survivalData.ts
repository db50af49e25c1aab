import { RelanceError, type RelanceIssue } from '../errors';

/** Validated survival data in typed arrays: what every fitter of this module reads. */
export interface SurvivalData {
  readonly n: number;
  readonly durations: Float64Array;
  /** 1 for an observed event, 0 for a censored observation. */
  readonly events: Uint8Array;
  /** Entry (left-truncation) times; `null` when every observation is followed from 0. */
  readonly entry: Float64Array | null;
  /** Case weights; `null` when every weight is 1. */
  readonly weights: Float64Array | null;
}

/** The optional arrays of a survival fit. */
export interface SurvivalInputOptions {
  /** Entry times (left truncation): observation `i` is at risk only after `entry[i]`. */
  readonly entry?: ArrayLike<number> | undefined;
  /** Case weights, positive. */
  readonly weights?: ArrayLike<number> | undefined;
}

const MAX_ISSUES = 20;

/**
 * Checks durations, statuses, entries and weights, and copies them into typed arrays.
 * `positive` requires durations > 0 (parametric fits take logarithms); otherwise ≥ 0 is
 * accepted, as R's `Surv()` does. Throws `insufficient_data` for an empty input and
 * `invalid_input` naming every bad element (`durations[12]: …`).
 */
export function toSurvivalData(
  fn: string,
  durations: ArrayLike<number>,
  events: ArrayLike<number | boolean>,
  options: SurvivalInputOptions,
  positive: boolean,
): SurvivalData {
  const n = durations.length;
  const issues: RelanceIssue[] = [];
  let count = 0;
  const issue = (path: (string | number)[], message: string): void => {
    count++;
    if (issues.length < MAX_ISSUES) issues.push({ code: 'invalid_value', path, message });
  };
  if (events.length !== n) issue(['events'], `expected ${n} statuses (one per duration), got ${events.length}`);
  const { entry, weights } = options;
  if (entry !== undefined && entry.length !== n) issue(['entry'], `expected ${n} entry times (one per duration), got ${entry.length}`);
  if (weights !== undefined && weights.length !== n) issue(['weights'], `expected ${n} weights (one per duration), got ${weights.length}`);
  if (count > 0) throw new RelanceError('invalid_input', `${fn}: the arrays differ in length`, { issues, issueCount: count });
  if (n === 0) throw new RelanceError('insufficient_data', `${fn}: no observations (empty durations)`);

  const t = new Float64Array(n);
  const d = new Uint8Array(n);
  const e = entry === undefined ? null : new Float64Array(n);
  const w = weights === undefined ? null : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = durations[i] as number;
    if (typeof x !== 'number' || !Number.isFinite(x)) issue(['durations', i], `expected a finite number, got ${String(x)}`);
    else if (positive ? x <= 0 : x < 0) issue(['durations', i], positive ? `expected a positive duration, got ${x}` : `expected a duration ≥ 0, got ${x}`);
    t[i] = x;
    const s = events[i];
    if (s === 1 || s === true) d[i] = 1;
    else if (s !== 0 && s !== false) issue(['events', i], `expected 1 (event) or 0 (censored), got ${String(s)}`);
    if (e !== null) {
      const a = (entry as ArrayLike<number>)[i] as number;
      if (typeof a !== 'number' || !Number.isFinite(a) || a < 0) issue(['entry', i], `expected an entry time ≥ 0, got ${String(a)}`);
      else if (a >= x) issue(['entry', i], `expected an entry time before the exit time ${x}, got ${a}`);
      e[i] = a;
    }
    if (w !== null) {
      const v = (weights as ArrayLike<number>)[i] as number;
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) issue(['weights', i], `expected a positive finite weight, got ${String(v)}`);
      w[i] = v;
    }
  }
  if (count > 0) {
    throw new RelanceError('invalid_input', `${fn}: ${count} invalid value${count === 1 ? '' : 's'}`, { issues, issueCount: count });
  }
  return { n, durations: t, events: d, entry: e, weights: w };
}
