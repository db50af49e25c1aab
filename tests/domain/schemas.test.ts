import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  ChannelSchema,
  ConsentSchema,
  ContactEventSchema,
  CustomerSchema,
  DateSchema,
  EngagementEventSchema,
  FinanceContractSchema,
  IdSchema,
  InvoiceLineSchema,
  InvoiceSchema,
  OdometerReadingSchema,
  ServiceIndicatorSchema,
  SiteSchema,
  VehicleDisposalSchema,
  VehicleSaleSchema,
  VehicleSchema,
  parseIsoDate,
} from '../../src/domain';

/** The issues of a failed parse, reduced to what relance keeps: code, path, message. */
function issuesOf(schema: z.ZodType, input: unknown): Array<{ code: string; path: PropertyKey[]; message: string }> {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.error.issues.map((issue) => ({ code: issue.code, path: issue.path, message: issue.message }));
}

/** Parses and asserts that the input was left exactly as it was. */
function parseUnchanged<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const before = structuredClone(input);
  const result = schema.safeParse(input);
  expect(input).toEqual(before);
  if (!result.success) throw new Error(`expected success, got ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0): Date => new Date(Date.UTC(y, m - 1, d, h, min, s, ms));

describe('DateSchema and parseIsoDate', () => {
  it('reads a date-only string as midnight UTC', () => {
    expect(DateSchema.parse('2024-03-05')).toEqual(utc(2024, 3, 5));
    expect(parseIsoDate('2024-03-05')?.toISOString()).toBe('2024-03-05T00:00:00.000Z');
  });

  it('reads a date-time without an offset as UTC (T or space separator, seconds optional)', () => {
    expect(DateSchema.parse('2024-03-05T14:30')).toEqual(utc(2024, 3, 5, 14, 30));
    expect(DateSchema.parse('2024-03-05 14:30:15')).toEqual(utc(2024, 3, 5, 14, 30, 15));
    expect(DateSchema.parse('2024-03-05T14:30:15.250')).toEqual(utc(2024, 3, 5, 14, 30, 15, 250));
  });

  it('applies a Z or a numeric offset', () => {
    expect(DateSchema.parse('2024-03-05T14:30:00Z')).toEqual(utc(2024, 3, 5, 14, 30));
    // 14:30 at +01:00 is 13:30 UTC; 14:30 at -05:30 is 20:00 UTC.
    expect(DateSchema.parse('2024-03-05T14:30:00+01:00')).toEqual(utc(2024, 3, 5, 13, 30));
    expect(DateSchema.parse('2024-03-05T14:30:00+0100')).toEqual(utc(2024, 3, 5, 13, 30));
    expect(DateSchema.parse('2024-03-05T14:30:00-05:30')).toEqual(utc(2024, 3, 5, 20, 0));
    // An offset that crosses midnight changes the UTC day: 00:30 at +02:00 is 22:30 UTC the day before.
    expect(DateSchema.parse('2024-03-01T00:30:00+02:00')).toEqual(utc(2024, 2, 29, 22, 30));
  });

  it('keeps up to millisecond precision from the fraction', () => {
    expect(DateSchema.parse('2024-03-05T14:30:00.007Z').getTime()).toBe(utc(2024, 3, 5, 14, 30, 0, 7).getTime());
    expect(DateSchema.parse('2024-03-05T14:30:00.1Z').getTime()).toBe(utc(2024, 3, 5, 14, 30, 0, 100).getTime());
    // Digits beyond milliseconds are truncated, not rounded.
    expect(DateSchema.parse('2024-03-05T14:30:00.123999Z').getTime()).toBe(utc(2024, 3, 5, 14, 30, 0, 123).getTime());
  });

  it('accepts 29 February in a leap year only', () => {
    expect(DateSchema.parse('2024-02-29')).toEqual(utc(2024, 2, 29));
    expect(issuesOf(DateSchema, '2023-02-29')).toEqual([
      { code: 'custom', path: [], message: 'expected a valid ISO 8601 date (YYYY-MM-DD)' },
    ]);
    // 1900 is not a leap year (divisible by 100, not by 400); 2000 is.
    expect(DateSchema.safeParse('1900-02-29').success).toBe(false);
    expect(DateSchema.parse('2000-02-29')).toEqual(utc(2000, 2, 29));
  });

  it.each(['2023-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-03-05T24:00', '2024-03-05T12:60', '2024-03-05T12:30:60'])(
    'rejects the invalid calendar date or time %s',
    (text) => {
      expect(parseIsoDate(text)).toBeUndefined();
      expect(issuesOf(DateSchema, text)).toEqual([
        { code: 'custom', path: [], message: 'expected a valid ISO 8601 date (YYYY-MM-DD)' },
      ]);
    },
  );

  it.each(['', 'yesterday', '05/03/2024', '2024-3-5', '2024-03-05Z', '2024-03-05T14', ' 2024-03-05', '2024-03-05 '])(
    'rejects the malformed text %j',
    (text) => {
      expect(parseIsoDate(text)).toBeUndefined();
      expect(issuesOf(DateSchema, text)).toEqual([
        { code: 'custom', path: [], message: 'expected a valid ISO 8601 date (YYYY-MM-DD)' },
      ]);
    },
  );

  it('accepts years 1900 to 2200 and rejects years outside', () => {
    expect(DateSchema.parse('1900-01-01')).toEqual(utc(1900, 1, 1));
    expect(DateSchema.parse('2200-12-31T23:59:59Z')).toEqual(utc(2200, 12, 31, 23, 59, 59));
    for (const text of ['1899-12-31', '2201-01-01', '9999-01-01']) {
      expect(issuesOf(DateSchema, text)).toEqual([{ code: 'custom', path: [], message: 'expected a date between 1900 and 2200' }]);
    }
    // The bound is checked in UTC: 00:30 on 1 Jan 1900 at +01:00 is 23:30 UTC on 31 Dec 1899.
    expect(issuesOf(DateSchema, '1900-01-01T00:30:00+01:00')).toEqual([
      { code: 'custom', path: [], message: 'expected a date between 1900 and 2200' },
    ]);
    expect(issuesOf(DateSchema, new Date(Date.UTC(1850, 0, 1)))).toEqual([
      { code: 'custom', path: [], message: 'expected a date between 1900 and 2200' },
    ]);
    expect(issuesOf(DateSchema, new Date(Date.UTC(2201, 0, 1)))).toEqual([
      { code: 'custom', path: [], message: 'expected a date between 1900 and 2200' },
    ]);
  });

  // Date.UTC maps years 0–99 to 1900–1999: '0050-01-01' must not be read as 1950-01-01.
  it('rejects the two-digit-era years 0000–0099 instead of reading them as 1900–1999', () => {
    expect(parseIsoDate('0050-01-01')).toBeUndefined();
    expect(parseIsoDate('0099-12-31')).toBeUndefined();
    expect(issuesOf(DateSchema, '0050-01-01')).toEqual([
      { code: 'custom', path: [], message: 'expected a date between 1900 and 2200' },
    ]);
  });

  // Offsets beyond ±18:00 or with minutes above 59 are not offsets.
  it('rejects an offset whose hours or minutes are out of range', () => {
    expect(parseIsoDate('2024-03-05T14:30:00+25:00')).toBeUndefined();
    expect(parseIsoDate('2024-03-05T14:30:00+19:00')).toBeUndefined();
    expect(parseIsoDate('2024-03-05T14:30:00+01:99')).toBeUndefined();
    expect(parseIsoDate('2024-03-05T14:30:00+14:00')?.toISOString()).toBe('2024-03-05T00:30:00.000Z');
    expect(parseIsoDate('2024-03-05T14:30:00-0330')?.toISOString()).toBe('2024-03-05T18:00:00.000Z');
  });

  it('copies a Date input instead of returning the same object', () => {
    const input = utc(2021, 6, 1, 8);
    const output = DateSchema.parse(input);
    expect(output).not.toBe(input);
    expect(output.getTime()).toBe(input.getTime());
  });

  it('rejects an invalid Date and values that are neither a Date nor a string', () => {
    for (const value of [new Date(Number.NaN), 20240305, null, undefined, {}, true]) {
      expect(issuesOf(DateSchema, value)).toEqual([
        { code: 'invalid_union', path: [], message: 'expected a Date or an ISO 8601 date string' },
      ]);
    }
  });
});

describe('IdSchema', () => {
  it('accepts a non-empty string and rejects an empty string or a number', () => {
    expect(IdSchema.parse('C1')).toBe('C1');
    expect(issuesOf(IdSchema, '')).toEqual([{ code: 'too_small', path: [], message: 'expected a non-empty string id' }]);
    expect(issuesOf(IdSchema, 42)).toEqual([{ code: 'invalid_type', path: [], message: 'expected a non-empty string id' }]);
  });
});

describe('vocabularies', () => {
  it('lists the accepted values in the message of a bad enum value', () => {
    expect(ChannelSchema.options).toEqual(['email', 'sms', 'phone', 'mail', 'push']);
    expect(issuesOf(ChannelSchema, 'fax')).toEqual([
      { code: 'invalid_value', path: [], message: 'expected one of: email, sms, phone, mail, push' },
    ]);
  });
});

describe('SiteSchema', () => {
  const site = { id: 'S1', name: 'Lyon Nord', country: 'FR', timeZone: 'Europe/Paris', dailyCapacity: { phone: 10, email: 500 } };

  it('accepts a full site and a minimal one', () => {
    expect(parseUnchanged(SiteSchema, site)).toEqual(site);
    expect(parseUnchanged(SiteSchema, { id: 'S2', country: 'DE', timeZone: 'UTC' })).toEqual({ id: 'S2', country: 'DE', timeZone: 'UTC' });
  });

  it('rejects an invalid time zone', () => {
    expect(issuesOf(SiteSchema, { ...site, timeZone: 'Mars/Olympus_Mons' })).toEqual([
      { code: 'custom', path: ['timeZone'], message: 'expected an IANA time zone such as Europe/Paris' },
    ]);
    expect(issuesOf(SiteSchema, { ...site, timeZone: 3 })).toEqual([
      { code: 'invalid_type', path: ['timeZone'], message: 'expected an IANA time zone such as Europe/Paris' },
    ]);
  });

  it('rejects a country that is not two upper-case letters', () => {
    for (const country of ['fr', 'FRA', 'F']) {
      expect(issuesOf(SiteSchema, { ...site, country })).toEqual([
        { code: 'invalid_format', path: ['country'], message: 'expected an ISO 3166-1 alpha-2 country code such as FR' },
      ]);
    }
  });

  it('rejects a negative or fractional daily capacity', () => {
    expect(issuesOf(SiteSchema, { ...site, dailyCapacity: { sms: -1 } })).toEqual([
      { code: 'too_small', path: ['dailyCapacity', 'sms'], message: 'expected a whole number ≥ 0' },
    ]);
    expect(issuesOf(SiteSchema, { ...site, dailyCapacity: { phone: 2.5 } })).toEqual([
      { code: 'invalid_type', path: ['dailyCapacity', 'phone'], message: 'expected a whole number ≥ 0' },
    ]);
  });

  it('rejects an empty id', () => {
    expect(issuesOf(SiteSchema, { ...site, id: '' })).toEqual([
      { code: 'too_small', path: ['id'], message: 'expected a non-empty string id' },
    ]);
  });
});

describe('CustomerSchema', () => {
  const customer = {
    id: 'C1',
    kind: 'person',
    householdId: 'H1',
    status: 'customer',
    civility: 'mrs',
    birthYear: 1971,
    postalCode: '01000',
    homeSiteId: 'S1',
    createdAt: '2019-04-02',
  };

  it('accepts a customer and coerces createdAt to a Date in UTC', () => {
    const parsed = parseUnchanged(CustomerSchema, customer);
    expect(parsed).toEqual({ ...customer, createdAt: utc(2019, 4, 2) });
    expect(parsed.createdAt).toBeInstanceOf(Date);
  });

  it('accepts a Date for createdAt and copies it', () => {
    const createdAt = utc(2019, 4, 2, 9, 15);
    const input = { id: 'C2', kind: 'company', status: 'prospect', createdAt };
    const parsed = parseUnchanged(CustomerSchema, input);
    expect(parsed.createdAt).toEqual(createdAt);
    expect(parsed.createdAt).not.toBe(createdAt);
    expect(input.createdAt).toBe(createdAt);
  });

  it('drops unknown keys', () => {
    expect(CustomerSchema.parse({ ...customer, loyaltyScore: 3 })).not.toHaveProperty('loyaltyScore');
  });

  it('rejects an empty id and a bad kind with exact paths and messages', () => {
    expect(issuesOf(CustomerSchema, { ...customer, id: '', kind: 'robot' })).toEqual([
      { code: 'too_small', path: ['id'], message: 'expected a non-empty string id' },
      { code: 'invalid_value', path: ['kind'], message: 'expected one of: person, company' },
    ]);
  });

  it('rejects a bad status and civility', () => {
    expect(issuesOf(CustomerSchema, { ...customer, status: 'lead', civility: 'dr' })).toEqual([
      { code: 'invalid_value', path: ['status'], message: 'expected one of: customer, prospect' },
      { code: 'invalid_value', path: ['civility'], message: 'expected one of: mr, mrs, ms, mx, unknown' },
    ]);
  });

  it('rejects a birth year outside 1900–2100 or not whole', () => {
    expect(issuesOf(CustomerSchema, { ...customer, birthYear: 1899 })).toEqual([
      { code: 'too_small', path: ['birthYear'], message: 'expected a year between 1900 and 2100' },
    ]);
    expect(issuesOf(CustomerSchema, { ...customer, birthYear: 2101 })).toEqual([
      { code: 'too_big', path: ['birthYear'], message: 'expected a year between 1900 and 2100' },
    ]);
    expect(issuesOf(CustomerSchema, { ...customer, birthYear: 1970.5 })).toEqual([
      { code: 'invalid_type', path: ['birthYear'], message: 'expected a year between 1900 and 2100' },
    ]);
  });

  it('rejects a missing or invalid createdAt', () => {
    const { createdAt: _omitted, ...withoutDate } = customer;
    expect(issuesOf(CustomerSchema, withoutDate)).toEqual([
      { code: 'invalid_union', path: ['createdAt'], message: 'expected a Date or an ISO 8601 date string' },
    ]);
    expect(issuesOf(CustomerSchema, { ...customer, createdAt: '2019-02-30' })).toEqual([
      { code: 'custom', path: ['createdAt'], message: 'expected a valid ISO 8601 date (YYYY-MM-DD)' },
    ]);
    expect(issuesOf(CustomerSchema, { ...customer, createdAt: '1899-05-01' })).toEqual([
      { code: 'custom', path: ['createdAt'], message: 'expected a date between 1900 and 2200' },
    ]);
  });
});

describe('ConsentSchema', () => {
  const consent = { customerId: 'C1', channel: 'sms', purpose: 'marketing', status: 'denied', date: '2022-11-08T10:00:00+01:00', bounced: false };

  it('accepts a consent and applies the offset of its date', () => {
    expect(parseUnchanged(ConsentSchema, consent)).toEqual({ ...consent, date: utc(2022, 11, 8, 9) });
  });

  it('rejects a bad status, purpose and bounced flag', () => {
    expect(issuesOf(ConsentSchema, { ...consent, purpose: 'ads', status: 'maybe', bounced: 'no' })).toEqual([
      { code: 'invalid_value', path: ['purpose'], message: 'expected one of: marketing, service, partner-sharing' },
      { code: 'invalid_value', path: ['status'], message: 'expected one of: granted, denied' },
      { code: 'invalid_type', path: ['bounced'], message: 'expected true or false' },
    ]);
  });
});

describe('VehicleSchema', () => {
  const vehicle = {
    id: 'V1',
    vin: 'VF1RFB00X56789012',
    make: 'Renault',
    model: 'Clio',
    segment: 'B',
    variant: '1.0 TCe 90',
    fuel: 'petrol',
    firstRegistration: '2019-06-15',
    warrantyStart: '2019-06-15',
    warrantyEnd: '2021-06-15',
  };

  it('accepts a vehicle, dates coerced to Date', () => {
    expect(parseUnchanged(VehicleSchema, vehicle)).toEqual({
      ...vehicle,
      firstRegistration: utc(2019, 6, 15),
      warrantyStart: utc(2019, 6, 15),
      warrantyEnd: utc(2021, 6, 15),
    });
  });

  it('accepts a warranty ending on the day it starts', () => {
    expect(VehicleSchema.safeParse({ ...vehicle, warrantyEnd: '2019-06-15' }).success).toBe(true);
  });

  it('rejects a warranty end before its start, at warrantyEnd', () => {
    expect(issuesOf(VehicleSchema, { ...vehicle, warrantyEnd: '2019-06-14' })).toEqual([
      { code: 'custom', path: ['warrantyEnd'], message: 'expected a warranty end on or after the warranty start' },
    ]);
  });

  it.each(['VF1RFB00I56789012', 'VF1RFB00O56789012', 'VF1RFB00Q56789012', 'vf1rfb00x56789012', 'VF1RFB00X5678901', 'VF1RFB00X567890123'])(
    'rejects the VIN %s',
    (vin) => {
      expect(issuesOf(VehicleSchema, { ...vehicle, vin })).toEqual([
        { code: 'invalid_format', path: ['vin'], message: 'expected a 17-character VIN (letters other than I, O, Q, and digits)' },
      ]);
    },
  );

  it('rejects an empty make and model, and a bad fuel', () => {
    expect(issuesOf(VehicleSchema, { ...vehicle, make: '', model: '', fuel: 'steam' })).toEqual([
      { code: 'too_small', path: ['make'], message: 'expected a non-empty make' },
      { code: 'too_small', path: ['model'], message: 'expected a non-empty model' },
      {
        code: 'invalid_value',
        path: ['fuel'],
        message: 'expected one of: petrol, diesel, hybrid, plug-in-hybrid, electric, lpg, other',
      },
    ]);
  });
});

describe('VehicleSaleSchema', () => {
  const sale = { id: 'SA1', vehicleId: 'V1', customerId: 'C1', date: '2019-06-15', condition: 'new', price: 18500, siteId: 'S1' };

  it('accepts a sale', () => {
    expect(parseUnchanged(VehicleSaleSchema, sale)).toEqual({ ...sale, date: utc(2019, 6, 15) });
  });

  it('rejects a negative or NaN price and a bad condition', () => {
    expect(issuesOf(VehicleSaleSchema, { ...sale, price: -1, condition: 'demo' })).toEqual([
      { code: 'invalid_value', path: ['condition'], message: 'expected one of: new, used' },
      { code: 'too_small', path: ['price'], message: 'expected a number ≥ 0' },
    ]);
    expect(issuesOf(VehicleSaleSchema, { ...sale, price: Number.NaN })).toEqual([
      { code: 'invalid_type', path: ['price'], message: 'expected a finite number' },
    ]);
  });

  it('rejects an empty vehicle id', () => {
    expect(issuesOf(VehicleSaleSchema, { ...sale, vehicleId: '' })).toEqual([
      { code: 'too_small', path: ['vehicleId'], message: 'expected a non-empty string id' },
    ]);
  });
});

describe('VehicleDisposalSchema', () => {
  const disposal = { vehicleId: 'V1', customerId: 'C1', date: '2023-01-10', reason: 'trade-in' };

  it('accepts a disposal', () => {
    expect(parseUnchanged(VehicleDisposalSchema, disposal)).toEqual({ ...disposal, date: utc(2023, 1, 10) });
  });

  it('rejects a bad reason', () => {
    expect(issuesOf(VehicleDisposalSchema, { ...disposal, reason: 'stolen' })).toEqual([
      {
        code: 'invalid_value',
        path: ['reason'],
        message: 'expected one of: trade-in, sold, scrapped, reported-by-customer, registration-change',
      },
    ]);
  });
});

describe('FinanceContractSchema', () => {
  const contract = { id: 'F1', vehicleId: 'V1', customerId: 'C1', kind: 'lease', start: '2019-06-15', end: '2023-06-15', monthlyPayment: 289 };

  it('accepts a contract', () => {
    expect(parseUnchanged(FinanceContractSchema, contract)).toEqual({ ...contract, start: utc(2019, 6, 15), end: utc(2023, 6, 15) });
  });

  it('rejects an end before or on the start, at end', () => {
    for (const end of ['2019-06-14', '2019-06-15']) {
      expect(issuesOf(FinanceContractSchema, { ...contract, end })).toEqual([
        { code: 'custom', path: ['end'], message: 'expected an end after the start' },
      ]);
    }
  });

  it('rejects a bad kind and a negative monthly payment', () => {
    expect(issuesOf(FinanceContractSchema, { ...contract, kind: 'rent', monthlyPayment: -10 })).toEqual([
      { code: 'invalid_value', path: ['kind'], message: 'expected one of: loan, lease, balloon' },
      { code: 'too_small', path: ['monthlyPayment'], message: 'expected a number ≥ 0' },
    ]);
  });
});

describe('OdometerReadingSchema', () => {
  const reading = { vehicleId: 'V1', date: '2021-03-01T09:00:00Z', km: 42_100, source: 'telematics' };

  it('accepts a reading, including 0 km and exactly 3,000,000 km', () => {
    expect(parseUnchanged(OdometerReadingSchema, reading)).toEqual({ ...reading, date: utc(2021, 3, 1, 9) });
    expect(OdometerReadingSchema.safeParse({ ...reading, km: 0 }).success).toBe(true);
    expect(OdometerReadingSchema.safeParse({ ...reading, km: 3_000_000 }).success).toBe(true);
  });

  it('rejects a negative distance', () => {
    expect(issuesOf(OdometerReadingSchema, { ...reading, km: -1 })).toEqual([
      { code: 'too_small', path: ['km'], message: 'expected a number ≥ 0' },
    ]);
  });

  it('rejects a distance above 3,000,000 km', () => {
    expect(issuesOf(OdometerReadingSchema, { ...reading, km: 3_000_001 })).toEqual([
      { code: 'too_big', path: ['km'], message: 'expected a distance of at most 3,000,000 km' },
    ]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '42100'])('rejects the distance %s', (km) => {
    expect(issuesOf(OdometerReadingSchema, { ...reading, km })).toEqual([
      { code: 'invalid_type', path: ['km'], message: 'expected a finite number' },
    ]);
  });

  it('rejects a bad source', () => {
    expect(issuesOf(OdometerReadingSchema, { ...reading, source: 'guess' })).toEqual([
      { code: 'invalid_value', path: ['source'], message: 'expected one of: workshop, telematics, inspection, sale, customer, other' },
    ]);
  });
});

describe('ServiceIndicatorSchema', () => {
  const indicator = { vehicleId: 'V1', date: '2022-05-01', item: 'oil-service' };

  it('accepts an indicator with a due date, a remaining distance, or both (negative when overdue)', () => {
    expect(parseUnchanged(ServiceIndicatorSchema, { ...indicator, dueDate: '2022-09-01' })).toEqual({
      ...indicator,
      date: utc(2022, 5, 1),
      dueDate: utc(2022, 9, 1),
    });
    expect(parseUnchanged(ServiceIndicatorSchema, { ...indicator, remainingKm: -350 })).toEqual({
      ...indicator,
      date: utc(2022, 5, 1),
      remainingKm: -350,
    });
    expect(ServiceIndicatorSchema.safeParse({ ...indicator, dueDate: '2022-09-01', remainingKm: 0 }).success).toBe(true);
  });

  it('rejects an indicator with neither a due date nor a remaining distance, at dueDate', () => {
    expect(issuesOf(ServiceIndicatorSchema, indicator)).toEqual([
      { code: 'custom', path: ['dueDate'], message: 'expected a dueDate or a remainingKm' },
    ]);
  });

  it('rejects an unknown maintenance item and a NaN remaining distance', () => {
    expect(issuesOf(ServiceIndicatorSchema, { ...indicator, item: 'wash', remainingKm: Number.NaN })).toEqual([
      {
        code: 'invalid_value',
        path: ['item'],
        message:
          'expected one of: oil-service, small-service, large-service, brake-fluid, timing-belt, spark-plugs, air-filter, cabin-filter, fuel-filter, air-conditioning, coolant, gearbox-oil, auxiliary-belt',
      },
      { code: 'invalid_type', path: ['remainingKm'], message: 'expected a finite number' },
    ]);
  });
});

describe('InvoiceLineSchema and InvoiceSchema', () => {
  const line = { kind: 'part', operationCode: '7700', label: 'FILTRE A HUILE', quantity: 1, amount: 12.4, payer: 'warranty' };
  const invoice = {
    id: 'I1',
    siteId: 'S1',
    vehicleId: 'V1',
    customerId: 'C1',
    date: '2021-03-01',
    odometerKm: 42_100,
    payer: 'customer',
    lines: [line, { kind: 'fee', label: 'REMISE', quantity: 1, amount: -5 }],
  };

  it('accepts an invoice with a negative (discount) line and an invoice with no lines', () => {
    expect(parseUnchanged(InvoiceSchema, invoice)).toEqual({ ...invoice, date: utc(2021, 3, 1) });
    expect(InvoiceSchema.safeParse({ ...invoice, lines: [] }).success).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects a line amount of %s', (amount) => {
    expect(issuesOf(InvoiceLineSchema, { ...line, amount })).toEqual([
      { code: 'invalid_type', path: ['amount'], message: 'expected a finite number' },
    ]);
    expect(issuesOf(InvoiceSchema, { ...invoice, lines: [line, { ...line, amount }] })).toEqual([
      { code: 'invalid_type', path: ['lines', 1, 'amount'], message: 'expected a finite number' },
    ]);
  });

  it('rejects a bad line kind, line payer and header payer', () => {
    expect(issuesOf(InvoiceSchema, { ...invoice, payer: 'bank', lines: [{ ...line, kind: 'tax', payer: 'nobody' }] })).toEqual([
      {
        code: 'invalid_value',
        path: ['payer'],
        message: 'expected one of: customer, warranty, internal, insurance, contract, fleet, goodwill, unknown',
      },
      { code: 'invalid_value', path: ['lines', 0, 'kind'], message: 'expected one of: labour, part, package, fee, other' },
      {
        code: 'invalid_value',
        path: ['lines', 0, 'payer'],
        message: 'expected one of: customer, warranty, internal, insurance, contract, fleet, goodwill, unknown',
      },
    ]);
  });

  it('rejects lines that are not an array', () => {
    expect(issuesOf(InvoiceSchema, { ...invoice, lines: 'VIDANGE' })).toEqual([
      { code: 'invalid_type', path: ['lines'], message: 'expected an array of lines' },
    ]);
  });

  it('rejects a negative or excessive odometer', () => {
    expect(issuesOf(InvoiceSchema, { ...invoice, odometerKm: -3 })).toEqual([
      { code: 'too_small', path: ['odometerKm'], message: 'expected a number ≥ 0' },
    ]);
    expect(issuesOf(InvoiceSchema, { ...invoice, odometerKm: 5_000_000 })).toEqual([
      { code: 'too_big', path: ['odometerKm'], message: 'expected a distance of at most 3,000,000 km' },
    ]);
  });
});

describe('ContactEventSchema', () => {
  const contact = {
    id: 'K1',
    customerId: 'C1',
    vehicleId: 'V1',
    campaignId: 'SPRING-SERVICE',
    topic: 'service',
    channel: 'email',
    sentAt: '2024-04-02T08:00:00Z',
    deliveryStatus: 'delivered',
    outcome: 'appointment',
    outcomeAt: '2024-04-02T10:15:00+02:00',
    siteId: 'S1',
  };

  it('accepts a contact; an outcome at the sending instant is allowed', () => {
    expect(parseUnchanged(ContactEventSchema, contact)).toEqual({
      ...contact,
      sentAt: utc(2024, 4, 2, 8),
      outcomeAt: utc(2024, 4, 2, 8, 15),
    });
    // 10:00 at +02:00 is 08:00 UTC: the same instant as sentAt.
    expect(ContactEventSchema.safeParse({ ...contact, outcomeAt: '2024-04-02T10:00:00+02:00' }).success).toBe(true);
  });

  it('rejects an outcome before the sending date, at outcomeAt', () => {
    // 09:59 at +02:00 is 07:59 UTC, one minute before sentAt.
    expect(issuesOf(ContactEventSchema, { ...contact, outcomeAt: '2024-04-02T09:59:00+02:00' })).toEqual([
      { code: 'custom', path: ['outcomeAt'], message: 'expected an outcome date on or after the sending date' },
    ]);
  });

  it('rejects a bad topic, delivery status and outcome', () => {
    expect(issuesOf(ContactEventSchema, { ...contact, topic: 'birthday', deliveryStatus: 'lost', outcome: 'yes' })).toEqual([
      {
        code: 'invalid_value',
        path: ['topic'],
        message: 'expected one of: service, inspection, tyres, repurchase, winback, promotion, survey, transactional',
      },
      { code: 'invalid_value', path: ['deliveryStatus'], message: 'expected one of: scheduled, delivered, bounced, failed, held-out' },
      {
        code: 'invalid_value',
        path: ['outcome'],
        message:
          'expected one of: appointment, purchase, visit, responded, absent, serviced-elsewhere, no-longer-owner, opt-out, none',
      },
    ]);
  });
});

describe('EngagementEventSchema', () => {
  const event = { customerId: 'C1', date: '2024-04-02T08:05:00Z', kind: 'click', channel: 'email', campaignId: 'SPRING-SERVICE' };

  it('accepts an engagement event', () => {
    expect(parseUnchanged(EngagementEventSchema, event)).toEqual({ ...event, date: utc(2024, 4, 2, 8, 5) });
  });

  it('rejects a bad kind and an empty campaign id', () => {
    expect(issuesOf(EngagementEventSchema, { ...event, kind: 'like', campaignId: '' })).toEqual([
      { code: 'invalid_value', path: ['kind'], message: 'expected one of: open, click, web-visit, lead' },
      { code: 'too_small', path: ['campaignId'], message: 'expected a non-empty string id' },
    ]);
  });
});

describe('inputs are not mutated', () => {
  it('leaves a record with Date inputs as it was and returns new Date objects', () => {
    const start = utc(2019, 6, 15);
    const end = utc(2023, 6, 15);
    const input = { id: 'F1', vehicleId: 'V1', customerId: 'C1', kind: 'loan', start, end };
    const before = structuredClone(input);
    const parsed = FinanceContractSchema.parse(input);
    expect(input).toEqual(before);
    expect(input.start).toBe(start);
    expect(parsed.start).not.toBe(start);
    expect(parsed.end).not.toBe(end);
    // Mutating the output does not reach the input.
    parsed.start.setUTCFullYear(2000);
    expect(start.getUTCFullYear()).toBe(2019);
  });

  it('leaves a rejected record as it was', () => {
    const input = { id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: '2023-02-30', payer: 'customer', lines: [{ kind: 'labour', label: 'x', quantity: 1, amount: Number.NaN }] };
    const before = structuredClone(input);
    expect(InvoiceSchema.safeParse(input).success).toBe(false);
    expect(input).toEqual(before);
  });
});
