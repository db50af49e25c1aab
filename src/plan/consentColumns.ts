import type { Channel, Consent, ConsentPurpose } from '../domain';
import type { Writable } from '../internal/writable';

const CHANNELS: readonly Channel[] = ['email', 'sms', 'phone', 'mail', 'push'];
const PURPOSES: readonly ConsentPurpose[] = ['marketing', 'service', 'partner-sharing'];
const STATUSES: readonly Consent['status'][] = ['granted', 'denied'];
const BLOCK = 16_384;

/**
 * Consent decisions kept as columns while a plan streams its bundles: a customer number, the
 * date, and one byte for channel, purpose, status and bounce (≈ 13 bytes a decision instead of
 * an object of ≈ 190). {@link ConsentColumns.records} gives the same decisions back as objects,
 * read once by the governor, which keeps only those of the customers it schedules.
 *
 * Only the fields of {@link Consent} are kept; a decision outside the vocabulary
 * (unvalidated input) is kept as it came.
 */
export class ConsentColumns {
  // Blocks of BLOCK decisions, added as needed (never copied into larger arrays).
  private readonly customer: Int32Array[] = [];
  private readonly time: Float64Array[] = [];
  private readonly code: Uint8Array[] = [];
  private size = 0;
  private readonly others: Consent[] = [];

  /** Number of decisions held. */
  get length(): number {
    return this.size + this.others.length;
  }

  /** Keeps a decision of the customer numbered `customerIndex`. */
  add(customerIndex: number, consent: Consent): void {
    const channel = CHANNELS.indexOf(consent.channel);
    const purpose = PURPOSES.indexOf(consent.purpose);
    const status = STATUSES.indexOf(consent.status);
    const bounced = consent.bounced === undefined ? 0 : consent.bounced === false ? 1 : consent.bounced === true ? 2 : -1;
    if (channel < 0 || purpose < 0 || status < 0 || bounced < 0) {
      this.others.push(consent);
      return;
    }
    if (this.size % BLOCK === 0) {
      this.customer.push(new Int32Array(BLOCK));
      this.time.push(new Float64Array(BLOCK));
      this.code.push(new Uint8Array(BLOCK));
    }
    const b = Math.floor(this.size / BLOCK);
    const k = this.size++ % BLOCK;
    (this.customer[b] as Int32Array)[k] = customerIndex;
    (this.time[b] as Float64Array)[k] = consent.date.getTime();
    (this.code[b] as Uint8Array)[k] = channel | (purpose << 3) | (status << 5) | (bounced << 6);
  }

  /**
   * Keeps, of one customer's decisions made on or before `asOfMs`, those the governor can read:
   * the latest of each channel and purpose (all of them when several share that date: a denial
   * wins a tie). The governor decides on a channel and purpose from its latest decision, and a
   * channel is bounced when its latest decision (any purpose) is: that decision is the latest of
   * its own purpose too. Decisions outside the vocabulary are kept as they came.
   */
  addDeciding(customerIndex: number, consents: readonly Consent[], asOfMs: number): void {
    const n = consents.length;
    if (this.keys.length < n) this.keys = new Int32Array(Math.max(n, 2 * this.keys.length));
    const keys = this.keys;
    const latest = this.latest.fill(-Infinity);
    // Each decision's key (-1: outside the vocabulary, -2: after asOf or without a date), once.
    for (let i = 0; i < n; i++) {
      const c = consents[i] as Consent;
      const time = c.date.getTime();
      if (!(time <= asOfMs)) {
        keys[i] = -2;
        continue;
      }
      const channel = CHANNELS.indexOf(c.channel);
      const purpose = PURPOSES.indexOf(c.purpose);
      const key = channel < 0 || purpose < 0 ? -1 : channel * 4 + purpose;
      keys[i] = key;
      if (key >= 0 && time > (latest[key] as number)) latest[key] = time;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i] as number;
      if (key === -2) continue;
      const c = consents[i] as Consent;
      if (key === -1 || c.date.getTime() === latest[key]) this.add(customerIndex, c);
    }
  }

  /** Each decision's key (scratch of addDeciding). */
  private keys = new Int32Array(64);
  /** Latest decision time per channel × 4 + purpose (scratch of addDeciding). */
  private readonly latest = new Float64Array(CHANNELS.length * 4);

  /** The decisions back as objects (of the customers `keep` accepts), customers named from `ids` (by the numbers they were added with). */
  *records(ids: (index: number) => string, keep: (index: number) => boolean = () => true): Generator<Consent, void, undefined> {
    for (let i = 0; i < this.size; i++) {
      const [b, k] = [Math.floor(i / BLOCK), i % BLOCK];
      const customer = (this.customer[b] as Int32Array)[k] as number;
      if (!keep(customer)) continue;
      const code = (this.code[b] as Uint8Array)[k] as number;
      const bounced = code >> 6;
      const consent: Writable<Consent> = {
        customerId: ids(customer),
        channel: CHANNELS[code & 7] as Channel,
        purpose: PURPOSES[(code >> 3) & 3] as ConsentPurpose,
        status: STATUSES[(code >> 5) & 1] as Consent['status'],
        date: new Date((this.time[b] as Float64Array)[k] as number),
      };
      if (bounced > 0) consent.bounced = bounced === 2;
      yield consent;
    }
    yield* this.others;
  }
}
