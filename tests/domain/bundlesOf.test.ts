import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelanceError, bundlesOf, emptyDataset, isDataset, parseBundle, parseDataset, toBundles } from '../../src/domain';
import type {
  Consent,
  ContactEvent,
  Customer,
  CustomerBundle,
  Dataset,
  EngagementEvent,
  FinanceContract,
  Invoice,
  OdometerReading,
  ServiceIndicator,
  Vehicle,
  VehicleDisposal,
  VehicleSale,
} from '../../src/domain';

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const ids = (records: readonly { id: string }[]): string[] => records.map((r) => r.id);
const km = (readings: readonly OdometerReading[]): string[] => readings.map((r) => `${r.vehicleId}@${r.km}`);

/**
 * Customers, in this order: C2 and C1 (household H1), C3 (no household, no records).
 * V1 is sold to C1 and serviced on C2's account (shared); V2 is sold to and financed by C2;
 * C1 traded in V3; V4 is linked to nobody.
 */
function sampleDataset(): Dataset {
  const line = { kind: 'labour', label: 'VIDANGE', quantity: 1, amount: 90 };
  return parseDataset({
    sites: [{ id: 'S1', country: 'FR', timeZone: 'Europe/Paris' }],
    customers: [
      { id: 'C2', kind: 'person', status: 'customer', householdId: 'H1', createdAt: '2020-01-20' },
      { id: 'C1', kind: 'person', status: 'customer', householdId: 'H1', createdAt: '2019-05-01' },
      { id: 'C3', kind: 'company', status: 'prospect', createdAt: '2021-03-01' },
    ],
    consents: [
      { customerId: 'C1', channel: 'email', purpose: 'marketing', status: 'granted', date: '2019-05-01' },
      { customerId: 'C2', channel: 'sms', purpose: 'service', status: 'denied', date: '2020-01-20' },
    ],
    vehicles: [
      { id: 'V1', make: 'Peugeot', model: '208', firstRegistration: '2019-06-01' },
      { id: 'V2', make: 'Renault', model: 'Captur', firstRegistration: '2020-01-15' },
      { id: 'V3', make: 'Citroën', model: 'C3', firstRegistration: '2015-01-01' },
      { id: 'V4', make: 'Dacia', model: 'Sandero', firstRegistration: '2018-01-01' },
    ],
    sales: [
      { id: 'SA1', vehicleId: 'V1', customerId: 'C1', date: '2019-06-01', condition: 'new', siteId: 'S1' },
      { id: 'SA2', vehicleId: 'V2', customerId: 'C2', date: '2020-02-01', condition: 'new', siteId: 'S1' },
    ],
    disposals: [{ vehicleId: 'V3', customerId: 'C1', date: '2019-06-01', reason: 'trade-in' }],
    financeContracts: [{ id: 'F1', vehicleId: 'V2', customerId: 'C2', kind: 'lease', start: '2020-02-01', end: '2024-02-01' }],
    odometerReadings: [
      { vehicleId: 'V1', date: '2020-01-01', km: 5_000, source: 'telematics' },
      { vehicleId: 'V2', date: '2020-06-01', km: 3_000, source: 'telematics' },
      { vehicleId: 'V1', date: '2021-01-01', km: 12_000, source: 'telematics' },
      { vehicleId: 'V3', date: '2019-06-01', km: 80_000, source: 'sale' },
      { vehicleId: 'V4', date: '2020-01-01', km: 1_000, source: 'other' },
    ],
    serviceIndicators: [{ vehicleId: 'V2', date: '2021-01-01', item: 'oil-service', remainingKm: 1_000 }],
    invoices: [
      { id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: '2020-06-01', odometerKm: 8_000, payer: 'customer', lines: [line] },
      { id: 'I2', siteId: 'S1', vehicleId: 'V1', customerId: 'C2', date: '2021-02-01', odometerKm: 13_000, payer: 'customer', lines: [line] },
    ],
    contacts: [
      { id: 'K1', customerId: 'C1', campaignId: 'X', topic: 'promotion', channel: 'email', sentAt: '2021-03-01', deliveryStatus: 'delivered' },
      { id: 'K2', customerId: 'C2', vehicleId: 'V2', campaignId: 'X', topic: 'service', channel: 'sms', sentAt: '2021-03-01', deliveryStatus: 'delivered' },
    ],
    engagement: [{ customerId: 'C2', date: '2021-03-02', kind: 'click', channel: 'sms', campaignId: 'X' }],
  });
}

