import type { Channel, ContactEvent, ContactOutcome, DeliveryStatus, Topic } from '../domain';
import type { Writable } from '../internal/writable';

const TOPICS: readonly Topic[] = ['service', 'inspection', 'tyres', 'repurchase', 'winback', 'promotion', 'survey', 'transactional'];
const CHANNELS: readonly Channel[] = ['email', 'sms', 'phone', 'mail', 'push'];
const STATUSES: readonly DeliveryStatus[] = ['scheduled', 'delivered', 'bounced', 'failed', 'held-out'];
/** Outcomes; index 0 is "none recorded" (the field absent). */
const OUTCOMES: readonly (ContactOutcome | undefined)[] = [undefined, 'appointment', 'purchase', 'visit', 'responded', 'absent', 'serviced-elsewhere', 'no-longer-owner', 'opt-out', 'none'];
const BLOCK = 16_384;

/**
 * Past contacts kept as columns while a plan streams its bundles: the dates as numbers, the
 * vocabulary fields packed in one number, the ids by reference (≈ 60 bytes a contact besides
 * its id, instead of an object and two dates of ≈ 250). {@link ContactColumns.records} gives
 * the same contacts back as objects, read once by the governor.
 *
 * Only the fields of {@link ContactEvent} are kept; a contact outside the vocabulary
 * (unvalidated input) is kept as it came.
 */
export class ContactColumns {
  private readonly customer: Int32Array[] = [];
  private readonly sentAt: Float64Array[] = [];
  /** NaN: no outcome date. */
  private readonly outcomeAt: Float64Array[] = [];
  /** topic | channel << 3 | status << 6 | outcome << 9. */
  private readonly code: Uint16Array[] = [];
  private readonly ids: string[] = [];
  private readonly campaignIds: string[] = [];
  private readonly vehicleIds: (string | undefined)[] = [];
  private readonly siteIds: (string | undefined)[] = [];
  private size = 0;
  private readonly others: ContactEvent[] = [];

  /** Number of contacts held. */
  get length(): number {
    return this.size + this.others.length;
  }

  /** Keeps a contact of the customer numbered `customerIndex`. */
  add(customerIndex: number, contact: ContactEvent): void {
    const topic = TOPICS.indexOf(contact.topic);
    const channel = CHANNELS.indexOf(contact.channel);
    const status = STATUSES.indexOf(contact.deliveryStatus);
    const outcome = OUTCOMES.indexOf(contact.outcome);
    if (topic < 0 || channel < 0 || status < 0 || outcome < 0) {
      this.others.push(contact);
      return;
    }
    if (this.size % BLOCK === 0) {
      this.customer.push(new Int32Array(BLOCK));
      this.sentAt.push(new Float64Array(BLOCK));
      this.outcomeAt.push(new Float64Array(BLOCK));
      this.code.push(new Uint16Array(BLOCK));
    }
    const b = Math.floor(this.size / BLOCK);
    const k = this.size++ % BLOCK;
    (this.customer[b] as Int32Array)[k] = customerIndex;
    (this.sentAt[b] as Float64Array)[k] = contact.sentAt.getTime();
    (this.outcomeAt[b] as Float64Array)[k] = contact.outcomeAt === undefined ? Number.NaN : contact.outcomeAt.getTime();
    (this.code[b] as Uint16Array)[k] = topic | (channel << 3) | (status << 6) | (outcome << 9);
    this.ids.push(contact.id);
    this.campaignIds.push(contact.campaignId);
    this.vehicleIds.push(contact.vehicleId);
    this.siteIds.push(contact.siteId);
  }

  /**
   * The contacts back as objects (those `keep` accepts, given the customer's number and the
   * sending time in epoch milliseconds), customers named from `ids` (by the numbers they were
   * added with).
   */
  *records(ids: (index: number) => string, keep: (index: number, sentAt: number) => boolean = () => true): Generator<ContactEvent, void, undefined> {
    for (let i = 0; i < this.size; i++) {
      const [b, k] = [Math.floor(i / BLOCK), i % BLOCK];
      const customer = (this.customer[b] as Int32Array)[k] as number;
      const sentAt = (this.sentAt[b] as Float64Array)[k] as number;
      if (!keep(customer, sentAt)) continue;
      const code = (this.code[b] as Uint16Array)[k] as number;
      const contact: Writable<ContactEvent> = {
        id: this.ids[i] as string,
        customerId: ids(customer),
        campaignId: this.campaignIds[i] as string,
        topic: TOPICS[code & 7] as Topic,
        channel: CHANNELS[(code >> 3) & 7] as Channel,
        sentAt: new Date(sentAt),
        deliveryStatus: STATUSES[(code >> 6) & 7] as DeliveryStatus,
      };
      const vehicleId = this.vehicleIds[i];
      if (vehicleId !== undefined) contact.vehicleId = vehicleId;
      const outcome = OUTCOMES[code >> 9];
      if (outcome !== undefined) contact.outcome = outcome;
      const outcomeAt = (this.outcomeAt[b] as Float64Array)[k] as number;
      if (!Number.isNaN(outcomeAt)) contact.outcomeAt = new Date(outcomeAt);
      const siteId = this.siteIds[i];
      if (siteId !== undefined) contact.siteId = siteId;
      yield contact;
    }
    yield* this.others;
  }
}
