/** Bad input to relance/measure: one RelanceError naming the function and the field. */
import { describe, expect, it } from 'vitest';
import { assignHoldout, assignHoldouts, measureLift, RelanceError, sampleSizeForLift } from '../../src/measure';
import type { RelanceErrorCode } from '../../src/measure';

function expectError(run: () => unknown, code: RelanceErrorCode, message: RegExp, path: (string | number)[]): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RelanceError);
  const error = caught as RelanceError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(error.issues[0]?.path).toEqual(path);
}

const rate = (n: unknown, successes: unknown) => ({ n, successes }) as { n: number; successes: number };
const good = { n: 100, successes: 10 };

describe('measureLift rejects', () => {
  it.each([
    ['n = 0', { treated: rate(0, 0), control: good }, 'insufficient_data', /^measureLift: treated\.n is 0/, ['treated', 'n']],
    ['successes > n', { treated: good, control: rate(10, 11) }, 'invalid_input', /^measureLift: control\.successes must be at most control\.n \(10\), got 11/, ['control', 'successes']],
    ['negative n', { treated: rate(-5, 0), control: good }, 'invalid_input', /^measureLift: treated\.n must be a non-negative integer, got -5/, ['treated', 'n']],
    ['NaN successes', { treated: good, control: rate(10, Number.NaN) }, 'invalid_input', /^measureLift: control\.successes must be a non-negative integer, got NaN/, ['control', 'successes']],
    ['fractional n', { treated: rate(10.5, 1), control: good }, 'invalid_input', /treated\.n must be a non-negative integer/, ['treated', 'n']],
    ['a string', { treated: rate('100', 1), control: good }, 'invalid_input', /treated\.n must be a non-negative integer, got "100"/, ['treated', 'n']],
  ] as const)('%s', (_name, arms, code, message, path) => {
    expectError(() => measureLift(arms as never), code, message, [...path]);
  });

  it('amounts without metric mean, and rates with it', () => {
    expectError(() => measureLift({ treated: { values: [1, 2] }, control: { values: [1, 2] } } as never), 'invalid_input', /^measureLift: treated has no successes: .*metric: 'mean'/, ['treated']);
    expectError(() => measureLift({ treated: good, control: good } as never, { metric: 'mean' }), 'invalid_input', /^measureLift: treated has successes/, ['treated']);
  });

  it('bad amounts', () => {
    const ok = { values: [1, 2, 3] };
    expectError(() => measureLift({ treated: { values: [1] }, control: ok }, { metric: 'mean' }), 'insufficient_data', /^measureLift: treated\.values has 1 value: an arm needs at least 2/, ['treated', 'values']);
    expectError(() => measureLift({ treated: ok, control: { values: [1, Number.NaN] } }, { metric: 'mean' }), 'invalid_input', /^measureLift: control\.values\[1\] must be a finite number, got NaN/, ['control', 'values', 1]);
    expectError(() => measureLift({ treated: { n: 1, sum: 1, sumSquares: 1 }, control: ok }, { metric: 'mean' }), 'insufficient_data', /treated\.n is 1/, ['treated', 'n']);
    expectError(() => measureLift({ treated: { n: 10, sum: Number.POSITIVE_INFINITY, sumSquares: 1 }, control: ok }, { metric: 'mean' }), 'invalid_input', /treated\.sum must be a finite number, got Infinity/, ['treated', 'sum']);
    expectError(() => measureLift({ treated: { n: 10, sum: 100, sumSquares: 50 }, control: ok }, { metric: 'mean' }), 'invalid_input', /treated\.sumSquares \(50\) is below sum²\/n/, ['treated', 'sumSquares']);
    expectError(() => measureLift({ treated: { n: 10, sum: 100, sumSquares: 5000 }, control: ok }, { metric: 'mean', interval: 'bootstrap', seed: 1 }), 'invalid_input', /treated needs its raw values/, ['treated']);
    expectError(() => measureLift({ treated: ok, control: ok }, { metric: 'mean', interval: 'bootstrap' } as never), 'invalid_input', /^measureLift: seed must be an integer/, ['seed']);
    expectError(() => measureLift({ treated: ok, control: ok }, { metric: 'mean', interval: 'bootstrap', seed: 1, resamples: 10 }), 'invalid_input', /resamples must be an integer from 100/, ['resamples']);
  });

  it('bad options', () => {
    expectError(() => measureLift({ treated: good, control: good }, { confLevel: 95 }), 'invalid_input', /^measureLift: confLevel must be a number strictly between 0 and 1, got 95/, ['confLevel']);
    expectError(() => measureLift({ treated: good, control: good }, { interval: 'wilson' as never }), 'invalid_input', /interval must be 'newcombe' or 'wald'/, ['interval']);
    expectError(() => measureLift({ treated: good, control: good }, { ratioInterval: 'exact' as never }), 'invalid_input', /ratioInterval must be 'log' or 'log-adjusted'/, ['ratioInterval']);
  });
});

