/**
 * The whole daily plan (issue 8): a simulated dealer group streamed customer by customer, the
 * night's training, then `planContacts` over the same stream, with the time of each stage.
 *
 *   node --max-semi-space-size=64 --max-old-space-size=8192 --import tsx bench/plan.ts --customers 1000000
 *
 * `--max-semi-space-size=64` is how a host should run a plan of this size: with V8's default
 * 16 MB semi-spaces, a chunk's records outlive two scavenges and are copied to the old
 * generation before they die (24 s of the plan's 110 s were collections at 1,000,000 customers;
 * 14 s of 86–95 with the flag: docs/decisions.md, "The day's plan at scale").
 *
 * Two passes over `simulateBundles`, as a host reads its base twice a night:
 * 1. nightly training — the ownership spells of the whole base for the repurchase model
 *    (`fitRepurchaseModel`), and a sample of households (`--sample`, default 5%) for two
 *    logistic propensity models, "buys a vehicle within a year" (scores `repurchase`) and
 *    "visits the workshop within 6 months" (scores `service`, `inspection`, `tyres` and
 *    `winback`). A host trains on a sample: the models need tens of thousands of rows, not a
 *    million. The models leave out what `buildFeatures` computes over the whole base (the
 *    `rfm` group, `emailOpenRate36m`), which a streamed plan refuses (see `planContacts`).
 * 2. the plan — `planContacts(simulateBundles(…))` under the demo's 10-rule policy, 30 days,
 *    10% holdouts, each stage timed through `onStage`.
 * The simulator runs inside both passes: its time (the plan's `read` stage; around each chunk
 * it makes during training) is reported apart and left out of the plan's and training's times.
 * Times are wall seconds, and for the plan, the training and the simulation also CPU seconds
 * (of the whole process, GC threads included): other processes share the cores, and wall time
 * alone misleads.
 *
 * Prints one JSON line: customers, the plan's seconds (wall: the sum of its stages; CPU) and
 * its stages', the garbage collection's pauses per stage (`gcSeconds`, from a PerformanceObserver
 * of `gc` entries: the simulator's garbage is collected in `read` as often as elsewhere), the
 * simulation's and the training's, counts, peak RSS after training and at the end, the V8
 * flags given and the load average at the end (the machine may be shared).
 */
import type { CustomerBundle, Dataset } from '../src/domain';
import { EXAMPLE_ALTERNATING_PLAN, EXAMPLE_FIXED_TIMING_BELT_PLAN, EXAMPLE_GENERIC_PLAN, EXAMPLE_LONGLIFE_PLAN } from '../src/invoices';
import { planContacts, type PlanStage } from '../src/plan';
import type { ContactPolicyInput } from '../src/pressure';
import { FEATURE_GROUPS, buildFeatures, trainPropensity, type BuiltFeatures } from '../src/propensity';
import { fitRepurchaseModel, ownershipSpells, type OwnershipSpell } from '../src/repurchase';
import { simulateBundles, simulateSites } from '../src/simulate';
import { loadavg } from 'node:os';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const customers = Number(flag('customers', '100000'));
const sample = Number(flag('sample', '0.05'));
const DAY = 86_400_000;
const asOf = new Date('2026-11-25T00:00:00Z');
const simulation = { seed: 1, customers, asOf, years: 8 };
const sites = simulateSites(simulation);
const plans = { Valmont: EXAMPLE_LONGLIFE_PLAN, Cerise: EXAMPLE_ALTERNATING_PLAN, Rhodan: EXAMPLE_FIXED_TIMING_BELT_PLAN, Fiorra: EXAMPLE_GENERIC_PLAN, Kato: EXAMPLE_GENERIC_PLAN };
// The demo's policy (src/cli/pressureSection.ts), written out so that the bench stays put.
const policy: ContactPolicyInput = {
  caps: [
    { id: 'marketing-one-a-quarter', max: 1, window: { calendar: 'quarter' }, topics: ['promotion', 'winback', 'repurchase'] },
    { id: 'prospects-2-a-month', max: 2, window: { months: 1 }, status: 'prospect' },
    { id: 'customers-4-a-month', max: 4, window: { months: 1 }, status: 'customer' },
    { id: 'household-3-per-2-weeks', max: 3, window: { days: 14, groupBy: 'month' }, per: 'household' },
  ],
  gaps: [{ id: 'two-days-apart', days: 2 }],
  exclusions: [{ id: 'no-sales-around-service', topic: 'repurchase', near: ['service'], days: 30 }],
  quiet: [
    { channel: 'phone', quietWeekdays: [0, 6], fromHour: 9, toHour: 19 },
    { channel: 'sms', quietWeekdays: [0], fromHour: 9, toHour: 20 },
  ],
  consentRequired: ['email', 'sms'],
};

