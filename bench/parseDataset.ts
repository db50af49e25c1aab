/**
 * Validation throughput: parseDataset on a simulated base given as JSON-like input
 * (dates as ISO strings, as a host's export would give them), one process per run.
 *
 *   node --import tsx bench/parseDataset.ts --customers 20000
 *
 * Prints one JSON line: customers, records, seconds, records per second, peak RSS.
 */
import { parseDataset } from '../src/domain';
import { simulateDealer } from '../src/simulate';

const args = process.argv.slice(2);
const i = args.indexOf('--customers');
const customers = Number(i >= 0 ? args[i + 1] : '20000');
const { dataset } = simulateDealer({ seed: 1, customers, asOf: new Date('2026-11-25T00:00:00Z') });
const raw: unknown = JSON.parse(JSON.stringify(dataset));
const records = Object.values(dataset).reduce((n, list) => n + (list as unknown[]).length, 0);

const t0 = performance.now();
const parsed = parseDataset(raw);
const seconds = (performance.now() - t0) / 1000;
if (parsed.invoices.length !== dataset.invoices.length) throw new Error('parseDataset bench: records lost');
console.log(
  JSON.stringify({
    bench: 'parseDataset',
    form: 'array (JSON input)',
    customers,
    records,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Math.round(records / seconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