describe('assignHoldout rejects', () => {
  it.each([
    ['fraction 1', { campaignId: 'c', fraction: 1 }, /^assignHoldout: fraction must be a number from 0 \(included\) to 1 \(excluded\), got 1/, ['fraction']],
    ['a negative fraction', { campaignId: 'c', fraction: -0.1 }, /fraction must be .* got -0\.1/, ['fraction']],
    ['a NaN fraction', { campaignId: 'c', fraction: Number.NaN }, /fraction must be .* got NaN/, ['fraction']],
    ['a percentage', { campaignId: 'c', fraction: 10 }, /fraction must be .* got 10/, ['fraction']],
    ['globalControl 1', { campaignId: 'c', fraction: 0.1, globalControl: 1 }, /globalControl must be .* got 1/, ['globalControl']],
    ['an empty campaign', { campaignId: '', fraction: 0.1 }, /^assignHoldout: campaignId must be a non-empty string, got ""/, ['campaignId']],
    ['a numeric salt', { campaignId: 'c', fraction: 0.1, salt: 2024 as never }, /salt must be a string, got 2024/, ['salt']],
  ] as const)('%s', (_name, options, message, path) => {
    expectError(() => assignHoldout('C1', options), 'invalid_input', message, [...path]);
  });

  it('a missing customer id, in one and in a batch', () => {
    expectError(() => assignHoldout('', { campaignId: 'c', fraction: 0.1 }), 'invalid_input', /^assignHoldout: customerId must be a non-empty string/, ['customerId']);
    expectError(() => assignHoldouts(['a', 42 as never], { campaignId: 'c', fraction: 0.1 }), 'invalid_input', /^assignHoldouts: customerIds\[1\] must be a non-empty string, got 42/, ['customerIds', 1]);
    expectError(() => assignHoldouts(null as never, { campaignId: 'c', fraction: 0.1 }), 'invalid_input', /^assignHoldouts: customerIds must be an iterable/, ['customerIds']);
  });
});

describe('sampleSizeForLift rejects', () => {
  it.each([
    ['a zero effect', { baseRate: 0.05, minDetectableEffect: 0 }, /^sampleSizeForLift: minDetectableEffect must not be 0/, ['minDetectableEffect']],
    ['a rate past 1', { baseRate: 0.95, minDetectableEffect: 0.1 }, /minDetectableEffect puts the treated rate at 1\.05/, ['minDetectableEffect']],
    ['baseRate 0', { baseRate: 0, minDetectableEffect: 0.01 }, /^sampleSizeForLift: baseRate must be a number strictly between 0 and 1, got 0/, ['baseRate']],
    ['power 80', { baseRate: 0.05, minDetectableEffect: 0.01, power: 80 }, /power must be a number strictly between 0 and 1, got 80/, ['power']],
    ['a NaN alpha', { baseRate: 0.05, minDetectableEffect: 0.01, alpha: Number.NaN }, /alpha must be .* got NaN/, ['alpha']],
    ['a zero ratio', { baseRate: 0.05, minDetectableEffect: 0.01, ratio: 0 }, /ratio must be positive, got 0/, ['ratio']],
  ] as const)('%s', (_name, options, message, path) => {
    expectError(() => sampleSizeForLift(options), 'invalid_input', message, [...path]);
  });
});
