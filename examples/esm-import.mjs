// A CRM vendor's ESM script: simulate a dealer group, round-trip it through JSON as an
// export would, validate it with parseDataset and walk it one customer at a time.
//
// Run it (after `npm run build`, from the package root):
//
//   node examples/esm-import.mjs
//
// In your own project, after `npm install relance`, the imports are the same.

import { bundlesOf, parseDataset, RelanceError } from 'relance/domain';
import { simulateDealer } from 'relance/simulate';

const CUSTOMERS = 2_000;
const asOf = new Date('2025-06-30');

const { dataset: simulated } = simulateDealer({ seed: 42, customers: CUSTOMERS, asOf });

// What a DMS/CRM export looks like on the wire: dates become ISO strings.
const raw = JSON.parse(JSON.stringify(simulated));

// Throws a RelanceError listing every bad record if anything does not validate.
const dataset = parseDataset(raw, { asOf });

let customers = 0;
let prospects = 0;
let invoices = 0;
let vehicles = 0;
for (const bundle of bundlesOf(dataset)) {
  if (bundle.customer.status === 'prospect') prospects++;
  else customers++;
  invoices += bundle.invoices.length;
  vehicles += bundle.vehicles.length;
}

const total = customers + prospects;
const check = (ok, message) => {
  if (!ok) throw new Error(`esm-import: ${message}`);
};
check(total === CUSTOMERS, `expected ${CUSTOMERS} customer records, got ${total}`);
check(dataset.customers.length === CUSTOMERS, `parseDataset kept ${dataset.customers.length} customers`);
check(dataset.invoices.length === simulated.invoices.length, 'parseDataset dropped invoices');
check(invoices === dataset.invoices.length, 'bundlesOf lost invoices');
check(dataset.invoices[0]?.date instanceof Date, 'parseDataset did not coerce dates');
check(customers > 0 && prospects > 0, 'expected both customers and prospects');
check(typeof RelanceError === 'function', 'RelanceError is not exported');
// The ESM build was loaded, not the CommonJS one.
check(import.meta.resolve('relance/domain').endsWith('/dist/domain/index.js'), 'relance/domain did not resolve to the ESM build');

console.log(`customer records     ${total}`);
console.log(`  customers          ${customers}`);
console.log(`  prospects          ${prospects}`);
console.log(`vehicles (linked)    ${vehicles}`);
console.log(`invoices             ${invoices}`);
console.log(`invoices / customer  ${(invoices / customers).toFixed(2)}`);
console.log('ok');