describe('bundlesOf', () => {
  const dataset = sampleDataset();
  const bundles = [...bundlesOf(dataset)];

  it('yields one bundle per customer, in the order of dataset.customers', () => {
    expect(bundles.map((b) => b.customer.id)).toEqual(['C2', 'C1', 'C3']);
    expect(bundles[0]?.customer).toBe(dataset.customers[0]);
  });

  it('gives both customers of a household their household id', () => {
    expect(bundles.map((b) => b.householdId)).toEqual(['H1', 'H1', undefined]);
  });

  it("lists a customer's vehicles from sales, disposals, finance, invoices and contacts, each once, in that order", () => {
    // C2: sale V2, finance V2 (again), invoice V1, contact V2 (again) → V2, V1.
    expect(ids(bundles[0]?.vehicles ?? [])).toEqual(['V2', 'V1']);
    // C1: sale V1, disposal V3, invoice V1 (again) → V1, V3.
    expect(ids(bundles[1]?.vehicles ?? [])).toEqual(['V1', 'V3']);
  });

  it('puts a vehicle linked to two customers in both bundles, shared with the dataset', () => {
    const v1 = dataset.vehicles[0];
    expect(bundles[0]?.vehicles[1]).toBe(v1);
    expect(bundles[1]?.vehicles[0]).toBe(v1);
  });

  it('makes readings and service indicators follow the vehicles', () => {
    // C2: V2's readings, then V1's.
    expect(km(bundles[0]?.odometerReadings ?? [])).toEqual(['V2@3000', 'V1@5000', 'V1@12000']);
    expect(bundles[0]?.serviceIndicators.map((s) => s.vehicleId)).toEqual(['V2']);
    // C1: V1's readings, then V3's.
    expect(km(bundles[1]?.odometerReadings ?? [])).toEqual(['V1@5000', 'V1@12000', 'V3@80000']);
    expect(bundles[1]?.serviceIndicators).toEqual([]);
    // V4 is nobody's: its reading is in no bundle.
    expect(bundles.flatMap((b) => km(b.odometerReadings))).not.toContain('V4@1000');
  });

  it("gives each customer their own records", () => {
    const [c2, c1] = bundles;
    expect(ids(c2?.sales ?? [])).toEqual(['SA2']);
    expect(ids(c2?.financeContracts ?? [])).toEqual(['F1']);
    expect(ids(c2?.invoices ?? [])).toEqual(['I2']);
    expect(ids(c2?.contacts ?? [])).toEqual(['K2']);
    expect(c2?.consents.map((c) => c.channel)).toEqual(['sms']);
    expect(c2?.engagement.map((e) => e.kind)).toEqual(['click']);
    expect(c2?.disposals).toEqual([]);

    expect(ids(c1?.sales ?? [])).toEqual(['SA1']);
    expect(c1?.disposals.map((d) => d.vehicleId)).toEqual(['V3']);
    expect(c1?.financeContracts).toEqual([]);
    expect(ids(c1?.invoices ?? [])).toEqual(['I1']);
    expect(ids(c1?.contacts ?? [])).toEqual(['K1']);
    expect(c1?.consents.map((c) => c.channel)).toEqual(['email']);
    expect(c1?.engagement).toEqual([]);
  });

  it('gives a customer with no records empty arrays', () => {
    const c3 = bundles[2];
    expect(c3).toEqual({
      customer: dataset.customers[2],
      householdId: undefined,
      vehicles: [],
      sales: [],
      disposals: [],
      financeContracts: [],
      odometerReadings: [],
      serviceIndicators: [],
      invoices: [],
      contacts: [],
      consents: [],
      engagement: [],
    });
  });

  it('yields nothing for a dataset without customers, and does not mutate the dataset', () => {
    expect([...bundlesOf(emptyDataset())]).toEqual([]);
    const fresh = sampleDataset();
    const before = structuredClone(fresh);
    [...bundlesOf(fresh)];
    expect(fresh).toEqual(before);
  });

  it('produces bundles that parseBundle accepts unchanged', () => {
    for (const bundle of bundles) expect(parseBundle(bundle)).toEqual(bundle);
  });
});

