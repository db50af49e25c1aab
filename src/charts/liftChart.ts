import type { DecileLift } from '../propensity';
import { CHART_COLORS, finite, frame, label, nonEmpty, size, chartInputError, type ChartOptions, type VegaLiteSpec } from './spec';

/** One model's lift per decile (an `evaluateScores(...).liftByDecile` fits as it is). */
export interface LiftSeries {
  readonly name: string;
  readonly liftByDecile: ReadonlyArray<Pick<DecileLift, 'decile' | 'lift'>>;
}

const FN = 'liftChart';

/**
 * Lift by decile: for each decile of the base ranked by score (1 = best scores), its
 * response rate divided by the base's, as bars side by side per series, with a rule at 1
 * (no better than random). Empty deciles (`lift: null`, fewer than ten rows) are not drawn.
 *
 * @returns A Vega-Lite spec: `bar` per decile and series, and a `rule` at lift 1.
 * @throws {@link RelanceError} `invalid_input` for a decile outside 1–10 or a non-finite lift, naming the series and index; `insufficient_data` for no series.
 *
 * @example
 * ```ts
 * import { evaluateScores } from 'relance/propensity';
 * import { liftChart } from 'relance/charts';
 *
 * const evaluation = evaluateScores([1, 0, 1, 0, 0, 1, 0, 0, 0, 0], [0.9, 0.8, 0.7, 0.4, 0.35, 0.3, 0.2, 0.15, 0.1, 0.05]);
 * const spec = liftChart([{ name: 'model', liftByDecile: evaluation.liftByDecile }]);
 * ```
 */
export function liftChart(series: readonly LiftSeries[], options: ChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, series, 'series');
  const { width, height } = size(FN, options, 420, 240);
  const values: Array<Record<string, string | number>> = [];
  series.forEach((s, k) => {
    const name = label(FN, s.name, [k, 'name']);
    s.liftByDecile.forEach((d, i) => {
      const decile = finite(FN, d.decile, [k, 'liftByDecile', i, 'decile']);
      if (!(Number.isInteger(decile) && decile >= 1 && decile <= 10)) throw chartInputError(FN, [k, 'liftByDecile', i, 'decile'], `expected a decile 1–10, got ${decile}`);
      if (d.lift === null) return;
      values.push({ series: name, decile, lift: finite(FN, d.lift, [k, 'liftByDecile', i, 'lift']) });
    });
  });
  if (values.length === 0) throw chartInputError(FN, [], 'no decile has a lift (no positive row, or no row)');
  return {
    ...frame(options.title ?? 'Lift by decile'),
    width,
    height,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'decile', type: 'ordinal', title: 'decile of score (1 = best)' },
          xOffset: { field: 'series' },
          y: { field: 'lift', type: 'quantitative', title: 'lift (response rate ÷ base rate)' },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: series.map((s) => s.name), range: CHART_COLORS.slice(0, series.length) } },
        },
      },
      { data: { values: [{ lift: 1 }] }, mark: { type: 'rule', color: '#555', strokeDash: [4, 4] }, encoding: { y: { field: 'lift', type: 'quantitative' } } },
    ],
  };
}
