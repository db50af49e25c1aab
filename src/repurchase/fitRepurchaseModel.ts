import { RelanceError } from '../errors';
import { DAYS_PER_MONTH } from '../internal/epochDays';
import { normalQuantile } from '../internal/normal';
import { fitWeibullCurePrepared, fitWeibullPrepared, WEIBULL_MAX_ITERATIONS, WEIBULL_TOLERANCE } from './fitWeibull';
import type { OwnershipSpell } from './ownershipSpells';
import type { SurvivalData } from './survivalData';
import { invertSpd, type Penalty, prepare } from './weibullLikelihood';

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

  // Group the usable spells by their leaf key.
  const excluded = new Set<string>(params.excludeFinance);
  const groups = new Map<string, number[]>();
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
    const key = stratumKey(s, params.strata);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  if (used === 0) throw new RelanceError('insufficient_data', `fitRepurchaseModel: no spell to fit (${spells.length} given, ${spells.length - used} financed by an excluded contract)`);

  const dataOf = (indices: readonly number[]): SurvivalData => {
    const n = indices.length;
    const durations = new Float64Array(n);
    const events = new Uint8Array(n);
    let entry: Float64Array | null = null;
    for (let j = 0; j < n; j++) {
      const s = spells[indices[j] as number] as RepurchaseSpell;
      durations[j] = Math.max(s.durationMonths, MIN_DURATION_MONTHS);
      events[j] = s.event ? 1 : 0;
      const e = s.entryMonths ?? 0;
      if (e > 0) {
        entry ??= new Float64Array(n);
        entry[j] = Math.min(e, (durations[j] as number) * (1 - 1e-9));
      }
    }
    return { n, durations, events, entry, weights: null };
  };

  // Indices per stratum at every level.
  const members: Map<string, number[]>[] = levels.map(() => new Map());
  const valuesOf = new Map<string, Partial<Record<SpellKey, string>>>();
  for (const indices of groups.values()) {
    const first = spells[indices[0] as number] as RepurchaseSpell;
    levels.forEach((keys, level) => {
      const key = stratumKey(first, keys);
      if (!valuesOf.has(key)) {
        const values: Partial<Record<SpellKey, string>> = {};
        for (const k of keys) values[k] = (first[k] as string | undefined) ?? 'unknown';
        valuesOf.set(key, values);
      }
      const list = (members[level] as Map<string, number[]>).get(key);
      if (list === undefined) (members[level] as Map<string, number[]>).set(key, indices.slice());
      else for (const i of indices) list.push(i);
    });
  }

  // The root, and the family.
  const rootIndices = (members[0] as Map<string, number[]>).get('all') as number[];
  const rootPrep = prepare(dataOf(rootIndices), true);
  let aicWeibull: number | null = null;
  let aicCure: number | null = null;
  let family: 'weibull' | 'weibull-cure' = params.family === 'auto' ? 'weibull-cure' : params.family;
  const fitFamily = (fam: 'weibull' | 'weibull-cure', prep: ReturnType<typeof prepare>, penalty: Penalty | null): Fitted => {
    if (fam === 'weibull') {
      const f = fitWeibullPrepared(prep, penalty, WEIBULL_MAX_ITERATIONS, WEIBULL_TOLERANCE, 'fitRepurchaseModel');
      return { theta: [Math.log(f.scale), Math.log(f.shape)], covariance: f.covariance, aic: f.aic, events: f.events };
    }
    const f = fitWeibullCurePrepared(prep, penalty, WEIBULL_MAX_ITERATIONS, WEIBULL_TOLERANCE, 'fitRepurchaseModel');
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
  fitted.set('all', { ...root, n: rootIndices.length });
  out.push(toStratum('all', {}, 0, null, rootIndices.length, root.events, false, root, dim));
  for (let level = 1; level < levels.length; level++) {
    const keys = [...(members[level] as Map<string, number[]>).keys()].sort();
    for (const key of keys) {
      const indices = (members[level] as Map<string, number[]>).get(key) as number[];
      const first = spells[indices[0] as number] as RepurchaseSpell;
      const parentKey = stratumKey(first, levels[level - 1] as SpellKey[]);
      const parent = fitted.get(parentKey) as Fitted & { n: number };
      const values = valuesOf.get(key) as Partial<Record<SpellKey, string>>;
      let events = 0;
      for (const i of indices) if ((spells[i] as RepurchaseSpell).event) events++;
      if (indices.length < params.minSpells) {
        fitted.set(key, { ...parent, n: indices.length });
        out.push(toStratum(key, values, level, parentKey, indices.length, events, true, parent, dim));
        continue;
      }
      const penalty = priorFrom(parent, params.priorSpells, dim);
      const f = fitFamily(family, prepare(dataOf(indices), true), penalty);
      fitted.set(key, { ...f, n: indices.length });
      out.push(toStratum(key, values, level, parentKey, indices.length, events, false, f, dim));
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
