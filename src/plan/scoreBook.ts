import { explainScore, type FeatureTable, type PropensityModel } from '../propensity';
import { contributionText } from '../propensity/explainScore';

/** Slots per block: blocks are added as customers are scored, never copied into larger ones. */
const BLOCK = 4096;
/** Contributions a contact's why lists. */
const REASONS = 2;

/**
 * The scores a propensity model gave while a plan read its customers, by customer number, in
 * blocks of typed arrays: each customer's probability and what its reasons need, so that they
 * are written only for the contacts the governor places, at the end.
 *
 * What a score's reasons need: for a logistic model, the {@link REASONS} columns of largest
 * |contribution| and their values (a contribution is βⱼ·(xⱼ − μⱼ)/σⱼ, column by column, so the
 * largest are known when the customer is scored, and 4 numbers are kept instead of a row of
 * 50); for a forest, whose contributions need the whole row, the row, for
 * {@link explainScore}. tests/plan/scoreBook.test.ts checks the sentences against explainScore
 * on the whole model and row.
 */
export class ScoreBook {
  readonly model: PropensityModel;
  private readonly cols: number;
  /** Numbers kept per customer: (column, value) pairs of the largest contributions, or the row. */
  private readonly width: number;
  /** Each customer's slot (by its number; -1: not scored). */
  private slotOf = new Int32Array(0);
  private slots = 0;
  private readonly p: Float64Array[] = [];
  private readonly kept: Float64Array[] = [];
  private readonly reasonsOf = new Map<number, string>();
  private readonly size: Float64Array;
  private readonly best: number[] = [];

  constructor(model: PropensityModel) {
    this.model = model;
    this.cols = model.featureNames.length;
    this.width = this.logistic() ? 2 * REASONS : this.cols;
    this.size = new Float64Array(this.cols);
  }

  /** Whether the reasons come from the largest contributions kept at scoring. */
  private logistic(): boolean {
    return this.model.algorithm === 'logistic' && this.cols > REASONS;
  }

  private lastNames: readonly string[] = [];
  private lastColumns = new Int32Array(0);

  /** Where the model's columns are in a table (-1: absent, the score imputes the training mean); the last answer kept for tables of the same columns. */
  columnsIn(table: FeatureTable): Int32Array {
    const names = table.featureNames;
    if (names.length !== this.lastNames.length || names.some((n, j) => n !== this.lastNames[j])) {
      this.lastColumns = Int32Array.from(this.model.featureNames, (name) => names.indexOf(name));
      this.lastNames = names;
    }
    return this.lastColumns;
  }

  /** Keeps the probability of customer number `k` and what the reasons of row `row` of `table` need (`columns` from {@link ScoreBook.columnsIn}). */
  keep(k: number, probability: number, table: FeatureTable, row: number, columns: Int32Array): void {
    if (k >= this.slotOf.length) {
      const grown = new Int32Array(Math.max(2 * this.slotOf.length, k + 1, 1024)).fill(-1);
      grown.set(this.slotOf);
      this.slotOf = grown;
    }
    let slot = this.slotOf[k] as number;
    if (slot < 0) {
      slot = this.slots++;
      this.slotOf[k] = slot;
      if (slot % BLOCK === 0) {
        this.p.push(new Float64Array(BLOCK));
        this.kept.push(new Float64Array(BLOCK * this.width));
      }
    }
    (this.p[Math.floor(slot / BLOCK)] as Float64Array)[slot % BLOCK] = probability;
    const block = this.kept[Math.floor(slot / BLOCK)] as Float64Array;
    const at = (slot % BLOCK) * this.width;
    /** The row's value of the model's column j (NaN: missing). */
    const value = (j: number): number => {
      const c = columns[j] as number;
      return c < 0 ? Number.NaN : (table.data[row * table.cols + c] as number);
    };
    if (!this.logistic()) {
      for (let j = 0; j < this.cols; j++) block[at + j] = value(j);
      return;
    }
    // The largest |contribution|s, ties to the earlier column (explainScore's order), with a
    // missing value at its training mean, as explainScore computes them.
    const model = this.model as Extract<PropensityModel, { algorithm: 'logistic' }>;
    const l = model.learned;
    const means = model.training.featureMeans;
    const { size, best } = this;
    best.length = 0;
    for (let j = 0; j < this.cols; j++) {
      const v = value(j);
      const x = Number.isNaN(v) ? (means[j] as number) : v;
      size[j] = Math.abs(((l.coefficients[j] as number) * (x - (l.means[j] as number))) / (l.scales[j] as number));
      let r = best.length;
      while (r > 0 && (size[best[r - 1] as number] as number) < (size[j] as number)) r--;
      if (r < REASONS) {
        best.splice(r, 0, j);
        if (best.length > REASONS) best.pop();
      }
    }
    for (let r = 0; r < REASONS; r++) {
      const j = best[r] as number;
      const v = value(j);
      block[at + 2 * r] = j;
      block[at + 2 * r + 1] = Number.isNaN(v) ? (means[j] as number) : v;
    }
  }

  /** The probability of customer number `k`, if scored. */
  probability(k: number): number | undefined {
    const slot = k < this.slotOf.length ? (this.slotOf[k] as number) : -1;
    return slot < 0 ? undefined : (this.p[Math.floor(slot / BLOCK)] as Float64Array)[slot % BLOCK];
  }

  /** The two largest contributions to the score of customer number `k` (scored), in words (worked out once per customer). */
  reasons(k: number): string {
    const slot = this.slotOf[k] as number;
    let text = this.reasonsOf.get(slot);
    if (text === undefined) {
      const block = this.kept[Math.floor(slot / BLOCK)] as Float64Array;
      const at = (slot % BLOCK) * this.width;
      text = this.logistic() ? this.largest(block, at) : this.explained(block, at);
      this.reasonsOf.set(slot, text);
    }
    return text;
  }

  /** The sentences of the kept largest contributions, largest first (ties: the earlier column). */
  private largest(block: Float64Array, at: number): string {
    const model = this.model as Extract<PropensityModel, { algorithm: 'logistic' }>;
    const l = model.learned;
    const parts = Array.from({ length: REASONS }, (_, r) => {
      const j = block[at + 2 * r] as number;
      const x = block[at + 2 * r + 1] as number;
      return { j, x, contribution: ((l.coefficients[j] as number) * (x - (l.means[j] as number))) / (l.scales[j] as number) };
    });
    parts.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.j - b.j);
    return parts.map((c) => contributionText(model.featureNames[c.j] as string, c.x, model.training.featureMeans[c.j] as number, c.contribution, 'log-odds')).join('; ');
  }

  /** explainScore's two largest contributions for a kept row (NaN: missing). */
  private explained(block: Float64Array, at: number): string {
    const names = this.model.featureNames;
    const values: Record<string, number> = {};
    for (let j = 0; j < this.cols; j++) {
      const v = block[at + j] as number;
      if (!Number.isNaN(v)) values[names[j] as string] = v;
    }
    return explainScore(this.model, values, { top: REASONS })
      .top.map((c) => c.text)
      .join('; ');
  }
}
