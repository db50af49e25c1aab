import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASET_COLLECTIONS, RelanceError, emptyDataset, parseDataset } from '../../src/domain';
import type { CollectionName, ParseDatasetOptions } from '../../src/domain';

type Raw = Record<string, unknown>;
type Fields = Record<string, unknown>;

const utc = (y: number, m: number, d: number, h = 0, min = 0): Date => new Date(Date.UTC(y, m - 1, d, h, min));

// Record builders: a valid record of each collection, with fields overridden as needed.
const site = (o: Fields = {}): Fields => ({ id: 'S1', country: 'FR', timeZone: 'Europe/Paris', ...o });
const customer = (o: Fields = {}): Fields => ({ id: 'C1', kind: 'person', status: 'customer', createdAt: '2019-01-10', ...o });
const consent = (o: Fields = {}): Fields => ({ customerId: 'C1', channel: 'email', purpose: 'marketing', status: 'granted', date: '2019-01-10', ...o });
const vehicle = (o: Fields = {}): Fields => ({ id: 'V1', vin: 'VF3ABCDEFGH123456', make: 'Peugeot', model: '208', firstRegistration: '2019-06-01', ...o });
const sale = (o: Fields = {}): Fields => ({ id: 'SA1', vehicleId: 'V1', customerId: 'C1', date: '2019-06-01', condition: 'new', price: 18_000, siteId: 'S1', ...o });
const disposal = (o: Fields = {}): Fields => ({ vehicleId: 'V1', customerId: 'C1', date: '2023-06-01', reason: 'trade-in', ...o });
const finance = (o: Fields = {}): Fields => ({ id: 'F1', vehicleId: 'V1', customerId: 'C1', kind: 'lease', start: '2019-06-01', end: '2023-06-01', ...o });
const reading = (o: Fields = {}): Fields => ({ vehicleId: 'V1', date: '2020-01-15', km: 9_000, source: 'telematics', ...o });
const indicator = (o: Fields = {}): Fields => ({ vehicleId: 'V1', date: '2021-01-01', item: 'oil-service', remainingKm: 2_000, ...o });
const line = (o: Fields = {}): Fields => ({ kind: 'labour', label: 'VIDANGE', quantity: 1, amount: 89.5, ...o });
const invoice = (o: Fields = {}): Fields => ({
  id: 'I1',
  siteId: 'S1',
  vehicleId: 'V1',
  customerId: 'C1',
  date: '2020-06-01',
  odometerKm: 15_000,
  payer: 'customer',
  lines: [line()],
  ...o,
});
const contact = (o: Fields = {}): Fields => ({
  id: 'K1',
  customerId: 'C1',
  vehicleId: 'V1',
  campaignId: 'CAMP1',
  topic: 'service',
  channel: 'email',
  sentAt: '2021-05-01T08:00:00Z',
  deliveryStatus: 'delivered',
  outcome: 'appointment',
  outcomeAt: '2021-05-03T10:00:00+02:00',
  siteId: 'S1',
  ...o,
});
const engagement = (o: Fields = {}): Fields => ({ customerId: 'C1', date: '2021-05-01T09:00:00Z', kind: 'open', channel: 'email', campaignId: 'CAMP1', ...o });

/** A small valid base: one vehicle V1 sold to C1 at S1, with one record in every collection. */
function validRaw(): Raw {
  return {
    sites: [site({ name: 'Lyon' }), site({ id: 'S2' })],
    customers: [
      customer({ householdId: 'H1', homeSiteId: 'S1' }),
      customer({ id: 'C2', status: 'prospect', createdAt: '2020-05-01T10:00:00+02:00' }),
    ],
    consents: [consent()],
    vehicles: [vehicle()],
    sales: [sale()],
    disposals: [disposal()],
    financeContracts: [finance()],
    odometerReadings: [reading()],
    serviceIndicators: [indicator()],
    invoices: [invoice()],
    contacts: [contact()],
    engagement: [engagement()],
  };
}

/** Runs `fn`, expecting it to throw a RelanceError, and returns that error. */
function thrown(fn: () => unknown): RelanceError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RelanceError);
    return error as RelanceError;
  }
  throw new Error('expected a RelanceError to be thrown');
}

const collect = (raw: unknown, options: Omit<ParseDatasetOptions, 'onInvalid'> = {}) =>
  parseDataset(raw, { ...options, onInvalid: 'collect' });

const allCounts = (n: number): Record<CollectionName, number> =>
  Object.fromEntries(DATASET_COLLECTIONS.map((c) => [c, n])) as Record<CollectionName, number>;

