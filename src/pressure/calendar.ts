import { addMonthsToDay, civilOf, epochDayOf } from '../internal/epochDays';

/** Weekday of an epoch day: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** First day of the calendar period (ISO week from Monday, month, quarter) containing `day`. */
export function periodStart(day: number, period: 'week' | 'month' | 'quarter'): number {
  if (period === 'week') return day - ((weekdayOf(day) + 6) % 7);
  const { year, month } = civilOf(day);
  return epochDayOf(year, period === 'month' ? month : month - ((month - 1) % 3), 1);
}

/** Last day of that period. */
export function periodEnd(day: number, period: 'week' | 'month' | 'quarter'): number {
  if (period === 'week') return periodStart(day, 'week') + 6;
  return addMonthsToDay(periodStart(day, period), period === 'month' ? 1 : 3) - 1;
}

const offsetCache = new Map<string, Intl.DateTimeFormat>();

const instants = new Map<string, number>();

/**
 * The UTC instant of a local date and hour in an IANA time zone (the earlier instant when
 * the hour is ambiguous, the next valid one when it does not exist): pure, from the runtime's
 * time-zone database, never the process's own zone.
 */
export function zonedInstant(day: number, hour: number, timeZone: string): Date {
  const key = `${timeZone}|${day}|${hour}`;
  const known = instants.get(key);
  if (known !== undefined) return new Date(known);
  if (instants.size > 100_000) instants.clear();
  const value = zonedInstantUncached(day, hour, timeZone);
  instants.set(key, value.getTime());
  return value;
}

function zonedInstantUncached(day: number, hour: number, timeZone: string): Date {
  let format = offsetCache.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    offsetCache.set(timeZone, format);
  }
  const target = day * 86_400_000 + hour * 3_600_000;
  // The offset at the target instant, then once more at the corrected instant (DST edges).
  let guess = target;
  for (let k = 0; k < 2; k++) {
    const parts = format.formatToParts(new Date(guess));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    guess = guess + (target - local);
  }
  return new Date(guess);
}
