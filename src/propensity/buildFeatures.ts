import type { CustomerBundle, Dataset, Invoice } from '../domain';
// Deep imports on purpose: the domain and invoices indexes would pull zod's schemas in.
import { bundleIndex } from '../domain/bundlesOf';
import { RelanceError } from '../errors';
import { DAYS_PER_MONTH, MS_PER_DAY } from '../internal/epochDays';
import { classifyInvoice, type InvoiceClassification } from '../invoices/classifyInvoice';
import { repurchaseTiming, type RepurchaseModel } from '../repurchase';
import { fitBgNbd, probabilityAlive, rfmScores, rfmSummary, type RfmEvent } from '../rfm';
import type { CategoricalEncoding } from './model';
import type { FeatureTable } from './table';

/** The groups of the feature catalogue (see {@link buildFeatures}). */
export type FeatureGroup = 'customer' | 'household' | 'vehicle' | 'workshop' | 'rfm' | 'campaigns' | 'engagement' | 'site';

/** Every group, in the order the columns come. */
export const FEATURE_GROUPS: readonly FeatureGroup[] = ['customer', 'household', 'vehicle', 'workshop', 'rfm', 'campaigns', 'engagement', 'site'];

/** What the label says: an event of this kind in the `horizonDays` after `asOf`. */
export interface FeatureTarget {
  /** `vehicle-purchase` (a sale), `workshop-visit` (an invoice that counts as a customer visit) or `response` (a contact with an appointment, purchase, visit or response as outcome, dated by its outcome). */
  readonly kind: 'vehicle-purchase' | 'workshop-visit' | 'response';
  /** Days after `asOf` in which the event counts. */
  readonly horizonDays: number;
}

/** Options of {@link buildFeatures}. */
export interface BuildFeaturesOptions {
  /** The cut: features read only records dated on or before it; labels only records after it. */
  readonly asOf: Date;
  /** The label, for a training table. */
  readonly target?: FeatureTarget | undefined;
  /** Which groups of the catalogue to compute (default all). */
  readonly catalog?: readonly FeatureGroup[] | undefined;
  /** Categorical encodings to reuse (a model's, when scoring): unseen levels encode as zeros. Default: learned from the data. */
  readonly encodings?: readonly CategoricalEncoding[] | undefined;
  /** A repurchase model: adds `repurchaseProbability` (P(purchase within 2 months), from {@link repurchaseTiming}). */
  readonly repurchaseModel?: RepurchaseModel | undefined;
  /** Classifications already made, by invoice id. */
  readonly classified?: ReadonlyMap<string, InvoiceClassification> | undefined;
  /** The host's own columns: a function of the customer's bundle (records after `asOf` removed) returning named finite numbers, the same names for every customer. */
  readonly extra?: ((bundle: CustomerBundle, asOf: Date) => Readonly<Record<string, number>>) | undefined;
}

/** A feature table with what it was built from. */
export interface BuiltFeatures extends FeatureTable {
  readonly ids: readonly string[];
  readonly labels?: Uint8Array | undefined;
  /** The categorical encodings used (stored in a model trained on the table). */
  readonly encodings: readonly CategoricalEncoding[];
  /** Customers left out, with why: created after `asOf`. */
  readonly skipped: { readonly createdAfterAsOf: number };
}

const FN = 'buildFeatures';
/** Days since an event that never happened: ten years. */
const NEVER_DAYS = 3650;
const RESPONSES = new Set(['appointment', 'purchase', 'visit', 'responded']);
/** The window of the 36-month columns, in days. */
const DAYS_36M = 1095;
const DAYS_PER_YEAR = 365.25;
/** Exposure below which a per-year rate is not read (a quarter): the rate of a customer created last week would be noise. */
const MIN_EXPOSURE_YEARS = 0.25;
/**
 * Weight, in e-mails, of the base's open rate in a customer's `emailOpenRate36m`: the rate is
 * (opens + w·m) / (e-mails + w), m the open rate of the whole base (a beta-binomial posterior
 * mean with a prior worth w e-mails), so that one e-mail opened out of one does not read as 100%.
 */
