/** Text and HTML rendering of the demo's tables and charts. */
import type { Table } from './summary';

const nf = new Intl.NumberFormat('en-GB');
const cell = (v: string | number): string => (typeof v === 'number' ? nf.format(v) : v);

/** A table as aligned plain text. */
export function tableText(table: Table): string {
  const cells = [table.columns.map(String), ...table.rows.map((r) => r.map(cell))];
  const widths = table.columns.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((v, c) => (c === 0 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0))).join('  ').trimEnd();
  const out = [`${table.title}`, `${'─'.repeat(table.title.length)}`];
  if (table.columns.some((c) => c !== '')) out.push(line(cells[0] as string[]));
  for (const r of cells.slice(1)) out.push(line(r));
  return out.join('\n');
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A table as HTML. */
export function tableHtml(table: Table): string {
  const head = table.columns.map((c) => `<th>${escape(c)}</th>`).join('');
  const body = table.rows
    .map((r) => `<tr>${r.map((v) => `<td class="${typeof v === 'number' ? 'n' : ''}">${escape(cell(v))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<section><h3>${escape(table.title)}</h3><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

/** A rendered chart as a figure: the SVG inline (its title is drawn inside), labelled for screen readers. */
export function chartFigure(title: string, svg: string): string {
  return `<figure class="chart" role="group" aria-label="${escape(title)}">${svg}</figure>`;
}

/** A module's part of the report: a heading, its tables, then its charts. */
export function sectionHtml(heading: string, parts: readonly string[]): string {
  return `<section class="module"><h2 class="module">${escape(heading)}</h2>\n${parts.join('\n')}\n</section>`;
}

/** The whole report page: self-contained, no external request. */
export function reportHtml(title: string, intro: string, sections: readonly string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1000px;color:#1d2733;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d5dbe3}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;border-bottom:1px solid #edf0f4;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1rem 0;overflow-x:auto}figure.chart svg{max-width:none;height:auto}
h2.module{font-size:1.4rem;margin-top:3rem;border-bottom:2px solid #1d2733}h3{font-size:1.02rem;margin-top:1.5rem}
.intro{color:#4a5a6a}
</style></head><body>
<h1>${escape(title)}</h1>
<p class="intro">${escape(intro)}</p>
${sections.join('\n')}
</body></html>
`;
}
