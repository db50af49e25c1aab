import { RelanceError } from '../errors';
import type { RfmScore } from './rfmScores';

/**
 * Segments on the R×F grid: `cells[r − 1][f − 1]` names the segment of recency score r and
 * frequency score f (M is not read).
 */
export interface RfGridSegmentMap {
  readonly kind: 'rf-grid';
  /** Score levels of both axes. */
  readonly bins: number;
  /** `bins` rows (R = 1 … bins) of `bins` segment names (F = 1 … bins). */
  readonly cells: readonly (readonly string[])[];
  /** The segments that make up "to win back". */
  readonly winBack: readonly string[];
}

/** One segment of a range list: inclusive score ranges on R, F and M. */
export interface RfmRangeSegment {
  readonly name: string;
  readonly r: readonly [number, number];
  readonly f: readonly [number, number];
  readonly m: readonly [number, number];
}

/** Segments as a list of score ranges, the first match winning (R's `rfm_segment()`). */
export interface RfmRangeSegmentMap {
  readonly kind: 'ranges';
  readonly segments: readonly RfmRangeSegment[];
  /** The segment of a customer no range matches. */
  readonly otherwise: string;
  /** The segments that make up "to win back". */
  readonly winBack: readonly string[];
}

/** A segment map: the grid or the range list. */
export type RfmSegmentMap = RfGridSegmentMap | RfmRangeSegmentMap;

/**
 * The R×F grid of the common "seg_map" (5 levels; rows R = 1…5, columns F = 1…5): Hibernating
 * (R 1–2, F 1–2), At Risk (R 1–2, F 3–4), Can't Lose (R 1–2, F 5), About to Sleep (R 3, F 1–2),
 * Need Attention (R 3, F 3), Loyal (R 3–4, F 4–5), Promising (R 4, F 1), New Customers (R 5, F 1),
 * Potential Loyalists (R 4–5, F 2–3), Champions (R 5, F 4–5). To win back: At Risk, Can't Lose,
 * About to Sleep, Hibernating.
 */
