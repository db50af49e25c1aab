import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../src/cli/args';

describe('relance CLI: parseArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseArgs(['demo'])).toEqual({
      command: 'demo',
      customers: 20_000,
      seed: 42,
      asOf: undefined,
      out: 'relance-report',
      years: 8,
      sites: 4,
      quiet: false,
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(parseArgs(['demo', '--customers', '2000', '--seed=-7', '--as-of', '2024-02-29', '--out=x', '--years', '3', '--sites', '2', '--quiet'])).toEqual({
      command: 'demo',
      customers: 2000,
      seed: -7,
      asOf: new Date(Date.UTC(2024, 1, 29)),
      out: 'x',
      years: 3,
      sites: 2,
      quiet: true,
    });
  });

  it('answers help and version', () => {
    expect(parseArgs([])).toEqual({ command: 'help' });
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['demo', '--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
  });

  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['demo', '--customers'], '--customers expects a whole number, got nothing'],
    [['demo', '--customers', 'many'], "--customers expects a whole number, got 'many'"],
    [['demo', '--customers', '-3'], '--customers must be between 0 and 5000000, got -3'],
    [['demo', '--as-of', '2023-02-29'], "--as-of: '2023-02-29' is not a calendar date"],
    [['demo', '--as-of', '29/02/2024'], "--as-of expects a date YYYY-MM-DD, got '29/02/2024'"],
    [['demo', '--sites', '13'], '--sites must be between 1 and 12, got 13'],
    [['demo', '--colour'], "unknown option '--colour'"],
    [['demo', '--out', ''], '--out expects a directory'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
