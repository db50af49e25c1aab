import { RelanceError } from '../errors';
import { DAYS_PER_MONTH } from '../internal/epochDays';
import { normalQuantile } from '../internal/normal';
import { fitWeibullCurePrepared, fitWeibullPrepared, WEIBULL_MAX_ITERATIONS, WEIBULL_TOLERANCE, type WeibullFit } from './fitWeibull';
import type { OwnershipSpell } from './ownershipSpells';
import type { SurvivalData } from './survivalData';
import { invertSpd, type Penalty, type PreparedData } from './weibullLikelihood';

/** A spell field a repurchase model can stratify on. */
export type SpellKey = 'make' | 'model' | 'segment' | 'condition' | 'ageBand' | 'siteId';

/** What {@link fitRepurchaseModel} reads of a spell: an {@link OwnershipSpell} or any object with these fields. */
export type RepurchaseSpell = Pick<OwnershipSpell, 'durationMonths' | 'event'> &
  Partial<Pick<OwnershipSpell, 'entryMonths' | 'make' | 'model' | 'segment' | 'condition' | 'ageBand' | 'siteId' | 'finance'>>;

/** Options of {@link fitRepurchaseModel}. */
export interface FitRepurchaseModelOptions {
  /** The fields that define a curve (default `['model']`). */
  readonly strata?: readonly SpellKey[] | undefined;
  /**
   * The intermediate level small strata are shrunk towards, before the whole base (default
   * `['make']` when `strata` holds `model`, else none): model → make → all.
   */
  readonly shrinkTowards?: readonly SpellKey[] | undefined;
  /** Strata with fewer spells than this take their parent's curve outright (default 10). */
  readonly minSpells?: number | undefined;
  /**
   * Weight of the parent's curve, in spells: each stratum is fitted with a Gaussian prior
   * centred on its parent's estimate whose precision is the parent's information scaled to
   * this many spells (default 30). A stratum of 15 spells sits about two thirds of the way
   * towards its parent; one of 2,000 barely moves.
   */
  readonly priorSpells?: number | undefined;
  /** `weibull`, `weibull-cure`, or `auto` (default): the family with the lower AIC on the whole base. */
  readonly family?: 'weibull' | 'weibull-cure' | 'auto' | undefined;
  /**
   * Spells financed by these contracts are left out of the curves (default `['lease',
   * 'balloon']`): their timing is the contract's, and {@link repurchaseTiming} uses the
   * contract's end for them.
   */
  readonly excludeFinance?: readonly ('loan' | 'lease' | 'balloon')[] | undefined;
}

/** One fitted curve of a {@link RepurchaseModel}. */
export interface RepurchaseStratum {
  /** `all`, or the stratum's fields: `make=Valmont|model=V2`. */
  readonly key: string;
  /** The field values of the stratum (empty for `all`). */
  readonly values: Readonly<Partial<Record<SpellKey, string>>>;
  /** 0 for `all`, 1 for the intermediate level, 2 for the strata (1 when there is no intermediate level). */
  readonly level: number;
  /** Key of the parent stratum (`null` for `all`). */
  readonly parent: string | null;
  /** Spells and events (repurchases) in the stratum. */
  readonly spells: number;
  readonly events: number;
  /** True when the stratum had fewer than `minSpells` spells and takes its parent's curve. */
  readonly pooled: boolean;
  /** Weibull shape and scale (months) of the time to repurchase of those who come back. */
  readonly shape: number;
  readonly scale: number;
  /** Share of owners who never buy again in the group (0 for the `weibull` family). */
  readonly cureFraction: number;
  /** Median months to repurchase among those who come back, with a 95% interval (delta method). */
  readonly medianMonths: number;
  readonly medianLowerMonths: number;
  readonly medianUpperMonths: number;
  /** Covariance of (ln scale, ln shape[, logit cure fraction]), row-major. */
  readonly covariance: readonly number[];
}

