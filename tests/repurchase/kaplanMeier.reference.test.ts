/**
 * Kaplan–Meier against R's survival::survfit on lung and aml (and small hand cases), from
 * tests/fixtures/survival/reference.json, produced by tests/fixtures/survival/reference.R
 * (R 4.2.2, survival 3.5.3): `survfit(Surv(time, status) ~ 1, conf.type = "log" | "log-log")`,
 * with `weights =` and `Surv(entry, time, status)` for the weighted and truncated cases,
 * `quantile(fit, c(.25, .5, .75))` and `summary(fit, rmean = "common")$table`.
 * Tolerance: 1e-6 relative (the bar); most values agree to 1e-12.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../src/repurchase';

type RNumber = number | null | 'Inf' | '-Inf' | 'NaN';
interface KmCase {
  name: string;
  confType: 'log' | 'log-log';
  input: { durations: number[]; events: number[]; entry: number[] | null; weights: number[] | null };
  times: number[];
  atRisk: number[];
  events: number[];
  censored: number[];
  survival: number[];
  stdErr: RNumber[];
  lower: RNumber[];
  upper: RNumber[];
  quantiles: { p: number[]; value: (number | null)[]; lower: (number | null)[]; upper: (number | null)[] };
  rmean: number;
  rmeanStdErr: number;
}
const reference = JSON.parse(readFileSync(new URL('../fixtures/survival/reference.json', import.meta.url), 'utf8')) as {
  kaplanMeier: KmCase[];
};

const RELATIVE = 1e-6;
function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= RELATIVE * Math.max(1, Math.abs(expected));
}
function expectArray(actual: ArrayLike<number>, expected: readonly RNumber[], what: string, whereRIsUndefined: (i: number) => number): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i] as number;
    // R's NA / NaN: relance documents its defined value instead (never NaN).
    const want = typeof e === 'number' ? e : whereRIsUndefined(i);
    if (!close(a, want)) expect.fail(`${what}[${i}]: got ${a}, R gives ${String(e)}`);
  }
}

describe('kaplanMeier agrees with R survfit', () => {
  it.each(reference.kaplanMeier.map((c) => [`${c.name} (${c.confType})`, c] as const))('%s', (_label, c) => {
    const km = kaplanMeier(c.input.durations, c.input.events, {
      confType: c.confType,
      ...(c.input.entry === null ? {} : { entry: c.input.entry }),
      ...(c.input.weights === null ? {} : { weights: c.input.weights }),
    });
    expectArray(km.times, c.times, 'times', () => Number.NaN);
    expectArray(km.atRisk, c.atRisk, 'atRisk', () => Number.NaN);
    expectArray(km.events, c.events, 'events', () => Number.NaN);
    expectArray(km.censored, c.censored, 'censored', () => Number.NaN);
    expectArray(km.survival, c.survival, 'survival', () => Number.NaN);
    // Where S = 0 R's standard error is NaN: relance gives 0, and collapses the band onto S.
    expectArray(km.stdErr, c.stdErr, 'stdErr', () => 0);
    expectArray(km.lower, c.lower, 'lower', (i) => c.survival[i] as number);
    expectArray(km.upper, c.upper, 'upper', (i) => c.survival[i] as number);
    c.quantiles.p.forEach((p, k) => {
      const q = km.quantile(p);
      expect([q.value, q.lower, q.upper], `quantile(${p})`).toEqual([c.quantiles.value[k], c.quantiles.lower[k], c.quantiles.upper[k]]);
    });
    expect(km.median).toEqual(km.quantile(0.5));
    expect(close(km.restrictedMean.value, c.rmean), `rmean ${km.restrictedMean.value} vs ${c.rmean}`).toBe(true);
    expect(close(km.restrictedMean.stdErr, c.rmeanStdErr), `se(rmean) ${km.restrictedMean.stdErr} vs ${c.rmeanStdErr}`).toBe(true);
  });
});