const OPEN_RATE_PRIOR_EMAILS = 4;
/** Upper bounds (exclusive) of the age brackets: under 35, 35–54, 55–64, 65 and over. */
const AGE_BRACKETS: readonly (readonly [string, number])[] = [['ageUnder35', 35], ['age35to54', 55], ['age55to64', 65], ['age65plus', Infinity]];

/**
 * The feature table for propensity models, one row per customer or prospect, computed
 * strictly from the records dated on or before `asOf` (a test checks that records after it
 * change no feature), and, with a `target`, the label from the records after it.
 *
 * The catalogue (columns by group):
 * - `customer`: `isProspect`, `isCompany`, `ageYears` and `ageKnown` (from the birth year), `tenureMonths`,
 *   then the age brackets `ageUnder35`, `age35to54`, `age55to64`, `age65plus` (0/1, all 0 when the age is
 *   unknown): response often steps with age rather than growing along it;
 * - `household`: `householdSize` (members on file), `householdVehicles`;
 * - `vehicle`: `vehicles` owned, `hasVehicle`, and for the latest one bought `mainVehicleAgeMonths`
 *   (since first registration), `mainVehicleKm` (latest odometer reading or invoice),
 *   `monthsOwned`, `financeEndsInMonths` and `hasFinance` (the nearest contract end ahead),
 *   `repurchaseProbability` when a repurchase model is given, `vehiclesOnFile` (distinct vehicles the
 *   customer has had in the group's records: sold to them or seen at the workshop, disposed of or not);
 * - `workshop` (customer visits only, see `countsAsCustomerVisit`): `visits12m`, `visits24m`,
 *   `visits36m`, `spend12m`, `spend36m`, visits by category over 36 months (`maintenance36m`,
 *   `repair36m`, `tyres36m`, `bodywork36m`, `inspection36m`), `warrantyVisits36m`,
 *   `daysSinceLastVisit` (3,650 when none), `maintenancePerYear36m` (maintenance visits per year of
 *   vehicle held over the last 36 months, the vehicles sold to the customer; 0 under a quarter's
 *   holding): how faithfully the customer services at the group, whatever the size of the fleet;
 * - `rfm`: `rfmR`, `rfmF`, `rfmM` (rank scores 1–5 of the workshop visits over the base, 0 with
 *   no visit) and `pAlive` (BG/NBD fitted on the base's visits, 0 with no visit);
 * - `campaigns`: `contacts36m`, `responses36m` (appointment, purchase, visit or response),
 *   `responseRate36m`, `daysSinceLastContact`;
 * - `engagement`: `opens12m`, `clicks12m`, `webVisits12m`, `leads12m`, `daysSinceLastEngagement`, then
 *   over 36 months `emailsDelivered36m` (campaign e-mails delivered), `emailOpens36m` (those opened: an
 *   `open` event with the contact's campaign id), `emailOpenRate36m` (opens per e-mail, shrunk toward the
 *   base's rate with a prior worth 4 e-mails: (opens + 4·m) / (e-mails + 4)), `webVisits36m` and
 *   `webVisitsPerYear36m` (per year on file within the 36 months, at least a quarter). An open rate reads
 *   a customer's affinity for e-mail far better than a count, which mostly tells how many e-mails they were
 *   sent (consents, vehicles);
 * - `site`: the customer's home site, one-hot (`homeSiteId=S01`, …), levels stored in `encodings`.
 * Then the host's `extra` columns, in the order of the first customer's record.
 *
 * @param dataset - a validated dataset
 * @param options - `asOf`, the target, the groups, encodings to reuse, a repurchase model, host columns
 * @returns the table, its ids, labels with a target, the encodings, and the customers left out
 * @throws RelanceError `invalid_input` for a bad option or a host column that is missing or not finite
 *
 * @example
 * ```ts
 * import { buildFeatures } from 'relance/propensity';
 * import { simulateDealer } from 'relance/simulate';
 *
 * const asOf = new Date('2024-06-30');
 * const { dataset } = simulateDealer({ seed: 2, customers: 300, asOf: new Date('2025-06-30') });
 * const table = buildFeatures(dataset, { asOf, target: { kind: 'workshop-visit', horizonDays: 180 } });
 * table.featureNames.includes('visits12m'); // true
 * table.rows === table.ids.length; // true
 * ```
 */