/** A fitted repurchase model: a plain, serialisable object (JSON round-trips it). */
export interface RepurchaseModel {
  readonly kind: 'repurchase-model';
  readonly version: 1;
  /** The options as given, after defaults. */
  readonly params: {
    readonly strata: readonly SpellKey[];
    readonly shrinkTowards: readonly SpellKey[];
    readonly minSpells: number;
    readonly priorSpells: number;
    readonly family: 'weibull' | 'weibull-cure' | 'auto';
    readonly excludeFinance: readonly string[];
  };
  /** The family fitted (the choice of `auto`). */
  readonly family: 'weibull' | 'weibull-cure';
  /** AIC of both families on the whole base (`null` when not fitted). */
  readonly aic: { readonly weibull: number | null; readonly weibullCure: number | null };
  /** Time unit of every duration: months of 30.436875 days. */
  readonly timeUnit: 'months';
  /** Spells used and left out (financed by an excluded contract). */
  readonly spellsUsed: number;
  readonly spellsExcluded: number;
  /** Every stratum: `all` first, then the intermediate level, then the strata. */
  readonly strata: readonly RepurchaseStratum[];
}

/** The shortest duration a spell counts for: one day (a delivery and a purchase on the same day). */
const MIN_DURATION_MONTHS = 1 / DAYS_PER_MONTH;

const Z95 = normalQuantile(0.975);

/** The key of a spell at the given fields. */
export function stratumKey(spell: Partial<Record<SpellKey, string | undefined>>, keys: readonly SpellKey[]): string {
  if (keys.length === 0) return 'all';
  let key = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as SpellKey;
    key += `${i === 0 ? '' : '|'}${k}=${spell[k] ?? 'unknown'}`;
  }
  return key;
}

function checkOptions(options: FitRepurchaseModelOptions): RepurchaseModel['params'] {
  const strata = options.strata ?? ['model'];
  const shrinkTowards = options.shrinkTowards ?? (strata.includes('model') && !strata.includes('make') ? ['make'] : []);
  const minSpells = options.minSpells ?? 10;
  const priorSpells = options.priorSpells ?? 30;
  const family = options.family ?? 'auto';
  const fail = (path: string, message: string): never => {
    throw new RelanceError('invalid_input', `fitRepurchaseModel: ${path}: ${message}`, { issues: [{ code: 'invalid_value', path: [path], message }] });
  };
  const known: readonly string[] = ['make', 'model', 'segment', 'condition', 'ageBand', 'siteId'];
  for (const k of [...strata, ...shrinkTowards]) if (!known.includes(k)) fail('strata', `unknown spell field ${String(k)} (expected one of ${known.join(', ')})`);
  if (!Number.isInteger(minSpells) || minSpells < 1) fail('minSpells', 'expected a positive integer');
  if (!(priorSpells >= 0 && Number.isFinite(priorSpells))) fail('priorSpells', 'expected a number ≥ 0');
  if (family !== 'weibull' && family !== 'weibull-cure' && family !== 'auto') fail('family', "expected 'weibull', 'weibull-cure' or 'auto'");
  return { strata, shrinkTowards, minSpells, priorSpells, family, excludeFinance: options.excludeFinance ?? ['lease', 'balloon'] };
}

/**
 * Fits one repurchase curve per stratum (per model by default): a Weibull law of the time
 * to the next purchase in the group, with a cure fraction for the owners who never come
 * back, under censoring and left truncation. Small strata are shrunk towards their parent
 * (model → make → all) by a Gaussian prior worth `priorSpells` spells of the parent, so a
 * model with 15 spells still gets a sensible date; strata under `minSpells` take the
 * parent's curve. The family is chosen once, on the whole base, by AIC.
 *
 * @param spells - ownership spells (see {@link ownershipSpells}), or lighter objects with the same fields
 * @param options - strata, shrinkage, family, excluded finance kinds
 * @returns a plain, serialisable {@link RepurchaseModel}
 * @throws RelanceError `insufficient_data` when no spell (or no repurchase) is left to fit; `invalid_input` for bad options or spells
 *
 * @example
 * ```ts
 * import { simulateDealer } from 'relance/simulate';
 * import { fitRepurchaseModel, ownershipSpells } from 'relance/repurchase';
 *
 * const asOf = new Date('2025-06-30');
 * const { dataset } = simulateDealer({ seed: 3, customers: 2_000, asOf, years: 8 });
 * const model = fitRepurchaseModel(ownershipSpells(dataset, { asOf }));
 * const v2 = model.strata.find((s) => s.values.model === 'V2');
 * v2 !== undefined && v2.medianMonths > 20 && v2.medianMonths < 50; // true
 * ```
 */
