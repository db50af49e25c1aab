/*
 * Input checks shared by the measure functions: each failure is one RelanceError whose message
 * starts with the function's name and whose issue keeps the path of the field.
 */
import { formatPath, RelanceError } from '../errors';
import type { PathSegment, RelanceErrorCode, RelanceIssue } from '../errors';

/** One error for one field: `fn: path message`. */
export function fieldError(fn: string, path: readonly PathSegment[], message: string, code: RelanceErrorCode = 'invalid_input'): RelanceError {
  return new RelanceError(code, `${fn}: ${formatPath(path)} ${message}`, {
    issues: [{ code: code === 'invalid_input' ? 'invalid_value' : code, path, message }],
  });
}

/** One error for several issues, as collected from a batch. */
export function batchError(fn: string, what: string, issues: readonly RelanceIssue[], total: number): RelanceError {
  const first = issues[0];
  const detail = first === undefined ? '' : ` (first: ${formatPath(first.path)} ${first.message})`;
  return new RelanceError('invalid_input', `${fn}: ${total} invalid ${what}${detail}`, { issues, issueCount: total });
}

/** Shows a value in a message: strings quoted, everything else as String() gives it. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A finite number, or throws naming the field. */
export function finiteNumber(fn: string, path: readonly PathSegment[], value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw fieldError(fn, path, `must be a finite number, got ${show(value)}`);
  return value;
}

/** A probability-like share in [0, 1) (a holdout fraction), or throws naming the field. */
export function shareBelowOne(fn: string, path: readonly PathSegment[], value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) throw fieldError(fn, path, `must be a number from 0 (included) to 1 (excluded), got ${show(value)}`);
  return value;
}

/** A number strictly between 0 and 1 (a confidence level, a power, an alpha), or throws naming the field. */
export function openUnit(fn: string, path: readonly PathSegment[], value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) throw fieldError(fn, path, `must be a number strictly between 0 and 1, got ${show(value)}`);
  return value;
}

/** A non-empty string id, or throws naming the field. */
export function nonEmptyString(fn: string, path: readonly PathSegment[], value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw fieldError(fn, path, `must be a non-empty string, got ${show(value)}`);
  return value;
}
