import type { GainPoint } from '../propensity';
import { CHART_COLORS, frame, label, nonEmpty, share, size, chartInputError, type ChartOptions, type VegaLiteSpec } from './spec';

/** One model's cumulative gains (an `evaluateScores(...).gains` fits as it is). */
export interface GainsSeries {
  /** The model's name in the legend. */
  readonly name: string;
  /** Points of the gains curve: share of the base contacted, share of the positives reached. */
  readonly gains: ReadonlyArray<Pick<GainPoint, 'rowShare' | 'gain'>>;
}

const FN = 'gainsChart';

/**
 * The cumulative gains chart: for each model, the share of all responders reached (y) when
 * the best-scored share of the base (x) is contacted, from (0, 0) to (1, 1), with the
 * diagonal of a random choice for reference. Several series (a model, the true
 * probabilities, another model) share the axes.
 *
 * @param series - One or more curves; `gain` must not be `null` (a test set with no positive has no gains curve).
 * @returns A Vega-Lite spec: a `line` with points per series and a dashed diagonal.
 * @throws {@link RelanceError} `invalid_input` for a share outside [0, 1] or a `null` gain, naming the series and point; `insufficient_data` for no series.
 *
 * @example
 * ```ts
 * import { evaluateScores } from 'relance/propensity';
 * import { gainsChart } from 'relance/charts';
 *
 * const evaluation = evaluateScores([1, 0, 1, 0, 0, 1, 0, 0, 0, 0], [0.9, 0.8, 0.7, 0.4, 0.35, 0.3, 0.2, 0.15, 0.1, 0.05]);
 * const spec = gainsChart([{ name: 'purchase model', gains: evaluation.gains }]);
 * ```
 */
export function gainsChart(series: readonly GainsSeries[], options: ChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, series, 'series');
  const { width, height } = size(FN, options, 360, 300);
  const values: Array<Record<string, string | number>> = [];
  series.forEach((s, k) => {
    const name = label(FN, s.name, [k, 'name']);
    nonEmpty(FN, s.gains, `gains in series ${name}`);
    values.push({ series: name, contacted: 0, reached: 0 });
    s.gains.forEach((p, i) => {
      if (p.gain === null) throw chartInputError(FN, [k, 'gains', i, 'gain'], 'no gains curve without a positive row');
      values.push({ series: name, contacted: share(FN, p.rowShare, [k, 'gains', i, 'rowShare']), reached: share(FN, p.gain, [k, 'gains', i, 'gain']) });
    });
  });
  const axis = { format: '.0%' };
  return {
    ...frame(options.title ?? 'Cumulative gains'),
    width,
    height,
    layer: [
      {
        data: { values: [{ contacted: 0, reached: 0 }, { contacted: 1, reached: 1 }] },
        mark: { type: 'line', color: '#888', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x: { field: 'contacted', type: 'quantitative' }, y: { field: 'reached', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', point: true, strokeWidth: 1.8 },
        encoding: {
          x: { field: 'contacted', type: 'quantitative', title: 'share of the base contacted, best scores first', scale: { domain: [0, 1] }, axis },
          y: { field: 'reached', type: 'quantitative', title: 'share of responders reached', scale: { domain: [0, 1] }, axis },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: series.map((s) => s.name), range: CHART_COLORS.slice(0, series.length) } },
        },
      },
    ],
  };
}