export function buildFeatures(dataset: Dataset, options: BuildFeaturesOptions): BuiltFeatures {
  checkOptions(options);
  const asOfMs = options.asOf.getTime();
  const customers = dataset.customers.filter((c) => c.createdAt.getTime() <= asOfMs);
  const bundleOf = bundleIndex(dataset);
  return featuresOfBundles(
    customers.map((c) => bundleOf(c)),
    dataset.customers.length - customers.length,
    options,
  );
}

function checkOptions(options: BuildFeaturesOptions): void {
  if (!(options?.asOf instanceof Date) || !Number.isFinite(options.asOf.getTime())) {
    throw new RelanceError('invalid_input', `${FN}: asOf must be a valid Date`, { issues: [{ code: 'invalid_value', path: ['asOf'], message: 'expected a valid Date' }] });
  }
  for (const g of options.catalog ?? FEATURE_GROUPS) if (!FEATURE_GROUPS.includes(g)) throw new RelanceError('invalid_input', `${FN}: unknown feature group "${String(g)}"`, { issues: [{ code: 'invalid_value', path: ['catalog'], message: `expected groups among ${FEATURE_GROUPS.join(', ')}` }] });
  const target = options.target;
  if (target !== undefined && (!['vehicle-purchase', 'workshop-visit', 'response'].includes(target.kind) || !(target.horizonDays > 0))) {
    throw new RelanceError('invalid_input', `${FN}: target must be { kind: 'vehicle-purchase' | 'workshop-visit' | 'response', horizonDays > 0 }`, { issues: [{ code: 'invalid_value', path: ['target'], message: 'expected a kind and a positive horizon' }] });
  }
}

/**
 * {@link buildFeatures} on customers already grouped with their records (each bundle as
 * `bundleIndex` makes it, customers created on or before `asOf`; `skipped` counts those left
 * out): a streamed plan has its chunk's bundles and need not flatten them into a dataset for
 * them to be grouped again.
 *
 * @internal
 */
