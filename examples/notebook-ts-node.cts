// A data analyst's typed script for ts-node, which type-checks before it runs:
//
//   npx ts-node examples/notebook-ts-node.cts
//
// Why `.cts`: this package is "type": "module", so ts-node would treat a plain `.ts` file
// as ESM, which ts-node 10 can only run through its experimental loader
// (`node --loader ts-node/esm file.ts`, with warnings, and broken on some Node 20 versions).
// A `.cts` file is CommonJS whatever the package type, so plain `ts-node` runs it; the
// `import` lines below compile to `require('relance/domain')`, which loads the package's
// CommonJS build and type-checks against its .d.cts types.
//
// ts-node picks up examples/tsconfig.json on its own, because it looks for a tsconfig next
// to the script; `npm run examples` passes `--project examples/tsconfig.json` explicitly.
// (If you would rather not type-check, `npx tsx examples/notebook-ts-node.cts` runs it too.)

import type { CustomerBundle, FinanceContract } from 'relance/domain';
import { bundlesOf, parseDataset } from 'relance/domain';
import { simulateBundles, simulateSites } from 'relance/simulate';

const CUSTOMERS = 5_000;
const asOf = new Date('2025-06-30');
const options = { seed: 11, customers: CUSTOMERS, asOf } as const;

/** Finance contracts ending in the next 12 months: the classic repurchase signal. */
const HORIZON_MS = 365 * 86_400_000;

interface SiteRow {
  site: string;
  customers: number;
  prospects: number;
  invoices: number;
  contractsEnding: number;
}

function endsSoon(contract: FinanceContract): boolean {
  const gap = contract.end.getTime() - asOf.getTime();
  return gap >= 0 && gap <= HORIZON_MS;
}

const sites = simulateSites(options);
const rows = new Map<string, SiteRow>(
  sites.map((s) => [s.id, { site: s.name ?? s.id, customers: 0, prospects: 0, invoices: 0, contractsEnding: 0 }]),
);

let streamed = 0;
function tally(bundle: CustomerBundle): void {
  streamed++;
  const row = rows.get(bundle.customer.homeSiteId ?? '');
  if (row === undefined) throw new Error(`notebook-ts-node: customer ${bundle.customer.id} has no known home site`);
  if (bundle.customer.status === 'prospect') row.prospects++;
  else row.customers++;
  row.invoices += bundle.invoices.length;
  row.contractsEnding += bundle.financeContracts.filter(endsSoon).length;
}

for (const bundle of simulateBundles(options)) tally(bundle);
if (streamed !== CUSTOMERS) throw new Error(`notebook-ts-node: expected ${CUSTOMERS} customers, streamed ${streamed}`);

// The same customers validate as a dataset: check a 200-customer sample round-trips.
const sample: CustomerBundle[] = [];
for (const bundle of simulateBundles({ ...options, customers: 200 })) sample.push(bundle);
const dataset = parseDataset(
  JSON.parse(
    JSON.stringify({
      sites,
      customers: sample.map((b) => b.customer),
      invoices: sample.flatMap((b) => b.invoices),
    }),
  ),
  { asOf },
);
if ([...bundlesOf(dataset)].length !== 200) throw new Error('notebook-ts-node: sample did not round-trip');

console.log(`${streamed} customers streamed, as of ${asOf.toISOString().slice(0, 10)}\n`);
console.log(
  ['site'.padEnd(24), 'customers', 'prospects', 'invoices', 'finance ending <12 mo'].join('  '),
);
for (const r of rows.values()) {
  console.log(
    [
      r.site.padEnd(24),
      String(r.customers).padStart(9),
      String(r.prospects).padStart(9),
      String(r.invoices).padStart(8),
      String(r.contractsEnding).padStart(21),
    ].join('  '),
  );
}
console.log('ok');
