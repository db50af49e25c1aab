import { RelanceError, type RelanceIssue } from '../errors';
import { sortFloat64 } from '../internal/sortFloat64';

/** At most this many issues are kept on the error; `issueCount` has the total. */
const MAX_ISSUES = 20;

/** Labels and scores read once and checked, ready for the metrics and the calibration fits. */
export interface LabelledScores {
  /** The labels as 0/1 bytes (a copy: the caller's array is never kept). */
  readonly labels: Uint8Array;
  /** How many labels are 1. */
  readonly positives: number;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const length = (value as { length?: unknown }).length;
  return typeof length === 'number' && Number.isInteger(length) && length >= 0;
}

function describe(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined ? String(value) : typeof value;
}

/**
 * Checks that `labels` and `scores` are array-likes of the same length, every label 0 or
 * 1, every score a finite number (and within [0, 1] when `probabilities`), and returns the
 * labels as bytes. Throws `invalid_input` whose message names the first bad index
 * (`scores[12]: expected a finite number, got NaN`) and whose issues list up to 20 of them.
 *
 * @param fn - the public function's name, which starts every message
 * @param labelsName - what the labels argument is called in that function's messages
 * @param scoresName - what the scores argument is called in that function's messages
 */
export function readLabelledScores(
  fn: string,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  probabilities: boolean,
  labelsName = 'labels',
  scoresName = 'scores',
): LabelledScores {
  if (!isArrayLike(labels)) throw new RelanceError('invalid_input', `${fn}: ${labelsName} must be an array of 0/1 numbers, got ${describe(labels)}`);
  if (!isArrayLike(scores)) throw new RelanceError('invalid_input', `${fn}: ${scoresName} must be an array of numbers, got ${describe(scores)}`);
  const n = labels.length;
  if (scores.length !== n) {
    throw new RelanceError('invalid_input', `${fn}: ${labelsName} and ${scoresName} differ in length (${n} vs ${scores.length})`, {
      issues: [{ code: 'length_mismatch', path: [scoresName], message: `expected ${n} scores (one per label), got ${scores.length}` }],
    });
  }
  const issues: RelanceIssue[] = [];
  let count = 0;
  const issue = (name: string, i: number, message: string): void => {
    count++;
    if (issues.length < MAX_ISSUES) issues.push({ code: 'invalid_value', path: [name, i], message });
  };
  const bytes = new Uint8Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y === 1) {
      bytes[i] = 1;
      positives++;
    } else if (y !== 0) issue(labelsName, i, `expected 0 or 1, got ${describe(y)}`);
    const s = scores[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) issue(scoresName, i, `expected a finite number, got ${describe(s)}`);
    else if (probabilities && (s < 0 || s > 1)) issue(scoresName, i, `expected a probability in [0, 1], got ${s}`);
  }
  if (count > 0) {
    const first = issues[0] as RelanceIssue;
    const where = `${String(first.path[0])}[${String(first.path[1])}]`;
    throw new RelanceError('invalid_input', `${fn}: ${count} invalid value${count === 1 ? '' : 's'}, first at ${where}: ${first.message}`, {
      issues,
      issueCount: count,
    });
  }
  return { labels: bytes, positives };
}

/**
 * Copies `scores` into a new ascending `Float64Array` (−0 read as 0), and the scores of the
 * positive rows into another: the two sorted columns from which the tie groups are read by
 * a merge, with a radix sort of the numbers instead of a comparator over row indices.
 */
export function sortedColumns(labels: Uint8Array, scores: ArrayLike<number>, positives: number): { all: Float64Array; positive: Float64Array } {
  const n = labels.length;
  const all = new Float64Array(n);
  const positive = new Float64Array(positives);
  for (let i = 0, j = 0; i < n; i++) {
    const s = (scores[i] as number) + 0;
    all[i] = s;
    if (labels[i] === 1) positive[j++] = s;
  }
  sortFloat64(all);
  sortFloat64(positive);
  return { all, positive };
}
