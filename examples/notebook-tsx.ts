// A data analyst's typed script, run with tsx (no build step, no tsconfig needed):
//
//   npx tsx examples/notebook-tsx.ts
//
// tsx strips the types and runs the file as ESM (this package is "type": "module"), so
// `relance/domain` and `relance/simulate` resolve to the ESM build and their .d.ts types.
// tsx does not type-check; `npm run examples` also runs `tsc -p examples/tsconfig.json`,
// which checks this file against the published .d.ts.

import type { CustomerBundle, Invoice, Vehicle } from 'relance/domain';
import { simulateBundles } from 'relance/simulate';

const CUSTOMERS = 5_000;
const asOf = new Date('2025-06-30');

interface MakeRow {
  make: string;
  vehicles: number;
  invoices: number;
  amount: number;
}

/** The amount of an invoice, excluding taxes (credit notes and discounts are negative). */
const invoiceAmount = (invoice: Invoice): number => invoice.lines.reduce((sum, line) => sum + line.amount, 0);

const byMake = new Map<string, MakeRow>();
const rowOf = (make: string): MakeRow => {
  let row = byMake.get(make);
  if (row === undefined) byMake.set(make, (row = { make, vehicles: 0, invoices: 0, amount: 0 }));
  return row;
};

let streamed = 0;
let unmatched = 0;

/** Adds one customer's vehicles and invoices to the per-make rows. */
function tally(bundle: CustomerBundle): void {
  streamed++;
  const vehicles = new Map<string, Vehicle>(bundle.vehicles.map((v) => [v.id, v]));
  for (const v of bundle.vehicles) rowOf(v.make).vehicles++;
  for (const invoice of bundle.invoices) {
    const vehicle = vehicles.get(invoice.vehicleId);
    if (vehicle === undefined) {
      unmatched++;
      continue;
    }
    const row = rowOf(vehicle.make);
    row.invoices++;
    row.amount += invoiceAmount(invoice);
  }
}

// Streams one customer at a time: the base is never held in memory.
for (const bundle of simulateBundles({ seed: 7, customers: CUSTOMERS, asOf })) tally(bundle);

if (streamed !== CUSTOMERS) throw new Error(`notebook-tsx: expected ${CUSTOMERS} customers, streamed ${streamed}`);
if (unmatched !== 0) throw new Error(`notebook-tsx: ${unmatched} invoices on a vehicle missing from the bundle`);
const rows = [...byMake.values()].sort((a, b) => b.invoices - a.invoices);
if (rows.length < 2 || rows.some((r) => r.invoices === 0)) throw new Error('notebook-tsx: expected invoices on every make');

/** Prints rows as a plain text table, numbers right-aligned. */
function printTable(header: readonly string[], body: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const cells = [header, ...body.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

console.log(`${streamed} customers streamed, as of ${asOf.toISOString().slice(0, 10)}\n`);
printTable(
  ['make', 'vehicles', 'invoices', 'invoices/vehicle', 'avg invoice (EUR excl. tax)'],
  rows.map((r) => [r.make, r.vehicles, r.invoices, (r.invoices / r.vehicles).toFixed(2), (r.amount / r.invoices).toFixed(0)]),
);
console.log('ok');