describe('parseDataset: a valid dataset', () => {
  it('parses every collection, dates coerced to Date in UTC with offsets applied', () => {
    const dataset = parseDataset(validRaw());
    expect(dataset.sites).toEqual([{ id: 'S1', name: 'Lyon', country: 'FR', timeZone: 'Europe/Paris' }, { id: 'S2', country: 'FR', timeZone: 'Europe/Paris' }]);
    expect(dataset.customers).toEqual([
      { id: 'C1', kind: 'person', status: 'customer', householdId: 'H1', homeSiteId: 'S1', createdAt: utc(2019, 1, 10) },
      // 10:00 at +02:00 is 08:00 UTC.
      { id: 'C2', kind: 'person', status: 'prospect', createdAt: utc(2020, 5, 1, 8) },
    ]);
    expect(dataset.vehicles).toEqual([{ ...vehicle(), firstRegistration: utc(2019, 6, 1) }]);
    expect(dataset.sales).toEqual([{ ...sale(), date: utc(2019, 6, 1) }]);
    expect(dataset.disposals).toEqual([{ ...disposal(), date: utc(2023, 6, 1) }]);
    expect(dataset.financeContracts).toEqual([{ ...finance(), start: utc(2019, 6, 1), end: utc(2023, 6, 1) }]);
    expect(dataset.odometerReadings).toEqual([{ ...reading(), date: utc(2020, 1, 15) }]);
    expect(dataset.serviceIndicators).toEqual([{ ...indicator(), date: utc(2021, 1, 1) }]);
    expect(dataset.invoices).toEqual([{ ...invoice(), date: utc(2020, 6, 1) }]);
    expect(dataset.contacts).toEqual([{ ...contact(), sentAt: utc(2021, 5, 1, 8), outcomeAt: utc(2021, 5, 3, 8) }]);
    expect(dataset.engagement).toEqual([{ ...engagement(), date: utc(2021, 5, 1, 9) }]);
    expect(dataset.consents).toEqual([{ ...consent(), date: utc(2019, 1, 10) }]);
  });

  it('reports nothing rejected in collect mode', () => {
    const { dataset, report } = collect(validRaw());
    const counts = { ...allCounts(1), sites: 2, customers: 2 };
    expect(report).toEqual({ read: counts, kept: counts, rejected: [], issues: [], issueCount: 0 });
    expect(dataset).toEqual(parseDataset(validRaw()));
  });

  it('parses an empty dataset to an empty dataset', () => {
    expect(parseDataset(emptyDataset())).toEqual(emptyDataset());
    expect(collect(emptyDataset()).report).toEqual({ read: allCounts(0), kept: allCounts(0), rejected: [], issues: [], issueCount: 0 });
  });

  it('reads missing collections as empty', () => {
    expect(parseDataset({})).toEqual(emptyDataset());
    expect(parseDataset({ customers: [customer()] })).toEqual({
      ...emptyDataset(),
      customers: [{ ...customer(), createdAt: utc(2019, 1, 10) }],
    });
  });

  it('does not mutate the input, and copies Date inputs', () => {
    const createdAt = utc(2019, 1, 10);
    const raw: Raw = {
      ...validRaw(),
      customers: [customer({ createdAt }), customer({ id: '' })],
      invoices: [invoice(), invoice({ id: 'I2', lines: [line({ amount: Number.NaN })] }), invoice({ id: 'I1' })],
      odometerReadings: [reading(), reading({ date: '2021-01-01', km: 10 })],
    };
    const before = structuredClone(raw);
    const { dataset, report } = collect(raw);
    expect(raw).toEqual(before);
    expect(report.rejected).toHaveLength(4);
    expect(dataset.customers[0]?.createdAt).toEqual(createdAt);
    expect(dataset.customers[0]?.createdAt).not.toBe(createdAt);
    const fresh = validRaw();
    expect(parseDataset(fresh).customers[0]).not.toBe((fresh['customers'] as Fields[])[0]);
  });
});

