/**
 * RFM at scale: `RfmAccumulator` fed in chunks (as a host streams a table), then `rfmScores`
 * and `rfmSegments`, on events drawn for a base of customers with each their own rhythm.
 *
 *   node --max-old-space-size=8192 --import tsx bench/rfm.ts --events 50000000 --customers 5000000 --order customer
 *
 * `--order customer` streams each customer's events together (a table read by customer, or
 * relance's bundles); `--order random` draws every event's customer at random, skewed (a
 * table read by date across a base larger than the processor's caches: every event a cache
 * miss in the customer index).
 *
 * Prints one JSON line.
 */
import { RfmAccumulator, rfmScores, rfmSegments, type RfmEvent } from '../src/rfm';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};
const events = Number(arg('--events', '50000000'));
const customers = Number(arg('--customers', '5000000'));
const order = arg('--order', 'customer');
const CHUNK = 1_000_000;
const DAY = 86_400_000;
const asOf = new Date('2025-06-30T00:00:00Z');
const horizonDays = 8 * 365;

let state = 0x2545f491;
const uniform = (): number => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const ids = Array.from({ length: customers }, (_, k) => `C${String(k).padStart(8, '0')}`);

const t0 = performance.now();
const acc = new RfmAccumulator({ asOf, unit: 'days' });
let chunk: RfmEvent[] = [];
// Time spent in relance while streaming (the rest of the loop is this script drawing events).
let inAdd = 0;
const add = (events: RfmEvent[]): void => {
  const a = performance.now();
  acc.add(events);
  inAdd += performance.now() - a;
};
for (let i = 0; i < events; i++) {
  // Skewed activity at random (a few customers make many of the events), or grouped by customer.
  const k = order === 'random' ? Math.floor(customers * uniform() ** 2) : Math.floor((i * customers) / events);
  chunk.push({ customerId: ids[k] as string, at: asOf.getTime() - Math.floor(uniform() * horizonDays) * DAY, value: Math.round(50 + 950 * uniform()) });
  if (chunk.length === CHUNK) {
    add(chunk);
    chunk = [];
  }
}
add(chunk);
chunk = [];
const t1 = performance.now();
const summary = acc.summary();
const t2 = performance.now();
const scores = rfmScores(summary);
const t3 = performance.now();
const segments = rfmSegments(scores);
const t4 = performance.now();

console.log(
  JSON.stringify({
    bench: 'rfm',
    form: `chunks of ${CHUNK.toLocaleString('en-GB')} events, ${order} order`,
    events,
    customers: summary.length,
    seconds: Number(((inAdd + t4 - t1) / 1000).toFixed(2)),
    wallSecondsWithEventDrawing: Number(((t4 - t0) / 1000).toFixed(2)),
    addSeconds: Number((inAdd / 1000).toFixed(2)),
    summarySeconds: Number(((t2 - t1) / 1000).toFixed(2)),
    scoresSeconds: Number(((t3 - t2) / 1000).toFixed(2)),
    segmentsSeconds: Number(((t4 - t3) / 1000).toFixed(2)),
    eventsPerSecond: Math.round(events / ((inAdd + t4 - t1) / 1000)),
    winBack: segments.winBack,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
