import type { CustomerBundle, Dataset } from './dataset';
import type { Customer } from './customer';
import type { Vehicle } from './vehicle';

/** Groups values by a key into arrays, keeping input order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * Streams a dataset as one {@link CustomerBundle} per customer, in the order of
 * `dataset.customers`. A customer's vehicles are those named by their sales, disposals,
 * finance contracts, invoices and contacts (in that order, each once); readings and service
 * indicators follow the vehicles. Records are shared with the dataset, not copied.
 *
 * The indexes are built once (linear in the dataset's size); bundles are then produced lazily.
 *
 * @param dataset - a validated dataset (see `parseDataset()`)
 * @returns an iterable of bundles, one per customer
 *
 * @example
 * ```ts
 * import { bundlesOf } from 'relance/domain';
 * import { simulateDealer } from 'relance/simulate';
 *
 * const { dataset } = simulateDealer({ seed: 1, customers: 50, asOf: new Date('2025-01-01') });
 * for (const bundle of bundlesOf(dataset)) {
 *   console.log(bundle.customer.id, bundle.vehicles.length, bundle.invoices.length);
 * }
 * ```
 */
export function* bundlesOf(dataset: Dataset): Generator<CustomerBundle, void, undefined> {
  const bundleOf = bundleIndex(dataset);
  for (const customer of dataset.customers) yield bundleOf(customer);
}

/**
 * Indexes a dataset once (linear in its size) and returns a function that makes any of its
 * customers' {@link CustomerBundle} on demand, as {@link bundlesOf} would: for lookups of a
 * few customers (a household) in a large base.
 *
 * @param dataset - a validated dataset
 * @returns the bundle of a customer of the dataset
 */
export function bundleIndex(dataset: Dataset): (customer: Customer) => CustomerBundle {
  const byCustomer = <T extends { customerId: string }>(items: readonly T[]) => groupBy(items, (x) => x.customerId);
  const byVehicle = <T extends { vehicleId: string }>(items: readonly T[]) => groupBy(items, (x) => x.vehicleId);
  const vehicles = new Map<string, Vehicle>(dataset.vehicles.map((v) => [v.id, v]));
  const sales = byCustomer(dataset.sales);
  const disposals = byCustomer(dataset.disposals);
  const finance = byCustomer(dataset.financeContracts);
  const invoices = byCustomer(dataset.invoices);
  const contacts = byCustomer(dataset.contacts);
  const consents = byCustomer(dataset.consents);
  const engagement = byCustomer(dataset.engagement);
  const readings = byVehicle(dataset.odometerReadings);
  const indicators = byVehicle(dataset.serviceIndicators);

  return (customer) => {
    const id = customer.id;
    const own = {
      sales: sales.get(id) ?? NONE,
      disposals: disposals.get(id) ?? NONE,
      financeContracts: finance.get(id) ?? NONE,
      invoices: invoices.get(id) ?? NONE,
      contacts: contacts.get(id) ?? NONE,
    };
    const vehicleIds = new Set<string>();
    for (const s of own.sales) vehicleIds.add(s.vehicleId);
    for (const d of own.disposals) vehicleIds.add(d.vehicleId);
    for (const f of own.financeContracts) vehicleIds.add(f.vehicleId);
    for (const i of own.invoices) vehicleIds.add(i.vehicleId);
    for (const c of own.contacts) if (c.vehicleId !== undefined) vehicleIds.add(c.vehicleId);
    const ownVehicles: Vehicle[] = [];
    for (const vid of vehicleIds) {
      const vehicle = vehicles.get(vid);
      if (vehicle !== undefined) ownVehicles.push(vehicle);
    }
    return {
      customer,
      householdId: customer.householdId,
      vehicles: ownVehicles,
      ...own,
      odometerReadings: ownVehicles.flatMap((v) => readings.get(v.id) ?? []),
      serviceIndicators: ownVehicles.flatMap((v) => indicators.get(v.id) ?? []),
      consents: consents.get(id) ?? NONE,
      engagement: engagement.get(id) ?? NONE,
    };
  };
}

/**
 * Accepts what every dataset-level function of relance accepts, a {@link Dataset} or an
 * iterable of {@link CustomerBundle}s, and returns bundles.
 *
 * @param source - a dataset, or bundles streamed by the host (an array, a generator, …)
 * @returns the bundles: `bundlesOf(source)` for a dataset, `source` itself otherwise
 *
 * @example
 * ```ts
 * import { toBundles, emptyDataset } from 'relance/domain';
 * let n = 0;
 * for (const _ of toBundles(emptyDataset())) n++;
 * console.log(n); // 0
 * ```
 */
export function toBundles(source: Dataset | Iterable<CustomerBundle>): Iterable<CustomerBundle> {
  return isDataset(source) ? bundlesOf(source) : source;
}

/**
 * Tells a {@link Dataset} from an iterable of {@link CustomerBundle}s, the two inputs that
 * every dataset-level function of relance accepts.
 *
 * @param source - a dataset or an iterable of bundles
 * @returns true when `source` is a dataset
 *
 * @example
 * ```ts
 * import { isDataset, emptyDataset } from 'relance/domain';
 * isDataset(emptyDataset()); // true
 * isDataset([]);             // false: an (empty) iterable of bundles
 * ```
 */
export function isDataset(source: Dataset | Iterable<CustomerBundle>): source is Dataset {
  return !(Symbol.iterator in source) && Array.isArray((source as Dataset).customers);
}