describe('parseDataset: invalid input as a whole', () => {
  it.each([null, undefined, [], [validRaw()], 'dataset', 42, true])('throws on %j', (raw) => {
    for (const onInvalid of ['throw', 'collect'] as const) {
      const error = thrown(() => parseDataset(raw, { onInvalid }));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe('parseDataset: expected an object with one array per collection');
      expect(error.issues).toEqual([{ code: 'invalid_type', path: [], message: 'expected an object with one array per collection' }]);
      expect(error.issueCount).toBe(1);
    }
  });

  it('reports a collection that is not an array at the path [collection]', () => {
    const error = thrown(() => parseDataset({ ...validRaw(), invoices: { id: 'I1' } }));
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([{ code: 'invalid_type', path: ['invoices'], message: 'expected an array' }]);
    expect(error.issueCount).toBe(1);

    const { dataset, report } = collect({ ...validRaw(), consents: null, invoices: 'I1' });
    expect(report.issues).toEqual([
      { code: 'invalid_type', path: ['consents'], message: 'expected an array' },
      { code: 'invalid_type', path: ['invoices'], message: 'expected an array' },
    ]);
    expect(report.issueCount).toBe(2);
    expect(report.rejected).toEqual([]);
    expect(report.read.invoices).toBe(0);
    expect(report.read.consents).toBe(0);
    expect(dataset.invoices).toEqual([]);
    expect(dataset.consents).toEqual([]);
    expect(dataset.customers).toHaveLength(2);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('throws on an odometer tolerance of %s', (odometerToleranceKm) => {
    const error = thrown(() => parseDataset(validRaw(), { odometerToleranceKm }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('parseDataset: odometerToleranceKm must be a finite number ≥ 0');
  });
});

describe('parseDataset: throw mode', () => {
  it('throws a RelanceError with the exact path, message and count', () => {
    const raw = { ...validRaw(), invoices: [invoice({ lines: [line({ amount: Number.NaN })] })] };
    const error = thrown(() => parseDataset(raw));
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([
      { code: 'invalid_type', path: ['invoices', 0, 'lines', 0, 'amount'], message: 'expected a finite number' },
    ]);
    expect(error.issueCount).toBe(1);
    expect(error.message).toBe('parseDataset: 1 invalid record (1 issue)\ninvoices[0].lines[0].amount: expected a finite number');
  });

  it('lists every issue of every record, in collection order', () => {
    const raw = {
      ...validRaw(),
      customers: [customer(), customer({ id: '', kind: 'robot' })],
      engagement: [engagement({ kind: 'like' })],
    };
    const error = thrown(() => parseDataset(raw));
    expect(error.issues).toEqual([
      { code: 'too_small', path: ['customers', 1, 'id'], message: 'expected a non-empty string id' },
      { code: 'invalid_value', path: ['customers', 1, 'kind'], message: 'expected one of: person, company' },
      { code: 'invalid_value', path: ['engagement', 0, 'kind'], message: 'expected one of: open, click, web-visit, lead' },
    ]);
    expect(error.issueCount).toBe(3);
    expect(error.message).toBe(
      'parseDataset: 2 invalid records (3 issues)\n' +
        'customers[1].id: expected a non-empty string id\n' +
        'customers[1].kind: expected one of: person, company\n' +
        'engagement[0].kind: expected one of: open, click, web-visit, lead',
    );
  });

  it('caps issues at maxIssues but counts them all', () => {
    const raw = { ...validRaw(), engagement: [1, 2, 3, 4, 5].map(() => engagement({ kind: 'like' })) };
    const kindIssue = (i: number) => ({ code: 'invalid_value', path: ['engagement', i, 'kind'], message: 'expected one of: open, click, web-visit, lead' });

    const error = thrown(() => parseDataset(raw, { maxIssues: 2 }));
    expect(error.issues).toEqual([kindIssue(0), kindIssue(1)]);
    expect(error.issueCount).toBe(5);
    expect(error.message).toBe(
      'parseDataset: 5 invalid records (5 issues)\n' +
        'engagement[0].kind: expected one of: open, click, web-visit, lead\n' +
        'engagement[1].kind: expected one of: open, click, web-visit, lead\n' +
        '… and 3 more',
    );

    const { report } = collect(raw, { maxIssues: 2 });
    expect(report.issues).toEqual([kindIssue(0), kindIssue(1)]);
    expect(report.issueCount).toBe(5);
    // The rejected records keep every reason, whatever the cap.
    expect(report.rejected.map((r) => r.issues)).toEqual([0, 1, 2, 3, 4].map((i) => [kindIssue(i)]));

    expect(collect(raw, { maxIssues: 0 }).report.issues).toEqual([]);
    expect(collect(raw, { maxIssues: 0 }).report.issueCount).toBe(5);
  });
});

describe('parseDataset: collect mode', () => {
  it('keeps valid records and reports rejected ones with collection, index and id', () => {
    const raw = {
      ...validRaw(),
      consents: [consent(), consent({ channel: 'fax' })],
      invoices: [invoice(), invoice({ id: 'I2', lines: [line({ amount: Number.POSITIVE_INFINITY })] }), invoice({ id: 'I3', date: '2020-07-01', odometerKm: 16_000 })],
    };
    const { dataset, report } = collect(raw);
    expect(dataset.invoices.map((i) => i.id)).toEqual(['I1', 'I3']);
    expect(dataset.consents).toEqual([{ ...consent(), date: utc(2019, 1, 10) }]);
    expect(report.read).toEqual({ ...allCounts(1), sites: 2, customers: 2, consents: 2, invoices: 3 });
    expect(report.kept).toEqual({ ...allCounts(1), sites: 2, customers: 2, consents: 1, invoices: 2 });
    // A consent has no id: its rejection carries none.
    expect(report.rejected).toStrictEqual([
      {
        collection: 'consents',
        index: 1,
        issues: [{ code: 'invalid_value', path: ['consents', 1, 'channel'], message: 'expected one of: email, sms, phone, mail, push' }],
      },
      {
        collection: 'invoices',
        index: 1,
        id: 'I2',
        issues: [{ code: 'invalid_type', path: ['invoices', 1, 'lines', 0, 'amount'], message: 'expected a finite number' }],
      },
    ]);
    expect(report.issues).toEqual([...(report.rejected[0]?.issues ?? []), ...(report.rejected[1]?.issues ?? [])]);
    expect(report.issueCount).toBe(2);
  });

  it('reports no id for a rejected record whose id is missing, empty or not a string', () => {
    const { report } = collect({ customers: [customer({ id: '' }), customer({ id: 7 }), null] });
    expect(report.rejected.map((r) => [r.index, 'id' in r])).toEqual([
      [0, false],
      [1, false],
      [2, false],
    ]);
  });
});

describe('parseDataset: duplicate ids', () => {
  it('keeps the first record with an id and rejects later ones', () => {
    const raw = {
      ...validRaw(),
      customers: [customer(), customer({ id: 'C2' }), customer({ kind: 'company', createdAt: '2018-01-01' })],
    };
    const { dataset, report } = collect(raw);
    expect(dataset.customers).toEqual([
      { ...customer(), createdAt: utc(2019, 1, 10) },
      { ...customer({ id: 'C2' }), createdAt: utc(2019, 1, 10) },
    ]);
    expect(report.rejected).toEqual([
      {
        collection: 'customers',
        index: 2,
        id: 'C1',
        issues: [{ code: 'duplicate_id', path: ['customers', 2, 'id'], message: 'duplicate id "C1" (first at customers[0])' }],
      },
    ]);
    // Records pointing at C1 still find the first one.
    expect(report.kept.sales).toBe(1);
    expect(thrown(() => parseDataset(raw)).issues.map((i) => i.code)).toEqual(['duplicate_id']);
  });

  it.each([
    ['sites', 'S1'],
    ['vehicles', 'V1'],
    ['sales', 'SA1'],
    ['financeContracts', 'F1'],
    ['invoices', 'I1'],
    ['contacts', 'K1'],
  ] as const)('rejects a duplicate id in %s', (collection, id) => {
    const raw = validRaw();
    const records = raw[collection] as Fields[];
    const index = records.length;
    raw[collection] = [...records, structuredClone(records[0])];
    const { report } = collect(raw);
    expect(report.rejected).toEqual([
      {
        collection,
        index,
        id,
        issues: [{ code: 'duplicate_id', path: [collection, index, 'id'], message: `duplicate id "${id}" (first at ${collection}[0])` }],
      },
    ]);
  });

  it('counts only records that passed their schema: a later valid record keeps an id whose first holder was invalid', () => {
    const raw = { ...validRaw(), vehicles: [vehicle({ vin: 'VF3ABCDEFGH12345O' }), vehicle({ make: 'Citroën' })] };
    const { dataset, report } = collect(raw);
    expect(dataset.vehicles.map((v) => v.make)).toEqual(['Citroën']);
    expect(report.rejected.map((r) => [r.collection, r.index, r.issues.map((i) => i.code)])).toEqual([['vehicles', 0, ['invalid_format']]]);
  });
});

describe('parseDataset: unknown references', () => {
  it.each([
    ['customers', customer({ id: 'C3', homeSiteId: 'S9' }), 'homeSiteId', 'unknown site "S9"', 'C3'],
    ['consents', consent({ customerId: 'C9' }), 'customerId', 'unknown customer "C9"', undefined],
    ['sales', sale({ id: 'SA2', vehicleId: 'V9' }), 'vehicleId', 'unknown vehicle "V9"', 'SA2'],
    ['sales', sale({ id: 'SA2', customerId: 'C9' }), 'customerId', 'unknown customer "C9"', 'SA2'],
    ['sales', sale({ id: 'SA2', siteId: 'S9' }), 'siteId', 'unknown site "S9"', 'SA2'],
    ['disposals', disposal({ vehicleId: 'V9' }), 'vehicleId', 'unknown vehicle "V9"', undefined],
    ['disposals', disposal({ customerId: 'C9' }), 'customerId', 'unknown customer "C9"', undefined],
    ['financeContracts', finance({ id: 'F2', vehicleId: 'V9' }), 'vehicleId', 'unknown vehicle "V9"', 'F2'],
    ['financeContracts', finance({ id: 'F2', customerId: 'C9' }), 'customerId', 'unknown customer "C9"', 'F2'],
    ['odometerReadings', reading({ vehicleId: 'V9' }), 'vehicleId', 'unknown vehicle "V9"', undefined],
    ['serviceIndicators', indicator({ vehicleId: 'V9' }), 'vehicleId', 'unknown vehicle "V9"', undefined],
    ['invoices', invoice({ id: 'I2', siteId: 'S9' }), 'siteId', 'unknown site "S9"', 'I2'],
    ['invoices', invoice({ id: 'I2', vehicleId: 'V9' }), 'vehicleId', 'unknown vehicle "V9"', 'I2'],
    ['invoices', invoice({ id: 'I2', customerId: 'C9' }), 'customerId', 'unknown customer "C9"', 'I2'],
    ['contacts', contact({ id: 'K2', customerId: 'C9' }), 'customerId', 'unknown customer "C9"', 'K2'],
    ['contacts', contact({ id: 'K2', vehicleId: 'V9' }), 'vehicleId', 'unknown vehicle "V9"', 'K2'],
    ['contacts', contact({ id: 'K2', siteId: 'S9' }), 'siteId', 'unknown site "S9"', 'K2'],
    ['engagement', engagement({ customerId: 'C9' }), 'customerId', 'unknown customer "C9"', undefined],
  ] as const)('rejects %s with an unknown %s', (collection, record, field, message, id) => {
    const raw = validRaw();
    const records = raw[collection] as Fields[];
    const index = records.length;
    raw[collection] = [...records, record];
    const { dataset, report } = collect(raw);
    const issues = [{ code: 'unknown_reference', path: [collection, index, field], message }];
    expect(report.rejected).toStrictEqual([id === undefined ? { collection, index, issues } : { collection, index, id, issues }]);
    expect(dataset[collection]).toHaveLength(records.length);
  });

  it('lists every unknown reference of a record, in field order', () => {
    const raw = { ...validRaw(), sales: [sale({ vehicleId: 'V9', customerId: 'C9', siteId: 'S9' })] };
    expect(thrown(() => parseDataset(raw)).issues).toEqual([
      { code: 'unknown_reference', path: ['sales', 0, 'vehicleId'], message: 'unknown vehicle "V9"' },
      { code: 'unknown_reference', path: ['sales', 0, 'customerId'], message: 'unknown customer "C9"' },
      { code: 'unknown_reference', path: ['sales', 0, 'siteId'], message: 'unknown site "S9"' },
    ]);
  });

  it('accepts absent optional references (homeSiteId, contact vehicleId and siteId)', () => {
    const { vehicleId: _v, siteId: _s, ...bareContact } = contact();
    const raw = { ...validRaw(), customers: [customer()], contacts: [bareContact] };
    expect(collect(raw).report.rejected).toEqual([]);
  });

  it('rejects a record pointing at a vehicle that its schema rejected (cascade)', () => {
    const raw = {
      ...validRaw(),
      vehicles: [vehicle(), vehicle({ id: 'V2', vin: 'VF3ABCDEFGH12345I' })],
      invoices: [invoice(), invoice({ id: 'I2', vehicleId: 'V2', odometerKm: 100 })],
    };
    const { dataset, report } = collect(raw);
    expect(dataset.vehicles.map((v) => v.id)).toEqual(['V1']);
    expect(dataset.invoices.map((i) => i.id)).toEqual(['I1']);
    expect(report.rejected).toEqual([
      {
        collection: 'vehicles',
        index: 1,
        id: 'V2',
        issues: [{ code: 'invalid_format', path: ['vehicles', 1, 'vin'], message: 'expected a 17-character VIN (letters other than I, O, Q, and digits)' }],
      },
      {
        collection: 'invoices',
        index: 1,
        id: 'I2',
        issues: [{ code: 'unknown_reference', path: ['invoices', 1, 'vehicleId'], message: 'unknown vehicle "V2"' }],
      },
    ]);
  });

  it('rejects records of a customer that was itself rejected for an unknown site (cascade)', () => {
    const raw = {
      ...validRaw(),
      customers: [customer(), customer({ id: 'C2', homeSiteId: 'S9' })],
      engagement: [engagement(), engagement({ customerId: 'C2' })],
    };
    const { report } = collect(raw);
    expect(report.rejected).toEqual([
      { collection: 'customers', index: 1, id: 'C2', issues: [{ code: 'unknown_reference', path: ['customers', 1, 'homeSiteId'], message: 'unknown site "S9"' }] },
      { collection: 'engagement', index: 1, issues: [{ code: 'unknown_reference', path: ['engagement', 1, 'customerId'], message: 'unknown customer "C2"' }] },
    ]);
  });
});

describe('parseDataset: sale before first registration', () => {
  // V1 was first registered on 2019-06-01.
  it('rejects a sale dated the day before', () => {
    const { report } = collect({ ...validRaw(), sales: [sale({ date: '2019-05-31' })] });
    expect(report.rejected).toEqual([
      {
        collection: 'sales',
        index: 0,
        id: 'SA1',
        issues: [{ code: 'sale_before_registration', path: ['sales', 0, 'date'], message: "sale dated before the vehicle's first registration (2019-06-01)" }],
      },
    ]);
  });

  it('compares UTC days: a sale later on the day of registration is kept, an offset that moves it to the day before is not', () => {
    expect(collect({ ...validRaw(), sales: [sale({ date: '2019-06-01T18:00:00Z' })] }).report.rejected).toEqual([]);
    // 00:30 at +01:00 on 1 June is 23:30 UTC on 31 May.
    expect(collect({ ...validRaw(), sales: [sale({ date: '2019-06-01T00:30:00+01:00' })] }).report.rejected.map((r) => r.issues[0]?.code)).toEqual([
      'sale_before_registration',
    ]);
    // Registered at noon, sold at 08:00 the same UTC day: same day, kept.
    const raw = { ...validRaw(), vehicles: [vehicle({ firstRegistration: '2019-06-01T12:00:00Z' })], sales: [sale({ date: '2019-06-01T08:00:00Z' })] };
    expect(collect(raw).report.rejected).toEqual([]);
  });
});

describe('parseDataset: odometer going backwards', () => {
  // V1, in date order: reading 10,000 (2020-01-01), invoice I1 20,000 (2020-06-01),
  // reading 19,950 (2020-09-01), reading 19,899 (2021-01-01), invoice I2 5,000 (2021-02-01),
  // invoice I3 without odometer (2021-03-01), reading 25,000 (2021-06-01). V2 reads 500 in 2021.
  const raw = (): Raw => ({
    sites: [site()],
    customers: [customer()],
    vehicles: [vehicle(), vehicle({ id: 'V2', vin: 'VF1RFB00X56789012' })],
    odometerReadings: [
      reading({ date: '2020-01-01', km: 10_000 }),
      reading({ date: '2020-09-01', km: 19_950 }),
      reading({ date: '2021-01-01', km: 19_899 }),
      reading({ date: '2021-06-01', km: 25_000 }),
      reading({ vehicleId: 'V2', date: '2021-01-01', km: 500 }),
    ],
    invoices: [
      invoice({ id: 'I1', date: '2020-06-01', odometerKm: 20_000 }),
      invoice({ id: 'I2', date: '2021-02-01', odometerKm: 5_000 }),
      invoice({ id: 'I3', date: '2021-03-01', odometerKm: undefined }),
    ],
  });
  const backwards = (collection: 'invoices' | 'odometerReadings', index: number, km: number) => ({
    code: 'odometer_backwards',
    path: [collection, index, collection === 'invoices' ? 'odometerKm' : 'km'],
    message: `odometer ${km} km is below 20000 km recorded earlier at invoices[0]`,
  });

  it('rejects the later observation, readings and invoices together, beyond the default 100 km', () => {
    const { dataset, report } = collect(raw());
    // 19,950 ≥ 20,000 − 100: kept; 19,899 < 19,900: rejected; 5,000: rejected.
    expect(dataset.odometerReadings.map((r) => r.km)).toEqual([10_000, 19_950, 25_000, 500]);
    expect(dataset.invoices.map((i) => i.id)).toEqual(['I1', 'I3']);
    expect(report.rejected).toStrictEqual([
      { collection: 'invoices', index: 1, id: 'I2', issues: [backwards('invoices', 1, 5_000)] },
      { collection: 'odometerReadings', index: 2, issues: [backwards('odometerReadings', 2, 19_899)] },
    ]);
  });

  it('respects odometerToleranceKm, accepting a drop of exactly the tolerance', () => {
    // 200 km: 19,899 ≥ 19,800 is kept; 5,000 is still rejected.
    expect(collect(raw(), { odometerToleranceKm: 200 }).report.rejected.map((r) => [r.collection, r.index])).toEqual([['invoices', 1]]);
    // 0 km: any drop is rejected, 19,950 too.
    expect(collect(raw(), { odometerToleranceKm: 0 }).report.rejected).toStrictEqual([
      { collection: 'invoices', index: 1, id: 'I2', issues: [backwards('invoices', 1, 5_000)] },
      { collection: 'odometerReadings', index: 1, issues: [backwards('odometerReadings', 1, 19_950)] },
      { collection: 'odometerReadings', index: 2, issues: [backwards('odometerReadings', 2, 19_899)] },
    ]);
    // 15,000 km: 5,000 = 20,000 − 15,000 is exactly the tolerance, kept.
    expect(collect(raw(), { odometerToleranceKm: 15_000 }).report.rejected).toEqual([]);
  });

  it('throws in throw mode', () => {
    const error = thrown(() => parseDataset(raw()));
    expect(error.issues).toEqual([backwards('invoices', 1, 5_000), backwards('odometerReadings', 2, 19_899)]);
    expect(error.issueCount).toBe(2);
  });

  it('ignores observations of records rejected for another reason', () => {
    // I9 (900,000 km) points at an unknown site: it is not an observation, so 12,000 later stands.
    const data = {
      ...raw(),
      odometerReadings: [reading({ date: '2020-04-01', km: 12_000 })],
      invoices: [invoice({ id: 'I9', siteId: 'S9', date: '2020-03-01', odometerKm: 900_000 })],
    };
    const { report } = collect(data);
    expect(report.rejected.map((r) => [r.collection, r.index, r.issues[0]?.code])).toEqual([['invoices', 0, 'unknown_reference']]);
  });
});

describe('parseDataset: asOf', () => {
  it('rejects records dated after asOf; on asOf itself is kept', () => {
    // Disposal 2023-06-01 and engagement 2021-05-01 are after 2021-01-01; the indicator is on it.
    const { dataset, report } = collect(validRaw(), { asOf: utc(2021, 1, 1) });
    expect(report.rejected).toStrictEqual([
      { collection: 'disposals', index: 0, issues: [{ code: 'future_date', path: ['disposals', 0, 'date'], message: 'expected a date on or before asOf (2021-01-01)' }] },
      { collection: 'engagement', index: 0, issues: [{ code: 'future_date', path: ['engagement', 0, 'date'], message: 'expected a date on or before asOf (2021-01-01)' }] },
    ]);
    expect(dataset.serviceIndicators).toHaveLength(1);
    // Contacts are not checked: a scheduled contact may lie ahead.
    expect(dataset.contacts).toHaveLength(1);
  });

  it('rejects a vehicle first registered after asOf, and the records pointing at it', () => {
    const raw = {
      sites: [site()],
      customers: [customer()],
      vehicles: [vehicle(), vehicle({ id: 'V2', vin: 'VF1RFB00X56789012', firstRegistration: '2018-01-01' })],
      sales: [sale({ id: 'SA2', vehicleId: 'V2', date: '2018-02-01' })],
      invoices: [invoice({ date: '2018-12-01' })],
    };
    const { dataset, report } = collect(raw, { asOf: utc(2019, 1, 31) });
    expect(dataset.vehicles.map((v) => v.id)).toEqual(['V2']);
    expect(dataset.sales.map((s) => s.id)).toEqual(['SA2']);
    expect(report.rejected).toEqual([
      {
        collection: 'vehicles',
        index: 0,
        id: 'V1',
        issues: [{ code: 'future_date', path: ['vehicles', 0, 'firstRegistration'], message: 'expected a date on or before asOf (2019-01-31)' }],
      },
      { collection: 'invoices', index: 0, id: 'I1', issues: [{ code: 'unknown_reference', path: ['invoices', 0, 'vehicleId'], message: 'unknown vehicle "V1"' }] },
    ]);
  });

  it('checks nothing against time without asOf', () => {
    const raw = { ...validRaw(), engagement: [engagement({ date: '2199-01-01' })] };
    expect(collect(raw).report.rejected).toEqual([]);
  });
});

// ——— Properties ———————————————————————————————————————————————————————————————

const pick = <T>(...values: [T, ...T[]]) => fc.constantFrom(...values);
/** Mostly the valid arbitrary, sometimes (1 in 12) one of the bad values. */
const mostly = <T>(good: fc.Arbitrary<T>, ...bad: [unknown, ...unknown[]]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 11, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...bad) });
const DAY = 86_400_000;
const dayArb = fc.integer({ min: 0, max: 6 * 365 }).map((d) => new Date(Date.UTC(2018, 0, 1) + d * DAY));
const dateArb = mostly(
  fc.oneof(dayArb, dayArb.map((d) => d.toISOString().slice(0, 10))),
  '2023-02-30',
  '1850-01-01',
  'soon',
  20210701,
);
const kmArb = mostly(fc.integer({ min: 0, max: 30_000 }), Number.NaN, -5, 4_000_000, '1200');
const siteIdArb = mostly(pick('S1', 'S2'), 'S9', '');
const customerIdArb = mostly(pick('C1', 'C2', 'C3'), 'C9', '');
const vehicleIdArb = mostly(pick('V1', 'V2', 'V3'), 'V9');
const junkArb = pick<unknown>(null, 42, 'record', []);

const recordArbs: Record<CollectionName, fc.Arbitrary<unknown>> = {
  sites: fc.record({ id: mostly(pick('S1', 'S2'), ''), country: mostly(pick('FR', 'DE'), 'fr'), timeZone: mostly(pick('Europe/Paris', 'Europe/Berlin'), 'Nowhere/City') }),
  customers: fc.record(
    {
      id: mostly(pick('C1', 'C2', 'C3'), ''),
      kind: mostly(pick('person', 'company'), 'robot'),
      status: pick('customer', 'prospect'),
      createdAt: dateArb,
      homeSiteId: siteIdArb,
      householdId: pick('H1', 'H2'),
    },
    { requiredKeys: ['id', 'kind', 'status', 'createdAt'] },
  ),
  consents: fc.record({ customerId: customerIdArb, channel: mostly(pick('email', 'sms'), 'fax'), purpose: pick('marketing', 'service'), status: pick('granted', 'denied'), date: dateArb }),
  vehicles: fc.record(
    {
      id: pick('V1', 'V2', 'V3'),
      make: mostly(pick('Renault'), ''),
      model: pick('Clio'),
      firstRegistration: dateArb,
      vin: mostly(pick('VF1RFB00X56789012'), 'VF1RFB00I56789012'),
    },
    { requiredKeys: ['id', 'make', 'model', 'firstRegistration'] },
  ),
  sales: fc.record({ id: pick('SA1', 'SA2', 'SA3'), vehicleId: vehicleIdArb, customerId: customerIdArb, date: dateArb, condition: mostly(pick('new', 'used'), 'demo'), siteId: siteIdArb }),
  disposals: fc.record({ vehicleId: vehicleIdArb, customerId: customerIdArb, date: dateArb, reason: mostly(pick('trade-in', 'sold'), 'stolen') }),
  financeContracts: fc.record({ id: pick('F1', 'F2'), vehicleId: vehicleIdArb, customerId: customerIdArb, kind: pick('loan', 'lease'), start: dateArb, end: dateArb }),
  odometerReadings: fc.record({ vehicleId: vehicleIdArb, date: dateArb, km: kmArb, source: mostly(pick('workshop', 'telematics'), 'guess') }),
  serviceIndicators: fc.record(
    { vehicleId: vehicleIdArb, date: dateArb, item: pick('oil-service', 'brake-fluid'), dueDate: dateArb, remainingKm: fc.integer({ min: -1_000, max: 30_000 }) },
    { requiredKeys: ['vehicleId', 'date', 'item'] },
  ),
  invoices: fc.record(
    {
      id: pick('I1', 'I2', 'I3', 'I4', 'I5', 'I6'),
      siteId: siteIdArb,
      vehicleId: vehicleIdArb,
      customerId: customerIdArb,
      date: dateArb,
      odometerKm: kmArb,
      payer: pick('customer', 'warranty'),
      lines: fc.array(
        fc.record({
          kind: pick('labour', 'part'),
          label: pick('VIDANGE', 'PLAQ AV'),
          quantity: pick(1, 2.5),
          amount: mostly(fc.integer({ min: -50, max: 900 }), Number.NaN, Number.POSITIVE_INFINITY),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['id', 'siteId', 'vehicleId', 'customerId', 'date', 'payer', 'lines'] },
  ),
  contacts: fc.record(
    {
      id: pick('K1', 'K2', 'K3', 'K4'),
      customerId: customerIdArb,
      vehicleId: vehicleIdArb,
      campaignId: pick('X'),
      topic: pick('service'),
      channel: pick('sms', 'email'),
      sentAt: dateArb,
      deliveryStatus: pick('delivered', 'scheduled'),
      outcomeAt: dateArb,
      siteId: siteIdArb,
    },
    { requiredKeys: ['id', 'customerId', 'campaignId', 'topic', 'channel', 'sentAt', 'deliveryStatus'] },
  ),
  engagement: fc.record({ customerId: customerIdArb, date: dateArb, kind: mostly(pick('open', 'click'), 'like') }),
};

/** A collection: usually an array of mostly valid records, sometimes missing or not an array. */
const collectionArb = (record: fc.Arbitrary<unknown>, minLength: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.array(fc.oneof({ weight: 20, arbitrary: record }, { weight: 1, arbitrary: junkArb }), { minLength, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: pick<unknown>('not an array', null) },
  );

const rawArb: fc.Arbitrary<Raw> = fc.record(
  // Sites, customers and vehicles, which other records point at, are rarely empty.
  Object.fromEntries(
    DATASET_COLLECTIONS.map((c) => [c, collectionArb(recordArbs[c], c === 'sites' || c === 'customers' || c === 'vehicles' ? 2 : 0)]),
  ) as Record<CollectionName, fc.Arbitrary<unknown>>,
  { requiredKeys: [] },
);

const optionsArb = fc.record(
  {
    odometerToleranceKm: pick(0, 100, 5_000),
    asOf: fc.integer({ min: 0, max: 4 * 365 }).map((d) => new Date(Date.UTC(2021, 0, 1) + d * DAY)),
    maxIssues: pick(0, 3, 100),
  },
  { requiredKeys: ['odometerToleranceKm'] },
);

describe('parseDataset: properties', () => {
  it('conserves records in collect mode: kept + rejected = read, per collection', () => {
    fc.assert(
      fc.property(rawArb, optionsArb, (raw, options) => {
        const before = structuredClone(raw);
        const { dataset, report } = collect(raw, options);
        expect(raw).toEqual(before);
        let notArrays = 0;
        for (const c of DATASET_COLLECTIONS) {
          const value = raw[c];
          if (value !== undefined && !Array.isArray(value)) notArrays++;
          const read = Array.isArray(value) ? value.length : 0;
          const rejected = report.rejected.filter((r) => r.collection === c);
          expect(report.read[c]).toBe(read);
          expect(report.kept[c]).toBe(dataset[c].length);
          expect(report.kept[c] + rejected.length).toBe(read);
          // Each raw index is rejected at most once, and is a real index.
          const indices = rejected.map((r) => r.index);
          expect(new Set(indices).size).toBe(indices.length);
          for (const i of indices) expect(i >= 0 && i < read).toBe(true);
        }
        const reasons = report.rejected.reduce((n, r) => n + r.issues.length, 0);
        expect(report.issueCount).toBe(reasons + notArrays);
        expect(report.issues).toHaveLength(Math.min(options.maxIssues ?? 100, report.issueCount));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a dataset that parses again without error, to the same dataset', () => {
    fc.assert(
      fc.property(rawArb, optionsArb, (raw, options) => {
        const { dataset } = collect(raw, options);
        const { maxIssues: _ignored, ...again } = options;
        expect(parseDataset(dataset, again)).toEqual(dataset);
      }),
      { numRuns: 300 },
    );
  });
});
