import type { Invoice, InvoiceCategory, MaintenanceOperation, Payer } from '../domain';
import { LINE_CACHE_SIZE, TYRE_SIZE_ENTRY, compileTrustedLexicon, matchLabel, normaliseCode } from './compileLexicon';
import type { CompiledLexicon, MatchKind, PhraseMatch } from './compileLexicon';
import { DEFAULT_LEXICONS } from './lexicon';
import type { LexiconEntry, OperationCodeSignal } from './lexicon/types';
import type { StepCounter } from './text';

/**
 * Which category wins when an invoice shows several kinds of work: why the vehicle came
 * wins over what was found on the way. Preparation of a used car for sale comes first (it
 * is the dealer's own work whatever it contains), then the scheduled service, a recall, a
 * roadworthiness test, tyres, bodywork, repairs, accessories.
 */
export const CATEGORY_PRECEDENCE: readonly InvoiceCategory[] = [
  'preparation',
  'maintenance',
  'recall',
  'inspection',
  'tyres',
  'bodywork',
  'repair',
  'accessory',
  'other',
];

/** Who pays an invoice, as classified: a {@link Payer}, or `mixed` when lines are paid by different payers. */
export type ClassifiedPayer = Payer | 'mixed';

/** One reason behind a classification, for a call-centre agent to read. */
export interface ClassificationEvidence {
  /** The line it comes from (0-based), or `undefined` for the header or the whole invoice. */
  readonly line?: number;
  /** What it decided. */
  readonly field: 'category' | 'payer' | 'operation';
  /** The value it points to. */
  readonly value: string;
  /** Why, in words: `label "GARANTIE - POMPE A EAU": word "garantie" (exact)`. */
  readonly reason: string;
}

/** The classification of one invoice. */
export interface InvoiceClassification {
  /** What was done, by {@link CATEGORY_PRECEDENCE}. */
  readonly category: InvoiceCategory;
  /** Every category the lines show, in precedence order (e.g. an inspection done during a service). */
  readonly categories: readonly InvoiceCategory[];
  /** Who pays. */
  readonly payer: ClassifiedPayer;
  /**
   * Whether the invoice proves the customer came to the workshop: false for internal and
   * preparation work and for an invoice with no lines; true for warranty work unless
   * `warrantyCountsAsVisit` is false (a warranty visit proves the car is with us, not that
   * the customer paid).
   */
  readonly countsAsCustomerVisit: boolean;
  /** Maintenance-plan operations the invoice shows, sorted. */
  readonly planOperations: readonly MaintenanceOperation[];
  /** 0–1: how sure the weakest of the category and payer decisions is. */
  readonly confidence: number;
  /** The rules and words that decided. */
  readonly evidence: readonly ClassificationEvidence[];
}

/** Options of {@link classifyInvoice}. */
export interface ClassifyInvoiceOptions {
  /** The compiled lexicon (see `compileLexicon()`); default: the shipped French, English, German, Spanish and Italian lexicons. */
  readonly lexicon?: CompiledLexicon;
  /** Whether warranty work counts as a customer visit. Default true. */
  readonly warrantyCountsAsVisit?: boolean;
  /** Counts tokenizing and matching steps (for linearity checks); bypasses the memo. */
  readonly counter?: StepCounter;
  /**
   * Remember the reading of each (label, code) seen, in the lexicon, up to 50,000 of them
   * (cleared when full). DMS labels repeat a lot; the memo changes no answer. Default true.
   */
  readonly memo?: boolean;
}

const KIND_CONFIDENCE: Readonly<Record<MatchKind | 'code', number>> = { code: 1, exact: 1, plural: 0.95, compound: 0.85, abbreviation: 0.8, typo: 0.7 };
/** Position of each category in {@link CATEGORY_PRECEDENCE}. */
const RANK: Readonly<Record<InvoiceCategory, number>> = {
  preparation: 0,
  maintenance: 1,
  recall: 2,
  inspection: 3,
  tyres: 4,
  bodywork: 5,
  repair: 6,
  accessory: 7,
  other: 8,
};
let defaultLexicon: CompiledLexicon | undefined;

/** The shipped lexicons, compiled once on first use. */
export function defaultCompiledLexicon(): CompiledLexicon {
  defaultLexicon ??= compileTrustedLexicon(DEFAULT_LEXICONS); // the shipped lexicons pass LexiconSchema (tested)
  return defaultLexicon;
}

function rank(category: InvoiceCategory): number {
  return RANK[category];
}

/** A label naming the dealer itself or a fleet account covers the whole invoice; any other payer, its own job. */
function defaultScope(payer: Payer): 'line' | 'invoice' {
  return payer === 'internal' || payer === 'fleet' ? 'invoice' : 'line';
}

