/**
 * classifyInvoice throughput on simulated invoices, one core, default lexicons.
 *
 *   node --import tsx bench/classifyInvoice.ts --customers 20000
 *
 * Prints one JSON line: invoices, lines, seconds, invoices per second, peak RSS.
 */
import { classifyInvoice, defaultCompiledLexicon } from '../src/invoices';
import { simulateDealer } from '../src/simulate';

const args = process.argv.slice(2);
const i = args.indexOf('--customers');
const customers = Number(i >= 0 ? args[i + 1] : '20000');
const { dataset } = simulateDealer({ seed: 7, customers, asOf: new Date('2026-11-25T00:00:00Z') });
const invoices = dataset.invoices;
const lines = invoices.reduce((n, inv) => n + inv.lines.length, 0);
defaultCompiledLexicon();
// Warm-up, then the measured passes.
for (let k = 0; k < Math.min(20_000, invoices.length); k++) classifyInvoice(invoices[k] as (typeof invoices)[number], { memo: false });
// Without the label memo first: every label tokenized and matched.
const t1 = performance.now();
for (const invoice of invoices) classifyInvoice(invoice, { memo: false });
const uncachedSeconds = (performance.now() - t1) / 1000;
// Then with it (the default): each distinct label read once.
let maintenance = 0;
const t0 = performance.now();
for (const invoice of invoices) if (classifyInvoice(invoice).category === 'maintenance') maintenance++;
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    bench: 'classifyInvoice',
    form: 'array of invoices',
    invoices: invoices.length,
    lines,
    maintenance,
    seconds: Number(seconds.toFixed(3)),
    invoicesPerSecond: Math.round(invoices.length / seconds),
    uncachedInvoicesPerSecond: Math.round(invoices.length / uncachedSeconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
