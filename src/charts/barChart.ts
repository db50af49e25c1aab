import { CHART_COLORS, finite, frame, label, nonEmpty, size, type ChartOptions, type VegaLiteSpec } from './spec';

/** One bar: its label on the axis and its value. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends ChartOptions {
  /** The value axis' title (e.g. `"vehicles due"`). Default `"count"`. */
  readonly unit?: string | undefined;
  /** The category axis' title. Default none. */
  readonly axisTitle?: string | undefined;
}

const FN = 'barChart';

/**
 * Bars in the order given (weeks, years, sites): counts such as the vehicles due per week
 * or the invoices per year.
 *
 * @returns A Vega-Lite spec: a `bar` per label, in the given order.
 * @throws {@link RelanceError} `invalid_input` for a non-finite value or an empty label, naming the bar; `insufficient_data` for no bar.
 *
 * @example
 * ```ts
 * import { barChart } from 'relance/charts';
 *
 * const spec = barChart([{ label: 'W27', value: 42 }, { label: 'W28', value: 37 }], { title: 'Vehicles due per week', unit: 'vehicles' });
 * ```
 */
export function barChart(bars: readonly Bar[], options: BarChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, bars, 'bars');
  const values = bars.map((b, i) => ({ label: label(FN, b.label, [i, 'label']), value: finite(FN, b.value, [i, 'value']) }));
  const { width, height } = size(FN, options, Math.min(900, Math.max(200, bars.length * 28)), 200);
  return {
    ...frame(options.title ?? 'Counts'),
    width,
    height,
    data: { values },
    mark: { type: 'bar', color: CHART_COLORS[0] },
    encoding: {
      x: { field: 'label', type: 'ordinal', title: options.axisTitle ?? null, sort: values.map((v) => v.label), axis: { labelAngle: bars.length > 12 ? -90 : 0, labelOverlap: true } },
      y: { field: 'value', type: 'quantitative', title: options.unit ?? 'count' },
      tooltip: [{ field: 'label' }, { field: 'value', type: 'quantitative', format: ',' }],
    },
  };
}
