/** What the demo prints and reports about a dataset: plain tables computed from the data. */
import type { Dataset } from '../domain';
import { median } from '../internal/median';

/** A table: a title, column headers and rows of cells (numbers are formatted on output). */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>;
}

/** A bar chart's data: one series of (label, value). */
export interface Bars {
  readonly title: string;
  readonly unit: string;
  readonly bars: ReadonlyArray<readonly [string, number]>;
}

/** A survival curve's data: Kaplan–Meier steps with their band, and a fitted curve. */
export interface Curves {
  readonly title: string;
  readonly xLabel: string;
  /** Step times, S just after each, and the band. */
  readonly times: readonly number[];
  readonly survival: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** The fitted curve as (time, S) points. */
  readonly fitted: ReadonlyArray<readonly [number, number]>;
}

const DAY = 86_400_000;
const fmt = (n: number): string => n.toLocaleString('en-GB');

function count<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Yearly km per vehicle from its first and last readings at least 90 days apart. */
export function kmPerYearByVehicle(dataset: Dataset): Map<string, number> {
  const span = new Map<string, { first: [number, number]; last: [number, number] }>();
  const observe = (vehicleId: string, time: number, km: number): void => {
    const s = span.get(vehicleId);
    if (s === undefined) span.set(vehicleId, { first: [time, km], last: [time, km] });
    else {
      if (time < s.first[0]) s.first = [time, km];
      if (time > s.last[0]) s.last = [time, km];
    }
  };
  for (const r of dataset.odometerReadings) observe(r.vehicleId, r.date.getTime(), r.km);
  const rates = new Map<string, number>();
  for (const [id, s] of span) {
    const days = (s.last[0] - s.first[0]) / DAY;
    if (days >= 90) rates.set(id, ((s.last[1] - s.first[1]) / days) * 365.25);
  }
  return rates;
}

/** The headline counts of a dataset. */
export function baseTable(dataset: Dataset): Table {
  const households = new Map<string, number>();
  let prospects = 0;
  let companies = 0;
  for (const c of dataset.customers) {
    if (c.status === 'prospect') prospects++;
    if (c.kind === 'company') companies++;
    if (c.householdId !== undefined) count(households, c.householdId);
  }
  const multi = [...households.values()].filter((n) => n > 1).length;
  const newSales = dataset.sales.filter((s) => s.condition === 'new').length;
  const finance = new Map<string, number>();
  for (const f of dataset.financeContracts) count(finance, f.kind);
  const heldOut = dataset.contacts.filter((c) => c.deliveryStatus === 'held-out').length;
  const revenue = dataset.invoices.reduce((sum, i) => sum + i.lines.reduce((s, l) => s + l.amount, 0), 0);
  let first = Infinity;
  for (const i of dataset.invoices) first = Math.min(first, i.date.getTime());
  const from = Number.isFinite(first) ? new Date(first).toISOString().slice(0, 10) : '–';
  const rows: Array<[string, string | number]> = [
    ['customer records', dataset.customers.length],
    ['  of which prospects', prospects],
    ['  of which companies', companies],
    ['households with 2+ members', multi],
    ['sites', dataset.sites.length],
    ['vehicles', dataset.vehicles.length],
    ['vehicle sales (new / used)', `${fmt(newSales)} / ${fmt(dataset.sales.length - newSales)}`],
    ['disposals known', dataset.disposals.length],
    ['finance contracts (lease / loan / balloon)', `${fmt(finance.get('lease') ?? 0)} / ${fmt(finance.get('loan') ?? 0)} / ${fmt(finance.get('balloon') ?? 0)}`],
    ['workshop invoices', dataset.invoices.length],
    ['workshop revenue (EUR, excl. tax)', Math.round(revenue)],
    ['odometer readings', dataset.odometerReadings.length],
    ['condition-based service readings', dataset.serviceIndicators.length],
    ['consent decisions', dataset.consents.length],
    ['contacts (of which held out)', `${fmt(dataset.contacts.length)} (${fmt(heldOut)})`],
    ['engagement events', dataset.engagement.length],
    ['first invoice', from],
  ];
  return { title: 'The base', columns: ['', 'count'], rows };
}

/** Per make and model: vehicles, sales, invoices, revenue and median yearly mileage. */
export function modelTable(dataset: Dataset): Table {
  const rates = kmPerYearByVehicle(dataset);
  type Row = { vehicles: number; newSales: number; usedSales: number; invoices: number; revenue: number; km: number[] };
  const rows = new Map<string, Row>();
  const modelOf = new Map<string, string>();
  for (const v of dataset.vehicles) {
    const key = `${v.make} ${v.model}`;
    modelOf.set(v.id, key);
    let row = rows.get(key);
    if (row === undefined) rows.set(key, (row = { vehicles: 0, newSales: 0, usedSales: 0, invoices: 0, revenue: 0, km: [] }));
    row.vehicles++;
    const rate = rates.get(v.id);
    if (rate !== undefined) row.km.push(rate);
  }
  for (const s of dataset.sales) {
    const row = rows.get(modelOf.get(s.vehicleId) ?? '');
    if (row !== undefined) s.condition === 'new' ? row.newSales++ : row.usedSales++;
  }
  for (const i of dataset.invoices) {
    const row = rows.get(modelOf.get(i.vehicleId) ?? '');
    if (row === undefined) continue;
    row.invoices++;
    for (const l of i.lines) row.revenue += l.amount;
  }
  return {
    title: 'Per make and model',
    columns: ['make and model', 'vehicles', 'sold new', 'sold used', 'invoices', 'revenue EUR', 'median km/year'],
    rows: [...rows.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([key, r]) => [key, r.vehicles, r.newSales, r.usedSales, r.invoices, Math.round(r.revenue), r.km.length === 0 ? '–' : Math.round(median(r.km))]),
  };
}

/** Per site: customers, sales, invoices, revenue, contacts and daily call capacity. */
export function siteTable(dataset: Dataset): Table {
  type Row = { customers: number; sales: number; invoices: number; revenue: number; contacts: number };
  const rows = new Map<string, Row>(dataset.sites.map((s) => [s.id, { customers: 0, sales: 0, invoices: 0, revenue: 0, contacts: 0 }]));
  for (const c of dataset.customers) {
    const row = c.homeSiteId === undefined ? undefined : rows.get(c.homeSiteId);
    if (row !== undefined) row.customers++;
  }
  for (const s of dataset.sales) {
    const row = rows.get(s.siteId);
    if (row !== undefined) row.sales++;
  }
  for (const i of dataset.invoices) {
    const row = rows.get(i.siteId);
    if (row === undefined) continue;
    row.invoices++;
    for (const l of i.lines) row.revenue += l.amount;
  }
  for (const c of dataset.contacts) {
    const row = c.siteId === undefined ? undefined : rows.get(c.siteId);
    if (row !== undefined) row.contacts++;
  }
  return {
    title: 'Per site',
    columns: ['site', 'name', 'customers', 'sales', 'invoices', 'revenue EUR', 'contacts', 'calls/day'],
    rows: dataset.sites.map((s) => {
      const r = rows.get(s.id) as Row;
      return [s.id, s.name ?? '', r.customers, r.sales, r.invoices, Math.round(r.revenue), r.contacts, s.dailyCapacity?.phone ?? '–'];
    }),
  };
}

/** Counts per calendar year of the dates given. */
export function perYear(title: string, unit: string, dates: Iterable<Date>): Bars {
  const years = new Map<string, number>();
  for (const d of dates) count(years, String(d.getUTCFullYear()));
  return { title, unit, bars: [...years.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
}
