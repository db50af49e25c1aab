/**
 * Renders a Vega-Lite spec in Node the way the CLI does (vega-lite compile, vega View, SVG),
 * failing on any compiler warning, and lists the drawn marks from the scene graph — the
 * truth the chart tests assert on comes from Vega's own renderer, not from the builders.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';

export interface DrawnMark {
  /** Vega's mark type: rect, line, area, symbol, rule, text, … */
  readonly type: string;
  /** The compiled mark's name (e.g. `layer_1_marks`). */
  readonly name: string;
  /** Items drawn (one per bar, point, text; one per line or area path). */
  readonly items: number;
}

export interface Rendered {
  readonly svg: string;
  /** The data marks (axes, legends and titles left out). */
  readonly marks: DrawnMark[];
  readonly warnings: string[];
}

interface SceneNode {
  marktype?: string;
  role?: string;
  name?: string;
  items?: SceneNode[];
}

function collect(node: SceneNode, out: DrawnMark[]): void {
  if (node.marktype !== undefined && node.role === 'mark' && node.marktype !== 'group') {
    out.push({ type: node.marktype, name: node.name ?? '', items: node.items?.length ?? 0 });
  }
  for (const child of node.items ?? []) collect(child, out);
}

export async function renderSpec(spec: object): Promise<Rendered> {
  const warnings: string[] = [];
  const logger = {
    level(): number { return 0; },
    error(...args: unknown[]): never { throw new Error(args.map(String).join(' ')); },
    warn(...args: unknown[]): unknown { warnings.push(args.map(String).join(' ')); return logger; },
    info(): unknown { return logger; },
    debug(): unknown { return logger; },
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const compiled = compile(spec as any, { logger: logger as any }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  view.logLevel(vega.Warn);
  const svg = await view.toSVG();
  const marks: DrawnMark[] = [];
  collect((view.scenegraph() as unknown as { root: SceneNode }).root, marks);
  view.finalize();
  return { svg, marks, warnings };
}

/** Items drawn by the marks of one type. */
export const itemsOf = (r: Rendered, type: string): number => r.marks.filter((m) => m.type === type).reduce((a, m) => a + m.items, 0);
