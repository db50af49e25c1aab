import { describe, expect, it } from 'vitest';
import type { Invoice, MaintenanceOperation, Vehicle } from '../../src/domain';
import {
  EXAMPLE_ALTERNATING_PLAN,
  EXAMPLE_FIXED_TIMING_BELT_PLAN,
  EXAMPLE_LONGLIFE_PLAN,
  compileLexicon,
  maintenanceStatus,
} from '../../src/invoices';
import type { OdometerProjection } from '../../src/invoices';

// Operation codes only, so these cases do not depend on the shipped lexicons.
const lexicon = compileLexicon([], {
  operationCodes: {
    OIL: { category: 'maintenance', operations: ['oil-service'] },
    SA: { category: 'maintenance', operations: ['small-service'] },
    SB: { category: 'maintenance', operations: ['large-service'] },
    BF: { category: 'maintenance', operations: ['brake-fluid'] },
  },
});
const d = (s: string): Date => new Date(`${s}T00:00:00Z`);
const day = (x: Date | undefined): string | undefined => x?.toISOString().slice(0, 10);
const vehicle: Vehicle = { id: 'V1', make: 'M', model: 'X', fuel: 'diesel', firstRegistration: d('2022-01-10') };
let n = 0;
const invoice = (date: string, km: number | undefined, ...codes: string[]): Invoice => ({
  id: `I${++n}`,
  siteId: 'S1',
  vehicleId: 'V1',
  customerId: 'C1',
  date: d(date),
  ...(km === undefined ? {} : { odometerKm: km }),
  payer: 'customer',
  lines: codes.map((code) => ({ kind: 'labour' as const, operationCode: code, label: '', quantity: 1, amount: 100 })),
});
const odometer = (km: number, kmPerDay: number): OdometerProjection => ({ km, kmPerDay, method: 'theil-sen', confidence: 1, clamped: false });
const itemFor = (statuses: ReturnType<typeof maintenanceStatus>, op: MaintenanceOperation) => statuses.find((s) => s.item.operation === op);

