/**
 * Pictures: pure Vega-Lite spec builders for what relance computes — survival curves,
 * cumulative gains and lift, calibration, the R×F grid, contact load per day and site, lift
 * with its intervals, and plain bars.
 *
 * A builder takes a module's output (or any data of the same shape), checks it and returns
 * a plain JSON spec; it draws nothing and imports no renderer. Render a spec with
 * `vega-lite`'s `compile()` and `vega`'s `View` (the relance CLI renders to inline SVG this
 * way), with vega-embed in a page, or in a notebook.
 *
 * @module relance/charts
 */
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
export { CHART_COLORS, VEGA_LITE_SCHEMA } from './spec';
export type { ChartOptions, VegaLiteSpec } from './spec';
export { barChart } from './barChart';
export type { Bar, BarChartOptions } from './barChart';
export { calibrationChart, calibrationPoints } from './calibrationChart';
export type { CalibrationPoint, CalibrationSeries } from './calibrationChart';
export { contactLoadChart } from './contactLoadChart';
export type { ContactLoadChartOptions } from './contactLoadChart';
export { gainsChart } from './gainsChart';
export type { GainsSeries } from './gainsChart';
export { liftChart } from './liftChart';
export type { LiftSeries } from './liftChart';
export { liftIntervalsChart } from './liftIntervalsChart';
export type { LiftInterval, LiftIntervalsChartOptions } from './liftIntervalsChart';
export { rfmGridChart } from './rfmGridChart';
export type { RfmGridChartOptions } from './rfmGridChart';
export { survivalCurvesChart } from './survivalCurvesChart';
export type { SurvivalCurve, SurvivalCurvesChartOptions } from './survivalCurvesChart';
