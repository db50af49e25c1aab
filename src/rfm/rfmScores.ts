import { RelanceError } from '../errors';
import { hashString } from '../internal/hash';

/** The fields of a summary row that {@link rfmScores} reads. */
export interface RfmScoreInput {
  readonly customerId: string;
  /** Days since the last event: R is scored on it, the shortest scoring highest. */
  readonly daysSinceLast: number;
  /** Repeat events. */
  readonly frequency: number;
  /** Net value of all events (scored as M by default). */
  readonly total?: number | undefined;
  /** The summary's `monetary` (scored as M with `monetaryField: 'monetary'`). */
  readonly monetary?: number | undefined;
}

/**
 * How scores are cut:
 * - `rank` (default): equal-sized bins of the ranks (R's `ntile`, pandas' `qcut` on
 *   `rank(method='first')`, the common "seg_map" practice). Ties are broken by a hash of the
 *   customer id, then the id: deterministic and independent of the input order. A base where
 *   most customers have frequency 0 still splits into `bins` groups on F — at the price of
 *   customers with the same value landing in neighbouring scores.
 * - `quantile`: cut points at the value quantiles (R type 7); equal values share a score, so
 *   bins can be uneven or empty when values tie massively.
 */
export type RfmScoreMethod = 'rank' | 'quantile';

/** Custom cut points, overriding the method for their dimension. */
export interface RfmThresholds {
  /** `bins − 1` ascending day counts: at most the first → score `bins`, at most the second → `bins − 1`, …, above the last → 1. */
  readonly recency?: readonly number[] | undefined;
  /** `bins − 1` ascending lower bounds: at least the first → score 2, …, at least the last → `bins`. */
  readonly frequency?: readonly number[] | undefined;
  /** Same as `frequency`, on the monetary field. */
  readonly monetary?: readonly number[] | undefined;
}

/** Options of {@link rfmScores}. */
export interface RfmScoresOptions {
  /** Number of score levels, 2 to 10. Default 5. */
  readonly bins?: number | undefined;
  /** Default `rank`. */
  readonly method?: RfmScoreMethod | undefined;
  /** Which field M scores: `total` (default: spend, the marketer's M) or the summary's `monetary`. */
  readonly monetaryField?: 'total' | 'monetary' | undefined;
  /** Custom cut points per dimension. */
  readonly thresholds?: RfmThresholds | undefined;
}

/** One customer's scores, 1 (worst) to `bins` (best). */
export interface RfmScore {
  readonly customerId: string;
  /** Recency score: `bins` for the most recent. */
  readonly r: number;
  /** Frequency score: `bins` for the most frequent. */
  readonly f: number;
  /** Monetary score: `bins` for the highest value. */
  readonly m: number;
  /** The three digits, "R F M" (`"545"`; with 10 bins, digits 1–10 joined by nothing are ambiguous: read r, f, m). */
  readonly code: string;
}

const FN = 'rfmScores';

/**
 * Recency, frequency and monetary scores (1 to `bins`, higher is better) for an RFM matrix:
 * R on the days since the last event (most recent = `bins`), F on the repeat events, M on the
 * total spend (or the summary's `monetary`). See {@link RfmScoreMethod} for how ties are
 * handled; custom thresholds replace the method per dimension.
 *
 * @param summary - rows of {@link rfmSummary} (or any rows with the same fields)
 * @param options - bins, method, M's field, thresholds
 * @returns one score per row, in the rows' order
 * @throws RelanceError `invalid_input` for bad options, thresholds, or a row with a non-finite field
 *
 * @example
 * ```ts
 * import { rfmScores } from 'relance/rfm';
 *
 * const scores = rfmScores(
 *   [
 *     { customerId: 'A', daysSinceLast: 10, frequency: 6, total: 900 },
 *     { customerId: 'B', daysSinceLast: 400, frequency: 0, total: 80 },
 *     { customerId: 'C', daysSinceLast: 90, frequency: 2, total: 300 },
 *   ],
 *   { bins: 3 },
 * );
 * scores.map((s) => s.code); // ['333', '111', '222']
 * ```
 */
