import { explainScore, type FeatureTable, type PropensityModel } from '../propensity';

/** Slots per block: blocks are added as customers are scored, never copied into larger ones. */
const BLOCK = 4096;
/** Contributions a contact's why lists. */
const REASONS = 2;

/**
 * The scores a propensity model gave while a plan read its customers: each customer's
 * probability and row of the model's columns, in blocks of typed arrays, so that the reasons
 * of a score are worked out ({@link explainScore}, the slow part) only for the contacts the
 * governor places, at the end.
 */
export class ScoreBook {
  readonly model: PropensityModel;
  private readonly cols: number;
  private readonly slots = new Map<string, number>();
  private readonly p: Float64Array[] = [];
  private readonly rows: Float64Array[] = [];
  private readonly reasonsOf = new Map<number, string>();

  constructor(model: PropensityModel) {
    this.model = model;
    this.cols = model.featureNames.length;
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

  /** Keeps a customer's probability and row `row` of `table` (`columns` from {@link ScoreBook.columnsIn}). */
  keep(id: string, probability: number, table: FeatureTable, row: number, columns: Int32Array): void {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(id, slot);
      if (slot % BLOCK === 0) {
        this.p.push(new Float64Array(BLOCK));
        this.rows.push(new Float64Array(BLOCK * this.cols));
      }
    }
    (this.p[Math.floor(slot / BLOCK)] as Float64Array)[slot % BLOCK] = probability;
    const block = this.rows[Math.floor(slot / BLOCK)] as Float64Array;
    const at = (slot % BLOCK) * this.cols;
    for (let j = 0; j < this.cols; j++) {
      const c = columns[j] as number;
      block[at + j] = c < 0 ? Number.NaN : (table.data[row * table.cols + c] as number);
    }
  }

  /** The customer's probability, if scored. */
  probability(id: string): number | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : (this.p[Math.floor(slot / BLOCK)] as Float64Array)[slot % BLOCK];
  }

  /** The two largest contributions to the customer's score, in words (worked out once per customer). */
  reasons(id: string): string {
    const slot = this.slots.get(id) as number;
    let text = this.reasonsOf.get(slot);
    if (text === undefined) {
      const block = this.rows[Math.floor(slot / BLOCK)] as Float64Array;
      const at = (slot % BLOCK) * this.cols;
      const row = (j: number): number | undefined => {
        const v = block[at + j] as number;
        return Number.isNaN(v) ? undefined : v;
      };
      text = explainScore(...this.explained(row), { top: REASONS })
        .top.map((c) => c.text)
        .join('; ');
      this.reasonsOf.set(slot, text);
    }
    return text;
  }

  /**
   * What {@link explainScore} is given for a row: the model and the row itself, or, for a
   * logistic model, the model cut down to the row's {@link REASONS} largest contributions.
   * A logistic contribution is βⱼ·(xⱼ − μⱼ)/σⱼ, feature by feature, so the cut model gives the
   * same sentences; explainScore writes one for every feature of the model it is given, which
   * on 50 columns is nine tenths of its time. tests/plan/scoreBook.test.ts checks the sentences
   * against explainScore on the whole model.
   */
  private explained(row: (j: number) => number | undefined): [PropensityModel, Record<string, number>] {
    const model = this.model;
    const names = model.featureNames;
    if (model.algorithm !== 'logistic' || this.cols <= REASONS) {
      const values: Record<string, number> = {};
      for (let j = 0; j < this.cols; j++) {
        const v = row(j);
        if (v !== undefined) values[names[j] as string] = v;
      }
      return [model, values];
    }
    // The largest |contribution|s, ties to the earlier column (explainScore's order), computed
    // as explainScore computes them (a missing value at its training mean).
    const l = model.learned;
    const means = model.training.featureMeans;
    const best: number[] = [];
    const size = new Float64Array(this.cols);
    for (let j = 0; j < this.cols; j++) {
      const x = row(j) ?? (means[j] as number);
      size[j] = Math.abs(((l.coefficients[j] as number) * (x - (l.means[j] as number))) / (l.scales[j] as number));
      let k = best.length;
      while (k > 0 && (size[best[k - 1] as number] as number) < (size[j] as number)) k--;
      if (k < REASONS) {
        best.splice(k, 0, j);
        if (best.length > REASONS) best.pop();
      }
    }
    best.sort((a, b) => a - b);
    const pick = <T>(list: readonly T[]): T[] => best.map((j) => list[j] as T);
    const cut: PropensityModel = {
      ...model,
      featureNames: pick(names),
      training: { ...model.training, featureMeans: pick(means) },
      learned: { ...l, coefficients: pick(l.coefficients), means: pick(l.means), scales: pick(l.scales) },
    };
    const values: Record<string, number> = {};
    for (const j of best) {
      const v = row(j);
      if (v !== undefined) values[names[j] as string] = v;
    }
    return [cut, values];
  }
}
