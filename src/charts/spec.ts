import { RelanceError, type PathSegment } from '../errors';

/**
 * A Vega-Lite specification: plain JSON, ready for `vega-lite`'s `compile()` or any
 * Vega-Lite renderer (vega-embed in a page, `vl-convert`, a notebook). relance builds the
 * spec; drawing it is the host's choice (the relance CLI renders it to inline SVG).
 */
export interface VegaLiteSpec {
  /** The Vega-Lite schema the spec was written for (version 6). */
  readonly $schema: string;
  readonly [key: string]: unknown;
}

/** Options every chart builder takes. */
export interface ChartOptions {
  /** The chart's title. Each builder has a default. */
  readonly title?: string | undefined;
  /** Width of the plot area (of one panel for small multiples), in pixels. */
  readonly width?: number | undefined;
  /** Height of the plot area (of one panel for small multiples), in pixels. */
  readonly height?: number | undefined;
}

/** The schema URL the specs declare (not fetched by anything: renderers read the spec as data). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The palette of the specs: colour-blind safe (Okabe–Ito), in a fixed order. */
export const CHART_COLORS: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

/** A typed error naming the builder and the field. */
export function chartInputError(fn: string, path: readonly PathSegment[], message: string): RelanceError {
  const where = path.length === 0 ? '' : ` at ${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')}`;
  return new RelanceError('invalid_input', `${fn}: ${message}${where}`, { issues: [{ code: 'invalid_value', path, message }] });
}

/** `value` as a finite number, or a typed error naming where it was read. */
export function finite(fn: string, value: unknown, path: readonly PathSegment[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw chartInputError(fn, path, `expected a finite number, got ${String(value)}`);
  return value;
}

/** `value` as a number in [0, 1], or a typed error. */
export function share(fn: string, value: unknown, path: readonly PathSegment[]): number {
  const v = finite(fn, value, path);
  if (v < 0 || v > 1) throw chartInputError(fn, path, `expected a share in [0, 1], got ${v}`);
  return v;
}

/** A non-empty label, or a typed error. */
export function label(fn: string, value: unknown, path: readonly PathSegment[]): string {
  if (typeof value !== 'string' || value.length === 0) throw chartInputError(fn, path, 'expected a non-empty name');
  return value;
}

/** The width and height options, checked (positive pixels). */
export function size(fn: string, options: ChartOptions, width: number, height: number): { width: number; height: number } {
  const w = options.width ?? width;
  const h = options.height ?? height;
  if (!(Number.isFinite(w) && w > 0)) throw chartInputError(fn, ['width'], `expected a positive width, got ${String(w)}`);
  if (!(Number.isFinite(h) && h > 0)) throw chartInputError(fn, ['height'], `expected a positive height, got ${String(h)}`);
  return { width: w, height: h };
}

/** A list that must not be empty. */
export function nonEmpty<T>(fn: string, values: readonly T[], what: string): readonly T[] {
  if (!Array.isArray(values)) throw chartInputError(fn, [], `expected an array of ${what}`);
  if (values.length === 0) throw new RelanceError('insufficient_data', `${fn}: no ${what} to draw`);
  return values;
}

/** The frame every spec shares: schema, title, a font that every browser has, no border. */
export function frame(title: string): { $schema: string; title: { text: string; anchor: 'start' }; config: Record<string, unknown> } {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, anchor: 'start' },
    config: { font: 'system-ui, -apple-system, Segoe UI, sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelLimit: 320 }, title: { limit: 0 } },
  };
}
