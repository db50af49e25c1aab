/**
 * Every `@example` in a doc comment under src/ runs: the code blocks are extracted, their
 * `relance` imports pointed at the sources, written under tests/.generated/ and imported.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'tests', '.generated');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'cli' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface DocExample {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function examplesOf(file: string): DocExample[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i] as string)) continue;
    let j = i + 1;
    while (j < lines.length && !/^\s*\*\s*```/.test(lines[j] as string)) j++;
    const body: string[] = [];
    for (j++; j < lines.length && !/^\s*\*\s*```/.test(lines[j] as string); j++) body.push((lines[j] as string).replace(/^\s*\* ?/, ''));
    found.push({ file, line: i + 1, code: body.join('\n') });
  }
  return found;
}

/** The ```ts blocks of the README, which must run too. */
function readmeExamples(): DocExample[] {
  const file = join(root, 'README.md');
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i] as string);
    found.push({ file, line: start + 1, code: body.join('\n') });
  }
  return found;
}

const examples = [...sourceFiles(join(root, 'src')).flatMap(examplesOf), ...readmeExamples()];

describe('doc comment examples', () => {
  mkdirSync(outDir, { recursive: true });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('finds the examples of the public functions', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((e) => [`${relative(root, e.file)}:${e.line}`, e] as const))('%s runs', async (_name, example) => {
    const code = example.code.replace(/from 'relance(\/(\w+))?'/g, (_m, _sub, module: string | undefined) => {
      const target = module === undefined ? join(root, 'src', 'index.ts') : join(root, 'src', module, 'index.ts');
      return `from '${relative(outDir, target).replace(/\\/g, '/').replace(/\.ts$/, '')}'`;
    });
    const file = join(outDir, `${relative(root, example.file).replace(/[/.]/g, '_')}_${example.line}.ts`);
    writeFileSync(file, `${code}\nexport {};\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(file);
    } finally {
      log.mockRestore();
    }
    // Some examples simulate thousands of customers: seconds on a loaded 2-core machine.
  }, 60_000);
});
