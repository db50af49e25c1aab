/** The ugly cases: each gets a defined answer or a clear RelanceError, never a crash or a NaN date. */
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/domain';
import { RelanceError } from '../../src/errors';
import { EXAMPLE_GENERIC_PLAN, classifyInvoice, dueServices, inspectionDue, maintenanceStatus } from '../../src/invoices';

const base = {
  sites: [{ id: 'S1', country: 'FR', timeZone: 'Europe/Paris' }],
  customers: [{ id: 'C1', kind: 'person', status: 'customer', createdAt: '2020-01-01', homeSiteId: 'S1' }],
  vehicles: [{ id: 'V1', make: 'Kato', model: 'Spark', firstRegistration: '2020-01-01' }],
};
const invoice = (extra: Record<string, unknown>) => ({ id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: '2024-01-01', payer: 'customer', lines: [], ...extra });

describe('invoices: bad input', () => {
  it('an invoice with no lines is valid: other, header payer, not a customer visit', () => {
    const dataset = parseDataset({ ...base, invoices: [invoice({})] });
    expect(classifyInvoice(dataset.invoices[0] as (typeof dataset.invoices)[number])).toMatchObject({ category: 'other', payer: 'customer', countsAsCustomerVisit: false, planOperations: [] });
  });

  it('a negative amount is a valid credit-note line; NaN is not', () => {
    expect(() => parseDataset({ ...base, invoices: [invoice({ lines: [{ kind: 'labour', label: 'AVOIR VIDANGE', quantity: 1, amount: -89 }] })] })).not.toThrow();
    expect(() => parseDataset({ ...base, invoices: [invoice({ lines: [{ kind: 'labour', label: 'VIDANGE', quantity: 1, amount: Number.NaN }] })] })).toThrow(/invoices\[0\]\.lines\[0\]\.amount: expected a finite number/);
  });

  it('an odometer of -5 or 9,999,999 km is rejected with its path', () => {
    expect(() => parseDataset({ ...base, invoices: [invoice({ odometerKm: -5 })] })).toThrow(/invoices\[0\]\.odometerKm: expected a number ≥ 0/);
    expect(() => parseDataset({ ...base, invoices: [invoice({ odometerKm: 9_999_999 })] })).toThrow(/invoices\[0\]\.odometerKm: expected a distance of at most 3,000,000 km/);
  });

  it('a 10,000-character label is classified without trouble', () => {
    const label = `${'REMPLACEMENT '.repeat(770)}PLAQUETTES`;
    expect(label.length).toBeGreaterThan(10_000);
    const dataset = parseDataset({ ...base, invoices: [invoice({ lines: [{ kind: 'labour', label, quantity: 1, amount: 10 }] })] });
    expect(classifyInvoice(dataset.invoices[0] as (typeof dataset.invoices)[number]).category).toBe('repair');
  });

  it('an invalid asOf is a RelanceError everywhere, never a NaN date', () => {
    const dataset = parseDataset({ ...base, invoices: [invoice({ lines: [{ kind: 'labour', label: 'VIDANGE', quantity: 1, amount: 10 }] })] });
    const bad = new Date(Number.NaN);
    const vehicle = dataset.vehicles[0] as (typeof dataset.vehicles)[number];
    expect(() => maintenanceStatus(vehicle, dataset.invoices, EXAMPLE_GENERIC_PLAN, { asOf: bad })).toThrow(RelanceError);
    expect(() => inspectionDue(vehicle, [], { asOf: bad })).toThrow(RelanceError);
    expect(() => dueServices(dataset, { asOf: bad, plans: {} })).toThrow(RelanceError);
    expect(() => dueServices(dataset, { asOf: new Date('2025-01-01'), plans: {}, horizonDays: -1 })).toThrow(/horizonDays/);
    for (const s of maintenanceStatus(vehicle, dataset.invoices, EXAMPLE_GENERIC_PLAN, { asOf: new Date('2025-01-01') })) {
      for (const d of [s.nextDueDate, s.projectedDueDate]) if (d !== undefined) expect(Number.isNaN(d.getTime())).toBe(false);
    }
  });

  it('an empty base and a customer with no vehicle give an empty call list', () => {
    expect(dueServices(parseDataset({}), { asOf: new Date('2025-01-01'), plans: {} })).toEqual([]);
    expect(dueServices(parseDataset({ ...base, vehicles: [] }), { asOf: new Date('2025-01-01'), plans: {} })).toEqual([]);
  });
});
