import type { CalibrationBin } from '../propensity';
import { CHART_COLORS, finite, frame, label, nonEmpty, share, size, chartInputError, type ChartOptions, type VegaLiteSpec } from './spec';

/** One point of a calibration curve: mean predicted probability, observed (or true) rate. */
export interface CalibrationPoint {
  /** Mean predicted probability of the group. */
  readonly predicted: number;
  /** Observed response rate of the group (or, for a simulator, the mean true probability). */
  readonly observed: number;
  /** Rows in the group (sizes the point; optional). */
  readonly rows?: number | undefined;
}

/** A named calibration curve. */
export interface CalibrationSeries {
  readonly name: string;
  readonly points: readonly CalibrationPoint[];
}

const FN = 'calibrationChart';

/**
 * The non-empty bins of an `evaluateScores(...).calibration` table as calibration points
 * (scikit-learn's `calibration_curve` drops empty bins the same way).
 *
 * @example
 * ```ts
 * import { evaluateScores } from 'relance/propensity';
 * import { calibrationPoints } from 'relance/charts';
 *
 * const { calibration } = evaluateScores([1, 0, 0, 1], [0.8, 0.3, 0.1, 0.6]);
 * calibrationPoints(calibration ?? []); // [{ predicted: 0.1, observed: 0, rows: 1 }, …]
 * ```
 */
export function calibrationPoints(bins: ReadonlyArray<Pick<CalibrationBin, 'meanScore' | 'positiveRate' | 'rows'>>): CalibrationPoint[] {
  const points: CalibrationPoint[] = [];
  for (const b of bins) if (b.meanScore !== null && b.positiveRate !== null && b.rows > 0) points.push({ predicted: b.meanScore, observed: b.positiveRate, rows: b.rows });
  return points;
}

/**
 * The calibration plot (reliability diagram): observed rate against mean predicted
 * probability per group, one line per series, and the diagonal of a perfectly calibrated
 * model, on axes from 0 to the largest value rounded up to a tenth. A model whose probabilities
 * feed an expected-value ranking should sit on the diagonal.
 *
 * @returns A Vega-Lite spec: a dashed diagonal `line`, a `line` and `point`s per series (points sized by rows when given).
 * @throws {@link RelanceError} `invalid_input` for a value outside [0, 1] or negative rows, naming the series and point; `insufficient_data` for no series or a series without points.
 *
 * @example
 * ```ts
 * import { calibrationChart } from 'relance/charts';
 *
 * const spec = calibrationChart([
 *   { name: 'model', points: [{ predicted: 0.05, observed: 0.04, rows: 800 }, { predicted: 0.3, observed: 0.33, rows: 150 }, { predicted: 0.7, observed: 0.62, rows: 50 }] },
 * ]);
 * ```
 */
export function calibrationChart(series: readonly CalibrationSeries[], options: ChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, series, 'series');
  const { width, height } = size(FN, options, 320, 300);
  const values: Array<Record<string, string | number>> = [];
  let sized = false;
  series.forEach((s, k) => {
    const name = label(FN, s.name, [k, 'name']);
    nonEmpty(FN, s.points, `points in series ${name}`);
    s.points.forEach((p, i) => {
      const row: Record<string, string | number> = { series: name, predicted: share(FN, p.predicted, [k, 'points', i, 'predicted']), observed: share(FN, p.observed, [k, 'points', i, 'observed']) };
      if (p.rows !== undefined) {
        const rows = finite(FN, p.rows, [k, 'points', i, 'rows']);
        if (rows < 0) throw chartInputError(FN, [k, 'points', i, 'rows'], `expected a count ≥ 0, got ${rows}`);
        row['rows'] = rows;
        sized = true;
      }
      values.push(row);
    });
  });
  // Both axes from 0 to the largest value rounded up to a tenth (response rates of a few percent
  // would otherwise sit in a corner of the unit square), the same on both so the diagonal is 45°.
  let top = 0;
  for (const v of values) top = Math.max(top, v['predicted'] as number, v['observed'] as number);
  const max = Math.min(1, Math.max(0.1, Math.ceil(top * 10 - 1e-9) / 10));
  const axis = { format: '.0%' };
  const x = { field: 'predicted', type: 'quantitative', title: 'mean predicted probability', scale: { domain: [0, max] }, axis };
  const y = { field: 'observed', type: 'quantitative', title: 'observed rate', scale: { domain: [0, max] }, axis };
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: series.map((s) => s.name), range: CHART_COLORS.slice(0, series.length) } };
  return {
    ...frame(options.title ?? 'Calibration'),
    width,
    height,
    layer: [
      {
        data: { values: [{ predicted: 0, observed: 0 }, { predicted: max, observed: max }] },
        mark: { type: 'line', color: '#888', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x: { field: 'predicted', type: 'quantitative' }, y: { field: 'observed', type: 'quantitative' } },
      },
      { data: { values }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color, order: { field: 'predicted' } } },
      // Points with a row count are sized by it; points without one get a fixed size.
      ...(sized
        ? [{ data: { values }, transform: [{ filter: 'isValid(datum.rows)' }], mark: { type: 'point', filled: true }, encoding: { x, y, color, size: { field: 'rows', type: 'quantitative', title: 'rows', scale: { range: [15, 250] } } } }]
        : []),
      { data: { values }, transform: [{ filter: '!isValid(datum.rows)' }], mark: { type: 'point', filled: true, size: 40 }, encoding: { x, y, color } },
    ],
  };
}
