import type { CustomerBundle, Invoice, Vehicle } from '../domain';
import { fromEpochDay, toEpochDay } from '../internal/epochDays';
import { classifyInvoice } from './classifyInvoice';
import type { ClassifyInvoiceOptions, InvoiceClassification } from './classifyInvoice';
import { projectOdometer } from './projectOdometer';
import type { OdometerProjection } from './projectOdometer';

/** A vehicle a customer still has at `asOf`, with its workshop history read. */
export interface CustomerVehicle {
  readonly vehicle: Vehicle;
  /** Its invoices on the customer's account, up to `asOf`. */
  readonly invoices: readonly Invoice[];
  /** Those that count as a customer visit. */
  readonly visits: readonly Invoice[];
  /** Every invoice's classification, by id (the source's own map when it holds them all). */
  readonly classified: ReadonlyMap<string, InvoiceClassification>;
  /** True when the customer bought it in the group (a sale on or before `asOf`). */
  readonly bought: boolean;
}

/** Where classifications come from. */
export interface ClassificationSource {
  readonly classified?: ReadonlyMap<string, InvoiceClassification> | undefined;
  readonly classify?: ClassifyInvoiceOptions | undefined;
}

/**
 * The vehicles a customer still has at `asOf`, as the workshop sees them. Left out: vehicles
 * the customer disposed of (a disposal on or before `asOf`), vehicles a contact found no
 * longer owned, vehicles known only through internal work (no sale to the customer and no
 * customer visit), and vehicles whose last invoices are internal work the customer has not
 * bought the car back after (the dealer took it back, e.g. to prepare it for sale).
 *
 * Shared by `dueServices()` and `attritionSignals()`: both must agree on who still has what.
 */
export function customerVehicles(bundle: CustomerBundle, asOfDay: number, source: ClassificationSource): CustomerVehicle[] {
  const customerId = bundle.customer.id;
  const gone = releasedVehicles(bundle, asOfDay);
  const bought = new Set(bundle.sales.filter((s) => s.customerId === customerId && toEpochDay(s.date) <= asOfDay).map((s) => s.vehicleId));
  const invoicesOf = new Map<string, Invoice[]>();
  for (const invoice of bundle.invoices) {
    if (toEpochDay(invoice.date) > asOfDay) continue;
    const list = invoicesOf.get(invoice.vehicleId);
    if (list === undefined) invoicesOf.set(invoice.vehicleId, [invoice]);
    else list.push(invoice);
  }
  const out: CustomerVehicle[] = [];
  for (const vehicle of bundle.vehicles) {
    if (gone.has(vehicle.id)) continue;
    const invoices = invoicesOf.get(vehicle.id) ?? [];
    const classified = classificationsOf(invoices, source);
    const visits = invoices.filter((i) => (classified.get(i.id) as InvoiceClassification).countsAsCustomerVisit);
    if (!bought.has(vehicle.id) && visits.length === 0) continue; // known only through internal work
    const last = invoices.reduce<Invoice | undefined>((a, i) => (a === undefined || i.date > a.date ? i : a), undefined);
    if (last !== undefined && !(classified.get(last.id) as InvoiceClassification).countsAsCustomerVisit) {
      const lastDay = toEpochDay(last.date);
      const lastVisit = visits.reduce((d, i) => Math.max(d, toEpochDay(i.date)), -Infinity);
      const boughtSince = bundle.sales.some((s) => s.vehicleId === vehicle.id && s.customerId === customerId && toEpochDay(s.date) >= lastDay);
      if (lastVisit < lastDay && !boughtSince) continue;
    }
    out.push({ vehicle, invoices, visits, classified, bought: bought.has(vehicle.id) });
  }
  return out;
}

/** The invoices' classifications: the source's map itself when it has them all (no copy per vehicle), else a map of its own. */
function classificationsOf(invoices: readonly Invoice[], source: ClassificationSource): ReadonlyMap<string, InvoiceClassification> {
  const given = source.classified;
  if (given !== undefined && invoices.every((i) => given.has(i.id))) return given;
  const own = new Map<string, InvoiceClassification>();
  for (const invoice of invoices) own.set(invoice.id, given?.get(invoice.id) ?? classifyInvoice(invoice, source.classify));
  return own;
}

/**
 * The vehicles a customer no longer has at `asOf`, with the day it became known: a disposal,
 * or a contact whose outcome is `no-longer-owner` (the earlier of the two).
 */
export function releasedVehicles(bundle: CustomerBundle, asOfDay: number): Map<string, number> {
  const customerId = bundle.customer.id;
  const gone = new Map<string, number>();
  const note = (vehicleId: string, day: number): void => {
    if (day > asOfDay) return;
    const known = gone.get(vehicleId);
    if (known === undefined || day < known) gone.set(vehicleId, day);
  };
  for (const d of bundle.disposals) if (d.customerId === customerId) note(d.vehicleId, toEpochDay(d.date));
  for (const c of bundle.contacts) {
    if (c.outcome === 'no-longer-owner' && c.vehicleId !== undefined) note(c.vehicleId, toEpochDay(c.outcomeAt ?? c.sentAt));
  }
  return gone;
}

/** The projected odometer of a vehicle at `asOf`, from its readings and its invoices' odometers. */
export function vehicleOdometer(bundle: CustomerBundle, vehicle: Vehicle, invoices: readonly Invoice[], asOfDay: number): OdometerProjection {
  const readings = bundle.odometerReadings.filter((r) => r.vehicleId === vehicle.id);
  for (const i of invoices) if (i.odometerKm !== undefined) readings.push({ vehicleId: vehicle.id, date: i.date, km: i.odometerKm, source: 'workshop' });
  return projectOdometer(readings, fromEpochDay(asOfDay), { firstRegistration: vehicle.firstRegistration });
}
