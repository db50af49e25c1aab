import type { CustomerBundle } from './dataset';

/** The record arrays of a {@link CustomerBundle}, writable: what a host fills before handing the bundle over. */
export type BundleRecords = {
  -readonly [K in Exclude<keyof CustomerBundle, 'customer' | 'householdId'>]: CustomerBundle[K] extends readonly (infer T)[] ? T[] : never;
};

/**
 * Empty record arrays for one customer's bundle, to fill.
 *
 * @returns a new object with every record array of a bundle, empty
 *
 * @example
 * ```ts
 * import { emptyBundleRecords } from 'relance/domain';
 * const records = emptyBundleRecords();
 * records.invoices.push(...[]);
 * const bundle = { customer: { id: 'C1', kind: 'person' as const, status: 'prospect' as const, createdAt: new Date('2024-01-01') }, ...records };
 * ```
 */
export function emptyBundleRecords(): BundleRecords {
  return {
    vehicles: [],
    sales: [],
    disposals: [],
    financeContracts: [],
    odometerReadings: [],
    serviceIndicators: [],
    invoices: [],
    contacts: [],
    consents: [],
    engagement: [],
  };
}

