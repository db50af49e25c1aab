import { describe, expect, it } from 'vitest';
import { emptyDataset, parseDataset } from '../../src/domain';
import type { Dataset } from '../../src/domain';
import { EXAMPLE_FIXED_TIMING_BELT_PLAN, EXAMPLE_GENERIC_PLAN, dueServices, dueServicesByCustomer, isOfferRelevant, vehicleWorkState } from '../../src/invoices';
import { simulateBundles, simulateDealer, simulateSites } from '../../src/simulate';

const asOf = new Date('2025-06-01T00:00:00Z');
const plans = { Rhodan: EXAMPLE_FIXED_TIMING_BELT_PLAN };

/** One site, three customers: one due, one whose car was sold, one known only through internal work. */
function smallBase(): Dataset {
  return parseDataset({
    ...emptyDataset(),
    sites: [{ id: 'S1', country: 'FR', timeZone: 'Europe/Paris' }],
    customers: [
      { id: 'C1', kind: 'person', status: 'customer', homeSiteId: 'S1', createdAt: '2021-01-01' },
      { id: 'C2', kind: 'person', status: 'customer', homeSiteId: 'S1', createdAt: '2021-01-01' },
      { id: 'C3', kind: 'person', status: 'customer', homeSiteId: 'S1', createdAt: '2021-01-01' },
    ],
    vehicles: [
      { id: 'V1', make: 'Rhodan', model: 'R5', firstRegistration: '2021-03-10' },
      { id: 'V2', make: 'Rhodan', model: 'R3', firstRegistration: '2021-03-10' },
      { id: 'V3', make: 'Rhodan', model: 'R3', firstRegistration: '2019-01-10' },
    ],
    sales: [
      { id: 'S-1', vehicleId: 'V1', customerId: 'C1', date: '2021-03-10', condition: 'new', siteId: 'S1' },
      { id: 'S-2', vehicleId: 'V2', customerId: 'C2', date: '2021-03-10', condition: 'new', siteId: 'S1' },
    ],
    disposals: [{ vehicleId: 'V2', customerId: 'C2', date: '2024-05-01', reason: 'sold' }],
    invoices: [
      { id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: '2024-04-01', odometerKm: 40_000, payer: 'customer', lines: [{ kind: 'package', label: 'VIDANGE + FILTRE A HUILE', quantity: 1, amount: 120 }] },
      { id: 'I0', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: '2023-04-01', odometerKm: 27_000, payer: 'customer', lines: [{ kind: 'package', label: 'GRANDE REVISION + PURGE LIQUIDE DE FREIN + PNEUS X4', quantity: 1, amount: 420 }] },
      { id: 'I3', siteId: 'S1', vehicleId: 'V3', customerId: 'C3', date: '2024-01-10', odometerKm: 60_000, payer: 'internal', lines: [{ kind: 'labour', label: 'PREPA VO', quantity: 1, amount: 200 }] },
    ],
  });
}

