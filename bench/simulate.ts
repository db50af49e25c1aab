/**
 * Simulator throughput and peak memory, one configuration per process so that peak RSS
 * is the configuration's own.
 *
 *   node --import tsx bench/simulate.ts --form stream --customers 1000000
 *   node --import tsx bench/simulate.ts --form array --customers 100000
 *
 * Prints one JSON line: form, customers, seconds, customers and invoices per second, peak RSS.
 */
import { simulateBundles, simulateDealer } from '../src/simulate';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const form = flag('form', 'stream');
const customers = Number(flag('customers', '100000'));
const options = { seed: 1, customers, asOf: new Date('2026-11-25T00:00:00Z'), years: 8 };

const t0 = performance.now();
let invoices = 0;
let records = 0;
if (form === 'stream') {
  for (const b of simulateBundles(options)) {
    invoices += b.invoices.length;
    records += 1 + b.vehicles.length + b.sales.length + b.invoices.length + b.contacts.length + b.consents.length + b.engagement.length + b.odometerReadings.length;
  }
} else {
  const { dataset } = simulateDealer(options);
  invoices = dataset.invoices.length;
  records = Object.values(dataset).reduce((n, list) => n + (list as unknown[]).length, 0);
}
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    bench: 'simulate',
    form,
    customers,
    seconds: Number(seconds.toFixed(2)),
    customersPerSecond: Math.round(customers / seconds),
    invoicesPerSecond: Math.round(invoices / seconds),
    records,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