export const RF_GRID_SEGMENTS: RfGridSegmentMap = {
  kind: 'rf-grid',
  bins: 5,
  cells: [
    ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose"],
    ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose"],
    ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal', 'Loyal'],
    ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal', 'Loyal'],
    ['New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
  ],
  winBack: ['At Risk', "Can't Lose", 'About to Sleep', 'Hibernating'],
};

/**
 * The range list of R's rfm package (`rfm_segment()` example, 5 levels), first match wins,
 * "Others" otherwise. To win back: At Risk, Can't Lose Them, About To Sleep, Lost.
 */
export const RFM_RANGE_SEGMENTS: RfmRangeSegmentMap = {
  kind: 'ranges',
  segments: [
    { name: 'Champions', r: [4, 5], f: [4, 5], m: [4, 5] },
    { name: 'Loyal Customers', r: [2, 5], f: [3, 5], m: [3, 5] },
    { name: 'Potential Loyalist', r: [3, 5], f: [1, 3], m: [1, 3] },
    { name: 'New Customers', r: [4, 5], f: [1, 1], m: [1, 1] },
    { name: 'Promising', r: [3, 4], f: [1, 1], m: [1, 1] },
    { name: 'Need Attention', r: [2, 3], f: [2, 3], m: [2, 3] },
    { name: 'About To Sleep', r: [2, 3], f: [1, 2], m: [1, 2] },
    { name: 'At Risk', r: [1, 2], f: [2, 5], m: [2, 5] },
    { name: "Can't Lose Them", r: [1, 1], f: [4, 5], m: [4, 5] },
    { name: 'Lost', r: [1, 2], f: [1, 2], m: [1, 2] },
  ],
  otherwise: 'Others',
  winBack: ['At Risk', "Can't Lose Them", 'About To Sleep', 'Lost'],
};

/** One customer's segment. */
export interface RfmSegmentAssignment {
  readonly customerId: string;
  readonly segment: string;
  /** Whether the segment is one of the map's "to win back" segments. */
  readonly winBack: boolean;
}

/** What {@link rfmSegments} returns: one assignment per score, and the counts. */
export interface RfmSegmentation {
  /** In the order of the scores. */
  readonly assignments: readonly RfmSegmentAssignment[];
  /** Customers per segment, every segment of the map listed (0 when empty), in the map's order. */
  readonly counts: ReadonlyArray<readonly [string, number]>;
  /** Customers in a "to win back" segment. */
  readonly winBack: number;
}

const FN = 'rfmSegments';

function invalidMap(message: string, path: (string | number)[]): RelanceError {
  return new RelanceError('invalid_input', `${FN}: ${message}`, { issues: [{ code: 'invalid_value', path: ['segmentMap', ...path], message }] });
}

/**
 * Names each customer's segment from its scores with a segment map — the R×F grid
 * ({@link RF_GRID_SEGMENTS}, the default), R's range list ({@link RFM_RANGE_SEGMENTS}) or a
 * host's own — and flags the "to win back" segments. Every customer gets exactly one segment.
 *
 * @param scores - from {@link rfmScores}, with the map's number of levels
 * @param segmentMap - default {@link RF_GRID_SEGMENTS}
 * @returns assignments in the scores' order, counts per segment, the size of "to win back"
 * @throws RelanceError `invalid_input` for a malformed map or a score outside the map's levels
 *
 * @example
 * ```ts
 * import { rfmSegments, RFM_RANGE_SEGMENTS } from 'relance/rfm';
 *
 * const scores = [
 *   { customerId: 'A', r: 5, f: 5, m: 4, code: '554' },
 *   { customerId: 'B', r: 1, f: 4, m: 3, code: '143' },
 * ];
 * rfmSegments(scores).assignments.map((a) => a.segment); // ['Champions', 'At Risk']
 * rfmSegments(scores, RFM_RANGE_SEGMENTS).winBack; // 1
 * ```
 */
export function rfmSegments(scores: readonly RfmScore[], segmentMap: RfmSegmentMap = RF_GRID_SEGMENTS): RfmSegmentation {
  const names = segmentNames(segmentMap);
  const winBack = new Set(segmentMap.winBack);
  for (const [k, w] of segmentMap.winBack.entries()) if (!names.includes(w)) throw invalidMap(`winBack names "${w}", which is not a segment of the map`, ['winBack', k]);
  const bins = segmentMap.kind === 'rf-grid' ? segmentMap.bins : 10;
  const counts = new Map<string, number>(names.map((n) => [n, 0]));
  const assignments: RfmSegmentAssignment[] = new Array(scores.length);
  let winBackCount = 0;
  scores.forEach((s, i) => {
    for (const key of ['r', 'f', 'm'] as const) {
      const v = s[key];
      if (!Number.isInteger(v) || v < 1 || v > bins) {
        throw new RelanceError('invalid_input', `${FN}: scores[${i}].${key} must be an integer from 1 to ${bins}, got ${String(v)}`, { issues: [{ code: 'invalid_value', path: ['scores', i, key], message: `expected an integer from 1 to ${bins}` }] });
      }
    }
    let segment: string;
    if (segmentMap.kind === 'rf-grid') segment = (segmentMap.cells[s.r - 1] as readonly string[])[s.f - 1] as string;
    else {
      const hit = segmentMap.segments.find((g) => s.r >= g.r[0] && s.r <= g.r[1] && s.f >= g.f[0] && s.f <= g.f[1] && s.m >= g.m[0] && s.m <= g.m[1]);
      segment = hit === undefined ? segmentMap.otherwise : hit.name;
    }
    const w = winBack.has(segment);
    if (w) winBackCount++;
    counts.set(segment, (counts.get(segment) as number) + 1);
    assignments[i] = { customerId: s.customerId, segment, winBack: w };
  });
  return { assignments, counts: [...counts], winBack: winBackCount };
}

/** The map's segment names in order of first appearance; checks its shape. */
function segmentNames(map: RfmSegmentMap): string[] {
  const names: string[] = [];
  const add = (n: string): void => {
    if (!names.includes(n)) names.push(n);
  };
  if (map?.kind === 'rf-grid') {
    if (!Number.isInteger(map.bins) || map.bins < 2 || map.bins > 10) throw invalidMap('bins must be an integer from 2 to 10', ['bins']);
    if (map.cells.length !== map.bins) throw invalidMap(`cells must have ${map.bins} rows (R = 1 … ${map.bins})`, ['cells']);
    map.cells.forEach((row, r) => {
      if (row.length !== map.bins) throw invalidMap(`cells[${r}] must have ${map.bins} names (F = 1 … ${map.bins})`, ['cells', r]);
      row.forEach((name, f) => {
        if (typeof name !== 'string' || name.length === 0) throw invalidMap(`cells[${r}][${f}] must be a segment name`, ['cells', r, f]);
        add(name);
      });
    });
  } else if (map?.kind === 'ranges') {
    map.segments.forEach((g, k) => {
      if (typeof g.name !== 'string' || g.name.length === 0) throw invalidMap(`segments[${k}].name must be a segment name`, ['segments', k, 'name']);
      for (const key of ['r', 'f', 'm'] as const) {
        const range = g[key];
        if (!Array.isArray(range) || range.length !== 2 || !(range[0] <= range[1])) throw invalidMap(`segments[${k}].${key} must be [low, high] with low ≤ high`, ['segments', k, key]);
      }
      add(g.name);
    });
    add(map.otherwise);
  } else {
    throw invalidMap("expected a map of kind 'rf-grid' or 'ranges'", ['kind']);
  }
  return names;
}
