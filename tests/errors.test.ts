import { describe, expect, it } from 'vitest';
import { RelanceError, formatIssues, formatPath } from '../src/errors';
import type { RelanceIssue } from '../src/errors';

describe('formatPath', () => {
  it('writes property names with dots and indices in brackets', () => {
    expect(formatPath(['invoices', 3, 'lines', 0, 'amount'])).toBe('invoices[3].lines[0].amount');
  });

  it('writes a single property name as is', () => {
    expect(formatPath(['customers'])).toBe('customers');
  });

  it('writes nested property names separated by dots', () => {
    expect(formatPath(['customer', 'createdAt'])).toBe('customer.createdAt');
  });

  it('writes a leading index without a dot, and consecutive indices side by side', () => {
    expect(formatPath([0])).toBe('[0]');
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath(['matrix', 2, 5])).toBe('matrix[2][5]');
  });

  it('writes (root) for an empty path', () => {
    expect(formatPath([])).toBe('(root)');
  });

  it('does not mutate the path', () => {
    const path = ['invoices', 3, 'lines'] as const;
    const copy = [...path];
    formatPath(path);
    expect(path).toEqual(copy);
  });
});

describe('formatIssues', () => {
  const amount: RelanceIssue = { code: 'invalid_type', path: ['invoices', 3, 'lines', 0, 'amount'], message: 'expected a finite number' };
  const id: RelanceIssue = { code: 'too_small', path: ['customers', 0, 'id'], message: 'expected a non-empty string id' };
  const root: RelanceIssue = { code: 'invalid_type', path: [], message: 'expected an object with one array per collection' };

  it('writes one line per issue: path, colon, message', () => {
    expect(formatIssues([amount])).toBe('invoices[3].lines[0].amount: expected a finite number');
  });

  it('separates lines with a newline, in the order given', () => {
    expect(formatIssues([amount, id])).toBe(
      'invoices[3].lines[0].amount: expected a finite number\ncustomers[0].id: expected a non-empty string id',
    );
  });

  it('writes (root) for an issue about the whole input', () => {
    expect(formatIssues([root])).toBe('(root): expected an object with one array per collection');
  });

  it('adds a last line with the number of issues left out when total exceeds the list', () => {
    // 5 in all, 2 shown: 3 more.
    expect(formatIssues([amount, id], 5)).toBe(
      'invoices[3].lines[0].amount: expected a finite number\ncustomers[0].id: expected a non-empty string id\n… and 3 more',
    );
  });

  it('adds no cap line when total equals or is below the number of issues', () => {
    expect(formatIssues([amount, id], 2)).toBe(formatIssues([amount, id]));
    expect(formatIssues([amount], 0)).toBe('invoices[3].lines[0].amount: expected a finite number');
  });

  it('returns an empty string for no issues, and only the cap line when all were left out', () => {
    expect(formatIssues([])).toBe('');
    expect(formatIssues([], 4)).toBe('… and 4 more');
  });
});

describe('RelanceError', () => {
  it('keeps the code, the message, the issues and their count', () => {
    const issues = [
      { code: 'invalid_type', path: ['invoices', 3, 'lines', 0, 'amount'], message: 'expected a finite number' },
    ] as const;
    const error = new RelanceError('invalid_input', 'parseDataset: 1 invalid record', { issues });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('parseDataset: 1 invalid record');
    expect(error.issues).toEqual([
      { code: 'invalid_type', path: ['invoices', 3, 'lines', 0, 'amount'], message: 'expected a finite number' },
    ]);
    expect(error.issueCount).toBe(1);
  });

  it('is named RelanceError and is an instance of RelanceError and of Error', () => {
    const error = new RelanceError('did_not_converge', 'fitWeibull: did not converge');
    expect(error.name).toBe('RelanceError');
    expect(error).toBeInstanceOf(RelanceError);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe('RelanceError: fitWeibull: did not converge');
  });

  it('defaults to no issues and a count of 0', () => {
    const error = new RelanceError('insufficient_data', 'fitWeibull: need at least 2 events');
    expect(error.issues).toEqual([]);
    expect(error.issueCount).toBe(0);
    expect(error.cause).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(error, 'cause')).toBe(false);
  });

  it('keeps an issue count larger than the (capped) issues', () => {
    const issues: RelanceIssue[] = [{ code: 'custom', path: ['a'], message: 'm' }];
    const error = new RelanceError('invalid_input', 'parseDataset: 7 issues', { issues, issueCount: 7 });
    expect(error.issues).toHaveLength(1);
    expect(error.issueCount).toBe(7);
  });

  it('keeps the cause', () => {
    const cause = new TypeError('boom');
    const error = new RelanceError('incompatible_model', 'predict: model version 2 expected', { cause });
    expect(error.cause).toBe(cause);
  });

  it('can be thrown and caught by class', () => {
    const thrower = (): never => {
      throw new RelanceError('invalid_reference', 'bundlesOf: unknown customer');
    };
    expect(thrower).toThrow(RelanceError);
    expect(thrower).toThrow('bundlesOf: unknown customer');
  });
});
