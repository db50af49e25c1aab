import * as z from 'zod';

/*
 * Field schemas shared by the record schemas, each with the message a host sees in
 * `formatIssues()` output. zod's number already rejects NaN and ±Infinity.
 */

/** A record id: a non-empty string. */
export const IdSchema = z
  .string({ error: 'expected a non-empty string id' })
  .min(1, { error: 'expected a non-empty string id' });

/** A finite number (NaN and ±Infinity rejected). */
export const FiniteSchema = z.number({ error: 'expected a finite number' });

/** A finite number ≥ 0. */
export const NonNegativeSchema = FiniteSchema.min(0, { error: 'expected a number ≥ 0' });

/** A distance in km: finite, ≥ 0 and below 3,000,000 (no road vehicle has done more). */
export const KmSchema = NonNegativeSchema.max(3_000_000, { error: 'expected a distance of at most 3,000,000 km' });

/** A whole number ≥ 0. */
export const CountSchema = z
  .number({ error: 'expected a whole number ≥ 0' })
  .int({ error: 'expected a whole number ≥ 0' })
  .min(0, { error: 'expected a whole number ≥ 0' });

/** Free text that may be empty. */
export const TextSchema = z.string({ error: 'expected a string' });

// An ISO 8601 calendar date, optionally with a time and an offset. Anchored and without
// nested quantifiers, so matching is linear in the length of the text.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Earliest and latest years accepted in a date field. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/**
 * Parses an ISO 8601 date (`2024-03-05`, `2024-03-05T14:30:00Z`, `2024-03-05T14:30:00+01:00`).
 * A date or a date-time without an offset is read as UTC, never as the process's local time.
 * Returns `undefined` for text that is not a valid calendar date.
 */
export function parseIsoDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  // Years below 100 would be read as 1900 + year by Date.UTC; outside the accepted range anyway.
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2, 4));
    // Real offsets lie within ±14:00; ISO 8601 parsers commonly accept up to ±18:00.
    if (offsetHours > 18 || offsetMins > 59) return undefined;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  return new Date(utc - offsetMinutes * 60_000);
}

/**
 * A date: a valid `Date` or an ISO 8601 string, coerced to a new `Date`. Strings without an
 * offset are read as UTC. Years outside 1900–2200 are rejected as typos.
 */
export const DateSchema = z
  .union([z.date(), z.string()], { error: 'expected a Date or an ISO 8601 date string' })
  .transform((value, ctx): Date => {
    const date = typeof value === 'string' ? parseIsoDate(value) : new Date(value.getTime());
    const yearText = typeof value === 'string' ? /^(\d{4})-/.exec(value)?.[1] : undefined;
    if (date === undefined && yearText !== undefined && (Number(yearText) < MIN_YEAR || Number(yearText) > MAX_YEAR)) {
      ctx.issues.push({ code: 'custom', input: value, message: `expected a date between ${MIN_YEAR} and ${MAX_YEAR}` });
      return z.NEVER;
    }
    if (date === undefined || Number.isNaN(date.getTime())) {
      ctx.issues.push({ code: 'custom', input: value, message: 'expected a valid ISO 8601 date (YYYY-MM-DD)' });
      return z.NEVER;
    }
    const year = date.getUTCFullYear();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      ctx.issues.push({ code: 'custom', input: value, message: `expected a date between ${MIN_YEAR} and ${MAX_YEAR}` });
      return z.NEVER;
    }
    return date;
  });

/** Builds an enum field whose message lists the accepted values. */
export function enumField<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of: ${values.join(', ')}` });
}
