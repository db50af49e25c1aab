import type { RfGridSegmentMap, RfmScore } from '../rfm';
import { finite, frame, nonEmpty, size, chartInputError, type ChartOptions, type VegaLiteSpec } from './spec';

/** Options of {@link rfmGridChart}. */
export interface RfmGridChartOptions extends ChartOptions {
  /** Score levels of both axes. Default: the segment map's `bins`, else 5. */
  readonly bins?: number | undefined;
  /** Names each cell by its segment (e.g. `RF_GRID_SEGMENTS` from `relance/rfm`). */
  readonly segments?: RfGridSegmentMap | undefined;
}

const FN = 'rfmGridChart';

/**
 * The R×F grid as a heat map: recency score up the side (the most recent at the top),
 * frequency score across, each cell shaded by its number of customers and labelled with the
 * count and, given a segment map, the segment's name.
 *
 * @param scores - Scores from `rfmScores()` (only `r` and `f` are read).
 * @returns A Vega-Lite spec: a `rect` per cell (all `bins × bins`, empty ones included) and `text` labels.
 * @throws {@link RelanceError} `invalid_input` for a score outside 1…bins, naming the row; `insufficient_data` for no score.
 *
 * @example
 * ```ts
 * import { RF_GRID_SEGMENTS, rfmScores, rfmSummary } from 'relance/rfm';
 * import { rfmGridChart } from 'relance/charts';
 *
 * const asOf = new Date('2025-06-30T00:00:00Z');
 * const summary = rfmSummary(
 *   [
 *     { customerId: 'C1', at: new Date('2024-01-10T00:00:00Z'), value: 180 },
 *     { customerId: 'C1', at: new Date('2025-03-02T00:00:00Z'), value: 240 },
 *     { customerId: 'C2', at: new Date('2023-05-20T00:00:00Z'), value: 90 },
 *   ],
 *   { asOf },
 * );
 * const spec = rfmGridChart(rfmScores(summary), { segments: RF_GRID_SEGMENTS });
 * ```
 */
export function rfmGridChart(scores: ReadonlyArray<Pick<RfmScore, 'r' | 'f'>>, options: RfmGridChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, scores, 'scores');
  const bins = options.bins ?? options.segments?.bins ?? 5;
  if (!(Number.isInteger(bins) && bins >= 2 && bins <= 10)) throw chartInputError(FN, ['bins'], `expected 2 to 10 score levels, got ${String(bins)}`);
  if (options.segments !== undefined && options.segments.bins !== bins) throw chartInputError(FN, ['segments', 'bins'], `the segment map has ${options.segments.bins} levels, the chart ${bins}`);
  const counts = new Float64Array(bins * bins);
  scores.forEach((s, i) => {
    const r = finite(FN, s.r, [i, 'r']);
    const f = finite(FN, s.f, [i, 'f']);
    if (!(Number.isInteger(r) && r >= 1 && r <= bins)) throw chartInputError(FN, [i, 'r'], `expected a score 1–${bins}, got ${r}`);
    if (!(Number.isInteger(f) && f >= 1 && f <= bins)) throw chartInputError(FN, [i, 'f'], `expected a score 1–${bins}, got ${f}`);
    (counts[(r - 1) * bins + f - 1] as number)++;
  });
  const values: Array<Record<string, string | number>> = [];
  const max = Math.max(...counts);
  for (let r = 1; r <= bins; r++) {
    for (let f = 1; f <= bins; f++) {
      const count = counts[(r - 1) * bins + f - 1] as number;
      values.push({
        r: `R${r}`,
        f: `F${f}`,
        count,
        share: count / scores.length,
        segment: options.segments?.cells[r - 1]?.[f - 1] ?? '',
        ink: count > max / 2 ? 'light' : 'dark',
      });
    }
  }
  const { width, height } = size(FN, options, bins * 110, bins * 60);
  const rOrder = Array.from({ length: bins }, (_, k) => `R${bins - k}`);
  const fOrder = Array.from({ length: bins }, (_, k) => `F${k + 1}`);
  const x = { field: 'f', type: 'ordinal', title: 'frequency score', sort: fOrder, axis: { labelAngle: 0 } };
  const y = { field: 'r', type: 'ordinal', title: 'recency score', sort: rOrder };
  const ink = { field: 'ink', type: 'nominal', scale: { domain: ['dark', 'light'], range: ['#1d2733', '#ffffff'] }, legend: null };
  return {
    ...frame(options.title ?? 'Customers on the R×F grid'),
    width,
    height,
    data: { values },
    encoding: { x, y },
    layer: [
      {
        mark: { type: 'rect', stroke: '#fff', strokeWidth: 2 },
        encoding: {
          color: { field: 'count', type: 'quantitative', title: 'customers', scale: { scheme: 'blues', domainMin: 0 } },
          tooltip: [{ field: 'r' }, { field: 'f' }, { field: 'count', type: 'quantitative' }, { field: 'segment' }],
        },
      },
      { mark: { type: 'text', fontSize: 13, fontWeight: 600, dy: -7 }, encoding: { text: { field: 'count', type: 'quantitative', format: ',' }, color: ink } },
      { mark: { type: 'text', fontSize: 10, dy: 9 }, encoding: { text: { field: 'segment' }, color: ink } },
    ],
  };
}
