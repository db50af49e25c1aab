import { finite, frame, label, nonEmpty, size, chartInputError, type ChartOptions, type VegaLiteSpec } from './spec';

/** One measured lift with its interval (the fields of `measureLift()`'s answer), and optionally the true effect. */
export interface LiftInterval {
  /** The row's name: a campaign, an arm, a segment. */
  readonly label: string;
  /** Treated minus control (a rate difference, or a difference of means). */
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  /** A known true effect to compare with (a simulator's), drawn as a tick. */
  readonly truth?: number | undefined;
}

/** Options of {@link liftIntervalsChart}. */
export interface LiftIntervalsChartOptions extends ChartOptions {
  /** Draw the differences as percentage points (rates). Default true; false for amounts. */
  readonly percentagePoints?: boolean | undefined;
  /** The difference axis' title. Default "treated − control (percentage points)" or "treated − control". */
  readonly axisTitle?: string | undefined;
}

const FN = 'liftIntervalsChart';

/**
 * Lift with confidence intervals, one row per campaign: the measured difference (dot), its
 * interval (bar), zero (the line of no effect), and where known the true effect (tick) —
 * a forest plot of what the holdouts measured.
 *
 * @returns A Vega-Lite spec: `rule` intervals, `point` estimates, a zero `rule` and, when any truth is given, `tick`s.
 * @throws {@link RelanceError} `invalid_input` for a non-finite value or `lower > upper`, naming the row; `insufficient_data` for no row.
 *
 * @example
 * ```ts
 * import { measureLift } from 'relance/measure';
 * import { liftIntervalsChart } from 'relance/charts';
 *
 * const lift = measureLift({ treated: { n: 1000, successes: 130 }, control: { n: 1000, successes: 100 } });
 * const spec = liftIntervalsChart([{ label: 'service reminder', difference: lift.difference, lower: lift.lower, upper: lift.upper, truth: 0.025 }]);
 * ```
 */
export function liftIntervalsChart(rows: readonly LiftInterval[], options: LiftIntervalsChartOptions = {}): VegaLiteSpec {
  nonEmpty(FN, rows, 'rows');
  const points = options.percentagePoints ?? true;
  const scale = points ? 100 : 1;
  let anyTruth = false;
  const values = rows.map((r, i) => {
    const name = label(FN, r.label, [i, 'label']);
    const lower = finite(FN, r.lower, [i, 'lower']);
    const upper = finite(FN, r.upper, [i, 'upper']);
    const difference = finite(FN, r.difference, [i, 'difference']);
    if (lower > upper) throw chartInputError(FN, [i, 'lower'], `lower (${lower}) is above upper (${upper})`);
    const row: Record<string, string | number> = { label: name, difference: difference * scale, lower: lower * scale, upper: upper * scale };
    if (r.truth !== undefined) {
      row['truth'] = finite(FN, r.truth, [i, 'truth']) * scale;
      anyTruth = true;
    }
    return row;
  });
  const { width, height } = size(FN, options, 420, Math.max(60, rows.length * 34));
  const title = options.axisTitle ?? (points ? 'treated − control (percentage points)' : 'treated − control');
  const y = { field: 'label', type: 'nominal', title: null, sort: rows.map((r) => r.label) };
  return {
    ...frame(options.title ?? 'Lift with its confidence interval'),
    width,
    height,
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 4] }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'rule', strokeWidth: 2, color: '#0072B2' },
        encoding: { y, x: { field: 'lower', type: 'quantitative', title }, x2: { field: 'upper' } },
      },
      { data: { values }, mark: { type: 'point', filled: true, size: 60, color: '#0072B2' }, encoding: { y, x: { field: 'difference', type: 'quantitative' } } },
      ...(anyTruth
        ? [{ data: { values }, transform: [{ filter: 'isValid(datum.truth)' }], mark: { type: 'tick', color: '#D55E00', thickness: 2, size: 18 }, encoding: { y, x: { field: 'truth', type: 'quantitative' } } }]
        : []),
    ],
  };
}