export function fitRepurchaseModel(spells: readonly RepurchaseSpell[], options: FitRepurchaseModelOptions = {}): RepurchaseModel {
  const params = checkOptions(options);
  const levels: SpellKey[][] = [[]];
  if (params.shrinkTowards.length > 0) levels.push(params.shrinkTowards.slice());
  levels.push(params.strata.slice());

  // Group the usable spells by their leaf key: nested maps on the spells' own values (their
  // hashes are cached), the key strings built once per group rather than once per spell.
  const excluded = new Set<string>(params.excludeFinance);
  const groups = new Map<string, number[]>();
  const tree = new Map<string, unknown>();
  const strataKeys = params.strata;
  let used = 0;
  for (let i = 0; i < spells.length; i++) {
    const s = spells[i] as RepurchaseSpell;
    const d = s.durationMonths;
    const e = s.entryMonths ?? 0;
    if (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || typeof e !== 'number' || !Number.isFinite(e) || e < 0 || (e > 0 && e >= d)) {
      throw new RelanceError('invalid_input', `fitRepurchaseModel: spell ${i} has durationMonths ${String(d)} and entryMonths ${String(e)}: expected 0 ≤ entry < duration`, {
        issues: [{ code: 'invalid_value', path: ['spells', i, 'durationMonths'], message: 'expected a finite duration ≥ 0 after its entry' }],
      });
    }
    if (s.finance !== undefined && excluded.has(s.finance.kind)) continue;
    used++;
    let node = tree;
    for (let k = 0; k < strataKeys.length - 1; k++) {
      const value = s[strataKeys[k] as SpellKey] ?? 'unknown';
      let next = node.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) node.set(value, (next = new Map()));
      node = next;
    }
    const last = strataKeys.length === 0 ? 'all' : (s[strataKeys[strataKeys.length - 1] as SpellKey] ?? 'unknown');
    const group = node.get(last) as number[] | undefined;
    if (group === undefined) {
      const created = [i];
      node.set(last, created);
      groups.set(stratumKey(s, strataKeys), created);
    } else group.push(i);
  }
  if (used === 0) throw new RelanceError('insufficient_data', `fitRepurchaseModel: no spell to fit (${spells.length} given, ${spells.length - used} financed by an excluded contract)`);

  // Lay the spells out once, in typed columns, leaf by leaf, the leaves ordered by their keys
  // at every level: each stratum of every level is then one contiguous range, and its data
  // are views on the columns (no copy per level). Within a leaf, events come first: the
  // likelihood does not depend on the order, and its loops branch on the status, which
  // a sorted block makes predictable.
  const leaves = [...groups.values()].map((indices) => {
    const first = spells[indices[0] as number] as RepurchaseSpell;
    return { indices, first, keys: levels.map((keys) => stratumKey(first, keys)) };
  });
  leaves.sort((p, q) => {
    for (let l = 1; l < levels.length; l++) {
      const a = p.keys[l] as string;
      const b = q.keys[l] as string;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  });
  const durations = new Float64Array(used);
  const events = new Uint8Array(used);
  const entries = new Float64Array(used);
  const logT = new Float64Array(used);
  const logEntry = new Float64Array(used);
  let anyEntry = false;
  let at = 0;
  for (const leaf of leaves) {
    for (const pass of [true, false]) {
      for (const i of leaf.indices) {
        const s = spells[i] as RepurchaseSpell;
        if (s.event !== pass) continue;
        const d = Math.max(s.durationMonths, MIN_DURATION_MONTHS);
        const e = s.entryMonths ?? 0;
        durations[at] = d;
        events[at] = pass ? 1 : 0;
        logT[at] = Math.log(d);
        if (e > 0) {
          const clipped = Math.min(e, d * (1 - 1e-9));
          entries[at] = clipped;
          logEntry[at] = Math.log(clipped);
          anyEntry = true;
        } else {
          logEntry[at] = -Infinity;
        }
        at++;
      }
    }
  }

  /** The prepared data of the spells in [from, to): views on the columns. */
  const prepared = (from: number, to: number): PreparedData => {
    let hasEntry = false;
    if (anyEntry) for (let j = from; j < to && !hasEntry; j++) hasEntry = (entries[j] as number) > 0;
    const data: SurvivalData = {
      n: to - from,
      durations: durations.subarray(from, to),
      events: events.subarray(from, to),
      entry: hasEntry ? entries.subarray(from, to) : null,
      weights: null,
    };
    return { data, logT: logT.subarray(from, to), logEntry: hasEntry ? logEntry.subarray(from, to) : null, entryOnOwnership: true };
  };

  // Each level's strata as ranges, in key order.
  interface Range {
    readonly key: string;
    readonly first: RepurchaseSpell;
    readonly from: number;
    to: number;
    events: number;
  }
  const ranges: Range[][] = levels.map(() => []);
  let offset = 0;
  for (const leaf of leaves) {
    const size = leaf.indices.length;
    let leafEvents = 0;
    for (let j = offset; j < offset + size; j++) leafEvents += events[j] as number;
    for (let l = 0; l < levels.length; l++) {
      const list = ranges[l] as Range[];
      const last = list[list.length - 1];
      if (last !== undefined && last.key === leaf.keys[l]) {
        last.to += size;
        last.events += leafEvents;
      } else {
        list.push({ key: leaf.keys[l] as string, first: leaf.first, from: offset, to: offset + size, events: leafEvents });
      }
    }
    offset += size;
  }
  const valuesOf = (first: RepurchaseSpell, keys: readonly SpellKey[]): Partial<Record<SpellKey, string>> => {
    const values: Partial<Record<SpellKey, string>> = {};
    for (const k of keys) values[k] = (first[k] as string | undefined) ?? 'unknown';
    return values;
  };

  // The root, and the family.
  const rootPrep = prepared(0, used);
  let aicWeibull: number | null = null;
  let aicCure: number | null = null;
  let family: 'weibull' | 'weibull-cure' = params.family === 'auto' ? 'weibull-cure' : params.family;
  let rootPlain: WeibullFit | undefined;
  const fitFamily = (fam: 'weibull' | 'weibull-cure', prep: PreparedData, penalty: Penalty | null): Fitted => {
    if (fam === 'weibull') {
      const f = fitWeibullPrepared(prep, penalty, WEIBULL_MAX_ITERATIONS, WEIBULL_TOLERANCE, 'fitRepurchaseModel');
      if (prep === rootPrep) rootPlain = f;
      return { theta: [Math.log(f.scale), Math.log(f.shape)], covariance: f.covariance, aic: f.aic, events: f.events };
    }
    // At the root, the plain fit (when made for the AIC) is the cure fit's starting point.
    const start = prep === rootPrep ? rootPlain : undefined;
    const f = fitWeibullCurePrepared(prep, penalty, WEIBULL_MAX_ITERATIONS, WEIBULL_TOLERANCE, 'fitRepurchaseModel', start);
    const c = f.cureFraction > 0 ? Math.log(f.cureFraction / (1 - f.cureFraction)) : -30;
    return { theta: [Math.log(f.scale), Math.log(f.shape), c], covariance: f.covariance, aic: f.aic, events: f.events };
  };
  let root: Fitted | undefined;
  if (params.family === 'weibull' || params.family === 'auto') {
    const w = fitFamily('weibull', rootPrep, null);
    aicWeibull = w.aic;
    root = w;
  }
  if (params.family === 'weibull-cure' || params.family === 'auto') {
    const c = fitFamily('weibull-cure', rootPrep, null);
    aicCure = c.aic;
    if (params.family === 'weibull-cure' || aicWeibull === null || c.aic < aicWeibull) {
      root = c;
      family = 'weibull-cure';
    } else {
      family = 'weibull';
    }
  }
  if (root === undefined) throw new RelanceError('insufficient_data', 'fitRepurchaseModel: no family could be fitted');
  const dim = family === 'weibull-cure' ? 3 : 2;

  const out: RepurchaseStratum[] = [];
  const fitted = new Map<string, Fitted & { n: number }>();
  fitted.set('all', { ...root, n: used });
  out.push(toStratum('all', {}, 0, null, used, root.events, false, root, dim));
  for (let level = 1; level < levels.length; level++) {
    // Strata in key order, as the model lists them.
    const strata = (ranges[level] as Range[]).slice().sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
    for (const range of strata) {
      const n = range.to - range.from;
      const parentKey = stratumKey(range.first, levels[level - 1] as SpellKey[]);
      const parent = fitted.get(parentKey) as Fitted & { n: number };
      const values = valuesOf(range.first, levels[level] as SpellKey[]);
      if (n < params.minSpells) {
        fitted.set(range.key, { ...parent, n });
        out.push(toStratum(range.key, values, level, parentKey, n, range.events, true, parent, dim));
        continue;
      }
      const penalty = priorFrom(parent, params.priorSpells, dim);
      const f = fitFamily(family, prepared(range.from, range.to), penalty);
      fitted.set(range.key, { ...f, n });
      out.push(toStratum(range.key, values, level, parentKey, n, range.events, false, f, dim));
    }
  }
  return {
    kind: 'repurchase-model',
    version: 1,
    params,
    family,
    aic: { weibull: aicWeibull, weibullCure: aicCure },
    timeUnit: 'months',
    spellsUsed: used,
    spellsExcluded: spells.length - used,
    strata: out,
  };
}

