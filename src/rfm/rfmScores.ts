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

/** ntile of the ranks: ascending values, ties by hash then id; rank k of n → ⌊k·bins/n⌋ + 1. */
function byRank(values: Float64Array, tieBreak: Float64Array, rows: readonly RfmScoreInput[], bins: number): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((p, q) => {
    const d = (values[p] as number) - (values[q] as number);
    if (d !== 0) return d;
    const h = (tieBreak[p] as number) - (tieBreak[q] as number);
    if (h !== 0) return h;
    const a = (rows[p] as RfmScoreInput).customerId;
    const b = (rows[q] as RfmScoreInput).customerId;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out = new Uint8Array(n);
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