/** Wall and CPU milliseconds (CPU of the whole process: other processes share the cores, and wall time alone misleads). */
interface Times {
  wall: number;
  cpu: number;
}
const now = (): Times => {
  const c = process.cpuUsage();
  return { wall: performance.now(), cpu: (c.user + c.system) / 1000 };
};
const add = (into: Times, from: Times, to: Times): void => {
  into.wall += to.wall - from.wall;
  into.cpu += to.cpu - from.cpu;
};
const zero = (): Times => ({ wall: 0, cpu: 0 });

const s = (ms: number): number => Number((ms / 1000).toFixed(2));
const both = (t: Times): { wall: number; cpu: number } => ({ wall: s(t.wall), cpu: s(t.cpu) });
const mib = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** FNV-1a of a household (or customer) id: the sample keeps whole households. */
function inSample(b: CustomerBundle): boolean {
  const key = b.customer.householdId ?? b.customer.id;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return ((h >>> 0) % 10_000) / 10_000 < sample;
}

/** The table without the columns buildFeatures computes over the whole base outside the `rfm` group (a streamed plan refuses them). */
function perCustomer(t: BuiltFeatures): BuiltFeatures {
  const keep = t.featureNames.map((n, j) => (n === 'emailOpenRate36m' ? -1 : j)).filter((j) => j >= 0);
  const data = new Float64Array(t.rows * keep.length);
  for (let i = 0; i < t.rows; i++) keep.forEach((j, k) => (data[i * keep.length + k] = t.data[i * t.cols + j] as number));
  return { ...t, featureNames: keep.map((j) => t.featureNames[j] as string), cols: keep.length, data };
}

// 1. Nightly training (in a function: what it reads is let go before the plan).
function nightlyTraining() {
  const spells: OwnershipSpell[] = [];
  const train = { sites, customers: [], vehicles: [], sales: [], disposals: [], financeContracts: [], odometerReadings: [], serviceIndicators: [], invoices: [], contacts: [], consents: [], engagement: [] } as { -readonly [K in keyof Dataset]: Dataset[K][number][] };
  const vehicles = new Set<string>();
  const source = simulateBundles(simulation);
  for (;;) {
    // The simulator's time, measured around each chunk it makes.
    const t = now();
    const chunk: CustomerBundle[] = [];
    for (let next = source.next(); next.done !== true; next = source.next()) if (chunk.push(next.value) === 1024) break;
    add(simulated, t, now());
    if (chunk.length === 0) break;
    for (const spell of ownershipSpells(chunk, { asOf })) spells.push(spell);
    for (const b of chunk) {
      if (!inSample(b)) continue;
      train.customers.push(b.customer);
      for (const v of b.vehicles) if (!vehicles.has(v.id)) (vehicles.add(v.id), train.vehicles.push(v));
      for (const k of ['sales', 'disposals', 'financeContracts', 'odometerReadings', 'serviceIndicators', 'invoices', 'contacts', 'consents', 'engagement'] as const) for (const x of b[k]) (train[k] as unknown[]).push(x);
    }
  }
  const repurchase = fitRepurchaseModel(spells);
  const catalog = FEATURE_GROUPS.filter((g) => g !== 'rfm');
  const purchaseTable = perCustomer(buildFeatures(train, { asOf: new Date(asOf.getTime() - 365 * DAY), target: { kind: 'vehicle-purchase', horizonDays: 365 }, catalog }));
  const purchase = trainPropensity(purchaseTable, { algorithm: 'logistic' });
  const visitTable = perCustomer(buildFeatures(train, { asOf: new Date(asOf.getTime() - 183 * DAY), target: { kind: 'workshop-visit', horizonDays: 183 }, catalog }));
  const visit = trainPropensity(visitTable, { algorithm: 'logistic' });
  return { repurchase, purchase, visit, spells: spells.length, rows: purchaseTable.rows };
}
const simulated = zero();
const t0 = now();
const { repurchase, purchase, visit, spells: spellCount, rows: trainingRows } = nightlyTraining();
const training = zero();
add(training, t0, now());
const trainingSimulation = { ...simulated };
training.wall -= simulated.wall;
training.cpu -= simulated.cpu;
const trainingPeakRssMiB = mib();

