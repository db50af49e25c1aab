/**
 * Errors are data: every failure in relance is one {@link RelanceError} with a
 * machine-readable `code`, a message that starts with the function's name, and
 * `issues` that keep the path of the offending record and field.
 *
 * @module
 */

/** What went wrong, as a stable machine-readable code. */
export type RelanceErrorCode =
  | 'invalid_input'
  | 'invalid_reference'
  | 'insufficient_data'
  | 'did_not_converge'
  | 'incompatible_model';

/** One element of a path into the input: a property name or an array index. */
export type PathSegment = string | number;

/** One problem with one field of one record. */
export interface RelanceIssue {
  /** A short machine-readable code, e.g. `invalid_type`, `duplicate_id`, `unknown_reference`. */
  readonly code: string;
  /** Where the problem is, from the root of the input: `['invoices', 3, 'lines', 0, 'amount']`. */
  readonly path: readonly PathSegment[];
  /** What is wrong, in plain words: `expected a finite number`. */
  readonly message: string;
}

/** Options of the {@link RelanceError} constructor. */
export interface RelanceErrorOptions {
  /** Every problem found, each with its path. */
  readonly issues?: readonly RelanceIssue[];
  /** How many issues there were in all when `issues` was capped. */
  readonly issueCount?: number;
  /** The underlying error, when there is one. */
  readonly cause?: unknown;
}

/**
 * The one error class of relance.
 *
 * @example
 * ```ts
 * import { RelanceError, formatIssues } from 'relance';
 *
 * try {
 *   throw new RelanceError('invalid_input', 'parseDataset: 1 invalid record', {
 *     issues: [{ code: 'invalid_type', path: ['invoices', 3, 'lines', 0, 'amount'], message: 'expected a finite number' }],
 *   });
 * } catch (error) {
 *   if (error instanceof RelanceError) console.log(error.code, formatIssues(error.issues));
 *   // invalid_input invoices[3].lines[0].amount: expected a finite number
 * }
 * ```
 */
export class RelanceError extends Error {
  /** What went wrong. */
  readonly code: RelanceErrorCode;
  /** Every problem found (possibly capped; see {@link RelanceError.issueCount}). */
  readonly issues: readonly RelanceIssue[];
  /** How many issues were found in all, which may exceed `issues.length`. */
  readonly issueCount: number;

  constructor(code: RelanceErrorCode, message: string, options: RelanceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RelanceError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.issueCount = options.issueCount ?? this.issues.length;
  }
}

/**
 * Turns a path into the text used in messages: `invoices[3].lines[0].amount`.
 *
 * @param path - property names and array indices from the root of the input
 * @returns the path in JavaScript accessor notation (`(root)` for an empty path)
 *
 * @example
 * ```ts
 * import { formatPath } from 'relance';
 * formatPath(['invoices', 3, 'lines', 0, 'amount']); // 'invoices[3].lines[0].amount'
 * ```
 */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(root)' : text;
}

/**
 * Turns issues into text, one line per issue: `invoices[3].lines[0].amount: expected a finite number`.
 *
 * Pure: it does not read the error, only the issues given.
 *
 * @param issues - the issues to format, e.g. `error.issues` of a {@link RelanceError}
 * @param total - how many issues there were in all; when larger than `issues.length`, a last line says how many more
 * @returns the text, lines separated by `\n`
 *
 * @example
 * ```ts
 * import { formatIssues } from 'relance';
 * formatIssues([{ code: 'invalid_type', path: ['customers', 0, 'id'], message: 'expected a non-empty string' }]);
 * // 'customers[0].id: expected a non-empty string'
 * ```
 */
export function formatIssues(issues: readonly RelanceIssue[], total: number = issues.length): string {
  const lines = issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (total > issues.length) lines.push(`… and ${total - issues.length} more`);
  return lines.join('\n');
}
