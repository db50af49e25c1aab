import type { EngagementEvent, EngagementKind, Invoice, VehicleSale } from '../domain';
// Deep import on purpose: the invoices index would pull zod's schemas into relance/rfm.
import { classifyInvoice, type ClassifyInvoiceOptions, type InvoiceClassification } from '../invoices/classifyInvoice';
import type { RfmEvent } from './eventStore';

/** Options of {@link workshopVisitEvents}. */
export interface WorkshopVisitEventsOptions {
  /** Classifications already made, by invoice id (the rest are classified here). */
  readonly classified?: ReadonlyMap<string, InvoiceClassification> | undefined;
  /** Options for classifying the others (a host lexicon). */
  readonly classify?: ClassifyInvoiceOptions | undefined;
}

/**
 * The workshop visits of customers as RFM events: only the invoices that count as the
 * customer's own visit (`countsAsCustomerVisit` of {@link classifyInvoice}: no internal work,
 * no used-car preparation, warranty as documented there), valued at the invoice's total.
 * Feed them to {@link rfmSummary} for the after-sales RFM.
 *
 * @param invoices - workshop invoices
 * @param options - classifications already made, or a host lexicon
 * @returns one event per customer visit
 *
 * @example
 * ```ts
 * import { rfmSummary, workshopVisitEvents } from 'relance/rfm';
 * import { simulateDealer } from 'relance/simulate';
 *
 * const asOf = new Date('2025-06-30');
 * const { dataset } = simulateDealer({ seed: 3, customers: 200, asOf });
 * const visits = workshopVisitEvents(dataset.invoices);
 * visits.length < dataset.invoices.length; // true: internal and preparation work left out
 * rfmSummary(visits, { asOf }).length > 0; // true
 * ```
 */
export function workshopVisitEvents(invoices: Iterable<Invoice>, options: WorkshopVisitEventsOptions = {}): RfmEvent[] {
  const out: RfmEvent[] = [];
  for (const invoice of invoices) {
    const c = options.classified?.get(invoice.id) ?? classifyInvoice(invoice, options.classify);
    if (!c.countsAsCustomerVisit) continue;
    let value = 0;
    for (const line of invoice.lines) value += line.amount;
    // A visit is a visit even when its lines net to a credit: value it at 0 rather than as a return.
    out.push({ customerId: invoice.customerId, at: invoice.date, value: Math.max(0, value) });
  }
  return out;
}

/**
 * Vehicle purchases as RFM events, valued at their price when known (0 otherwise).
 *
 * @param sales - vehicle sales
 * @returns one event per sale
 *
 * @example
 * ```ts
 * import { vehiclePurchaseEvents } from 'relance/rfm';
 *
 * vehiclePurchaseEvents([{ id: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2022-03-01'), condition: 'new', price: 31_500, siteId: 'S01' }]);
 * // [{ customerId: 'C1', at: 2022-03-01, value: 31500 }]
 * ```
 */
export function vehiclePurchaseEvents(sales: Iterable<VehicleSale>): RfmEvent[] {
  const out: RfmEvent[] = [];
  for (const s of sales) out.push({ customerId: s.customerId, at: s.date, value: s.price ?? 0 });
  return out;
}

/**
 * Engagement as RFM events: opens for RFO (recency, frequency, opens), clicks for RFC, or
 * any kinds together. No value: `monetary` is 0.
 *
 * @param events - engagement events
 * @param kinds - the kinds to keep (`open`, `click`, `web-visit`, `lead`)
 * @returns one event per kept engagement event
 *
 * @example
 * ```ts
 * import { engagementRfmEvents } from 'relance/rfm';
 *
 * const clicks = engagementRfmEvents(
 *   [
 *     { customerId: 'C1', date: new Date('2025-05-02'), kind: 'open' },
 *     { customerId: 'C1', date: new Date('2025-05-02'), kind: 'click' },
 *   ],
 *   ['click'],
 * );
 * clicks.length; // 1
 * ```
 */
export function engagementRfmEvents(events: Iterable<EngagementEvent>, kinds: readonly EngagementKind[]): RfmEvent[] {
  const keep = new Set<EngagementKind>(kinds);
  const out: RfmEvent[] = [];
  for (const e of events) if (keep.has(e.kind)) out.push({ customerId: e.customerId, at: e.date });
  return out;
}