interface Fitted {
  readonly theta: number[];
  readonly covariance: readonly number[];
  readonly aic: number;
  readonly events: number;
}

/** The parent's estimate as a prior worth `priorSpells` of its spells: precision = information × priorSpells / n. */
function priorFrom(parent: Fitted & { n: number }, priorSpells: number, dim: number): Penalty | null {
  if (priorSpells === 0) return null;
  // A parent at the boundary of no plateau has no information on the cure logit (its
  // covariance row is 0): invert the (ln scale, ln shape) block and keep a weak prior there.
  const boundary = dim === 3 && !((parent.covariance[8] as number) > 0);
  const k = boundary ? 2 : dim;
  const block = new Float64Array(k * k);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) block[r * k + c] = parent.covariance[r * dim + c] as number;
  const inverse = invertSpd(block, k);
  if (inverse === null) {
    throw new RelanceError('did_not_converge', 'fitRepurchaseModel: a parent stratum has a singular covariance; raise minSpells or fit without shrinkage (priorSpells: 0)');
  }
  const info = new Array<number>(dim * dim).fill(0);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) info[r * dim + c] = inverse[r * k + c] as number;
  if (boundary) info[8] = 1;
  const factor = priorSpells / parent.n;
  return { mean: parent.theta.slice(0, dim), precision: info.map((x) => x * factor) };
}

