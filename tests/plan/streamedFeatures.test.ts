/**
 * A streamed plan builds feature rows chunk by chunk (whole households together), which is
 * exact only for the columns buildFeatures computes customer by customer. The columns computed
 * over the whole base must all be listed in BASE_RELATIVE_COLUMNS, which a streamed plan
 * refuses; this test names any that is not (a new column of buildFeatures, say).
 */
import { describe, expect, it } from 'vitest';
import { bundlesOf, type CustomerBundle, type Dataset } from '../../src/domain';
import { BASE_RELATIVE_COLUMNS, HOUSEHOLD_COLUMNS, RFM_COLUMNS } from '../../src/plan/featureColumns';
import { buildFeatures, type BuiltFeatures } from '../../src/propensity';
import { fitRepurchaseModel, ownershipSpells } from '../../src/repurchase';
import { simulateDealer } from '../../src/simulate';

const asOf = new Date('2025-06-30T00:00:00Z');
const { dataset } = simulateDealer({ seed: 5, customers: 1_200, asOf });

/** Chunks of about `size` customers, a household never split. */
function chunks(bundles: readonly CustomerBundle[], size: number): CustomerBundle[][] {
  const out: CustomerBundle[][] = [[]];
  bundles.forEach((b, i) => {
    const last = out[out.length - 1] as CustomerBundle[];
    if (last.length >= size && (b.customer.householdId === undefined || b.customer.householdId !== bundles[i - 1]?.customer.householdId)) out.push([b]);
    else last.push(b);
  });
  return out;
}
function datasetOf(bundles: readonly CustomerBundle[]): Dataset {
  const each = <K extends Exclude<keyof CustomerBundle, 'customer' | 'householdId'>>(k: K) => [...new Set(bundles.flatMap((b) => b[k] as readonly unknown[]))] as never;
  return {
    sites: dataset.sites,
    customers: bundles.map((b) => b.customer),
    vehicles: [...new Map(bundles.flatMap((b) => b.vehicles).map((v) => [v.id, v])).values()],
    sales: each('sales'),
    disposals: each('disposals'),
    financeContracts: each('financeContracts'),
    odometerReadings: each('odometerReadings'),
    serviceIndicators: each('serviceIndicators'),
    invoices: each('invoices'),
    contacts: each('contacts'),
    consents: each('consents'),
    engagement: each('engagement'),
  };
}
/** Columns whose value for some customer differs between the whole base and a chunk. */
function differing(whole: BuiltFeatures, parts: readonly BuiltFeatures[]): Set<string> {
  const rowOf = new Map(whole.ids.map((id, i) => [id, i]));
  const out = new Set<string>();
  for (const part of parts) {
    part.ids.forEach((id, i) => {
      const w = rowOf.get(id) as number;
      part.featureNames.forEach((name, j) => {
        if (part.data[i * part.cols + j] !== whole.data[w * whole.cols + whole.featureNames.indexOf(name)]) out.add(name);
      });
    });
  }
  return out;
}

describe('the columns a streamed plan can compute chunk by chunk', () => {
  it('are all but BASE_RELATIVE_COLUMNS: every other column of buildFeatures is the same on a chunk of whole households as on the base', () => {
    const repurchaseModel = fitRepurchaseModel(ownershipSpells(dataset, { asOf }));
    const whole = buildFeatures(dataset, { asOf, repurchaseModel });
    expect(whole.featureNames).toEqual(expect.arrayContaining([...BASE_RELATIVE_COLUMNS, ...HOUSEHOLD_COLUMNS]));
    const parts = chunks([...bundlesOf(dataset)], 100).map((c) => buildFeatures(datasetOf(c), { asOf, repurchaseModel, encodings: whole.encodings }));
    const unexpected = [...differing(whole, parts)].filter((name) => !BASE_RELATIVE_COLUMNS.includes(name));
    expect(unexpected, 'columns buildFeatures computes over the whole base: add them to BASE_RELATIVE_COLUMNS (src/plan/featureColumns.ts)').toEqual([]);
  }, 120_000);

  it('RFM_COLUMNS are the rfm group of buildFeatures', () => {
    expect(buildFeatures(dataset, { asOf, catalog: ['rfm'] }).featureNames).toEqual(RFM_COLUMNS);
  }, 60_000);
});
