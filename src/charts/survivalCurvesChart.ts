import { CHART_COLORS, finite, frame, label, nonEmpty, share, size, chartInputError, type ChartOptions, type VegaLiteSpec } from './spec';

/**
 * One survival curve to draw: Kaplan–Meier steps (a `KaplanMeierResult` from
 * `relance/repurchase` fits as it is, with a name), their band, and a fitted curve.
 */
export interface SurvivalCurve {
  /** The panel's name (a model, a segment). */
  readonly name: string;
  /** Step times, ascending (the Kaplan–Meier exit times). */
  readonly times: ArrayLike<number>;
  /** S just after each time. */
  readonly survival: ArrayLike<number>;
  /** Lower limit of the pointwise band at each time (optional, with `upper`). */
  readonly lower?: ArrayLike<number> | undefined;
  /** Upper limit of the pointwise band at each time. */
  readonly upper?: ArrayLike<number> | undefined;
  /** A fitted curve as (time, S) points, drawn dashed (e.g. a Weibull with a cure fraction). */
  readonly fitted?: ReadonlyArray<readonly [number, number]> | undefined;
}

/** Options of {@link survivalCurvesChart}. */
export interface SurvivalCurvesChartOptions extends ChartOptions {
  /** The time axis' title. Default `"months"`. */
  readonly timeLabel?: string | undefined;
  /** Panels per row when there are several curves. Default 3. */
  readonly columns?: number | undefined;
  /** Name of the step curve in the legend. Default `"Kaplan–Meier"`. */
  readonly stepName?: string | undefined;
  /** Name of the fitted curve in the legend. Default `"fitted"`. */
  readonly fittedName?: string | undefined;
}

const FN = 'survivalCurvesChart';

/**
 * Survival curves as small multiples: per curve, the Kaplan–Meier steps (solid, drawn
 * `step-after` from S(0) = 1), their pointwise band (shaded) and a fitted curve (dashed), on
 * shared axes. One curve gives one panel.
 *
 * @param curves - The curves, one panel each, in the order given.
 * @returns A Vega-Lite spec (layers of `area`, `line`; faceted when there are several curves).
 * @throws {@link RelanceError} `invalid_input` for a non-finite time, an S outside [0, 1] or arrays of different lengths, naming the curve and index; `insufficient_data` for no curve.
 *
 * @example
 * ```ts
 * import { kaplanMeier } from 'relance/repurchase';
 * import { survivalCurvesChart } from 'relance/charts';
 *
 * // months to the next purchase; 0 = still owning the car (censored)
 * const km = kaplanMeier([12, 30, 30, 36, 40, 48, 50], [1, 1, 0, 1, 0, 1, 0]);
 * const spec = survivalCurvesChart([{ name: 'V4', times: km.times, survival: km.survival, lower: km.lower, upper: km.upper, fitted: [[0, 1], [24, 0.8], [48, 0.45]] }]);
 * spec.$schema; // 'https://vega.github.io/schema/vega-lite/v6.json'
 * ```
 */
export function survivalCurvesChart(curves: readonly SurvivalCurve[], options: SurvivalCurvesChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, curves, 'curves');
  const { width, height } = size(FN, options, curves.length > 1 ? 260 : 480, curves.length > 1 ? 170 : 260);
  const stepName = options.stepName ?? 'Kaplan–Meier';
  const fittedName = options.fittedName ?? 'fitted';
  const columns = options.columns ?? 3;
  if (!(Number.isInteger(columns) && columns >= 1)) throw chartInputError(FN, ['columns'], `expected a positive integer, got ${String(columns)}`);
  const values: Array<Record<string, string | number>> = [];
  let anyBand = false;
  let anyFitted = false;
  curves.forEach((c, k) => {
    const name = label(FN, c.name, [k, 'name']);
    const n = c.times.length;
    if (c.survival.length !== n) throw chartInputError(FN, [k, 'survival'], `expected ${n} values (one per time), got ${c.survival.length}`);
    const band = c.lower !== undefined && c.upper !== undefined;
    if (band && ((c.lower as ArrayLike<number>).length !== n || (c.upper as ArrayLike<number>).length !== n)) {
      throw chartInputError(FN, [k, 'lower'], `expected ${n} band limits (one per time)`);
    }
    anyBand ||= band;
    values.push({ curve: name, series: stepName, time: 0, survival: 1, ...(band ? { lower: 1, upper: 1 } : {}) });
    let previous = -Infinity;
    for (let i = 0; i < n; i++) {
      const time = finite(FN, c.times[i], [k, 'times', i]);
      if (time < previous) throw chartInputError(FN, [k, 'times', i], 'times must be ascending');
      previous = time;
      const row: Record<string, string | number> = { curve: name, series: stepName, time, survival: share(FN, c.survival[i], [k, 'survival', i]) };
      if (band) {
        row['lower'] = share(FN, (c.lower as ArrayLike<number>)[i], [k, 'lower', i]);
        row['upper'] = share(FN, (c.upper as ArrayLike<number>)[i], [k, 'upper', i]);
      }
      values.push(row);
    }
    (c.fitted ?? []).forEach(([t, s], i) => {
      anyFitted = true;
      values.push({ curve: name, series: fittedName, time: finite(FN, t, [k, 'fitted', i, 0]), survival: share(FN, s, [k, 'fitted', i, 1]) });
    });
  });
  const x = { field: 'time', type: 'quantitative', title: options.timeLabel ?? 'months' };
  const y = { field: 'survival', type: 'quantitative', title: 'share not yet', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const series = anyFitted ? [stepName, fittedName] : [stepName];
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: [CHART_COLORS[0], CHART_COLORS[1]] }, legend: { orient: 'bottom' } };
  const layer: unknown[] = [];
  if (anyBand) {
    layer.push({
      transform: [{ filter: { field: 'series', equal: stepName } }, { filter: 'isValid(datum.lower)' }],
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.2, color: CHART_COLORS[0] },
      encoding: { x, y: { field: 'lower', type: 'quantitative', scale: { domain: [0, 1] } }, y2: { field: 'upper' } },
    });
  }
  layer.push({
    transform: [{ filter: { field: 'series', equal: stepName } }],
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: { x, y, color },
  });
  if (anyFitted) {
    layer.push({
      transform: [{ filter: { field: 'series', equal: fittedName } }],
      mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.3 },
      encoding: { x, y, color },
    });
  }
  const title = options.title ?? 'Survival curves';
  if (curves.length === 1) return { ...frame(title), width, height, data: { values }, layer };
  return {
    ...frame(title),
    data: { values },
    facet: { field: 'curve', type: 'nominal', title: null, sort: curves.map((c) => c.name) },
    columns,
    spec: { width, height, layer },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}
