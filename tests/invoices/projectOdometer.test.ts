import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OdometerReading } from '../../src/domain';
import { RelanceError } from '../../src/errors';
import { projectOdometer } from '../../src/invoices';

const r = (date: string, km: number): OdometerReading => ({ vehicleId: 'V1', date: new Date(`${date}T00:00:00Z`), km, source: 'workshop' });

describe('projectOdometer', () => {
  it('uses the Theil–Sen median slope (hand-computed, robust to one wild reading)', () => {
    // Days 0, 100, 200, 240, 300 at 0, 3000, 6000, 7200, 9000 km: every pair's slope is 30 km/day;
    // projected from the last reading (day 300) to day 310: 9000 + 10 × 30 = 9300.
    const good = [r('2024-01-01', 0), r('2024-04-10', 3000), r('2024-07-19', 6000), r('2024-08-28', 7200), r('2024-10-27', 9000)];
    const p = projectOdometer(good, new Date('2024-11-06T00:00:00Z'));
    expect(p.method).toBe('theil-sen');
    expect(p.kmPerDay).toBeCloseTo(30, 12);
    expect(p.km).toBeCloseTo(9300, 9);
    // A mistyped 99,000 km at day 400: of the 15 slopes, 10 are 30 and 5 are large,
    // so the median is still 30; and the projection never goes below that last reading.
    const wild = projectOdometer([...good, r('2025-02-04', 99_000)], new Date('2025-02-04T00:00:00Z'));
    expect(wild.kmPerDay).toBeCloseTo(30, 12);
    expect(wild.km).toBe(99_000);
  });

  it('ignores pairs closer than 30 days and readings after asOf', () => {
    const p = projectOdometer([r('2024-01-01', 10_000), r('2024-01-11', 12_000), r('2025-01-01', 99_999)], new Date('2024-06-01T00:00:00Z'), {
      firstRegistration: new Date('2022-01-01T00:00:00Z'),
    });
    // No pair ≥ 30 days apart on or before asOf: rate since registration = 12,000 km / 740 days.
    expect(p.method).toBe('since-registration');
    expect(p.kmPerDay).toBeCloseTo(12_000 / 740, 12);
    expect(p.km).toBeCloseTo(12_000 + (12_000 / 740) * 142, 9);
    expect(p.lastReading?.km).toBe(12_000);
  });

  it('falls back to the population prior with no reading', () => {
    const p = projectOdometer([], new Date('2025-01-01T00:00:00Z'), { firstRegistration: new Date('2024-01-01T00:00:00Z') });
    expect(p.method).toBe('prior');
    expect(p.kmPerDay).toBeCloseTo(12_500 / 365.25, 12);
    expect(p.km).toBeCloseTo((12_500 / 365.25) * 366, 9);
    expect(projectOdometer([], new Date('2025-01-01T00:00:00Z')).km).toBe(0);
  });

  it('clamps implausible rates and says so', () => {
    const p = projectOdometer([r('2024-01-01', 0), r('2024-03-01', 60_000)], new Date('2024-04-01T00:00:00Z'));
    expect(p.clamped).toBe(true);
    expect(p.kmPerDay).toBe(250);
    const back = projectOdometer([r('2024-01-01', 50_000), r('2024-06-01', 40_000)], new Date('2024-07-01T00:00:00Z'));
    expect(back.kmPerDay).toBe(0);
    expect(back.km).toBe(40_000);
  });

  it('rejects a negative km and an invalid asOf with a RelanceError naming the reading', () => {
    expect(() => projectOdometer([r('2024-01-01', 10), r('2024-05-01', -5)], new Date('2024-06-01'))).toThrow(/readings\[1\]\.km/);
    expect(() => projectOdometer([r('2024-01-01', 9_999_999)], new Date('2024-06-01'))).toThrow(/readings\[0\]\.km must be a finite number from 0 to 3,000,000 \(got 9999999\)/);
    expect(() => projectOdometer([], new Date(Number.NaN))).toThrow(RelanceError);
  });

  it('is monotone in time and never below the last reading (property)', () => {
    const reading = fc.record({ day: fc.integer({ min: 0, max: 3000 }), km: fc.integer({ min: 0, max: 400_000 }) });
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 12 }), fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 400 }), (raw, t, dt) => {
        const readings = raw.map((x) => ({ vehicleId: 'V', date: new Date(x.day * 86_400_000), km: x.km, source: 'workshop' as const }));
        const a = projectOdometer(readings, new Date(t * 86_400_000));
        const b = projectOdometer(readings, new Date((t + dt) * 86_400_000));
        const lastKm = raw.filter((x) => x.day <= t).sort((x, y) => x.day - y.day || x.km - y.km).at(-1)?.km;
        if (lastKm !== undefined) expect(a.km).toBeGreaterThanOrEqual(lastKm);
        expect(Number.isFinite(a.km)).toBe(true);
        // Later dates never project less, unless a later reading came in between and reset it.
        if (!raw.some((x) => x.day > t && x.day <= t + dt)) expect(b.km).toBeGreaterThanOrEqual(a.km - 1e-6);
      }),
      { numRuns: 300 },
    );
  });
});