describe('dueServices', () => {
  it('lists the due work of a vehicle, hand-computed, and leaves out sold and internal-only vehicles', () => {
    const due = dueServices(smallBase(), { asOf, horizonDays: 30, plans });
    expect(new Set(due.map((d) => d.vehicleId))).toEqual(new Set(['V1']));
    const byWhat = new Map(due.map((d) => [d.kind === 'service' ? d.operation : d.kind, d]));
    // Odometer: 13,000 km between the two invoices 366 days apart → 35.52 km/day; 426 days after the last
    // invoice the car is at about 55,131 km. Oil: 2024-04-01 + 12 months = 2025-04-01, or 55,000 km on
    // about 2025-05-28: the date comes first; 61 days past at asOf → overdue.
    expect(byWhat.get('oil-service')?.status).toBe('overdue');
    expect(byWhat.get('oil-service')?.dueDate.toISOString().slice(0, 10)).toBe('2025-04-01');
    expect(byWhat.get('oil-service')?.daysOverdue).toBe(61);
    // Brake fluid: 2023-04-01 + 24 months = 2025-04-01: overdue too.
    expect(byWhat.get('brake-fluid')?.status).toBe('overdue');
    // The large service of 2023-04-01 at 27,000 km: next at 57,000 km or 2025-04-01 → overdue.
    expect(byWhat.get('large-service')?.status).toBe('overdue');
    // French test: first due 2025-03-10 (4 years after 2021-03-10), none recorded → overdue.
    expect(byWhat.get('inspection')?.dueDate.toISOString().slice(0, 10)).toBe('2025-03-10');
    // Timing belt (5 years → 2026-03-10) is not due within 30 days.
    expect(byWhat.has('timing-belt')).toBe(false);
    // Tyres were fitted at 27,000 km: 40,000 km of wear → 67,000 km, far away.
    expect(byWhat.has('tyres')).toBe(false);
    for (const item of due) {
      expect(item.customerId).toBe('C1');
      expect(item.siteId).toBe('S1');
      expect(item.reason.length).toBeGreaterThan(10);
    }
  });

  it('drops a vehicle whose last visit is internal work (taken back by the dealer), unless the customer bought it after', () => {
    const base = smallBase();
    const prep = { id: 'I9', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-05-01'), payer: 'internal' as const, lines: [{ kind: 'labour' as const, label: 'PREPA VO', quantity: 1, amount: 150 }] };
    expect(dueServices({ ...base, invoices: [...base.invoices, prep] }, { asOf, plans })).toEqual([]);
    const rebought = { id: 'S-9', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-05-10'), condition: 'used' as const, siteId: 'S1' };
    expect(dueServices({ ...base, invoices: [...base.invoices, prep], sales: [...base.sales, rebought] }, { asOf, plans }).length).toBeGreaterThan(0);
  });

  it('drops a vehicle once a call found it no longer owned', () => {
    const base = smallBase();
    const withCall = {
      ...base,
      contacts: [{ id: 'K1', customerId: 'C1', vehicleId: 'V1', campaignId: 'X', topic: 'service' as const, channel: 'phone' as const, sentAt: new Date('2025-05-02'), deliveryStatus: 'delivered' as const, outcome: 'no-longer-owner' as const, outcomeAt: new Date('2025-05-02') }],
    };
    expect(dueServices(withCall, { asOf, plans })).toEqual([]);
  });

  it('on the simulator: never lists a disposed vehicle, a prospect, or an internal-only vehicle; same answer streamed', () => {
    const options = { seed: 21, customers: 1_500, asOf };
    const { dataset } = simulateDealer(options);
    const due = dueServices(dataset, { asOf, plans, defaultPlan: EXAMPLE_GENERIC_PLAN });
    expect(due.length).toBeGreaterThan(100);
    const disposed = new Set(dataset.disposals.filter((d) => d.date <= asOf).map((d) => `${d.customerId}/${d.vehicleId}`));
    const prospects = new Set(dataset.customers.filter((c) => c.status === 'prospect').map((c) => c.id));
    for (const item of due) {
      expect(disposed.has(`${item.customerId}/${item.vehicleId}`)).toBe(false);
      expect(prospects.has(item.customerId)).toBe(false);
      expect(['due-soon', 'due', 'overdue']).toContain(item.status);
      expect(item.dueDate.getTime()).toBeLessThanOrEqual(asOf.getTime() + 30 * 86_400_000);
    }
    const streamed = [...dueServicesByCustomer(simulateBundles(options), { asOf, plans, defaultPlan: EXAMPLE_GENERIC_PLAN, sites: simulateSites(options) })].flat();
    expect(streamed).toEqual(due);
  });
});

describe('isOfferRelevant', () => {
  const invoices = [
    { id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-05-20'), odometerKm: 45_200, payer: 'customer' as const, lines: [{ kind: 'package' as const, label: 'VIDANGE', quantity: 1, amount: 90 }] },
    { id: 'I2', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-02-02'), odometerKm: 42_000, payer: 'customer' as const, lines: [{ kind: 'fee' as const, label: 'CONTROLE TECHNIQUE', quantity: 1, amount: 79 }, { kind: 'part' as const, label: 'PNEUS AV X2', quantity: 2, amount: 200 }] },
  ];
  const state = vehicleWorkState('V1', invoices, { asOf: new Date('2025-05-27'), odometerKm: 45_600 });

  it('refuses an oil-change offer a week after the service, with the reason', () => {
    const r = isOfferRelevant({ topic: 'service', operation: 'oil-service' }, state, { asOf: new Date('2025-05-27') });
    expect(r).toEqual({ relevant: false, reason: 'last service 7 days ago (2025-05-20), within 120 days' });
  });

  it('refuses an inspection reminder after a test passed, and a tyre offer after new tyres', () => {
    expect(isOfferRelevant({ topic: 'inspection' }, state, { asOf: new Date('2025-05-27') }).relevant).toBe(false);
    expect(isOfferRelevant({ topic: 'tyres' }, state, { asOf: new Date('2025-05-27') }).reason).toBe('new tyres 114 days ago (2025-02-02), within 180 days');
  });

  it('accepts them once the configurable thresholds have passed', () => {
    const later = { ...state, odometerKm: 60_000 };
    expect(isOfferRelevant({ topic: 'service' }, later, { asOf: new Date('2025-10-01') }).relevant).toBe(true);
    expect(isOfferRelevant({ topic: 'service' }, state, { asOf: new Date('2025-05-27'), serviceDays: 5, serviceKm: 100 }).relevant).toBe(true);
    expect(isOfferRelevant({ topic: 'tyres' }, later, { asOf: new Date('2025-10-01') }).relevant).toBe(true);
    expect(isOfferRelevant({ topic: 'inspection' }, {}, { asOf: new Date('2025-10-01') })).toEqual({ relevant: true, reason: 'no roadworthiness test recorded' });
  });
});
