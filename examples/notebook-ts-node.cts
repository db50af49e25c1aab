// A data analyst's typed script for ts-node, which type-checks before it runs. From the
// package root, after `npm run build`:
//
//   TS_NODE_PROJECT=examples/tsconfig.json node -r ts-node/register --loader ts-node/esm examples/notebook-ts-node.cts
//
// (add `--disable-warning=ExperimentalWarning` to silence Node's note about --loader).
//
// Why this and not `npx ts-node examples/notebook-ts-node.cts`: with ts-node 10.9 on Node 20,
// in a package that is "type": "module" like this one, plain `ts-node` cannot run any
// TypeScript file, `.cts` included. ts-node hands the entry point to Node, and Node sends
// every entry point that is not `.cjs` in a "type": "module" package to its ESM loader,
// which does not know `.cts` (ERR_UNKNOWN_FILE_EXTENSION); `ts-node --esm` fails the same
// way on Node 20. The command above works because each piece does one job:
//   - `--loader ts-node/esm` lets Node's ESM loader accept the `.cts` entry point and hand
//     it to the CommonJS loader (a `.cts` file is CommonJS whatever the package type);
//   - `-r ts-node/register` type-checks and compiles it there; the `import` lines below
//     become `require('relance/domain')`, which loads the package's CommonJS build and is
//     checked against its .d.cts types;
//   - `TS_NODE_PROJECT` points ts-node at examples/tsconfig.json (module "node16"). Without
//     it ts-node takes the library's own tsconfig.json from the working directory, whose
//     `verbatimModuleSyntax` rejects `import` in a CommonJS file (TS1286).
// Type errors stop the run (exit code 1); transpile-only mode is deliberately not used.
//
// In your own project, which is usually not "type": "module", save this as `notebook.ts`
// and plain `npx ts-node notebook.ts` works. If you do not need type-checking,
// `npx tsx examples/notebook-ts-node.cts` also runs this file.

import type { CustomerBundle, Dataset, FinanceContract } from 'relance/domain';
import { toBundles } from 'relance/domain';
import { simulateBundles, simulateDealer, simulateSites } from 'relance/simulate';

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

/**
 * One row per home site. Takes what every relance function takes, a whole dataset or a
 * stream of customer bundles; `toBundles` turns either into bundles.
 */
function bySite(source: Dataset | Iterable<CustomerBundle>): SiteRow[] {
  const rows = new Map<string, SiteRow>(
    simulateSites(options).map((s) => [s.id, { site: s.name ?? s.id, customers: 0, prospects: 0, invoices: 0, contractsEnding: 0 }]),
  );
  for (const bundle of toBundles(source)) {
    const row = rows.get(bundle.customer.homeSiteId ?? '');
    if (row === undefined) throw new Error(`notebook-ts-node: customer ${bundle.customer.id} has no known home site`);
    if (bundle.customer.status === 'prospect') row.prospects++;
    else row.customers++;
    row.invoices += bundle.invoices.length;
    row.contractsEnding += bundle.financeContracts.filter(endsSoon).length;
  }
  return [...rows.values()];
}

// Streamed one customer at a time...
const streamed = bySite(simulateBundles(options));
// ...or held in memory as a dataset: the same customers, so the same table.
const inMemory = bySite(simulateDealer(options).dataset);

const total = streamed.reduce((n, r) => n + r.customers + r.prospects, 0);
if (total !== CUSTOMERS) throw new Error(`notebook-ts-node: expected ${CUSTOMERS} customers, got ${total}`);
if (JSON.stringify(streamed) !== JSON.stringify(inMemory)) throw new Error('notebook-ts-node: stream and dataset disagree');

console.log(`${total} customers, as of ${asOf.toISOString().slice(0, 10)}\n`);
console.log(['site'.padEnd(24), 'customers', 'prospects', 'invoices', 'finance ending <12 mo'].join('  '));
for (const r of streamed) {
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
