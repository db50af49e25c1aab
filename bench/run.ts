/**
 * `npm run bench`: runs every benchmark configuration in its own Node process (so each
 * peak RSS is its own) and prints a table with the machine it ran on.
 *
 * Set BENCH_QUICK=1 for a smoke run at small volumes.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

const quick = process.env['BENCH_QUICK'] === '1';
const runs: Array<{ file: string; args: string[]; nodeFlags: string[] }> = [
  { file: 'bench/simulate.ts', args: ['--form', 'array', '--customers', quick ? '5000' : '100000'], nodeFlags: [] },
  { file: 'bench/simulate.ts', args: ['--form', 'stream', '--customers', quick ? '5000' : '100000'], nodeFlags: [] },
  { file: 'bench/simulate.ts', args: ['--form', 'stream', '--customers', quick ? '20000' : '1000000'], nodeFlags: [] },
  { file: 'bench/parseDataset.ts', args: ['--customers', quick ? '2000' : '50000'], nodeFlags: [] },
];

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const rows: Array<Record<string, unknown>> = [];
for (const run of runs) {
  const out = execFileSync(process.execPath, [...run.nodeFlags, '--import', 'tsx', run.file, ...run.args], { encoding: 'utf8' });
  const result = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
  result['nodeFlags'] = run.nodeFlags.join(' ') || '(none)';
  rows.push(result);
  console.log(JSON.stringify(result));
}
console.table(rows);