describe('maintenanceStatus (hand-computed)', () => {
  it('whichever first: distance first for a high-mileage car', () => {
    // Last oil 2024-01-15 at 31,000 km; next at 46,000 km or 2025-01-15.
    // At 2024-06-01 the car is at 40,000 km doing 50 km/day: 6,000 km left = 120 days → 2024-09-29.
    const s = itemFor(maintenanceStatus(vehicle, [invoice('2024-01-15', 31_000, 'OIL')], EXAMPLE_FIXED_TIMING_BELT_PLAN, { asOf: d('2024-06-01'), odometer: odometer(40_000, 50), classify: { lexicon } }), 'oil-service');
    expect(s?.lastDone).toEqual({ date: d('2024-01-15'), km: 31_000, invoiceId: expect.any(String), operation: 'oil-service' });
    expect(s?.nextDueKm).toBe(46_000);
    expect(day(s?.nextDueDate)).toBe('2025-01-15');
    expect(day(s?.projectedDueDate)).toBe('2024-09-29');
    expect(s?.status).toBe('ok'); // 120 days away, beyond the 60 of due-soon
    const soon = itemFor(maintenanceStatus(vehicle, [invoice('2024-01-15', 31_000, 'OIL')], EXAMPLE_FIXED_TIMING_BELT_PLAN, { asOf: d('2024-08-15'), odometer: odometer(43_700, 50), classify: { lexicon } }), 'oil-service');
    expect(day(soon?.projectedDueDate)).toBe('2024-09-30'); // 2,300 km / 50 = 46 days
    expect(soon?.status).toBe('due-soon');
  });

  it('whichever first: time first for a low-mileage car; due, then overdue after 30 days of grace', () => {
    const history = [invoice('2024-01-15', 31_000, 'OIL')];
    const at = (asOf: string) => itemFor(maintenanceStatus(vehicle, history, EXAMPLE_FIXED_TIMING_BELT_PLAN, { asOf: d(asOf), odometer: odometer(33_000, 10), classify: { lexicon } }), 'oil-service');
    expect(day(at('2025-01-10')?.projectedDueDate)).toBe('2025-01-15');
    expect(at('2025-01-10')?.status).toBe('due-soon');
    expect(at('2025-01-15')?.status).toBe('due');
    expect(at('2025-02-14')?.status).toBe('due'); // 30 days past: still due
    expect(at('2025-02-15')?.status).toBe('overdue');
  });

  it('alternates small and large services on one clock', () => {
    const after = (codes: string[][]) =>
      itemFor(
        maintenanceStatus(vehicle, codes.map((c, i) => invoice(`202${3 + i}-03-01`, 20_000 + 12_000 * i, ...c)), EXAMPLE_ALTERNATING_PLAN, { asOf: d('2024-06-01'), odometer: odometer(35_000, 30), classify: { lexicon } }),
        'small-service',
      );
    expect(after([['SA']])?.operation).toBe('large-service');
    const twice = after([['SA'], ['SB']]);
    expect(twice?.operation).toBe('small-service');
    expect(day(twice?.nextDueDate)).toBe('2025-03-01');
    expect(twice?.nextDueKm).toBe(32_000 + 15_000);
  });

  it('uses the first interval when it differs, and says unknown when the history starts after the first due date', () => {
    // Air conditioning: first at 36 months (2025-01-10), then every 24.
    const recorded = itemFor(maintenanceStatus(vehicle, [invoice('2022-06-01', 8_000, 'SA')], EXAMPLE_ALTERNATING_PLAN, { asOf: d('2025-03-01'), odometer: odometer(40_000, 30), classify: { lexicon } }), 'air-conditioning');
    expect(day(recorded?.nextDueDate)).toBe('2025-01-10');
    expect(recorded?.status).toBe('overdue');
    const late = itemFor(maintenanceStatus(vehicle, [invoice('2025-02-01', 38_000, 'SA')], EXAMPLE_ALTERNATING_PLAN, { asOf: d('2025-03-01'), odometer: odometer(40_000, 30), classify: { lexicon } }), 'air-conditioning');
    expect(late?.status).toBe('unknown');
  });

  it('lets a large service reset the oil service (equivalences), and applies the severe-use factor', () => {
    const s = itemFor(maintenanceStatus(vehicle, [invoice('2024-01-15', 31_000, 'SB')], EXAMPLE_FIXED_TIMING_BELT_PLAN, { asOf: d('2024-03-01'), odometer: odometer(33_000, 40), classify: { lexicon } }), 'oil-service');
    expect(s?.lastDone?.operation).toBe('large-service');
    const severe = itemFor(maintenanceStatus(vehicle, [invoice('2024-01-15', 31_000, 'OIL')], EXAMPLE_FIXED_TIMING_BELT_PLAN, { asOf: d('2024-03-01'), odometer: odometer(33_000, 1), severeUse: true, classify: { lexicon } }), 'oil-service');
    expect(day(severe?.nextDueDate)).toBe('2024-07-15'); // 12 × 0.5 = 6 months
    expect(severe?.nextDueKm).toBe(31_000 + 7_500);
  });

  it('lets the vehicle\'s own indicator override the plan, and says so', () => {
    const s = itemFor(
      maintenanceStatus(vehicle, [invoice('2024-01-15', 31_000, 'OIL')], EXAMPLE_FIXED_TIMING_BELT_PLAN, {
        asOf: d('2024-06-01'),
        odometer: odometer(40_000, 50),
        indicators: [
          { vehicleId: 'V1', date: d('2024-05-20'), item: 'oil-service', remainingKm: 1_000 },
          { vehicleId: 'V1', date: d('2023-12-01'), item: 'oil-service', dueDate: d('2023-12-20') }, // before the last service: ignored
        ],
        classify: { lexicon },
      }),
      'oil-service',
    );
    expect(s?.source).toBe('vehicle');
    expect(day(s?.projectedDueDate)).toBe('2024-06-09'); // 1,000 km / 50 km a day = 20 days after 2024-05-20
    expect(s?.status).toBe('due-soon');
    expect(s?.reason).toContain('overrides the plan');
  });

  it('skips items that do not apply (no spark plugs on a diesel)', () => {
    const ops = maintenanceStatus(vehicle, [], EXAMPLE_LONGLIFE_PLAN, { asOf: d('2024-06-01'), odometer: odometer(40_000, 50), classify: { lexicon } }).map((s) => s.item.operation);
    expect(ops).not.toContain('spark-plugs');
    expect(maintenanceStatus({ ...vehicle, fuel: 'petrol' }, [], EXAMPLE_LONGLIFE_PLAN, { asOf: d('2024-06-01'), odometer: odometer(40_000, 50), classify: { lexicon } }).map((s) => s.item.operation)).toContain('spark-plugs');
  });
});
