/**
 * BG/NBD fit on simulated customers: histories drawn from a BG/NBD process with the CDNOW
 * estimates of Fader, Hardie & Lee (2005) (weeks), first purchases spread uniformly over
 * two years before the end of observation, purchase times on a day grid (same-day purchases
 * merged, as a summary from invoices would): about a third of the (x, t_x, T) are distinct.
 * The day grid (times floored, same-day purchases merged) moves the estimates a little off
 * the truth (α ≈ 4.68 for 4.414): this measures speed; tests/rfm/fitBgNbd.test.ts checks
 * the recovery of a simulator's truth on continuous times.
 *
 *   node --import tsx bench/bgNbd.ts --customers 1000000
 *
 * Prints one JSON line: customers, distinct histories, seconds of the fit (validation and
 * collapsing included), the estimates beside the truth, peak RSS.
 */
import { Random } from '../src/internal/random';
import { fitBgNbd, type PurchaseHistory } from '../src/rfm';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const customers = Number(flag('customers', '1000000'));
const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const maxAgeDays = 730;

const t0 = performance.now();
const random = new Random(20050401);
const rows: PurchaseHistory[] = new Array<PurchaseHistory>(customers);
for (let i = 0; i < customers; i++) {
  const ageDays = random.int(1, maxAgeDays);
  const lambda = random.gamma(truth.r) / truth.alpha; // purchases per week
  const p = random.beta(truth.a, truth.b);
  let t = 0; // weeks since the first purchase
  let lastDay = 0;
  let x = 0;
  for (;;) {
    t += random.exponential(1 / lambda);
    const day = Math.floor(t * 7);
    if (day >= ageDays) break;
    if (day > lastDay) {
      x++;
      lastDay = day;
    }
    if (random.bernoulli(p)) break;
  }
  rows[i] = { frequency: x, recency: lastDay / 7, T: ageDays / 7 };
}
const simulateSeconds = (performance.now() - t0) / 1000;

const t1 = performance.now();
const model = fitBgNbd(rows);
const seconds = (performance.now() - t1) / 1000;
const distinct = new Set(rows.map((h) => (h.frequency * 1024 + Math.round(h.recency * 7)) * 1024 + Math.round(h.T * 7))).size;

console.log(
  JSON.stringify({
    bench: 'bgNbd',
    form: 'fitBgNbd',
    customers,
    distinctHistories: distinct,
    seconds: Number(seconds.toFixed(3)),
    simulateSeconds: Number(simulateSeconds.toFixed(3)),
    iterations: model.iterations,
    r: Number(model.r.toFixed(4)),
    alpha: Number(model.alpha.toFixed(4)),
    a: Number(model.a.toFixed(4)),
    b: Number(model.b.toFixed(4)),
    truth,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
