import { formatPath, RelanceError, type RelanceIssue } from '../errors';
import { MS_PER_DAY } from '../internal/epochDays';

/**
 * One dated event of a customer: a purchase, a workshop visit, an e-mail open or click. A
 * negative `value` is a return (a credit): it lowers the customer's total but is not a purchase.
 */
export interface RfmEvent {
  /** The customer. */
  readonly customerId: string;
  /** When: a `Date`, or epoch milliseconds. Events are counted by calendar day (UTC). */
  readonly at: Date | number;
  /** Money (purchase amount, invoice total); none for opens and clicks. Negative for a return. */
  readonly value?: number | undefined;
}

/** How many issues an error lists (the count says how many there were in all). */
const MAX_ISSUES = 20;
const INITIAL_CAPACITY = 1024;

/** The day window an event store keeps: events outside it are counted, not stored. */
export interface DayWindow {
  /** First day kept (epoch day), or -Infinity. */
  readonly fromDay: number;
  /** Last day kept (epoch day). */
  readonly toDay: number;
  /** The observation day (`asOf`). */
  readonly asOfDay: number;
  /** Whether an event after `toDay` is an error (no `to` was given: it is after `asOf`) rather than outside the window. */
  readonly lateIsError: boolean;
}

/** What was read, for the record: nothing is dropped without being counted. */
export interface EventStoreStats {
  /** Events read. */
  readonly events: number;
  /** Events kept as purchases (a positive, zero or absent value). */
  readonly purchases: number;
  /** Events kept as returns (negative value). */
  readonly returns: number;
  /** Events outside the `from`–`to` window, left out on purpose. */
  readonly outsideWindow: number;
}

/**
 * Columnar, growable storage of (customer, day, value) triples with a customer index: what
 * every RFM statistic needs, and nothing per event but 16 bytes. Mergeable: a store built on
 * one shard takes another's events (the same customer may appear in both).
 */
export class EventStore {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  customer = new Int32Array(INITIAL_CAPACITY);
  day = new Int32Array(INITIAL_CAPACITY);
  value = new Float64Array(INITIAL_CAPACITY);
  length = 0;
  events = 0;
  purchases = 0;
  returns = 0;
  outsideWindow = 0;

  constructor(readonly window: DayWindow) {}

  private grow(): void {
    const capacity = this.customer.length * 2;
    const customer = new Int32Array(capacity);
    customer.set(this.customer);
    const day = new Int32Array(capacity);
    day.set(this.day);
    const value = new Float64Array(capacity);
    value.set(this.value);
    this.customer = customer;
    this.day = day;
    this.value = value;
  }

  private lastId = '';
  private lastIndex = -1;

  /** The index of a customer id, added if new (a customer's consecutive events skip the lookup). */
  customerIndex(id: string): number {
    if (id === this.lastId && this.lastIndex >= 0) return this.lastIndex;
    let k = this.index.get(id);
    if (k === undefined) {
      k = this.ids.length;
      this.ids.push(id);
      this.index.set(id, k);
    }
    this.lastId = id;
    this.lastIndex = k;
    return k;
  }

  /** Stores one validated event (day in epoch days). */
  push(customer: number, day: number, value: number): void {
    if (this.length === this.customer.length) this.grow();
    const i = this.length++;
    this.customer[i] = customer;
    this.day[i] = day;
    this.value[i] = value;
    if (value < 0) this.returns++;
    else this.purchases++;
  }

