import type { Invoice, MaintenanceOperation } from '../domain';
import { classifyInvoice } from './classifyInvoice';
import type { ClassifyInvoiceOptions, InvoiceClassification } from './classifyInvoice';
import type { VehicleWorkState } from './isOfferRelevant';

/** Options of {@link vehicleWorkState}. */
export interface VehicleWorkStateOptions {
  readonly asOf: Date;
  /** The current odometer, e.g. `projectOdometer(...).km`. */
  readonly odometerKm?: number;
  /** Classifications already computed, by invoice id. */
  readonly classified?: ReadonlyMap<string, InvoiceClassification>;
  /** Options for classifying the invoices (lexicon). */
  readonly classify?: ClassifyInvoiceOptions;
}

/**
 * A vehicle's recent work, read from its invoices (on or before `asOf`): the last service
 * (any plan operation), the last roadworthiness test (an inspection on any invoice, e.g. a
 * test done during a preparation), the last tyres. The input of `isOfferRelevant()`.
 *
 * @param vehicleId - the vehicle
 * @param invoices - invoices (others' vehicles are ignored)
 * @param options - `asOf`, the odometer, classifications
 * @returns the work state
 *
 * @example
 * ```ts
 * import { vehicleWorkState } from 'relance/invoices';
 *
 * const state = vehicleWorkState('V1', [{
 *   id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-04-02'), odometerKm: 61_000,
 *   payer: 'customer', lines: [{ kind: 'fee', label: 'CTRL TECH', quantity: 1, amount: 79 }],
 * }], { asOf: new Date('2025-06-01') });
 * console.log(state.lastInspection?.toISOString().slice(0, 10)); // 2025-04-02
 * ```
 */
export function vehicleWorkState(vehicleId: string, invoices: readonly Invoice[], options: VehicleWorkStateOptions): VehicleWorkState {
  const asOf = options.asOf.getTime();
  let lastService: { date: Date; km?: number; operations: readonly MaintenanceOperation[] } | undefined;
  let lastInspection: Date | undefined;
  let lastTyres: { date: Date; km?: number } | undefined;
  for (const invoice of invoices) {
    if (invoice.vehicleId !== vehicleId || invoice.date.getTime() > asOf) continue;
    const c = options.classified?.get(invoice.id) ?? classifyInvoice(invoice, options.classify);
    const later = (d: Date | undefined): boolean => d === undefined || invoice.date.getTime() > d.getTime();
    const km = invoice.odometerKm === undefined ? {} : { km: invoice.odometerKm };
    if (c.planOperations.length > 0 && later(lastService?.date)) lastService = { date: invoice.date, ...km, operations: c.planOperations };
    if (c.categories.includes('inspection') && later(lastInspection)) lastInspection = invoice.date;
    if (c.categories.includes('tyres') && later(lastTyres?.date)) lastTyres = { date: invoice.date, ...km };
  }
  return {
    ...(lastService === undefined ? {} : { lastService }),
    ...(lastInspection === undefined ? {} : { lastInspection }),
    ...(lastTyres === undefined ? {} : { lastTyres }),
    ...(options.odometerKm === undefined ? {} : { odometerKm: options.odometerKm }),
  };
}
