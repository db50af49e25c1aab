/**
 * The figures behind tests/propensity/simulator.test.ts over several seeds, with a bootstrap
 * standard error of each AUC difference (customers resampled with all their rows, since a
 * customer's rows share their features and their true probability).
 *
 * Run: npx tsx tests/propensity/simulatorGap.ts [customers=20000] [seeds=42,1,2,3,4] [replays=10] [bootstrap=200]
 */
import { auc, gap, runPipeline, type Reading } from './simulatorPipeline';

const customers = Number(process.argv[2] ?? 20_000);
const seeds = (process.argv[3] ?? '42,1,2,3,4').split(',').map(Number);
const replays = Number(process.argv[4] ?? 10);
const resamples = Number(process.argv[5] ?? 200);

/** A seeded generator for the bootstrap (mulberry32). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bootstrapSe(r: Reading, seed: number): number {
  const rows = new Map<string, number[]>();
  r.customers.forEach((c, i) => {
    const list = rows.get(c);
    if (list === undefined) rows.set(c, [i]);
    else list.push(i);
  });
  const groups = [...rows.values()];
  const next = generator(seed);
  const diffs: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const s: Reading = { labels: [], model: [], truth: [], customers: [] };
    for (let j = 0; j < groups.length; j++) {
      for (const i of groups[Math.floor(next() * groups.length)] as number[]) {
        s.labels.push(r.labels[i] as number);
        s.model.push(r.model[i] as number);
        s.truth.push(r.truth[i] as number);
      }
    }
    diffs.push(gap(s));
  }
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  return Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (diffs.length - 1));
}

const f4 = (x: number): string => x.toFixed(4);
const all: Record<string, number[]> = { contacts: [], promotion: [], latentContacts: [], latentPromotion: [] };
for (const seed of seeds) {
  const t0 = performance.now();
  const run = runPipeline(seed, customers, replays);
  const seconds = (performance.now() - t0) / 1000;
  const parts: string[] = [];
  for (const key of ['contacts', 'promotion', 'latentContacts', 'latentPromotion'] as const) {
    const r = run[key];
    all[key]?.push(gap(r));
    parts.push(`${key}: model ${f4(auc(r.labels, r.model))} truth ${f4(auc(r.labels, r.truth))} gap ${f4(gap(r))} ± ${f4(bootstrapSe(r, seed))}`);
  }
  console.log(`seed ${seed}, ${customers} customers, ${replays} replays, ${run.train.rows} training contacts (${seconds.toFixed(1)} s)\n  ${parts.join('\n  ')}`);
}
for (const [key, gaps] of Object.entries(all)) {
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const sd = gaps.length > 1 ? Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / (gaps.length - 1)) : 0;
  console.log(`${key}: mean gap ${f4(mean)}, sd over seeds ${f4(sd)}`);
}