// 2. The plan. Its `read` stage is the simulator making the next chunk of customers. Stages
// are timed on the wall clock (the CPU clock is a system call: read only around `read`, to
// tell the simulator's CPU time from the plan's).
const stageMs = new Map<PlanStage, number>();
// Garbage collection, attributed to the stage it paused: the observer's entries arrive once the
// plan returns (it never yields), with their start on the same clock as the stages'.
const gcEntries: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcEntries.push(e);
});
gcObserver.observe({ entryTypes: ['gc'] });
const stageSpans: { stage: PlanStage; from: number }[] = [];
const reading = zero();
let stage: PlanStage = 'read';
let since = performance.now();
let readFrom = now();
const t1 = readFrom;
const plan = planContacts(simulateBundles(simulation), {
  asOf,
  horizonDays: 30,
  sites,
  policy,
  plans,
  models: { repurchase, propensity: { repurchase: purchase, service: visit, inspection: visit, tyres: visit, winback: visit } },
  holdout: { fraction: 0.1, salt: 'bench' },
  // The CPU clock (a system call, some 40 µs here) is read inside the `read` stage only: after
  // a stage's end when entering `read`, before the next stage's start when leaving it.
  onStage: (next) => {
    if (stage === 'read' && next !== 'read') add(reading, readFrom, now());
    const t = performance.now();
    stageMs.set(stage, (stageMs.get(stage) ?? 0) + t - since);
    stageSpans.push({ stage: next, from: t });
    const entersRead = next === 'read' && stage !== 'read';
    [stage, since] = [next, t];
    if (entersRead) readFrom = now();
  },
});
const total = zero();
add(total, t1, now());
await new Promise((resolve) => setTimeout(resolve, 50));
gcObserver.disconnect();
const gcMs = new Map<PlanStage, number>();
{
  let k = 0;
  for (const e of [...gcEntries].sort((a, b) => a.startTime - b.startTime)) {
    if (e.startTime < t1.wall || stageSpans.length === 0) continue;
    while (k + 1 < stageSpans.length && (stageSpans[k + 1] as { from: number }).from <= e.startTime) k++;
    const at = (stageSpans[k] as { stage: PlanStage }).stage;
    gcMs.set(at, (gcMs.get(at) ?? 0) + e.duration);
  }
}
const names = ['classify', 'due', 'repurchase', 'winback', 'features', 'scoring', 'holdouts', 'governance', 'contacts'] as const;
// Wall: the plan's stages (the simulator's `read` left out); CPU: the whole call less `read`'s.
const planTimes = { wall: names.reduce((sum, k) => sum + (stageMs.get(k) ?? 0), 0), cpu: total.cpu - reading.cpu };
console.log(
  JSON.stringify({
    bench: 'plan',
    form: 'streamed bundles; repurchase and 2 propensity models; 10-rule policy, 30 days',
    customers,
    seconds: s(planTimes.wall),
    customersPerSecond: Math.round(customers / (planTimes.wall / 1000)),
    cpuSeconds: s(planTimes.cpu),
    stageSeconds: Object.fromEntries(names.map((k) => [k, s(stageMs.get(k) ?? 0)])),
    gcSeconds: { plan: s(names.reduce((sum, k) => sum + (gcMs.get(k) ?? 0), 0)), ...Object.fromEntries(names.map((k) => [k, s(gcMs.get(k) ?? 0)])), read: s(gcMs.get('read') ?? 0) },
    simulation: { training: both(trainingSimulation), plan: both(reading) },
    training: { ...both(training), spells: spellCount, sampleCustomers: trainingRows, sample },
    candidates: plan.stats.candidates,
    proposals: plan.stats.proposals,
    holdouts: plan.stats.holdouts,
    contacts: plan.stats.contacts,
    refused: plan.governed.refused.length,
    trainingPeakRssMiB,
    peakRssMiB: mib(),
    nodeFlags: process.execArgv.filter((a) => a.startsWith('--') && a !== '--import').join(' '),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  }),
);