/**
 * When a line names several payers, the account wins: a leasing company's "contrat" is the
 * fleet's. Words that put a line on the customer explicitly ("à la charge du client", an
 * insurance excess) come first: "franchise bris de glace à la charge du client" is the customer's.
 */
const CUE_PRIORITY: Readonly<Record<Payer, number>> = {
  customer: 0,
  internal: 1,
  fleet: 2,
  insurance: 3,
  warranty: 4,
  goodwill: 5,
  contract: 6,
  unknown: 7,
};

/** Payers whose explicit appearance on a line tells the account for the lines that say nothing. */
const ACCOUNT_PAYERS: Readonly<Partial<Record<Payer, true>>> = { internal: true, fleet: true, contract: true, insurance: true };


/** Fluids that a repair refills: shown by a part line alone, they are not plan operations on a repair invoice. */
const REFILLS: Readonly<Partial<Record<MaintenanceOperation, true>>> = { coolant: true, 'brake-fluid': true, 'gearbox-oil': true, 'air-conditioning': true };

interface LineReading {
  category: InvoiceCategory | undefined;
  /** Whether the line names a discount (with a negative amount, it shows no work). */
  discount: boolean;
  /** The category of installation material on the line, used only when no line shows another. */
  fallback: InvoiceCategory | undefined;
  fallbackReason: string;
  /** Operations the line shows only as a bleed or refill (not done on an invoice that repairs something). */
  refills: MaintenanceOperation[];
  /** Operations a top-up line mentions (not done, and not done by the invoice's parts either). */
  suppressed: MaintenanceOperation[];
  /** Every category the line shows (a service that also fits tyres). */
  all: InvoiceCategory[];
  categoryConfidence: number;
  categoryReason: string;
  operations: MaintenanceOperation[];
  cue: Payer | undefined;
  cueScope: 'line' | 'invoice';
  cueReason: string;
}

/**
 * Whether a generic match gives way to a more specific one: a category it yields to anywhere on
 * the line, or an operation it yields to in the match right before or after it, in its clause.
 */
function givesWay(match: PhraseMatch, matches: readonly PhraseMatch[]): boolean {
  const yields = match.entry.yieldsTo as readonly string[] | undefined;
  if (yields === undefined) return false;
  const k = matches.indexOf(match);
  for (let o = 0; o < matches.length; o++) {
    const other = matches[o] as PhraseMatch;
    if (o === k) continue;
    if (other.entry.yieldsTo === undefined && other.entry.category !== undefined && yields.includes(other.entry.category)) return true;
    if (Math.abs(o - k) === 1 && other.clause === match.clause && (other.entry.operations ?? []).some((op) => yields.includes(op))) return true;
  }
  return false;
}

/** {@link readLine} through the lexicon's bounded memo. */
function cachedReadLine(lexicon: CompiledLexicon, label: string, code: string | undefined): LineReading {
  const key = code === undefined || code === '' ? label : `${label}\u0000${code}`;
  const hit = lexicon.lineCache.get(key) as LineReading | undefined;
  if (hit !== undefined) return hit;
  const reading = readLine(lexicon, label, code, undefined);
  if (lexicon.lineCache.size >= LINE_CACHE_SIZE) lexicon.lineCache.clear();
  lexicon.lineCache.set(key, reading);
  return reading;
}

