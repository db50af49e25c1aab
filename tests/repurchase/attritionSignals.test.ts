/**
 * attritionSignals on hand-built households (each rule, and the household exception), on the
 * simulator's ground truth (a seed not used while developing: development used seed 1), and
 * on bad input.
 */
import { describe, expect, it } from 'vitest';
import { bundlesOf, emptyDataset } from '../../src/domain';
import type { ContactEvent, Customer, Dataset, Invoice, Vehicle, VehicleDisposal, VehicleSale } from '../../src/domain';
import { simulatedPlans } from '../../src/cli/invoicesSection';
import { RelanceError } from '../../src/errors';
import { attritionSignals } from '../../src/repurchase';
import { simulateDealer } from '../../src/simulate';

const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const asOf = d('2025-06-30');

const customer = (id: string, householdId?: string): Customer => ({
  id,
  kind: 'person',
  ...(householdId === undefined ? {} : { householdId }),
  status: 'customer',
  createdAt: d('2020-01-01'),
});
const vehicle = (id: string, make: string, model: string, segment: string, registered: string): Vehicle => ({
  id,
  make,
  model,
  segment,
  firstRegistration: d(registered),
});
const sale = (vehicleId: string, customerId: string, date: string): VehicleSale => ({
  id: `S-${vehicleId}`,
  vehicleId,
  customerId,
  date: d(date),
  condition: 'new',
  siteId: 'S1',
});
let invoiceCounter = 0;
/** A customer-paid yearly service: oil and brake fluid, so that the generic plan is satisfied for a year. */
const service = (vehicleId: string, customerId: string, date: string): Invoice => ({
  id: `I${++invoiceCounter}`,
  siteId: 'S1',
  vehicleId,
  customerId,
  date: d(date),
  payer: 'customer',
  lines: [
    { kind: 'package', label: 'VIDANGE + FILTRE', quantity: 1, amount: 150 },
    { kind: 'labour', label: 'LIQUIDE FREIN DOT4', quantity: 1, amount: 60 },
  ],
});
const contact = (customerId: string, vehicleId: string, date: string, outcome: ContactEvent['outcome']): ContactEvent => ({
  id: `K-${customerId}-${date}`,
  customerId,
  vehicleId,
  campaignId: 'CAMP',
  topic: 'service',
  channel: 'phone',
  sentAt: d(date),
  deliveryStatus: 'delivered',
  outcome,
  outcomeAt: d(date),
});

/**
 * A parent (P) who bought a D-segment Valmont V4 in the group in 2021 and services it every
 * March, and a daughter (D) in the same household whose B-segment Kato Spark, bought
 * elsewhere, first came to the workshop in June 2024.
 */
function household(changes: {
  parentVisits?: readonly string[];
  daughterSegment?: string;
  disposals?: readonly VehicleDisposal[];
  extraSales?: readonly VehicleSale[];
  contacts?: readonly ContactEvent[];
} = {}): Dataset {
  const parentVisits = changes.parentVisits ?? ['2022-03-01', '2023-03-01', '2024-03-01', '2025-03-01'];
  const extraVehicles = (changes.extraSales ?? []).map((s) => vehicle(s.vehicleId, 'Valmont', 'V2', 'B', s.date.toISOString().slice(0, 10)));
  return {
    ...emptyDataset(),
    customers: [customer('P', 'H1'), customer('D', 'H1'), customer('W')],
    vehicles: [
      vehicle('V1', 'Valmont', 'V4', 'D', '2021-03-01'),
      vehicle('V2', 'Kato', 'Spark', changes.daughterSegment ?? 'B', '2020-05-01'),
      vehicle('V9', 'Kato', 'Spark', 'B', '2019-05-01'),
      ...extraVehicles,
    ],
    sales: [sale('V1', 'P', '2021-03-01'), ...(changes.extraSales ?? [])],
    disposals: [...(changes.disposals ?? [])],
    invoices: [
      ...parentVisits.map((day) => service('V1', 'P', day)),
      service('V2', 'D', '2024-06-10'),
      service('V2', 'D', '2025-06-01'),
      service('V9', 'W', '2024-09-01'),
      service('V9', 'W', '2025-05-01'),
    ],
    contacts: [...(changes.contacts ?? [])],
  };
}

const kinds = (dataset: Dataset, id: string, options: Partial<Parameters<typeof attritionSignals>[2]> = {}): string[] =>
  attritionSignals(id, dataset, { asOf, ...options }).signals.map((s) => s.kind);

