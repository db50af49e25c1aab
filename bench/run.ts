/**
 * `npm run bench`: bundles each benchmark with esbuild (as a host's bundler or tsup's build
 * would: one scope, minified names off) and runs every configuration in its own Node process,
 * so each peak RSS is its own. Prints a table with the machine it ran on.
 *
 * Set BENCH_QUICK=1 for a smoke run at small volumes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';

const quick = process.env['BENCH_QUICK'] === '1';
const runs: Array<{ file: string; args: string[]; nodeFlags: string[] }> = [
  { file: 'bench/simulate.ts', args: ['--form', 'array', '--customers', quick ? '5000' : '100000'], nodeFlags: [] },
  { file: 'bench/simulate.ts', args: ['--form', 'stream', '--customers', quick ? '5000' : '100000'], nodeFlags: [] },
  { file: 'bench/simulate.ts', args: ['--form', 'stream', '--customers', quick ? '20000' : '1000000'], nodeFlags: [] },
  { file: 'bench/parseDataset.ts', args: ['--customers', quick ? '2000' : '50000'], nodeFlags: [] },
  { file: 'bench/classifyInvoice.ts', args: ['--customers', quick ? '2000' : '20000'], nodeFlags: [] },
  { file: 'bench/dueServices.ts', args: ['--customers', quick ? '2000' : '790000'], nodeFlags: [] },
  { file: 'bench/repurchase.ts', args: quick ? ['--spells', '20000', '--models', '20'] : ['--spells', '5000000', '--models', '100', '--with-r'], nodeFlags: quick ? [] : ['--max-old-space-size=8192'] },
  { file: 'bench/bgNbd.ts', args: ['--customers', quick ? '20000' : '1000000'], nodeFlags: [] },
  { file: 'bench/bgNbd.ts', args: ['--customers', quick ? '20000' : '1000000', '--model', 'pareto-nbd'], nodeFlags: [] },
  { file: 'bench/rfm.ts', args: quick ? ['--events', '200000', '--customers', '20000'] : ['--events', '50000000', '--customers', '5000000', '--order', 'customer'], nodeFlags: quick ? [] : ['--max-old-space-size=8192'] },
  { file: 'bench/rfm.ts', args: quick ? ['--events', '200000', '--customers', '20000', '--order', 'random'] : ['--events', '50000000', '--customers', '5000000', '--order', 'random'], nodeFlags: quick ? [] : ['--max-old-space-size=8192'] },
  { file: 'bench/scorePropensity.ts', args: ['--rows', quick ? '20000' : '1000000', '--features', '20'], nodeFlags: [] },
  // The daily plan and the governor at full size run as a host should run them: with a young
  // generation of 64 MB a semi-space, where V8's 16 MB promotes each chunk's records before they
  // die (docs/decisions.md, "The day's plan at scale"; both benches print their flags).
  { file: 'bench/plan.ts', args: ['--customers', quick ? '5000' : '1000000'], nodeFlags: quick ? [] : ['--max-old-space-size=8192', '--max-semi-space-size=64'] },
  { file: 'bench/governContacts.ts', args: quick ? ['--proposals', '20000', '--customers', '8000', '--history', '80000'] : ['--proposals', '5000000', '--customers', '2000000', '--history', '20000000'], nodeFlags: quick ? [] : ['--max-old-space-size=14000', '--max-semi-space-size=64'] },
  { file: 'bench/forest.ts', args: quick ? ['--rows', '5000', '--trees', '20'] : ['--rows', '100000', '--with-sklearn'], nodeFlags: [] },
  // Quick mode (CI, where Python's scikit-learn may be absent) never passes --with-sklearn, so never starts Python.
  { file: 'bench/logistic.ts', args: quick ? ['--rows', '5000'] : ['--rows', '100000', '--with-sklearn'], nodeFlags: [] },
  { file: 'bench/trainMemory.ts', args: ['--rows', quick ? '20000' : '1000000', '--features', '50', '--algorithm', 'logistic'], nodeFlags: [] },
  { file: 'bench/trainMemory.ts', args: ['--rows', quick ? '20000' : '1000000', '--features', '50', '--algorithm', 'random-forest', '--trees', quick ? '10' : '100', '--min-samples-leaf', '50'], nodeFlags: quick ? [] : ['--max-old-space-size=8192'] },
];

const outDir = '.bench-out';
mkdirSync(outDir, { recursive: true });
const bundles = new Map<string, string>();
for (const file of new Set(runs.map((r) => r.file))) {
  const out = join(outDir, basename(file).replace(/\.ts$/, '.mjs'));
  buildSync({ entryPoints: [file], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error' });
  bundles.set(file, out);
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const rows: Array<Record<string, unknown>> = [];
for (const run of runs) {
  const out = execFileSync(process.execPath, [...run.nodeFlags, bundles.get(run.file) as string, ...run.args], { encoding: 'utf8' });
  const result = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
  result['nodeFlags'] = run.nodeFlags.join(' ') || '(none)';
  rows.push(result);
  console.log(JSON.stringify(result));
}
console.table(
  rows.map((r) => {
    const rate = Object.keys(r).find((k) => k.endsWith('PerSecond'));
    const volume = ['proposals', 'events', 'customers', 'rows', 'features', 'invoices', 'vehicles', 'spells'].filter((k) => r[k] !== undefined).map((k) => `${String(r[k])} ${k}`).join(', ');
    return { bench: r['bench'], form: r['form'], volume, seconds: r['dueServicesSeconds'] ?? r['seconds'], throughput: rate === undefined ? '' : `${String(r[rate])} ${rate.replace('PerSecond', '/s')}`, peakRssMiB: r['peakRssMiB'] };
  }),
);
