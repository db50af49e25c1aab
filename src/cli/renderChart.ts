/**
 * Renders `relance/charts` specs to inline SVG for the report, with vega-lite (compile) and
 * vega (a headless View: no canvas, no DOM, no network). Both are optional peer dependencies
 * of relance, needed by the CLI alone: the core never imports them.
 */
import type { VegaLiteSpec } from '../charts';

/** Turns a spec into an SVG string. */
export type ChartRenderer = (spec: VegaLiteSpec) => Promise<string>;

/** Thrown when vega or vega-lite is not installed: the message says what to install. */
export class MissingRendererError extends Error {
  override readonly name = 'MissingRendererError';
}

interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
}
interface VegaLiteModule {
  compile(spec: unknown, options?: { logger?: unknown }): { spec: unknown };
}

/**
 * Loads vega and vega-lite and returns a renderer. A compiler warning (a spec that would draw
 * wrongly) is an error, so a broken chart never reaches the report silently.
 */
export async function loadChartRenderer(): Promise<ChartRenderer> {
  let vega: VegaModule;
  let vegaLite: VegaLiteModule;
  try {
    vega = (await import('vega')) as unknown as VegaModule;
    vegaLite = (await import('vega-lite')) as unknown as VegaLiteModule;
  } catch (error) {
    throw new MissingRendererError(
      'the report draws its charts with vega and vega-lite, optional peer dependencies of relance that the command line needs: npm install vega@6 vega-lite@6',
      { cause: error },
    );
  }
  return async (spec) => {
    const warnings: string[] = [];
    const logger = {
      level: () => 0,
      error: (...args: unknown[]): never => {
        throw new Error(args.map(String).join(' '));
      },
      warn: (...args: unknown[]): unknown => {
        warnings.push(args.map(String).join(' '));
        return logger;
      },
      info: (): unknown => logger,
      debug: (): unknown => logger,
    };
    const compiled = vegaLite.compile(spec, { logger }).spec;
    if (warnings.length > 0) throw new Error(`chart "${chartTitle(spec)}": ${warnings.join('; ')}`);
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  };
}

/** The spec's title text, for messages and captions. */
export function chartTitle(spec: VegaLiteSpec): string {
  const title = spec['title'];
  if (typeof title === 'string') return title;
  if (title !== null && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') return (title as { text: string }).text;
  return 'chart';
}
