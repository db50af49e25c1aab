/**
 * Repurchase: Kaplan–Meier and the Weibull fit on millions of spells, the stratified model
 * over many models, and repurchaseTiming throughput; with `--with-r`, the same spells are
 * written to CSV and R's survfit / survreg are timed in the same run (needs Rscript with
 * the survival package: Debian's r-base-core and r-cran-survival).
 *
 *   node --import tsx bench/repurchase.ts --spells 5000000 --models 100 --with-r
 *
 * Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fitRepurchaseModel, fitWeibull, kaplanMeier, repurchaseTiming } from '../src/repurchase';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};
const n = Number(arg('--spells', '5000000'));
const models = Number(arg('--models', '100'));
const withR = args.includes('--with-r');

// Deterministic spells: per model a Weibull time to repurchase, a disloyal share, uniform
// starts over 16 years with the history from year 8 (left truncation) and asOf at year 16.
let state = 0x9e3779b9;
const uniform = (): number => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const durations = new Float64Array(n);
const events = new Uint8Array(n);
const entry = new Float64Array(n);
const modelOf = new Uint8Array(n);
let kept = 0;
while (kept < n) {
  const m = Math.floor(uniform() * models);
  const shape = 2 + (m % 7) * 0.2;
  const scale = 30 + (m % 11) * 3;
  const start = uniform() * 192;
  const t = scale * Math.pow(-Math.log(1 - uniform()), 1 / shape);
  if (start + t <= 96) continue;
  const loyal = uniform() < 0.6;
  const event = loyal && start + t <= 192;
  const d = Math.max(event ? t : 192 - start, 1 / 30.44);
  const e = Math.min(Math.max(0, 96 - start), d * 0.999);
  durations[kept] = d;
  events[kept] = event ? 1 : 0;
  entry[kept] = e;
  modelOf[kept] = m;
  kept++;
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const value = f();
  return [value, (performance.now() - t0) / 1000];
};
const [km, kmSeconds] = time(() => kaplanMeier(durations, events));
const [, kmEntrySeconds] = time(() => kaplanMeier(durations, events, { entry }));
const [weibull, weibullSeconds] = time(() => fitWeibull(durations, events));
// The spell objects only now: Kaplan–Meier and the Weibull fit above ran, as R does, on
// columns, without five million objects in the heap (each of their large allocations can
// start a full collection of the heap, which such objects make slow: see the README).
const spells = Array.from({ length: n }, (_, i) => ({
  model: `M${modelOf[i] as number}`,
  make: `K${(modelOf[i] as number) % 10}`,
  durationMonths: durations[i] as number,
  entryMonths: entry[i] as number,
  event: events[i] === 1,
}));
const [, kmWithObjectsSeconds] = time(() => kaplanMeier(durations, events));
const [model, modelSeconds] = time(() => fitRepurchaseModel(spells));
const asOf = new Date('2026-01-01T00:00:00Z');
const owners = Math.min(n, 1_000_000);
const starts = Array.from({ length: owners }, (_, i) => ({ model: (spells[i] as { model: string }).model, make: (spells[i] as { make: string }).make, start: new Date(asOf.getTime() - Math.floor((spells[i] as { durationMonths: number }).durationMonths * 30.44) * 86_400_000) }));
let sink = 0;
const [, timingSeconds] = time(() => {
  for (const s of starts) sink += repurchaseTiming(model, s, { asOf }).probabilityWithinWindow;
});

const result: Record<string, unknown> = {
  bench: 'repurchase',
  form: `${models} models`,
  spells: n,
  kaplanMeierSeconds: Number(kmSeconds.toFixed(3)),
  kaplanMeierWithEntrySeconds: Number(kmEntrySeconds.toFixed(3)),
  kaplanMeierMedian: km.median.value,
  kaplanMeierBesideSpellObjectsSeconds: Number(kmWithObjectsSeconds.toFixed(3)),
  weibullSeconds: Number(weibullSeconds.toFixed(3)),
  weibullShape: Number(weibull.shape.toFixed(4)),
  stratifiedModelSeconds: Number(modelSeconds.toFixed(3)),
  strata: model.strata.length,
  timingOwnersPerSecond: Math.round(owners / timingSeconds),
  checksum: Number(sink.toFixed(3)),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
};

if (withR) {
  try {
    mkdirSync('.bench-out', { recursive: true });
    let csv = 'time,status\n';
    const chunks: string[] = [];
    for (let i = 0; i < n; i++) {
      chunks.push(`${(durations[i] as number).toFixed(4)},${events[i] as number}`);
      if (chunks.length === 100_000) {
        csv += `${chunks.join('\n')}\n`;
        chunks.length = 0;
      }
    }
    csv += chunks.join('\n');
    writeFileSync('.bench-out/spells.csv', csv);
    const script = [
      'suppressPackageStartupMessages(library(survival))',
      'd <- read.csv(".bench-out/spells.csv")',
      'a <- system.time(f <- survfit(Surv(time, status) ~ 1, data = d))[["elapsed"]]',
      'b <- system.time(w <- survreg(Surv(time, status) ~ 1, data = d, dist = "weibull"))[["elapsed"]]',
      'cat(sprintf("%.3f %.3f %.6f %.6f\\n", a, b, 1 / w$scale, summary(f)$table[["median"]]))',
    ].join('\n');
    const out = execFileSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split(/\s+/);
    result['rSurvfitSeconds'] = Number(out[0]);
    result['rSurvregSeconds'] = Number(out[1]);
    result['rWeibullShape'] = Number(out[2]);
    result['rMedian'] = Number(out[3]);
  } catch (error) {
    result['r'] = `not run: ${(error as Error).message.split('\n')[0] ?? ''}`;
  }
}
console.log(JSON.stringify(result));
