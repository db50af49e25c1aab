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

/**
 * The epoch day of a proleptic Gregorian calendar date; `month` is 1–12.
 * Integer arithmetic only (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil).
 */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Year, month (1–12) and day of an epoch day (Hinnant's civil_from_days). */
export function civilOf(epochDay: number): { year: number; month: number; day: number } {
  const z = Math.floor(epochDay) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Number of days in a month of a year (proleptic Gregorian). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
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
  return epochDayOf(year, month, Math.min(c.day, daysInMonth(year, month)));
}

/** Average length of a month in days (365.2425 / 12), for durations expressed in months. */
export const DAYS_PER_MONTH = 30.436875;

/** Formats an epoch day as `YYYY-MM-DD` (years 0–9999). */
export function isoDay(day: number): string {
  const c = civilOf(day);
  return `${String(c.year).padStart(4, '0')}-${c.month < 10 ? '0' : ''}${c.month}-${c.day < 10 ? '0' : ''}${c.day}`;
}