function readLine(lexicon: CompiledLexicon, label: string, code: string | undefined, counter: StepCounter | undefined): LineReading {
  const reading: LineReading = { category: undefined, discount: false, fallback: undefined, fallbackReason: '', refills: [], suppressed: [], all: [], categoryConfidence: 0, categoryReason: '', operations: [], cue: undefined, cueScope: 'line', cueReason: '' };
  const take = (signal: OperationCodeSignal | LexiconEntry, confidence: number, why: string): void => {
    if (signal.category !== undefined && !reading.all.includes(signal.category)) reading.all.push(signal.category);
    if (signal.category !== undefined && (reading.category === undefined || rank(signal.category) < rank(reading.category))) {
      reading.category = signal.category;
      reading.categoryConfidence = confidence;
      reading.categoryReason = why;
    }
    for (const op of signal.operations ?? []) {
      if (!reading.operations.includes(op)) reading.operations.push(op);
      if ('refill' in signal && signal.refill === true && !reading.refills.includes(op)) reading.refills.push(op);
    }
    if (signal.payer !== undefined && (reading.cue === undefined || CUE_PRIORITY[signal.payer] < CUE_PRIORITY[reading.cue])) {
      reading.cue = signal.payer;
      reading.cueScope = signal.payerScope ?? defaultScope(signal.payer);
      reading.cueReason = why;
    }
  };
  if (code !== undefined && code !== '') {
    const signal = lexicon.codes.get(normaliseCode(code));
    if (signal !== undefined) take(signal, KIND_CONFIDENCE.code, `operation code "${code}"`);
  }
  let matches = matchLabel(lexicon, label, counter);
  // A tyre size is evidence of tyres only when the line says nothing else ("CHAINES NEIGE 225/45R17").
  if (matches.length > 1) matches = matches.filter((m) => m.entry !== TYRE_SIZE_ENTRY || !matches.some((o) => o !== m && o.entry.category !== undefined));
  const topUp = matches.some((m) => m.entry.suppressesOperations === true);
  reading.discount = matches.some((m) => m.entry.discount === true);
  // What a line says after advice for later is work to come, not work done.
  const advice = matches.findIndex((m) => m.entry.advisory === true);
  if (advice >= 0) matches = matches.slice(0, advice);
  for (const match of matches) {
    // On a top-up or level-check line, plan operations are not done.
    if (topUp && match.entry.operations !== undefined && match.entry.operations.length > 0) {
      for (const op of match.entry.operations) if (!reading.suppressed.includes(op)) reading.suppressed.push(op);
      continue;
    }
    const why = `label "${label.length > 60 ? `${label.slice(0, 57)}…` : label}": "${match.tokens.join(' ')}" (${match.kind === 'exact' ? match.language : `${match.kind} of "${match.entry.phrase}"`})`;
    // A generic word gives way to what the line says more precisely ("PASO ITV + PREPARACIÓN" is
    // the test; "COMPRESSEUR A/C" a repair of the air-conditioning): only its payer counts.
    if (givesWay(match, matches)) {
      if (match.entry.payer !== undefined) take({ payer: match.entry.payer, ...(match.entry.payerScope === undefined ? {} : { payerScope: match.entry.payerScope }) }, KIND_CONFIDENCE[match.kind], why);
      continue;
    }
    if (match.entry.fallback === true && match.entry.category !== undefined) {
      if (reading.fallback === undefined) {
        reading.fallback = match.entry.category;
        reading.fallbackReason = `${why}: installation material`;
      }
      continue;
    }
    take(match.entry, KIND_CONFIDENCE[match.kind], why);
  }
  // A recall is paid by the manufacturer.
  if (reading.cue === undefined && reading.category === 'recall') {
    reading.cue = 'warranty';
    reading.cueScope = 'line';
    reading.cueReason = `${reading.categoryReason}: recalls are paid by the manufacturer`;
  }
  return reading;
}

/**
 * Classifies a workshop invoice: what was done, who pays, whether it proves a customer
 * visit, which maintenance-plan operations it shows, and why.
 *
 * Each line's label is tokenized (case and accents folded, letters and digits split) and
 * matched against the lexicon's words and phrases, tolerating plurals, abbreviations
 * ("PLAQ" for plaquettes) and one-letter typos ("VIDNAGE"); the work is linear in the length
 * of the labels. The category is the highest in {@link CATEGORY_PRECEDENCE} among the lines
 * (`other` when no line says anything; maintenance shown only by refills or top-ups does not
 * count). A line's payer is its own `payer`, else the header's, else, when the header is
 * `unknown`: what its label says ("GARANTIE" → warranty), else what the job it belongs to says
 * (a payer word covers its line and the part and fee lines after it), else the invoice's
 * account (the dealer's own, "CESSION INTERNE"; a fleet or leasing company; or a fleet,
 * contract, insurance or internal payer set explicitly on a line), else `customer`. The
 * invoice's payer is the lines' payer when they agree and `mixed` when lines with a non-zero
 * amount disagree. Operations are the lexicon's plan operations on the lines, less refills
 * (a fluid shown only by a part line on a repair invoice) and top-ups.
 *
 * @param invoice - a validated invoice
 * @param options - see {@link ClassifyInvoiceOptions}
 * @returns the classification with its evidence
 *
 * @example
 * ```ts
 * import { classifyInvoice } from 'relance/invoices';
 *
 * const result = classifyInvoice({
 *   id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-03-02'), payer: 'unknown',
 *   lines: [
 *     { kind: 'package', label: 'REVISION + VIDANGE', quantity: 1, amount: 189 },
 *     { kind: 'labour', label: 'GARANTIE - REMPL POMPE A EAU', quantity: 1.5, amount: 210 },
 *   ],
 * });
 * console.log(result.category, result.payer, result.planOperations);
 * // maintenance mixed [ 'oil-service', 'small-service' ]
 * ```
 */
