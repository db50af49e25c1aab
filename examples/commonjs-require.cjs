// The same as esm-import.mjs, from CommonJS: `require('relance/domain')` and
// `require('relance/simulate')` resolve to the package's .cjs builds through its exports map.
// Also shows what bad input looks like: a RelanceError with a code and one issue per field.
//
// Run it (after `npm run build`, from the package root):
//
//   node examples/commonjs-require.cjs

'use strict';

const assert = require('node:assert/strict');
const { bundlesOf, formatIssues, parseDataset, RelanceError } = require('relance/domain');
const { simulateDealer } = require('relance/simulate');

// The CommonJS build is what was loaded, not the ESM one.
assert.match(require.resolve('relance/domain'), /[\\/]dist[\\/]domain[\\/]index\.cjs$/);
assert.match(require.resolve('relance/simulate'), /[\\/]dist[\\/]simulate[\\/]index\.cjs$/);

const CUSTOMERS = 2_000;
const asOf = new Date('2025-06-30');

// 1. A valid base: simulate, round-trip through JSON, validate, stream.
const { dataset: simulated } = simulateDealer({ seed: 42, customers: CUSTOMERS, asOf });
const dataset = parseDataset(JSON.parse(JSON.stringify(simulated)), { asOf });

let customers = 0;
let prospects = 0;
let invoices = 0;
for (const bundle of bundlesOf(dataset)) {
  if (bundle.customer.status === 'prospect') prospects++;
  else customers++;
  invoices += bundle.invoices.length;
}
assert.equal(customers + prospects, CUSTOMERS);
assert.equal(invoices, simulated.invoices.length);
console.log(`customers ${customers}, prospects ${prospects}, invoices/customer ${(invoices / customers).toFixed(2)}`);

// 2. Bad input: an invoice line whose amount is NaN (what a broken CSV export produces).
const raw = {
  sites: [{ id: 'S1', country: 'FR', timeZone: 'Europe/Paris' }],
  customers: [{ id: 'C1', kind: 'person', status: 'customer', createdAt: '2020-01-15' }],
  vehicles: [{ id: 'V1', make: 'Peugeot', model: '208', firstRegistration: '2019-06-01' }],
  invoices: [
    {
      id: 'I1',
      siteId: 'S1',
      vehicleId: 'V1',
      customerId: 'C1',
      date: '2021-03-02',
      payer: 'customer',
      lines: [{ kind: 'labour', label: 'VIDANGE', quantity: 1, amount: Number.NaN }],
    },
  ],
};

let caught;
try {
  parseDataset(raw);
} catch (error) {
  caught = error;
}
assert.ok(caught instanceof RelanceError, `expected a RelanceError, got ${caught}`);
assert.ok(caught instanceof Error);
assert.equal(caught.name, 'RelanceError');
assert.equal(caught.code, 'invalid_input');
assert.equal(caught.issueCount, 1);
assert.deepEqual(caught.issues[0].path, ['invoices', 0, 'lines', 0, 'amount']);
const text = formatIssues(caught.issues);
assert.match(text, /^invoices\[0\]\.lines\[0\]\.amount: /);
console.log(`RelanceError ${caught.code}:`);
console.log(`  ${text}`);

// The same input in collect mode keeps the valid records and reports the bad one.
const { dataset: kept, report } = parseDataset(raw, { onInvalid: 'collect' });
assert.equal(kept.customers.length, 1);
assert.equal(kept.invoices.length, 0);
assert.equal(report.rejected.length, 1);
assert.equal(report.rejected[0].id, 'I1');
console.log(`collect mode: kept ${kept.customers.length} customer, rejected ${report.rejected[0].collection}[${report.rejected[0].index}] (${report.rejected[0].id})`);
console.log('ok');
