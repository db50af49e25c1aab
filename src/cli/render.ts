/** Text and HTML rendering of the demo's tables and charts. */
import type { Grid } from './rfmSection';
import type { Bars, Curves, Table } from './summary';

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
  return `<section><h2>${escape(table.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

/** A bar chart as inline SVG (no script, no external resource). */
export function barsSvg(chart: Bars): string {
  const width = 640;
  const height = 220;
  const left = 60;
  const bottom = 30;
  const top = 10;
  const max = Math.max(1, ...chart.bars.map(([, v]) => v));
  const slot = (width - left - 10) / Math.max(1, chart.bars.length);
  const bars = chart.bars
    .map(([label, value], i) => {
      const h = ((height - top - bottom) * value) / max;
      const x = left + i * slot + slot * 0.15;
      const y = height - bottom - h;
      return (
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="#3b6ea5"><title>${escape(label)}: ${nf.format(value)} ${escape(chart.unit)}</title></rect>` +
        `<text x="${(x + slot * 0.35).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11">${escape(label)}</text>`
      );
    })
    .join('');
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#555"/>` +
    `<text x="${left - 6}" y="${top + 10}" text-anchor="end" font-size="11">${nf.format(max)}</text>` +
    `<text x="${left - 6}" y="${height - bottom}" text-anchor="end" font-size="11">0</text>`;
  return `<figure><figcaption>${escape(chart.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(chart.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${axis}${bars}</svg></figure>`;
}

/**
 * Survival curves as small multiples of inline SVG: each panel draws the Kaplan–Meier steps
 * (solid), their 95% band (shaded) and the fitted curve (dashed), on a shared scale.
 */
export function curvesSvg(title: string, panels: readonly Curves[]): string {
  const width = 300;
  const height = 190;
  const left = 34;
  const bottom = 26;
  const top = 18;
  const right = 8;
  const tMax = Math.max(12, ...panels.map((p) => Math.max(p.times[p.times.length - 1] ?? 0, ...p.fitted.map(([t]) => t))));
  const x = (t: number): string => (left + ((width - left - right) * Math.min(t, tMax)) / tMax).toFixed(1);
  const y = (s: number): string => (top + (height - top - bottom) * (1 - s)).toFixed(1);
  const steps = (values: readonly number[], times: readonly number[]): string => {
    let d = `M${x(0)},${y(1)}`;
    let previous = 1;
    for (let j = 0; j < times.length; j++) {
      const v = values[j] as number;
      if (v === previous) continue;
      d += `H${x(times[j] as number)}V${y(v)}`;
      previous = v;
    }
    return `${d}H${x(times[times.length - 1] ?? 0)}`;
  };
  /** The band: the upper step line forwards, the lower one backwards, closed. */
  const band = (p: Curves): string => {
    const n = p.times.length;
    const points: string[] = [`${x(0)},${y(1)}`];
    let previous = 1;
    for (let j = 0; j < n; j++) {
      const t = x(p.times[j] as number);
      points.push(`${t},${y(previous)}`, `${t},${y(p.upper[j] as number)}`);
      previous = p.upper[j] as number;
    }
    const back: string[] = [];
    previous = 1;
    for (let j = 0; j < n; j++) {
      const t = x(p.times[j] as number);
      back.push(`${t},${y(previous)}`, `${t},${y(p.lower[j] as number)}`);
      previous = p.lower[j] as number;
    }
    return `M${points.join('L')}L${back.reverse().join('L')}L${x(0)},${y(1)}Z`;
  };
  const ticks = [0, 12, 24, 36, 48, 60, 72, 84, 96, 120, 144].filter((t) => t <= tMax);
  const svg = panels.map((p) => {
    const axes =
      `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#555"/>` +
      `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#555"/>` +
      ticks.map((t) => `<text x="${x(t)}" y="${height - bottom + 13}" text-anchor="middle" font-size="9">${t}</text>`).join('') +
      [0, 0.5, 1].map((s) => `<text x="${left - 4}" y="${(Number(y(s)) + 3).toFixed(1)}" text-anchor="end" font-size="9">${s}</text>`).join('');
    const fitted = p.fitted.map(([t, s], i) => `${i === 0 ? 'M' : 'L'}${x(t)},${y(s)}`).join('');
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(p.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<text x="${left}" y="12" font-size="11" font-weight="600">${escape(p.title)}</text>${axes}` +
      (p.times.length > 0 ? `<path d="${band(p)}" fill="#3b6ea5" fill-opacity="0.18" stroke="none"/><path d="${steps(p.survival, p.times)}" fill="none" stroke="#3b6ea5" stroke-width="1.4"/>` : '') +
      `<path d="${fitted}" fill="none" stroke="#c0392b" stroke-width="1.2" stroke-dasharray="4 3"/>` +
      `<text x="${width - right}" y="${height - 2}" text-anchor="end" font-size="9">${escape(p.xLabel)}</text></svg>`
    );
  });
  return `<figure><figcaption>${escape(title)}</figcaption><div style="display:flex;flex-wrap:wrap;gap:.5rem">${svg.join('')}</div></figure>`;
}

/** The R×F grid as a heat map: recency score up the side (5 at the top), frequency across, each cell shaded by its count and labelled with its segment. */
export function heatmapSvg(grid: Grid): string {
  const cellW = 118;
  const cellH = 62;
  const left = 40;
  const top = 10;
  const bins = grid.counts.length;
  const width = left + bins * cellW + 10;
  const height = top + bins * cellH + 34;
  const max = Math.max(1, ...grid.counts.flat());
  let cells = '';
  for (let r = bins; r >= 1; r--) {
    for (let f = 1; f <= bins; f++) {
      const n = (grid.counts[r - 1] as readonly number[])[f - 1] as number;
      const x = left + (f - 1) * cellW;
      const y = top + (bins - r) * cellH;
      const shade = 0.08 + 0.82 * (n / max);
      const ink = shade > 0.5 ? '#fff' : '#222';
      const name = (grid.names[r - 1] as readonly string[])[f - 1] as string;
      cells +=
        `<rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="#3b6ea5" fill-opacity="${shade.toFixed(3)}"/>` +
        `<text x="${x + cellW / 2}" y="${y + 24}" text-anchor="middle" font-size="14" font-weight="600" fill="${ink}">${nf.format(n)}</text>` +
        `<text x="${x + cellW / 2}" y="${y + 42}" text-anchor="middle" font-size="10" fill="${ink}">${escape(name)}</text>`;
    }
    cells += `<text x="${left - 8}" y="${top + (bins - r) * cellH + cellH / 2 + 4}" text-anchor="end" font-size="11">R${r}</text>`;
  }
  for (let f = 1; f <= bins; f++) cells += `<text x="${left + (f - 1) * cellW + cellW / 2}" y="${top + bins * cellH + 16}" text-anchor="middle" font-size="11">F${f}</text>`;
  return `<figure><figcaption>${escape(grid.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(grid.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${cells}</svg></figure>`;
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
td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
.intro{color:#4a5a6a}
</style></head><body>
<h1>${escape(title)}</h1>
<p class="intro">${escape(intro)}</p>
${sections.join('\n')}
</body></html>
`;
}
