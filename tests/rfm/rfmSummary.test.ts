/**
 * rfmSummary against truths that do not come from it: a pandas computation on the UCI Online
 * Retail data (tests/fixtures/online-retail/, script and output committed), the CDNOW summary
 * that Fader, Hardie & Lee published (shared/datasets/cdnow/), hand-computed cases, and
 * properties (order, chunking and sharding change nothing).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelanceError } from '../../src/errors';
import { RfmAccumulator, rfmCalibrationHoldout, rfmSummary, type RfmEvent } from '../../src/rfm';

const shared = (path: string): URL => new URL(`../../../shared/datasets/${path}`, import.meta.url);

/** RFC 4180 fields of one CSV line (descriptions hold quoted commas). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

describe('rfmSummary on UCI Online Retail, against pandas (tests/fixtures/online-retail/rfm_reference.py)', () => {
  // The rules pinned in the fixture: cancellations (InvoiceNo starting with C), Quantity ≤ 0 or
  // UnitPrice ≤ 0, and rows without CustomerID are left out; same-day invoices merge;
  // snapshot 2011-12-10 00:00; unit days.
  const reference = JSON.parse(readFileSync(new URL('../fixtures/online-retail/rfm_reference.json', import.meta.url), 'utf8')) as {
    columns: string[];
    customers: Array<Array<string | number>>;
    totals: { customers: number; rowsKept: number };
  };
  const col = (name: string): number => reference.columns.indexOf(name);
  const lines = gunzipSync(readFileSync(shared('online-retail/online_retail.csv.gz'))).toString('utf8').split('\n');
  const header = csvFields(lines[0] as string);
  const [iNo, iQty, iDate, iPrice, iCust] = ['InvoiceNo', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'].map((c) => header.indexOf(c)) as [number, number, number, number, number];
  const events: RfmEvent[] = [];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k] as string;
    if (line.length === 0) continue;
    const f = csvFields(line);
    const quantity = Number(f[iQty]);
    const price = Number(f[iPrice]);
    const customer = f[iCust] as string;
    if ((f[iNo] as string).startsWith('C') || quantity <= 0 || price <= 0 || customer === '') continue;
    events.push({ customerId: customer, at: new Date(`${(f[iDate] as string).replace(' ', 'T')}Z`), value: quantity * price });
  }
  const asOf = new Date('2011-12-10T00:00:00Z');

  it('keeps the same rows and customers as pandas', () => {
    expect(events.length).toBe(reference.totals.rowsKept);
    const rows = rfmSummary(events, { asOf, unit: 'days' });
    expect(rows.length).toBe(reference.customers.length);
    expect(rows.map((r) => r.customerId)).toEqual(reference.customers.map((c) => c[col('customerId')]));
  });

  it.each(['mean-repeat', 'mean', 'total'] as const)('frequency, recency, T, daysSinceLast exactly; monetary (%s) within 1e-6', (monetary) => {
    const rows = rfmSummary(events, { asOf, unit: 'days', monetary });
    const field = monetary === 'mean-repeat' ? 'monetaryMeanRepeat' : monetary === 'mean' ? 'monetaryMeanAll' : 'monetaryTotal';
    rows.forEach((row, k) => {
      const ref = reference.customers[k] as Array<string | number>;
      expect(row.frequency).toBe(ref[col('frequency')]);
      expect(row.recency).toBe(ref[col('recency')]);
      expect(row.T).toBe(ref[col('T')]);
      expect(row.daysSinceLast).toBe(ref[col('daysSinceLast')]);
      expect(row.purchaseDays).toBe(ref[col('days')]);
      expect(row.firstPurchase.toISOString().slice(0, 10)).toBe(ref[col('firstPurchase')]);
      expect(Math.abs(row.monetary - (ref[col(field)] as number))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(row.monetary)));
    });
  });
});

describe('rfmCalibrationHoldout on CDNOW, against the published summary (Fader, Hardie & Lee 2005)', () => {
  // CDNOW_sample.txt: master id, sample id (the ID of the summary), YYYYMMDD, CDs, dollars.
  const events: RfmEvent[] = readFileSync(shared('cdnow/CDNOW_sample.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const [, id, date, , dollars] = l.trim().split(/\s+/) as [string, string, string, string, string];
      return { customerId: String(Number(id)), at: new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T00:00:00Z`), value: Number(dollars) };
    });
  const summary = readFileSync(shared('cdnow/cdnow_customers_summary.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => l.split(',').map(Number) as [number, number, number, number]);
  const rows = rfmCalibrationHoldout(events, { calibrationEnd: new Date('1997-09-30T00:00:00Z'), observationEnd: new Date('1998-06-30T00:00:00Z'), unit: 'weeks' });

  it('reproduces frequency, recency and T (weeks, 2 decimals) for all 2,357 customers', () => {
    expect(rows.length).toBe(2357);
    const byId = new Map(rows.map((r) => [r.customerId, r]));
    for (const [id, x, tx, T] of summary) {
      const r = byId.get(String(id));
      expect(r?.frequency).toBe(x);
      expect(Number((r?.recency as number).toFixed(2))).toBe(tx);
      expect(Number((r?.T as number).toFixed(2))).toBe(T);
    }
  });

  it('counts the README totals: 946 repeat buyers, 2,457 calibration and 1,882 holdout repeat transactions', () => {
    expect(rows.filter((r) => r.frequency > 0).length).toBe(946);
    expect(rows.reduce((s, r) => s + r.frequency, 0)).toBe(2457);
    expect(rows.reduce((s, r) => s + r.holdoutFrequency, 0)).toBe(1882);
    expect(rows[0]?.holdoutDuration).toBeCloseTo(273 / 7, 12);
  });
});

describe('rfmSummary: hand-computed cases', () => {
  const asOf = new Date('2025-06-30T00:00:00Z');
  const d = (iso: string): Date => new Date(`${iso}T10:00:00Z`);

  it('merges same-day events, counts repeats, and reads returns as credits, not purchases', () => {
    const rows = rfmSummary(
      [
        { customerId: 'B', at: d('2025-01-10'), value: 100 },
        { customerId: 'A', at: d('2025-03-01'), value: 50 },
        { customerId: 'A', at: d('2025-01-01'), value: 200 },
        { customerId: 'A', at: d('2025-01-01'), value: 20 },
        { customerId: 'A', at: d('2025-05-01'), value: 70 },
        { customerId: 'A', at: d('2025-05-20'), value: -30 }, // a return
      ],
      { asOf },
    );
    // A: days 2025-01-01 (220), 03-01 (50), 05-01 (70): frequency 2, recency 120 days,
    // T = 180 days (Jan 1 → Jun 30), last 60 days ago, repeat mean (50 + 70) / 2 = 60.
    expect(rows[0]).toMatchObject({ customerId: 'A', frequency: 2, recency: 120, T: 180, daysSinceLast: 60, monetary: 60, total: 310, returned: -30, purchaseDays: 3 });
    expect(rows[1]).toMatchObject({ customerId: 'B', frequency: 0, recency: 0, T: 171, daysSinceLast: 171, monetary: 0, total: 100 });
  });

  it('converts to weeks and months (30.436875 days) for recency and T, not daysSinceLast', () => {
    const events = [
      { customerId: 'A', at: d('2025-01-01') },
      { customerId: 'A', at: d('2025-01-15') },
    ];
    const [w] = rfmSummary(events, { asOf, unit: 'weeks' });
    expect(w).toMatchObject({ recency: 2, T: 180 / 7, daysSinceLast: 166 });
    const [m] = rfmSummary(events, { asOf, unit: 'months' });
    expect(m?.T).toBeCloseTo(180 / 30.436875, 12);
  });

  it('counts an event on asOf’s day; one after it is an error unless `to` leaves it out', () => {
    expect(rfmSummary([{ customerId: 'A', at: new Date('2025-06-30T23:00:00Z') }], { asOf })[0]?.T).toBe(0);
    const late = [{ customerId: 'A', at: d('2025-01-01') }, { customerId: 'A', at: d('2025-07-02') }];
    expect(() => rfmSummary(late, { asOf })).toThrow(/after asOf/);
    const acc = new RfmAccumulator({ asOf, to: new Date('2025-06-01T00:00:00Z') }).add(late);
    expect(acc.summary()[0]?.frequency).toBe(0);
    expect(acc.stats).toEqual({ events: 2, purchases: 1, returns: 0, outsideWindow: 1 });
  });

  it('keeps none of a chunk with a bad event: the accumulator is as before it', () => {
    const acc = new RfmAccumulator({ asOf }).add([{ customerId: 'A', at: d('2025-01-01'), value: 10 }]);
    const before = acc.summary();
    expect(() => acc.add([{ customerId: 'B', at: d('2025-02-01') }, { customerId: 'A', at: d('2025-03-01'), value: Number.POSITIVE_INFINITY }])).toThrow(/events\[1\]\.value/);
    expect(acc.summary()).toEqual(before);
    expect(acc.stats.events).toBe(1);
  });

  it('names each bad event and field; empty input gives no rows; a returns-only customer has none', () => {
    try {
      rfmSummary(
        [
          { customerId: '', at: d('2025-01-01') },
          { customerId: 'A', at: new Date('nope') },
          { customerId: 'A', at: d('2025-01-01'), value: Number.NaN },
        ],
        { asOf },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RelanceError);
      expect((error as RelanceError).issues.map((i) => i.path.join('.'))).toEqual(['events.0.customerId', 'events.1.at', 'events.2.value']);
    }
    expect(rfmSummary([], { asOf })).toEqual([]);
    expect(rfmSummary([{ customerId: 'A', at: d('2025-01-01'), value: -10 }], { asOf })).toEqual([]);
    expect(() => rfmSummary([], { asOf: new Date('x') })).toThrow(RelanceError);
    expect(() => rfmSummary([], { asOf, unit: 'years' as never })).toThrow(/unit/);
  });
});

describe('rfmSummary properties', () => {
  const event = fc.record({
    customerId: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
    day: fc.integer({ min: 0, max: 400 }),
    hour: fc.integer({ min: 0, max: 23 }),
    value: fc.oneof(fc.constant(undefined), fc.integer({ min: -50, max: 500 })),
  });
  const toEvent = (e: { customerId: string; day: number; hour: number; value: number | undefined }): RfmEvent => ({
    customerId: e.customerId,
    at: new Date(Date.UTC(2024, 0, 1 + e.day, e.hour)),
    ...(e.value === undefined ? {} : { value: e.value }),
  });
  const asOf = new Date('2025-03-01T00:00:00Z');

  it('does not depend on the order, the chunking or the sharding of the events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), fc.integer(), (raw, chunk, seed) => {
        const events = raw.map(toEvent);
        const once = rfmSummary(events, { asOf });
        const shuffled = events.map((e, i) => ({ e, k: Math.imul(i + 1, seed | 1) >>> 0 })).sort((p, q) => p.k - q.k).map((x) => x.e);
        expect(rfmSummary(shuffled, { asOf })).toEqual(once);
        const shards = [new RfmAccumulator({ asOf }), new RfmAccumulator({ asOf })];
        for (let i = 0; i < shuffled.length; i += chunk) (shards[(i / chunk) % 2] as RfmAccumulator).add(shuffled.slice(i, i + chunk));
        expect((shards[0] as RfmAccumulator).merge(shards[1] as RfmAccumulator).summary()).toEqual(once);
      }),
    );
  });

  it('keeps 0 ≤ recency ≤ T, frequency + 1 = purchase days, daysSinceLast = T − recency (days); leaves the input alone', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (raw) => {
        const events = raw.map(toEvent);
        const copy = JSON.stringify(events);
        for (const r of rfmSummary(events, { asOf })) {
          expect(r.recency).toBeGreaterThanOrEqual(0);
          expect(r.recency).toBeLessThanOrEqual(r.T);
          expect(r.frequency + 1).toBe(r.purchaseDays);
          expect(r.daysSinceLast).toBe(r.T - r.recency);
          expect(Number.isFinite(r.monetary)).toBe(true);
        }
        expect(JSON.stringify(events)).toBe(copy);
      }),
    );
  });
});