function toStratum(
  key: string,
  values: Partial<Record<SpellKey, string>>,
  level: number,
  parent: string | null,
  spells: number,
  events: number,
  pooled: boolean,
  f: Fitted,
  dim: number,
): RepurchaseStratum {
  const [a, b, c] = f.theta as [number, number, number | undefined];
  const shape = Math.exp(b);
  const scale = Math.exp(a);
  const cureFraction = dim === 3 && c !== undefined && c > -30 ? 1 / (1 + Math.exp(-c)) : 0;
  const median = scale * Math.pow(Math.LN2, 1 / shape);
  // ln median = a + e^(−b)·ln ln 2: gradient (1, −e^(−b)·ln ln 2).
  const g = -Math.exp(-b) * Math.log(Math.LN2);
  const v = f.covariance;
  const variance = Math.max(0, (v[0] as number) + 2 * g * (v[1] as number) + g * g * (v[dim + 1] as number));
  const half = Z95 * Math.sqrt(variance);
  return {
    key,
    values,
    level,
    parent,
    spells,
    events,
    pooled,
    shape,
    scale,
    cureFraction,
    medianMonths: median,
    medianLowerMonths: median * Math.exp(-half),
    medianUpperMonths: median * Math.exp(half),
    covariance: f.covariance.slice(),
  };
}