export function rfmScores(summary: readonly RfmScoreInput[], options: RfmScoresOptions = {}): RfmScore[] {
  const bins = options.bins ?? 5;
  if (!Number.isInteger(bins) || bins < 2 || bins > 10) {
    throw new RelanceError('invalid_input', `${FN}: bins must be an integer from 2 to 10, got ${String(bins)}`, { issues: [{ code: 'invalid_value', path: ['bins'], message: 'expected an integer from 2 to 10' }] });
  }
  const method = options.method ?? 'rank';
  if (method !== 'rank' && method !== 'quantile') {
    throw new RelanceError('invalid_input', `${FN}: method must be 'rank' or 'quantile', got ${String(method)}`, { issues: [{ code: 'invalid_value', path: ['method'], message: "expected 'rank' or 'quantile'" }] });
  }
  const monetaryField = options.monetaryField ?? 'total';
  const n = summary.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const tieBreak = new Float64Array(n);
  const issues: { code: string; path: (string | number)[]; message: string }[] = [];
  for (let i = 0; i < n; i++) {
    const row = summary[i] as RfmScoreInput;
    const m = monetaryField === 'total' ? row.total : row.monetary;
    const check = (field: string, v: unknown): number => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        if (issues.length < 20) issues.push({ code: 'invalid_value', path: [i, field], message: `expected a finite number, got ${String(v)}` });
        return 0;
      }
      return v;
    };
    recency[i] = -check('daysSinceLast', row.daysSinceLast); // higher is better on every dimension
    frequency[i] = check('frequency', row.frequency);
    monetary[i] = check(monetaryField, m);
    tieBreak[i] = hashString(String(row.customerId));
  }
  if (issues.length > 0) throw new RelanceError('invalid_input', `${FN}: rows with invalid fields`, { issues });
  const t = options.thresholds ?? {};
  const rScores = t.recency !== undefined ? byThresholds('recency', recency, t.recency, bins, true) : method === 'rank' ? byRank(recency, tieBreak, summary, bins) : byQuantile(recency, bins);
  const fScores = t.frequency !== undefined ? byThresholds('frequency', frequency, t.frequency, bins, false) : method === 'rank' ? byRank(frequency, tieBreak, summary, bins) : byQuantile(frequency, bins);
  const mScores = t.monetary !== undefined ? byThresholds('monetary', monetary, t.monetary, bins, false) : method === 'rank' ? byRank(monetary, tieBreak, summary, bins) : byQuantile(monetary, bins);
  const out: RfmScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rScores[i] as number;
    const f = fScores[i] as number;
    const m = mScores[i] as number;
    out[i] = { customerId: (summary[i] as RfmScoreInput).customerId, r, f, m, code: `${r}${f}${m}` };
  }
  return out;
}

/**
 * ntile of the ranks: ascending values, ties by hash then id; rank k of n → ⌊k·bins/n⌋ + 1.
 * The order is built in linear passes (a stable radix sort on the 32-bit hash, then a stable
 * counting sort on the value's dense rank): no comparison sort of millions of rows. Only rows
 * equal in value and hash (rare) compare their ids.
 */
function byRank(values: Float64Array, tieBreak: Float64Array, rows: readonly RfmScoreInput[], bins: number): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  // Stable LSD radix sort of the rows by hash, 16 bits at a time.
  let order = new Uint32Array(n);
  let spare = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65537);
    for (let i = 0; i < n; i++) {
      const b = (((tieBreak[i] as number) >>> shift) & 0xffff) + 1;
      counts[b] = (counts[b] as number) + 1;
    }
    for (let b = 0; b < 65536; b++) counts[b + 1] = (counts[b + 1] as number) + (counts[b] as number);
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const b = ((tieBreak[i] as number) >>> shift) & 0xffff;
      spare[counts[b] as number] = i;
      counts[b] = (counts[b] as number) + 1;
    }
    [order, spare] = [spare, order];
  }
  // Dense rank of each value, then a stable counting sort on it.
  const sorted = values.slice().sort();
  let d = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[d++] = sorted[i] as number;
  const unique = sorted.subarray(0, d);
  const rank = new Uint32Array(n);
  const counts = new Uint32Array(d + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = d;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((unique[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
    counts[lo + 1] = (counts[lo + 1] as number) + 1;
  }
  for (let b = 0; b < d; b++) counts[b + 1] = (counts[b + 1] as number) + (counts[b] as number);
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const b = rank[i] as number;
    spare[counts[b] as number] = i;
    counts[b] = (counts[b] as number) + 1;
  }
  order = spare;
  // Rows equal in value and hash: by id.
  for (let k = 0; k < n; ) {
    let e = k + 1;
    const i = order[k] as number;
    while (e < n && rank[order[e] as number] === rank[i] && tieBreak[order[e] as number] === tieBreak[i]) e++;
    if (e - k > 1) {
      const run = Array.from(order.subarray(k, e)).sort((p, q) => {
        const a = (rows[p] as RfmScoreInput).customerId;
        const b = (rows[q] as RfmScoreInput).customerId;
        return a < b ? -1 : a > b ? 1 : 0;
      });
      order.set(run, k);
    }
    k = e;
  }
  for (let k = 0; k < n; k++) out[order[k] as number] = Math.floor((k * bins) / n) + 1;
  return out;
}

/** Cut points at the k/bins quantiles (type 7); a value scores 1 + the number of cut points below it. */
function byQuantile(values: Float64Array, bins: number): Uint8Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const h = ((n - 1) * k) / bins;
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    const b = sorted[Math.min(lo + 1, n - 1)] as number;
    cuts.push(a + (h - lo) * (b - a));
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (const c of cuts) if ((values[i] as number) > c) s++;
    out[i] = s;
  }
  return out;
}

function byThresholds(field: string, values: Float64Array, cuts: readonly number[], bins: number, recency: boolean): Uint8Array {
  const ok = cuts.length === bins - 1 && cuts.every((c, k) => Number.isFinite(c) && (k === 0 || c > (cuts[k - 1] as number)));
  if (!ok) {
    throw new RelanceError('invalid_input', `${FN}: thresholds.${field} must be ${bins - 1} ascending finite numbers (bins − 1)`, {
      issues: [{ code: 'invalid_value', path: ['thresholds', field], message: `expected ${bins - 1} strictly ascending finite numbers` }],
    });
  }
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let s: number;
    if (recency) {
      // values hold −daysSinceLast; at most cut k days → score bins − k.
      const days = -v;
      s = 1;
      for (let k = cuts.length - 1; k >= 0; k--) if (days <= (cuts[k] as number)) s = bins - k;
    } else {
      s = 1;
      for (const c of cuts) if (v >= c) s++;
    }
    out[i] = s;
  }
  return out;
}
