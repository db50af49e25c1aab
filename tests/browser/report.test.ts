/**
 * The demo's HTML report in a real browser: headless Chromium (Debian's `chromium` package,
 * which `.ci/run` installs with apt; set RELANCE_CHROMIUM to use another binary) opens the
 * file with the network cut off, and every chart must have drawn — an SVG with a size and
 * with Vega's data marks in it — with no console error, no page error and no request
 * leaving the file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const executablePath = process.env['RELANCE_CHROMIUM'] ?? '/usr/bin/chromium';
const out = mkdtempSync(join(tmpdir(), 'relance-report-'));
let browser: Browser;
let report: string;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'cli', 'index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'dist', 'cli', 'index.js'), 'demo', '--customers', '1500', '--as-of', '2025-06-30', '--out', out, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  report = join(out, 'report.html');
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set RELANCE_CHROMIUM)`);
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the demo report in headless Chromium', () => {
  it('loads offline with no console error, and every chart has drawn', async () => {
    const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg === null ? [] : [...svg.querySelectorAll('g.role-mark')];
        // Items drawn by the data marks: their paths, texts and symbols with a size on screen.
        const drawn = marks.flatMap((g) => [...g.querySelectorAll('path, text, line, rect')]).filter((e) => {
          const b = (e as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return b.width > 0 || b.height > 0;
        }).length;
        return { title: f.getAttribute('aria-label') ?? '', width: box?.width ?? 0, height: box?.height ?? 0, markGroups: marks.length, drawn };
      }),
    );
    await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
    await context.close();

    // The report's own list of charts: the CLI prints how many it drew.
    const html = readFileSync(report, 'utf8');
    expect(charts.length).toBe((html.match(/<figure class="chart"/g) ?? []).length);
    expect(charts.length).toBeGreaterThanOrEqual(9);
    for (const c of charts) {
      expect(c.width, c.title).toBeGreaterThan(100);
      expect(c.height, c.title).toBeGreaterThan(50);
      expect(c.markGroups, c.title).toBeGreaterThan(0);
      expect(c.drawn, c.title).toBeGreaterThan(0);
    }
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });
});