export function featuresOfBundles(bundles: readonly CustomerBundle[], skipped: number, options: BuildFeaturesOptions): BuiltFeatures {
  checkOptions(options);
  const asOf = options.asOf;
  const asOfMs = asOf.getTime();
  const groups = new Set(options.catalog ?? FEATURE_GROUPS);
  const target = options.target;
  const labelEnd = target === undefined ? asOfMs : asOfMs + target.horizonDays * MS_PER_DAY;
  const before = (d: Date): boolean => d.getTime() <= asOfMs;
  const daysAgo = (d: Date): number => (asOfMs - d.getTime()) / MS_PER_DAY;
  const customers = bundles.map((b) => b.customer);
  const classified = new Map<string, InvoiceClassification>();
  const classOf = (invoice: Invoice): InvoiceClassification => {
    let c = options.classified?.get(invoice.id) ?? classified.get(invoice.id);
    if (c === undefined) {
      c = classifyInvoice(invoice);
      classified.set(invoice.id, c);
    }
    return c;
  };

  // Base-wide statistics first: households, RFM scores and P(alive) of the workshop visits.
  const householdSize = new Map<string, number>();
  for (const c of customers) if (c.householdId !== undefined) householdSize.set(c.householdId, (householdSize.get(c.householdId) ?? 0) + 1);
  const owned = (b: CustomerBundle): string[] => {
    const gone = new Set(b.disposals.filter((d) => before(d.date)).map((d) => d.vehicleId));
    return b.sales.filter((s) => before(s.date) && !gone.has(s.vehicleId)).map((s) => s.vehicleId);
  };
  const householdVehicles = new Map<string, number>();
  bundles.forEach((b) => {
    const h = b.customer.householdId;
    if (h !== undefined) householdVehicles.set(h, (householdVehicles.get(h) ?? 0) + owned(b).length);
  });
  const rfmByCustomer = new Map<string, { r: number; f: number; m: number; pAlive: number }>();
  if (groups.has('rfm')) {
    const events: RfmEvent[] = [];
    for (const b of bundles) {
      for (const inv of b.invoices) {
        if (!before(inv.date) || !classOf(inv).countsAsCustomerVisit) continue;
        let value = 0;
        for (const l of inv.lines) value += l.amount;
        events.push({ customerId: b.customer.id, at: inv.date, value: Math.max(0, value) });
      }
    }
    const summary = rfmSummary(events, { asOf, unit: 'weeks' });
    const scores = rfmScores(summary);
    let bg: ReturnType<typeof fitBgNbd> | null = null;
    if (summary.some((s) => s.frequency > 0)) {
      try {
        bg = fitBgNbd(summary);
      } catch (error) {
        if (!(error instanceof RelanceError)) throw error;
      }
    }
    summary.forEach((s, i) => {
      const sc = scores[i] as { r: number; f: number; m: number };
      rfmByCustomer.set(s.customerId, { r: sc.r, f: sc.f, m: sc.m, pAlive: bg === null ? 0 : probabilityAlive(bg, s) });
    });
  }
  // The base's open rate of campaign e-mails over 36 months: the prior of each customer's.
  let baseOpenRate = 0;
  if (groups.has('engagement')) {
    let sent = 0;
    let opened = 0;
    for (const b of bundles) {
      const e = emailOpens(b, asOfMs);
      sent += e.sent;
      opened += e.opened;
    }
    baseOpenRate = sent === 0 ? 0 : opened / sent;
  }
  // Site levels.
  let encodings: CategoricalEncoding[] = [];
  if (groups.has('site')) {
    const given = options.encodings?.find((e) => e.column === 'homeSiteId');
    const levels = given?.levels.slice() ?? [...new Set(customers.map((c) => c.homeSiteId ?? 'unknown'))].sort();
    encodings = [{ column: 'homeSiteId', levels }];
  }

  const names: string[] = [];
  const rowsOut: number[][] = [];
  const ids: string[] = [];
  const labels = target === undefined ? undefined : new Uint8Array(customers.length);
  let extraNames: string[] | null = null;

  bundles.forEach((b, i) => {
    const c = b.customer;
    const values: number[] = [];
    const first = i === 0;
    const put = (name: string, value: number): void => {
      if (first) names.push(name);
      values.push(value);
    };
    if (groups.has('customer')) {
      const year = new Date(asOfMs).getUTCFullYear();
      put('isProspect', c.status === 'prospect' ? 1 : 0);
      put('isCompany', c.kind === 'company' ? 1 : 0);
      put('ageYears', c.birthYear === undefined ? 0 : year - c.birthYear);
      put('ageKnown', c.birthYear === undefined ? 0 : 1);
      put('tenureMonths', daysAgo(c.createdAt) / DAYS_PER_MONTH);
      const age = c.birthYear === undefined ? -1 : year - c.birthYear;
      let lower = -Infinity;
      for (const [name, upper] of AGE_BRACKETS) {
        put(name, c.birthYear !== undefined && age >= lower && age < upper ? 1 : 0);
        lower = upper;
      }
    }
    if (groups.has('household')) {
      put('householdSize', c.householdId === undefined ? 1 : (householdSize.get(c.householdId) ?? 1));
      put('householdVehicles', c.householdId === undefined ? owned(b).length : (householdVehicles.get(c.householdId) ?? 0));
    }
    if (groups.has('vehicle')) {
      const mine = owned(b);
      const mainSale = b.sales.filter((s) => before(s.date) && mine.includes(s.vehicleId)).sort((x, y) => y.date.getTime() - x.date.getTime() || (x.id < y.id ? -1 : 1))[0];
      const main = mainSale === undefined ? undefined : b.vehicles.find((v) => v.id === mainSale.vehicleId);
      put('vehicles', mine.length);
      put('hasVehicle', main === undefined ? 0 : 1);
      put('mainVehicleAgeMonths', main?.firstRegistration === undefined ? 0 : Math.max(0, daysAgo(main.firstRegistration) / DAYS_PER_MONTH));
      let km = 0;
      let kmAt = -Infinity;
      if (main !== undefined) {
        for (const r of b.odometerReadings) if (r.vehicleId === main.id && before(r.date) && r.date.getTime() > kmAt) [km, kmAt] = [r.km, r.date.getTime()];
        for (const inv of b.invoices) if (inv.vehicleId === main.id && inv.odometerKm !== undefined && before(inv.date) && inv.date.getTime() > kmAt) [km, kmAt] = [inv.odometerKm, inv.date.getTime()];
      }
      put('mainVehicleKm', km);
      put('monthsOwned', mainSale === undefined ? 0 : daysAgo(mainSale.date) / DAYS_PER_MONTH);
      const ends = b.financeContracts.filter((f) => before(f.start) && f.end.getTime() > asOfMs).map((f) => (f.end.getTime() - asOfMs) / MS_PER_DAY / DAYS_PER_MONTH);
      put('financeEndsInMonths', ends.length === 0 ? 0 : Math.min(...ends));
      put('hasFinance', ends.length === 0 ? 0 : 1);
      if (options.repurchaseModel !== undefined) {
        let p = 0;
        if (mainSale !== undefined && main !== undefined) {
          p = repurchaseTiming(options.repurchaseModel, { start: mainSale.date, model: main.model, make: main.make, condition: mainSale.condition }, { asOf }).probabilityWithinWindow;
        }
        put('repurchaseProbability', p);
      }
      const onFile = new Set<string>();
      for (const s of b.sales) if (before(s.date)) onFile.add(s.vehicleId);
      for (const inv of b.invoices) if (before(inv.date)) onFile.add(inv.vehicleId);
      put('vehiclesOnFile', onFile.size);
    }
    if (groups.has('workshop')) {
      let v12 = 0, v24 = 0, v36 = 0, s12 = 0, s36 = 0, warranty = 0, last = NEVER_DAYS, maintenanceOfSold = 0;
      const sold = new Set<string>();
      for (const s of b.sales) if (before(s.date)) sold.add(s.vehicleId);
      const byCat: Record<string, number> = { maintenance: 0, repair: 0, tyres: 0, bodywork: 0, inspection: 0 };
      for (const inv of b.invoices) {
        if (!before(inv.date)) continue;
        const cl = classOf(inv);
        if (!cl.countsAsCustomerVisit) continue;
        const ago = daysAgo(inv.date);
        let value = 0;
        for (const l of inv.lines) value += l.amount;
        last = Math.min(last, ago);
        if (ago <= 365) {
          v12++;
          s12 += value;
        }
        if (ago <= 730) v24++;
        if (ago <= 1095) {
          v36++;
          s36 += value;
          if (cl.category in byCat) byCat[cl.category] = (byCat[cl.category] as number) + 1;
          if (cl.payer === 'warranty') warranty++;
          if (cl.category === 'maintenance' && sold.has(inv.vehicleId)) maintenanceOfSold++;
        }
      }
      put('visits12m', v12);
      put('visits24m', v24);
      put('visits36m', v36);
      put('spend12m', s12);
      put('spend36m', s36);
      for (const k of ['maintenance', 'repair', 'tyres', 'bodywork', 'inspection']) put(`${k}36m`, byCat[k] as number);
      put('warrantyVisits36m', warranty);
      put('daysSinceLastVisit', last);
      const held = heldYears36m(b, asOfMs);
      put('maintenancePerYear36m', held < MIN_EXPOSURE_YEARS ? 0 : maintenanceOfSold / held);
    }
    if (groups.has('rfm')) {
      const r = rfmByCustomer.get(c.id);
      put('rfmR', r?.r ?? 0);
      put('rfmF', r?.f ?? 0);
      put('rfmM', r?.m ?? 0);
      put('pAlive', r?.pAlive ?? 0);
    }
    if (groups.has('campaigns')) {
      let contacts = 0, responses = 0, last = NEVER_DAYS;
      for (const k of b.contacts) {
        if (!before(k.sentAt)) continue;
        const ago = daysAgo(k.sentAt);
        last = Math.min(last, ago);
        if (ago > 1095) continue;
        contacts++;
        if (k.outcome !== undefined && RESPONSES.has(k.outcome) && before(k.outcomeAt ?? k.sentAt)) responses++;
      }
      put('contacts36m', contacts);
      put('responses36m', responses);
      put('responseRate36m', contacts === 0 ? 0 : responses / contacts);
      put('daysSinceLastContact', last);
    }
    if (groups.has('engagement')) {
      const n: Record<string, number> = { open: 0, click: 0, 'web-visit': 0, lead: 0 };
      let last = NEVER_DAYS;
      for (const e of b.engagement) {
        if (!before(e.date)) continue;
        const ago = daysAgo(e.date);
        last = Math.min(last, ago);
        if (ago <= 365) n[e.kind] = (n[e.kind] ?? 0) + 1;
      }
      put('opens12m', n['open'] as number);
      put('clicks12m', n['click'] as number);
      put('webVisits12m', n['web-visit'] as number);
      put('leads12m', n['lead'] as number);
      put('daysSinceLastEngagement', last);
      const e = emailOpens(b, asOfMs);
      put('emailsDelivered36m', e.sent);
      put('emailOpens36m', e.opened);
      put('emailOpenRate36m', (e.opened + OPEN_RATE_PRIOR_EMAILS * baseOpenRate) / (e.sent + OPEN_RATE_PRIOR_EMAILS));
      let web36 = 0;
      for (const ev of b.engagement) if (ev.kind === 'web-visit' && before(ev.date) && daysAgo(ev.date) <= DAYS_36M) web36++;
      const exposure = Math.min(DAYS_36M, Math.max(0, daysAgo(c.createdAt))) / DAYS_PER_YEAR;
      put('webVisits36m', web36);
      put('webVisitsPerYear36m', web36 / Math.max(MIN_EXPOSURE_YEARS, exposure));
    }
    if (groups.has('site')) {
      const site = c.homeSiteId ?? 'unknown';
      for (const level of (encodings[0] as CategoricalEncoding).levels) put(`homeSiteId=${level}`, site === level ? 1 : 0);
    }
    if (options.extra !== undefined) {
      const extra = options.extra(pastOnly(b, asOfMs), asOf);
      const keys = Object.keys(extra);
      if (extraNames === null) extraNames = keys;
      for (const k of extraNames) {
        const v = extra[k];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new RelanceError('invalid_input', `${FN}: host column "${k}" for customer ${c.id} must be a finite number, got ${String(v)}`, { issues: [{ code: 'invalid_value', path: ['extra', c.id, k], message: 'expected a finite number' }] });
        }
        put(k, v);
      }
      if (keys.length !== extraNames.length) {
        throw new RelanceError('invalid_input', `${FN}: host columns for customer ${c.id} differ from the first customer's (${extraNames.join(', ')})`, { issues: [{ code: 'invalid_value', path: ['extra', c.id], message: 'expected the same columns for every customer' }] });
      }
    }
    if (labels !== undefined && target !== undefined) {
      const inWindow = (d: Date): boolean => d.getTime() > asOfMs && d.getTime() <= labelEnd;
      let hit = false;
      if (target.kind === 'vehicle-purchase') hit = b.sales.some((s) => inWindow(s.date));
      else if (target.kind === 'workshop-visit') hit = b.invoices.some((inv) => inWindow(inv.date) && classOf(inv).countsAsCustomerVisit);
      else hit = b.contacts.some((k) => k.outcome !== undefined && RESPONSES.has(k.outcome) && inWindow(k.outcomeAt ?? k.sentAt));
      labels[i] = hit ? 1 : 0;
    }
    rowsOut.push(values);
    ids.push(c.id);
  });
  const cols = names.length;
  const data = new Float64Array(rowsOut.length * cols);
  rowsOut.forEach((r, i) => data.set(r, i * cols));
  return { featureNames: names, rows: rowsOut.length, cols, data, ids, ...(labels === undefined ? {} : { labels }), encodings, skipped: { createdAfterAsOf: skipped } };
}