describe('attritionSignals: the household exception', () => {
  it('a smaller car of another brand, while the household keeps its main car with us, is a household addition', () => {
    const dataset = household();
    const daughter = attritionSignals('D', dataset, { asOf });
    expect(daughter.atRisk).toBe(false);
    expect(daughter.signals).toHaveLength(1);
    expect(daughter.signals[0]).toMatchObject({ kind: 'household-addition', attrition: false, vehicleId: 'V2', date: d('2024-06-10') });
    expect(daughter.signals[0]?.reason).toContain('V1');
    expect(daughter.householdKeeps).toEqual(['V1']);
    const parent = attritionSignals('P', dataset, { asOf });
    expect(parent.atRisk).toBe(false);
    expect(parent.signals).toEqual([]);
  });

  it('once the household has sold its car bought with us, the same car is a competitor purchase', () => {
    const dataset = household({ disposals: [{ vehicleId: 'V1', customerId: 'P', date: d('2024-01-15'), reason: 'sold' }], parentVisits: ['2022-03-01', '2023-03-01'] });
    const daughter = attritionSignals('D', dataset, { asOf });
    expect(daughter.atRisk).toBe(true);
    expect(daughter.signals.map((s) => s.kind)).toEqual(['competitor-purchase']);
    expect(daughter.householdKeeps).toEqual([]);
    const parent = attritionSignals('P', dataset, { asOf });
    expect(parent.signals).toHaveLength(1);
    expect(parent.signals[0]).toMatchObject({ kind: 'disposal-without-repurchase', vehicleId: 'V1', date: d('2024-01-15') });
  });

  it('a car the household keeps but no longer services with us does not count as kept', () => {
    // The parent's last visit was March 2022: by June 2024 the oil service is 15 months overdue.
    const dataset = household({ parentVisits: ['2022-03-01'] });
    expect(kinds(dataset, 'D')).toEqual(['competitor-purchase']);
    const parent = attritionSignals('P', dataset, { asOf });
    expect(parent.signals.map((s) => s.kind)).toEqual(['workshop-silence']);
    expect(parent.signals[0]?.date).toEqual(d('2023-03-01'));
  });

  it('a larger car than the one kept is a competitor purchase; the host can rank segments its own way', () => {
    const dataset = household({ daughterSegment: 'SUV-D' });
    expect(kinds(dataset, 'D')).toEqual(['competitor-purchase']);
    expect(kinds(dataset, 'D', { segmentRank: { 'suv-d': 3 } })).toEqual(['household-addition']);
    // An unranked segment cannot be compared: the household's car bought with us decides.
    expect(kinds(household({ daughterSegment: 'Roadster' }), 'D')).toEqual(['household-addition']);
  });

  it('a workshop-only customer (no purchase in the group) with a car bought elsewhere is not attrition', () => {
    const w = attritionSignals('W', household(), { asOf });
    expect(w.signals).toEqual([]);
    expect(w.atRisk).toBe(false);
  });
});

describe('attritionSignals: the other rules', () => {
  it('workshop silence: only once a plan item is overdue by the grace period, with no customer visit since', () => {
    const dataset = household({ parentVisits: ['2022-03-01'] });
    // Oil due 2023-03-01: 121 days late on 2023-06-30, under the 180-day default.
    expect(kinds(dataset, 'P', { asOf: d('2023-06-30') })).toEqual([]);
    expect(kinds(dataset, 'P', { asOf: d('2023-06-30'), silenceGraceDays: 90 })).toEqual(['workshop-silence']);
    expect(kinds(dataset, 'P', { asOf: d('2023-09-01') })).toEqual(['workshop-silence']);
  });

  it('serviced elsewhere: a contact outcome, unless the customer has been back since', () => {
    const after = household({ contacts: [contact('P', 'V1', '2025-04-01', 'serviced-elsewhere')] });
    const signal = attritionSignals('P', after, { asOf }).signals;
    expect(signal.map((s) => s.kind)).toEqual(['serviced-elsewhere']);
    expect(signal[0]?.reason).toContain('K-P-2025-04-01');
    const before = household({ contacts: [contact('P', 'V1', '2025-01-10', 'serviced-elsewhere')] });
    expect(kinds(before, 'P')).toEqual([]);
  });

  it('a disposal is not attrition when it is a trade-in or when the household bought in the group around it', () => {
    const tradeIn = household({
      disposals: [{ vehicleId: 'V1', customerId: 'P', date: d('2024-04-15'), reason: 'trade-in' }],
      extraSales: [sale('V3', 'P', '2024-04-15')],
    });
    expect(kinds(tradeIn, 'P')).toEqual([]);
    // Bought a new car first, sold the old one privately three months later.
    const replaced = household({
      disposals: [{ vehicleId: 'V1', customerId: 'P', date: d('2024-05-01'), reason: 'sold' }],
      extraSales: [sale('V3', 'D', '2024-02-01')],
    });
    expect(kinds(replaced, 'P')).toEqual([]);
    const tooEarly = household({
      disposals: [{ vehicleId: 'V1', customerId: 'P', date: d('2024-05-01'), reason: 'sold' }],
      extraSales: [sale('V3', 'D', '2023-06-01')],
    });
    expect(kinds(tooEarly, 'P')).toEqual(['disposal-without-repurchase']);
    expect(kinds(tooEarly, 'P', { replacementWindowDays: 365 })).toEqual([]);
  });

  it('a contact finding the customer no longer owns the car counts as a disposal', () => {
    const dataset = household({ contacts: [contact('P', 'V1', '2025-04-01', 'no-longer-owner')] });
    const signals = attritionSignals('P', dataset, { asOf }).signals;
    expect(signals.map((s) => s.kind)).toEqual(['disposal-without-repurchase']);
    expect(signals[0]?.reason).toContain('no longer owned');
  });

  it('records after asOf are ignored', () => {
    const dataset = household({ disposals: [{ vehicleId: 'V1', customerId: 'P', date: d('2025-09-01'), reason: 'sold' }] });
    expect(kinds(dataset, 'P')).toEqual([]);
  });

  it('gives the same answer from the household bundles as from the dataset', () => {
    const dataset = household({ disposals: [{ vehicleId: 'V1', customerId: 'P', date: d('2024-01-15'), reason: 'sold' }] });
    const bundles = [...bundlesOf(dataset)].filter((b) => b.customer.householdId === 'H1');
    for (const id of ['P', 'D']) expect(attritionSignals(id, bundles, { asOf })).toEqual(attritionSignals(id, dataset, { asOf }));
  });
});

