/**
 * Calendar arithmetic on integer epoch days (days since 1970-01-01, UTC).
 * Nothing here reads the process's time zone, so results are the same under any `TZ`.
 */

export const MS_PER_DAY = 86_400_000;

/** The UTC calendar day of a date, as days since 1970-01-01. */
export function toEpochDay(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** Midnight UTC of an epoch day. */
export function fromEpochDay(day: number): Date {
  return new Date(day * MS_PER_DAY);
}

/** The epoch day of a UTC calendar date; `month` is 1–12. */
export function epochDayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Year, month (1–12) and day of an epoch day, in UTC. */
export function civilOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Adds calendar months to an epoch day, clamping to the end of the target month
 * (31 January + 1 month = 28 or 29 February), as date-fns `addMonths` does.
 */
export function addMonthsToDay(day: number, months: number): number {
  const c = civilOf(day);
  const total = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return epochDayOf(year, month, Math.min(c.day, last));
}

/** Average length of a month in days (365.2425 / 12), for durations expressed in months. */
export const DAYS_PER_MONTH = 30.436875;

/** Formats an epoch day as `YYYY-MM-DD`. */
export function isoDay(day: number): string {
  return fromEpochDay(day).toISOString().slice(0, 10);
}