describe('isDataset and toBundles', () => {
  const dataset = sampleDataset();
  const bundles = [...bundlesOf(dataset)];

  it('tells a dataset from an iterable of bundles', () => {
    expect(isDataset(emptyDataset())).toBe(true);
    expect(isDataset(dataset)).toBe(true);
    expect(isDataset([])).toBe(false);
    expect(isDataset(bundles)).toBe(false);
    expect(isDataset(bundlesOf(dataset))).toBe(false);
    expect(isDataset(new Set(bundles))).toBe(false);
  });

  it('passes an iterable of bundles through as is', () => {
    expect(toBundles(bundles)).toBe(bundles);
    const generator = (function* () {
      yield* bundles;
    })();
    expect(toBundles(generator)).toBe(generator);
  });

  it('turns a dataset into its bundles', () => {
    expect([...toBundles(dataset)]).toEqual(bundles);
    expect([...toBundles(dataset)].map((b) => b.customer.id)).toEqual(['C2', 'C1', 'C3']);
    expect([...toBundles(emptyDataset())]).toEqual([]);
  });
});

describe('parseBundle', () => {
  const rawBundle = () => ({
    customer: { id: 'C1', kind: 'person', status: 'customer', householdId: 'H1', createdAt: '2024-05-01' },
    householdId: 'H1',
    vehicles: [{ id: 'V1', make: 'Peugeot', model: '208', firstRegistration: '2023-12-01T09:00:00+01:00' }],
    sales: [],
    disposals: [],
    financeContracts: [],
    odometerReadings: [{ vehicleId: 'V1', date: '2024-06-01', km: 4_200, source: 'workshop' }],
    serviceIndicators: [],
    invoices: [
      {
        id: 'I1',
        siteId: 'S1',
        vehicleId: 'V1',
        customerId: 'C1',
        date: '2024-06-01',
        odometerKm: 4_200,
        payer: 'customer',
        lines: [{ kind: 'labour', label: 'CONTROLE', quantity: 1, amount: 45 }],
      },
    ],
    contacts: [],
    consents: [],
    engagement: [],
  });

  it('validates a bundle and coerces its dates', () => {
    const raw = rawBundle();
    const before = structuredClone(raw);
    const bundle = parseBundle(raw);
    expect(raw).toEqual(before);
    expect(bundle.customer.createdAt).toEqual(utc(2024, 5, 1));
    // 09:00 at +01:00 is 08:00 UTC.
    expect(bundle.vehicles[0]?.firstRegistration).toEqual(new Date(Date.UTC(2023, 11, 1, 8)));
    expect(bundle.invoices[0]?.date).toEqual(utc(2024, 6, 1));
    expect(bundle.odometerReadings).toEqual([{ vehicleId: 'V1', date: utc(2024, 6, 1), km: 4_200, source: 'workshop' }]);
    expect(bundle.householdId).toBe('H1');
  });

  it('throws a RelanceError with the exact path of a bad field', () => {
    const raw = rawBundle();
    raw.invoices[0]!.lines[0]!.amount = Number.NaN;
    let error: unknown;
    try {
      parseBundle(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RelanceError);
    const relance = error as RelanceError;
    expect(relance.code).toBe('invalid_input');
    expect(relance.message).toBe('parseBundle: 1 issue in the bundle');
    expect(relance.issues).toEqual([
      { code: 'invalid_type', path: ['invoices', 0, 'lines', 0, 'amount'], message: 'expected a finite number' },
    ]);
    expect(relance.issueCount).toBe(1);
  });

  it('reports a missing collection and a bad customer together', () => {
    const { vehicles: _omitted, ...raw } = rawBundle();
    const bad = { ...raw, customer: { ...raw.customer, id: '' } };
    expect(() => parseBundle(bad)).toThrow('parseBundle: 2 issues in the bundle');
    try {
      parseBundle(bad);
    } catch (e) {
      expect((e as RelanceError).issues).toEqual([
        { code: 'too_small', path: ['customer', 'id'], message: 'expected a non-empty string id' },
        { code: 'invalid_type', path: ['vehicles'], message: 'expected an array' },
      ]);
    }
  });

  it('throws on input that is not an object', () => {
    expect(() => parseBundle(null)).toThrow(RelanceError);
    expect(() => parseBundle([])).toThrow(RelanceError);
  });
});

// ——— Property ————————————————————————————————————————————————————————————————

const DAY = 86_400_000;
const dateArb = fc.integer({ min: 0, max: 3_000 }).map((d) => new Date(Date.UTC(2015, 0, 1) + d * DAY));

/** A dataset whose records all point at existing customers (C0…) and vehicles (V0…). */
const datasetArb: fc.Arbitrary<Dataset> = fc
  .record({ customers: fc.integer({ min: 1, max: 6 }), vehicles: fc.integer({ min: 1, max: 6 }) })
  .chain(({ customers, vehicles }) => {
    const customerIds = Array.from({ length: customers }, (_, i) => `C${i}`);
    const vehicleIds = Array.from({ length: vehicles }, (_, i) => `V${i}`);
    const cid = fc.constantFrom(...customerIds);
    const vid = fc.constantFrom(...vehicleIds);
    const many = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 8 });
    return fc.record({
      customers: fc.shuffledSubarray(customerIds, { minLength: customers, maxLength: customers }).chain((order) =>
        fc.tuple(...order.map((id) =>
          fc.record(
            { id: fc.constant(id), kind: fc.constantFrom('person' as const, 'company' as const), status: fc.constant('customer' as const), createdAt: dateArb, householdId: fc.constantFrom('H1', 'H2') },
            { requiredKeys: ['id', 'kind', 'status', 'createdAt'] },
          ),
        )),
      ) as fc.Arbitrary<Customer[]>,
      vehicles: fc.constant(vehicleIds.map((id): Vehicle => ({ id, make: 'Renault', model: 'Clio', firstRegistration: utc(2015, 1, 1) }))),
      sales: many(fc.record({ id: fc.uuid(), vehicleId: vid, customerId: cid, date: dateArb, condition: fc.constantFrom('new' as const, 'used' as const), siteId: fc.constant('S1') })) as fc.Arbitrary<VehicleSale[]>,
      disposals: many(fc.record({ vehicleId: vid, customerId: cid, date: dateArb, reason: fc.constant('sold' as const) })) as fc.Arbitrary<VehicleDisposal[]>,
      financeContracts: many(
        fc.record({ id: fc.uuid(), vehicleId: vid, customerId: cid, kind: fc.constant('loan' as const), start: fc.constant(utc(2016, 1, 1)), end: fc.constant(utc(2020, 1, 1)) }),
      ) as fc.Arbitrary<FinanceContract[]>,
      odometerReadings: many(fc.record({ vehicleId: vid, date: dateArb, km: fc.nat(300_000), source: fc.constant('workshop' as const) })) as fc.Arbitrary<OdometerReading[]>,
      serviceIndicators: many(fc.record({ vehicleId: vid, date: dateArb, item: fc.constant('oil-service' as const), remainingKm: fc.integer({ min: -500, max: 20_000 }) })) as fc.Arbitrary<ServiceIndicator[]>,
      invoices: many(
        fc.record({ id: fc.uuid(), siteId: fc.constant('S1'), vehicleId: vid, customerId: cid, date: dateArb, payer: fc.constant('customer' as const), lines: fc.constant([]) }),
      ) as fc.Arbitrary<Invoice[]>,
      contacts: many(
        fc.record(
          {
            id: fc.uuid(),
            customerId: cid,
            vehicleId: vid,
            campaignId: fc.constant('X'),
            topic: fc.constant('service' as const),
            channel: fc.constant('sms' as const),
            sentAt: dateArb,
            deliveryStatus: fc.constant('delivered' as const),
          },
          { requiredKeys: ['id', 'customerId', 'campaignId', 'topic', 'channel', 'sentAt', 'deliveryStatus'] },
        ),
      ) as fc.Arbitrary<ContactEvent[]>,
      consents: many(
        fc.record({ customerId: cid, channel: fc.constant('email' as const), purpose: fc.constant('marketing' as const), status: fc.constantFrom('granted' as const, 'denied' as const), date: dateArb }),
      ) as fc.Arbitrary<Consent[]>,
      engagement: many(fc.record({ customerId: cid, date: dateArb, kind: fc.constant('open' as const) })) as fc.Arbitrary<EngagementEvent[]>,
    }).map((parts): Dataset => ({ ...emptyDataset(), sites: [{ id: 'S1', country: 'FR', timeZone: 'Europe/Paris' }], ...parts }));
  });