describe('attritionSignals on the simulator (seed 4242, unseen in development)', () => {
  const simAsOf = d('2026-06-30');
  const { dataset, truth } = simulateDealer({ seed: 4242, customers: 5_000, asOf: simAsOf, years: 8 });
  const plans = simulatedPlans(truth);
  const assessed = new Map(dataset.customers.map((c) => [c.id, attritionSignals(c, dataset, { asOf: simAsOf, plans })]));
  const rate = (ids: readonly string[]): number => ids.filter((id) => assessed.get(id)?.atRisk === true).length / ids.length;
  const buyers = dataset.customers.filter((c) => c.status === 'customer').map((c) => c.id);
  const lost = buyers.filter((id) => truth.customers[id]?.lost === true);
  const stayers = buyers.filter((id) => truth.customers[id]?.lost === false && truth.customers[id]?.servicesElsewhereFrom === undefined);

  it('flags most customers who truly left and few who truly stayed', () => {
    // Measured on this seed: 83.7% of the 1,181 lost, 12.5% of the 1,608 stayers (who still skip
    // some services at the group: the simulator's adherence is below one).
    expect(lost.length).toBeGreaterThan(1_000);
    expect(rate(lost)).toBeGreaterThan(0.8);
    expect(rate(stayers)).toBeLessThan(0.15);
  });

  it('second cars of households that truly stayed are household additions, not competitor purchases', () => {
    const membersOf = new Map<string, string[]>();
    for (const c of dataset.customers) if (c.householdId !== undefined) membersOf.set(c.householdId, [...(membersOf.get(c.householdId) ?? []), c.id]);
    let outside = 0;
    let additions = 0;
    for (const c of dataset.customers) {
      const members = membersOf.get(c.householdId as string) ?? [c.id];
      if (members.some((id) => truth.customers[id]?.lost === true || truth.customers[id]?.servicesElsewhereFrom !== undefined)) continue;
      for (const s of assessed.get(c.id)?.signals ?? []) {
        if (s.kind !== 'household-addition' && s.kind !== 'competitor-purchase') continue;
        outside++;
        if (s.kind === 'household-addition') additions++;
      }
    }
    // Measured: 36 of 42; the others' main car had missed a service by more than the grace period.
    expect(outside).toBeGreaterThan(30);
    expect(additions / outside).toBeGreaterThan(0.8);
  });

  it('every vehicle called a purchase elsewhere is one the group did not sell', () => {
    const sold = new Set(dataset.sales.map((s) => s.vehicleId));
    for (const a of assessed.values()) {
      for (const s of a.signals) if (s.kind === 'household-addition' || s.kind === 'competitor-purchase') expect(sold.has(s.vehicleId as string)).toBe(false);
    }
  });
});

describe('attritionSignals: bad input', () => {
  it('names an unknown customer, an invalid asOf, a bad threshold, a duplicated id', () => {
    const dataset = household();
    expect(() => attritionSignals('nobody', dataset, { asOf })).toThrow(expect.objectContaining({ code: 'invalid_reference', message: expect.stringContaining('nobody') }));
    expect(() => attritionSignals('P', [], { asOf })).toThrow(RelanceError);
    expect(() => attritionSignals('P', dataset, { asOf: new Date(Number.NaN) })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => attritionSignals('P', dataset, { asOf, silenceGraceDays: -1 })).toThrow(expect.objectContaining({ message: expect.stringContaining('silenceGraceDays') }));
    expect(() => attritionSignals('P', dataset, { asOf, replacementWindowDays: Number.NaN })).toThrow(expect.objectContaining({ message: expect.stringContaining('replacementWindowDays') }));
    const duplicated = { ...dataset, customers: [...dataset.customers, customer('P')] };
    expect(() => attritionSignals('P', duplicated, { asOf })).toThrow(expect.objectContaining({ message: expect.stringContaining('customers[3].id') }));
  });

  it('a customer with no records, or asOf before everything, has no signals', () => {
    const dataset = { ...household(), customers: [...household().customers, customer('E')] };
    expect(attritionSignals('E', dataset, { asOf })).toMatchObject({ atRisk: false, signals: [], householdKeeps: [] });
    expect(attritionSignals('P', dataset, { asOf: d('2015-01-01') })).toMatchObject({ atRisk: false, signals: [] });
  });
});