  /**
   * Validates and stores a batch of events. Throws `invalid_input` naming each bad event
   * (`events[12].at`), and stores none of the batch when one is bad.
   */
  add(fn: string, events: Iterable<RfmEvent> | ArrayLike<RfmEvent>): void {
    const list: ArrayLike<RfmEvent> = isArrayLike(events) ? events : Array.from(events);
    const n = list.length;
    const issues: RelanceIssue[] = [];
    let count = 0;
    const issue = (path: (string | number)[], message: string): void => {
      count++;
      if (issues.length < MAX_ISSUES) issues.push({ code: 'invalid_value', path, message });
    };
    // One pass that stores as it validates; a bad event rolls the whole batch back.
    const before = { length: this.length, events: this.events, purchases: this.purchases, returns: this.returns, outsideWindow: this.outsideWindow };
    const { fromDay, toDay, asOfDay, lateIsError } = this.window;
    for (let i = 0; i < n; i++) {
      const e = list[i];
      if (e === null || typeof e !== 'object') {
        issue(['events', i], `expected an event object, got ${String(e)}`);
        continue;
      }
      const id = e.customerId;
      const at = e.at;
      const value = e.value;
      const ms = typeof at === 'number' ? at : at instanceof Date ? at.getTime() : Number.NaN;
      let bad = false;
      if (typeof id !== 'string' || id.length === 0) {
        issue(['events', i, 'customerId'], 'expected a non-empty string');
        bad = true;
      }
      if (!Number.isFinite(ms)) {
        issue(['events', i, 'at'], `expected a valid Date or epoch milliseconds, got ${String(at)}`);
        continue;
      }
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
        issue(['events', i, 'value'], `expected a finite number, got ${String(value)}`);
        bad = true;
      }
      const day = Math.floor(ms / MS_PER_DAY);
      if (lateIsError && day > toDay) {
        issue(['events', i, 'at'], `after asOf (${new Date(asOfDay * MS_PER_DAY).toISOString().slice(0, 10)}): ${new Date(ms).toISOString()}; pass \`to\` to leave later events out on purpose`);
        bad = true;
      }
      if (bad || count > 0) continue;
      this.events++;
      if (day < fromDay || day > toDay) {
        this.outsideWindow++;
        continue;
      }
      this.push(this.customerIndex(id), day, value ?? 0);
    }
    if (count > 0) {
      this.length = before.length;
      this.events = before.events;
      this.purchases = before.purchases;
      this.returns = before.returns;
      this.outsideWindow = before.outsideWindow;
      const first = issues[0] as RelanceIssue;
      throw new RelanceError('invalid_input', `${fn}: ${count} invalid event${count === 1 ? '' : 's'} (first: ${formatPath(first.path)}: ${first.message})`, { issues, issueCount: count });
    }
  }

  /** Takes every event of another store (built with the same window). */
  merge(fn: string, other: EventStore): void {
    const a = this.window;
    const b = other.window;
    if (a.fromDay !== b.fromDay || a.toDay !== b.toDay || a.asOfDay !== b.asOfDay || a.lateIsError !== b.lateIsError) {
      throw new RelanceError('invalid_input', `${fn}: cannot merge accumulators built with different asOf, from or to`);
    }
    const remap = new Int32Array(other.ids.length);
    for (let k = 0; k < other.ids.length; k++) remap[k] = this.customerIndex(other.ids[k] as string);
    for (let i = 0; i < other.length; i++) {
      if (this.length === this.customer.length) this.grow();
      const j = this.length++;
      this.customer[j] = remap[other.customer[i] as number] as number;
      this.day[j] = other.day[i] as number;
      this.value[j] = other.value[i] as number;
    }
    this.events += other.events;
    this.purchases += other.purchases;
    this.returns += other.returns;
    this.outsideWindow += other.outsideWindow;
  }

  stats(): EventStoreStats {
    return { events: this.events, purchases: this.purchases, returns: this.returns, outsideWindow: this.outsideWindow };
  }

  /**
   * Visits every customer with at least one purchase day, in customer-id order: its distinct
   * purchase days ascending, the value of each day (same-day purchases summed), and the sum of
   * its returns up to `returnsUntilDay`. The arrays are views, valid during the call only.
   */
  forEachCustomer(visit: (id: string, days: Int32Array, dayValues: Float64Array, returned: number) => void, returnsUntilDay = Infinity): void {
    const m = this.ids.length;
    const n = this.length;
    // Counting sort of the events by customer (CSR layout).
    const start = new Int32Array(m + 1);
    for (let i = 0; i < n; i++) {
      const k = (this.customer[i] as number) + 1;
      start[k] = (start[k] as number) + 1;
    }
    for (let k = 0; k < m; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
    const fill = start.slice(0, m);
    const days = new Int32Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = this.customer[i] as number;
      const at = fill[k] as number;
      fill[k] = at + 1;
      days[at] = this.day[i] as number;
      values[at] = this.value[i] as number;
    }
    const order = Array.from({ length: m }, (_, k) => k);
    const ids = this.ids;
    order.sort((p, q) => ((ids[p] as string) < (ids[q] as string) ? -1 : 1));
    const outDays = new Int32Array(n);
    const outValues = new Float64Array(n);
    for (const k of order) {
      const from = start[k] as number;
      const to = start[k + 1] as number;
      sortByDay(days, values, from, to);
      let returned = 0;
      let count = 0;
      for (let i = from; i < to; i++) {
        const d = days[i] as number;
        const v = values[i] as number;
        if (v < 0) {
          if (d <= returnsUntilDay) returned += v;
          continue;
        }
        if (count > 0 && outDays[from + count - 1] === d) outValues[from + count - 1] = (outValues[from + count - 1] as number) + v;
        else {
          outDays[from + count] = d;
          outValues[from + count] = v;
          count++;
        }
      }
      if (count === 0) continue;
      visit(ids[k] as string, outDays.subarray(from, from + count), outValues.subarray(from, from + count), returned);
    }
  }
}

function isArrayLike(x: Iterable<RfmEvent> | ArrayLike<RfmEvent>): x is ArrayLike<RfmEvent> {
  return Array.isArray(x);
}

/** Sorts days[from, to) ascending, carrying values along; already-sorted runs (the usual case) cost one pass. */
function sortByDay(days: Int32Array, values: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++) if ((days[i] as number) < (days[i - 1] as number)) sorted = false;
  if (sorted) return;
  if (to - from <= 32) {
    for (let i = from + 1; i < to; i++) {
      const d = days[i] as number;
      const v = values[i] as number;
      let j = i - 1;
      while (j >= from && (days[j] as number) > d) {
        days[j + 1] = days[j] as number;
        values[j + 1] = values[j] as number;
        j--;
      }
      days[j + 1] = d;
      values[j + 1] = v;
    }
    return;
  }
  const idx = Array.from({ length: to - from }, (_, i) => from + i);
  idx.sort((p, q) => (days[p] as number) - (days[q] as number) || p - q);
  const d = idx.map((i) => days[i] as number);
  const v = idx.map((i) => values[i] as number);
  for (let i = 0; i < d.length; i++) {
    days[from + i] = d[i] as number;
    values[from + i] = v[i] as number;
  }
}