/**
 * Campaign e-mails delivered to the customer in the 36 months to `asOf` (sent on or before it),
 * and how many of them were opened by `asOf` (an `open` event carrying the contact's campaign id).
 */
function emailOpens(b: CustomerBundle, asOfMs: number): { sent: number; opened: number } {
  let openedCampaigns: Set<string> | null = null;
  for (const e of b.engagement) {
    if (e.kind !== 'open' || e.campaignId === undefined || e.date.getTime() > asOfMs) continue;
    (openedCampaigns ??= new Set()).add(e.campaignId);
  }
  let sent = 0;
  let opened = 0;
  for (const k of b.contacts) {
    const t = k.sentAt.getTime();
    if (k.channel !== 'email' || k.deliveryStatus !== 'delivered' || t > asOfMs || asOfMs - t > DAYS_36M * MS_PER_DAY) continue;
    sent++;
    if (openedCampaigns?.has(k.campaignId) === true) opened++;
  }
  return { sent, opened };
}

/** Years of vehicle held by the customer over the 36 months to `asOf`: each vehicle sold to them, from its sale (or the window's start) to its disposal (or `asOf`). */
function heldYears36m(b: CustomerBundle, asOfMs: number): number {
  const start = asOfMs - DAYS_36M * MS_PER_DAY;
  let ms = 0;
  for (const s of b.sales) {
    const from = s.date.getTime();
    if (from > asOfMs) continue;
    let to = asOfMs;
    for (const d of b.disposals) if (d.vehicleId === s.vehicleId && d.date.getTime() >= from && d.date.getTime() < to) to = d.date.getTime();
    ms += Math.max(0, to - Math.max(from, start));
  }
  return ms / MS_PER_DAY / DAYS_PER_YEAR;
}

/** The bundle with every record dated after `asOf` removed (what a host column may see). */
function pastOnly(b: CustomerBundle, asOfMs: number): CustomerBundle {
  const ok = (d: Date): boolean => d.getTime() <= asOfMs;
  return {
    ...b,
    sales: b.sales.filter((s) => ok(s.date)),
    disposals: b.disposals.filter((d) => ok(d.date)),
    financeContracts: b.financeContracts.filter((f) => ok(f.start)),
    invoices: b.invoices.filter((i) => ok(i.date)),
    contacts: b.contacts.filter((k) => ok(k.sentAt)),
    consents: b.consents.filter((k) => ok(k.date)),
    engagement: b.engagement.filter((e) => ok(e.date)),
    odometerReadings: b.odometerReadings.filter((r) => ok(r.date)),
    serviceIndicators: b.serviceIndicators.filter((r) => ok(r.date)),
  };
}
