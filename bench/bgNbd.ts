/**
 * BG/NBD (or, with `--model pareto-nbd`, Pareto/NBD) fit on simulated customers: histories
 * drawn from the model's own process with the CDNOW estimates of Fader, Hardie & Lee (2005)
 * (weeks), first purchases spread uniformly over
 * two years before the end of observation, purchase times on a day grid (same-day purchases
 * merged, as a summary from invoices would): about a third of the (x, t_x, T) are distinct.
 * The day grid (times floored, same-day purchases merged) moves the estimates a little off
 * the truth (BG/NBD α ≈ 4.68 for 4.414): this measures speed; tests/rfm/fitBgNbd.test.ts checks
 * the recovery of a simulator's truth on continuous times.
 *
 *   node --import tsx bench/bgNbd.ts --customers 1000000
 *   node --import tsx bench/bgNbd.ts --customers 1000000 --model pareto-nbd
 *
 * Prints one JSON line: customers, distinct histories, seconds of the fit (validation and
 * collapsing included), the estimates beside the truth, peak RSS.
 */
import { Random } from '../src/internal/random';
import { fitBgNbd, fitParetoNbd, type PurchaseHistory } from '../src/rfm';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const customers = Number(flag('customers', '1000000'));
const pareto = flag('model', 'bg-nbd') === 'pareto-nbd';
const truth: { r: number; alpha: number; s: number; beta: number } | { r: number; alpha: number; a: number; b: number } = pareto
  ? { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }
  : { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const maxAgeDays = 730;

const t0 = performance.now();
const random = new Random(20050401);
const rows: PurchaseHistory[] = new Array<PurchaseHistory>(customers);
for (let i = 0; i < customers; i++) {
  const ageDays = random.int(1, maxAgeDays);
  const lambda = random.gamma(truth.r) / truth.alpha; // purchases per week
  let t = 0; // weeks since the first purchase
  let lastDay = 0;
  let x = 0;
  if ('beta' in truth) {
    // Pareto/NBD: an exponential lifetime, μ ~ Gamma(s, β)
    const end = Math.min(ageDays, 7 * random.exponential(truth.beta / random.gamma(truth.s)));
    for (;;) {
      t += random.exponential(1 / lambda);
      const day = Math.floor(t * 7);
      if (t * 7 >= end) break;
      if (day > lastDay) {
        x++;
        lastDay = day;
      }
    }
  } else {
    // BG/NBD: drop-out with probability p ~ Beta(a, b) after each repeat purchase
    const p = random.beta(truth.a, truth.b);
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
  }
  rows[i] = { frequency: x, recency: lastDay / 7, T: ageDays / 7 };
}
const simulateSeconds = (performance.now() - t0) / 1000;

const t1 = performance.now();
const model = pareto ? fitParetoNbd(rows) : fitBgNbd(rows);
const seconds = (performance.now() - t1) / 1000;
const distinct = new Set(rows.map((h) => (h.frequency * 1024 + Math.round(h.recency * 7)) * 1024 + Math.round(h.T * 7))).size;
const estimates = model.kind === 'pareto-nbd' ? { r: model.r, alpha: model.alpha, s: model.s, beta: model.beta } : { r: model.r, alpha: model.alpha, a: model.a, b: model.b };

console.log(
  JSON.stringify({
    bench: pareto ? 'paretoNbd' : 'bgNbd',
    form: pareto ? 'fitParetoNbd' : 'fitBgNbd',
    customers,
    distinctHistories: distinct,
    seconds: Number(seconds.toFixed(3)),
    simulateSeconds: Number(simulateSeconds.toFixed(3)),
    iterations: model.iterations,
    ...Object.fromEntries(Object.entries(estimates).map(([k, v]) => [k, Number(v.toFixed(4))])),
    truth,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