type OwnedCollection = 'sales' | 'disposals' | 'financeContracts' | 'invoices' | 'contacts' | 'consents' | 'engagement';
const OWNED: readonly OwnedCollection[] = ['sales', 'disposals', 'financeContracts', 'invoices', 'contacts', 'consents', 'engagement'];

describe('bundlesOf: properties', () => {
  it("puts every customer-owned record in exactly one bundle, its customer's, keeping dataset order", () => {
    fc.assert(
      fc.property(datasetArb, (dataset) => {
        const bundles: CustomerBundle[] = [...bundlesOf(dataset)];
        expect(bundles.map((b) => b.customer)).toEqual(dataset.customers);
        for (const collection of OWNED) {
          const records: readonly { customerId: string }[] = dataset[collection];
          for (const record of records) {
            const holders = bundles.filter((b) => (b[collection] as readonly object[]).includes(record));
            expect(holders.map((b) => b.customer.id)).toEqual([record.customerId]);
          }
          // Nothing else: the bundles hold as many records as the dataset, in dataset order.
          for (const bundle of bundles) {
            const expected = records.filter((r) => r.customerId === bundle.customer.id);
            expect(bundle[collection]).toEqual(expected);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives each bundle exactly the vehicles its records name, once each, with their readings', () => {
    fc.assert(
      fc.property(datasetArb, (dataset) => {
        for (const bundle of bundlesOf(dataset)) {
          const named = new Set<string>();
          for (const collection of ['sales', 'disposals', 'financeContracts', 'invoices', 'contacts'] as const) {
            for (const record of bundle[collection] as readonly { vehicleId?: string }[]) if (record.vehicleId !== undefined) named.add(record.vehicleId);
          }
          const vehicleIds = ids(bundle.vehicles);
          expect(new Set(vehicleIds).size).toBe(vehicleIds.length);
          expect([...vehicleIds].sort()).toEqual([...named].sort());
          const readings = dataset.odometerReadings.filter((r) => named.has(r.vehicleId));
          expect([...bundle.odometerReadings].length).toBe(readings.length);
          for (const r of readings) expect(bundle.odometerReadings).toContain(r);
          const indicators = dataset.serviceIndicators.filter((s) => named.has(s.vehicleId));
          expect(bundle.serviceIndicators.length).toBe(indicators.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
