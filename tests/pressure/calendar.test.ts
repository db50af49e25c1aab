/** Calendar helpers of the governor against published time-zone rules and hand-computed dates. */
import { describe, expect, it } from 'vitest';
import { periodEnd, periodStart, weekdayOf, zonedInstant } from '../../src/pressure/calendar';

const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const iso = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

describe('calendar', () => {
  it('weekdays and periods (ISO weeks from Monday, months, quarters), leap years included', () => {
    expect(weekdayOf(dayOf('2025-07-06'))).toBe(0); // a Sunday
    expect(weekdayOf(dayOf('1970-01-01'))).toBe(4); // a Thursday
    expect(iso(periodStart(dayOf('2025-07-06'), 'week'))).toBe('2025-06-30');
    expect(iso(periodEnd(dayOf('2025-06-30'), 'week'))).toBe('2025-07-06');
    expect(iso(periodEnd(dayOf('2024-02-10'), 'month'))).toBe('2024-02-29');
    expect(iso(periodStart(dayOf('2025-08-15'), 'quarter'))).toBe('2025-07-01');
    expect(iso(periodEnd(dayOf('2025-11-30'), 'quarter'))).toBe('2025-12-31');
  });

  it('local hours to instants: CEST and CET in Paris, EDT in New York, and the hour that does not exist', () => {
    expect(zonedInstant(dayOf('2025-07-07'), 10, 'Europe/Paris').toISOString()).toBe('2025-07-07T08:00:00.000Z');
    expect(zonedInstant(dayOf('2025-01-07'), 10, 'Europe/Paris').toISOString()).toBe('2025-01-07T09:00:00.000Z');
    expect(zonedInstant(dayOf('2025-07-07'), 9, 'America/New_York').toISOString()).toBe('2025-07-07T13:00:00.000Z');
    // 30 March 2025, 02:00 does not exist in Paris (clocks jump to 03:00): the next valid instant is 01:00Z = 03:00 CEST.
    expect(zonedInstant(dayOf('2025-03-30'), 2, 'Europe/Paris').toISOString()).toBe('2025-03-30T01:00:00.000Z');
  });
});