export function classifyInvoice(invoice: Invoice, options: ClassifyInvoiceOptions = {}): InvoiceClassification {
  const lexicon = options.lexicon ?? defaultCompiledLexicon();
  const evidence: ClassificationEvidence[] = [];
  const memo = options.memo !== false && options.counter === undefined;
  let readings = invoice.lines.map((line) => (memo ? cachedReadLine(lexicon, line.label, line.operationCode) : readLine(lexicon, line.label, line.operationCode, options.counter)));
  // A discount shows no work of its own ("REMISE 10% ENTRETIEN"); its payer still counts.
  // Installation material says what was done only when nothing else does ("REMPL FUSIBLE").
  let discounted = false;
  let worked = false;
  let material = false;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i] as LineReading;
    if (r.discount && (invoice.lines[i]?.amount ?? 0) < 0) discounted ||= r.category !== undefined || r.operations.length > 0;
    else worked ||= r.category !== undefined;
    material ||= r.fallback !== undefined;
  }
  if (discounted) {
    readings = readings.map((r, i) => (r.discount && (invoice.lines[i]?.amount ?? 0) < 0 ? { ...r, category: undefined, all: [], operations: [], refills: [], suppressed: [], fallback: undefined } : r));
  }
  if (material && !worked) {
    readings = readings.map((r) =>
      r.fallback === undefined ? r : { ...r, category: r.fallback, all: [r.fallback], categoryConfidence: KIND_CONFIDENCE.exact, categoryReason: r.fallbackReason },
    );
  }

  // Category.
  let category = 'other' as InvoiceCategory;
  let categoryConfidence = 0.3;
  const seen = new Set<InvoiceCategory>();
  let decidingLine = -1;
  readings.forEach((r, i) => {
    if (r.category === undefined) return;
    for (const c of r.all) seen.add(c);
    if (decidingLine < 0 || rank(r.category) < rank(category)) {
      category = r.category;
      categoryConfidence = r.categoryConfidence;
      decidingLine = i;
    }
  });
  const categories = CATEGORY_PRECEDENCE.filter((c) => seen.has(c));
  readings.forEach((r, i) => {
    if (r.category !== undefined) evidence.push({ line: i, field: 'category', value: r.category, reason: r.categoryReason + (i === decidingLine && categories.length > 1 ? ' — first by precedence' : '') });
  });
  if (decidingLine < 0) {
    evidence.push({ field: 'category', value: 'other', reason: invoice.lines.length === 0 ? 'no lines' : 'no line label or code names a kind of work' });
    if (invoice.lines.length === 0) categoryConfidence = 1;
  }

  // Payer.
  const header = invoice.payer;
  let invoiceCue: Payer | undefined;
  let invoiceCueReason = '';
  if (header === 'unknown') {
    // The account, when the header is silent: the first fleet, contract, insurance or internal
    // payer that a line names explicitly or by its words.
    for (let i = 0; i < readings.length && invoiceCue === undefined; i++) {
      const r = readings[i] as LineReading;
      const explicit = invoice.lines[i]?.payer;
      if (explicit !== undefined && ACCOUNT_PAYERS[explicit] === true) {
        invoiceCue = explicit;
        invoiceCueReason = `line ${i} is billed to ${explicit}`;
      } else if (r.cue !== undefined && r.cueScope === 'invoice') {
        invoiceCue = r.cue;
        invoiceCueReason = r.cueReason;
      }
    }
  }
  const payers: Payer[] = [];
  let payerConfidence = 1;
  // A job's parts and sundries follow its labour line: a line-scoped cue ("GARANTIE - …",
  // "SINISTRE …") carries to the part and fee lines after it, and to the lines after it that
  // show no work of their own (a road test, paint ingredients, a comment); an insurance claim
  // also to the body and paint work after it. Any other line ends the job.
  let jobCue: { payer: Payer; line: number } | undefined;
  invoice.lines.forEach((line, i) => {
    const r = readings[i] as LineReading;
    const sundry = line.kind === 'part' || line.kind === 'fee';
    if (
      jobCue !== undefined &&
      (sundry
        ? r.category === 'inspection' && !(readings[jobCue.line] as LineReading).all.includes('inspection') // an inspection fee is a service of its own
        : !(r.cue === undefined && r.fallback === undefined && (r.category === undefined || (jobCue.payer === 'insurance' && (r.category === 'bodywork' || r.category === 'other')))))
    ) {
      jobCue = undefined;
    }
    if (r.cue !== undefined && r.cueScope === 'line') jobCue = { payer: r.cue, line: i };
    // A payer set on a job's own line covers the job's parts too.
    if (line.payer !== undefined && line.payer !== 'unknown' && line.kind !== 'part' && line.kind !== 'fee') jobCue = { payer: line.payer, line: i };
    let payer: Payer;
    if (line.payer !== undefined && line.payer !== 'unknown') {
      payer = line.payer;
      evidence.push({ line: i, field: 'payer', value: payer, reason: 'line payer' });
    } else if (header !== 'unknown') {
      payer = header;
    } else if (r.cue !== undefined) {
      payer = r.cue;
      payerConfidence = Math.min(payerConfidence, 0.9);
      evidence.push({ line: i, field: 'payer', value: payer, reason: r.cueReason });
    } else if (jobCue !== undefined) {
      payer = jobCue.payer;
      payerConfidence = Math.min(payerConfidence, 0.85);
      evidence.push({ line: i, field: 'payer', value: payer, reason: `part of the job on line ${jobCue.line}` });
    } else if (invoiceCue !== undefined) {
      payer = invoiceCue;
      payerConfidence = Math.min(payerConfidence, 0.85);
      evidence.push({ line: i, field: 'payer', value: payer, reason: `whole invoice: ${invoiceCueReason}` });
    } else {
      payer = 'customer';
      payerConfidence = Math.min(payerConfidence, 0.6);
    }
    payers[i] = payer;
  });
  const charged = invoice.lines.some((l) => l.amount !== 0);
  const distinct = new Set<Payer>();
  invoice.lines.forEach((line, i) => {
    if (!charged || line.amount !== 0) distinct.add(payers[i] as Payer);
  });
  let payer: ClassifiedPayer;
  if (distinct.size === 0) {
    payer = header;
    evidence.push({ field: 'payer', value: header, reason: 'no lines: the header payer' });
  } else if (distinct.size === 1) {
    payer = [...distinct][0] as Payer;
    if (header !== 'unknown' && payer === header) evidence.push({ field: 'payer', value: payer, reason: 'header payer' });
    else if (header === 'unknown' && payerConfidence === 0.6 && payer === 'customer') evidence.push({ field: 'payer', value: payer, reason: 'header unknown and nothing names another payer: customer-paid' });
  } else {
    payer = 'mixed';
    evidence.push({ field: 'payer', value: 'mixed', reason: `lines paid by ${[...distinct].sort().join(', ')}` });
  }

  // Operations. A fluid shown only by a part line (or by a bleed) is a refill, not a plan
  // operation, when the invoice repairs something (coolant after a water pump, brake fluid to
  // bleed a clutch, oil in a replaced gearbox) or replaces the timing belt (and with it, most
  // often, the water pump), or tops that fluid up.
  const repairs = categories.includes('repair') || readings.some((r) => r.operations.includes('timing-belt'));
  const toppedUp = new Set<MaintenanceOperation>();
  for (const r of readings) for (const op of r.suppressed) toppedUp.add(op);
  const shownBy = new Map<MaintenanceOperation, boolean>(); // op → shown by a labour/package line (not as a bleed or refill)
  readings.forEach((r, i) => {
    const job = invoice.lines[i]?.kind !== 'part';
    for (const op of r.operations) shownBy.set(op, (shownBy.get(op) ?? false) || (job && !r.refills.includes(op)));
  });
  const operations = new Set<MaintenanceOperation>();
  readings.forEach((r, i) => {
    for (const op of r.operations) {
      if (operations.has(op)) continue;
      if (shownBy.get(op) !== true && ((repairs && REFILLS[op] === true) || toppedUp.has(op))) continue;
      evidence.push({ line: i, field: 'operation', value: op, reason: r.categoryReason || 'operation code' });
      operations.add(op);
    }
  });
  // Maintenance shown only by refills and top-ups is not maintenance: the next category decides.
  let shown = categories;
  if (category === 'maintenance' && operations.size === 0 && readings.some((r) => r.operations.length > 0)) {
    shown = categories.filter((c) => c !== 'maintenance');
    category = shown[0] ?? 'other';
    evidence.push({ field: 'category', value: category, reason: 'the only plan operations were refills or top-ups' });
  }

  const warrantyVisit = options.warrantyCountsAsVisit ?? true;
  const countsAsCustomerVisit = invoice.lines.length > 0 && category !== 'preparation' && payer !== 'internal' && (payer !== 'warranty' || warrantyVisit);
  return {
    category,
    categories: shown,
    payer,
    countsAsCustomerVisit,
    planOperations: [...operations].sort(),
    confidence: Math.min(categoryConfidence, payerConfidence),
    evidence,
  };
}
