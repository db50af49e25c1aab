// Scratch runner (not a test): accuracy on a fixture file, printing the misses.
import { readFileSync } from 'node:fs';
import { InvoiceSchema } from '../../src/domain';
import { classifyInvoice } from '../../src/invoices';
const file = process.argv[2] as string;
const data = JSON.parse(readFileSync(file, 'utf8')) as { invoices: Array<{ id: string; invoice: unknown; expected: { category: string; payer: string; planOperations: string[] } }> };
let cat = 0, pay = 0, ops = 0;
for (const x of data.invoices) {
  const inv = InvoiceSchema.parse(x.invoice);
  const r = classifyInvoice(inv);
  const okC = r.category === x.expected.category, okP = r.payer === x.expected.payer, okO = r.planOperations.join(',') === x.expected.planOperations.join(',');
  cat += +okC; pay += +okP; ops += +okO;
  if (!okC || !okP || !okO) console.log(x.id, okC ? '' : `cat ${r.category}≠${x.expected.category}`, okP ? '' : `pay ${r.payer}≠${x.expected.payer}`, okO ? '' : `ops [${r.planOperations}]≠[${x.expected.planOperations}]`);
}
console.log(`category ${cat}/${data.invoices.length} payer ${pay}/${data.invoices.length} ops ${ops}/${data.invoices.length}`);
