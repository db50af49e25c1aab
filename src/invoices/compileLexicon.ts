import { RelanceError } from '../errors';
import { fromZodIssues } from '../domain/zodIssues';
import { LexiconSchema } from './lexicon/types';
import type { Lexicon, LexiconEntry, OperationCodeSignal } from './lexicon/types';
import { tokenize } from './text';
import type { StepCounter } from './text';

/** How a token was recognised. */
export type MatchKind = 'exact' | 'plural' | 'abbreviation' | 'typo';

/** One phrase found in a label. */
export interface PhraseMatch {
  /** The lexicon entry matched. */
  readonly entry: LexiconEntry;
  /** The lexicon it comes from. */
  readonly language: string;
  /** The tokens of the label that matched, as written after folding. */
  readonly tokens: readonly string[];
  /** The weakest way one of its tokens was recognised. */
  readonly kind: MatchKind;
}

interface TrieNode {
  next: Map<number, TrieNode> | undefined;
  /** Index of the entry ending here, -1 for none. */
  entry: number;
  language: string;
}

/**
 * A lexicon compiled for matching: a dictionary of words (exact, plural, abbreviation and
 * one-edit typo indexes) and a trie of phrases over word ids. Build it once with
 * {@link compileLexicon} and pass it to `classifyInvoice()`.
 */
export interface CompiledLexicon {
  readonly kind: 'relance.compiled-lexicon';
  /** Languages compiled in, in order. */
  readonly languages: readonly string[];
  /** @internal */
  readonly words: Map<string, number>;
  /** @internal prefix (≥ 4 letters) → word id, or -1 when ambiguous. */
  readonly prefixes: Map<string, number>;
  /** @internal one-deletion variant → word id, or -1 when ambiguous. */
  readonly deletions: Map<string, number>;
  /** @internal words that accept prefix and typo matches. */
  readonly fuzzyWords: Set<number>;
  /** @internal */
  readonly root: TrieNode;
  /** @internal */
  readonly entries: readonly LexiconEntry[];
  /** @internal longest phrase, in words. */
  readonly maxDepth: number;
  /** @internal normalised operation code → signal. */
  readonly codes: Map<string, OperationCodeSignal>;
}

/** Options of {@link compileLexicon}. */
export interface CompileLexiconOptions {
  /** The host's operation codes (as written in `InvoiceLine.operationCode`, any case) and what each shows. */
  readonly operationCodes?: Readonly<Record<string, OperationCodeSignal>>;
}

const MIN_FUZZY_WORD = 5;
const MIN_FUZZY_TOKEN = 4;
const MAX_FUZZY_TOKEN = 24;

/** Normalises an operation code: upper case, spaces removed. */
export function normaliseCode(code: string): string {
  let out = '';
  for (let i = 0; i < code.length && i < 64; i++) {
    const ch = code[i] as string;
    if (ch !== ' ' && ch !== '\t') out += ch;
  }
  return out.toUpperCase();
}

/**
 * Compiles lexicons (and a host's operation codes) for `classifyInvoice()`. Later lexicons
 * win over earlier ones for the same phrase, so a host's lexicon placed last overrides the
 * shipped words.
 *
 * @param lexicons - the lexicons, e.g. `[...DEFAULT_LEXICONS, myWords]`
 * @param options - operation codes
 * @returns the compiled lexicon
 * @throws {@link RelanceError} `invalid_input` naming the bad entry (`lexicons[2].entries[5].category`)
 *
 * @example
 * ```ts
 * import { compileLexicon, classifyInvoice, DEFAULT_LEXICONS } from 'relance/invoices';
 *
 * const lexicon = compileLexicon(
 *   [...DEFAULT_LEXICONS, { language: 'acme', entries: [{ phrase: 'pack serenite', category: 'maintenance', operations: ['small-service'] }] }],
 *   { operationCodes: { 'ACM-010': { category: 'maintenance', operations: ['oil-service'] } } },
 * );
 * const result = classifyInvoice(
 *   { id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-01-10'), payer: 'customer',
 *     lines: [{ kind: 'package', label: 'PACK SERENITE', quantity: 1, amount: 189 }] },
 *   { lexicon },
 * );
 * console.log(result.category, result.planOperations); // maintenance [ 'small-service' ]
 * ```
 */
export function compileLexicon(lexicons: readonly Lexicon[], options: CompileLexiconOptions = {}): CompiledLexicon {
  const words = new Map<string, number>();
  const prefixes = new Map<string, number>();
  const deletions = new Map<string, number>();
  const fuzzyWords = new Set<number>();
  const entries: LexiconEntry[] = [];
  const root: TrieNode = { next: undefined, entry: -1, language: '' };
  let maxDepth = 1;

  const wordId = (word: string, fuzzy: boolean): number => {
    let id = words.get(word);
    if (id === undefined) {
      id = words.size;
      words.set(word, id);
    }
    if (fuzzy && word.length >= MIN_FUZZY_WORD && !/\d/.test(word) && !fuzzyWords.has(id)) {
      fuzzyWords.add(id);
      for (let n = MIN_FUZZY_TOKEN; n < word.length; n++) {
        const p = word.slice(0, n);
        const seen = prefixes.get(p);
        prefixes.set(p, seen === undefined || seen === id ? id : -1);
      }
      for (let i = 0; i < word.length; i++) {
        const d = word.slice(0, i) + word.slice(i + 1);
        const seen = deletions.get(d);
        deletions.set(d, seen === undefined || seen === id ? id : -1);
      }
    }
    return id;
  };

  lexicons.forEach((raw, l) => {
    const parsed = LexiconSchema.safeParse(raw);
    if (!parsed.success) {
      throw new RelanceError('invalid_input', `compileLexicon: invalid lexicon at lexicons[${l}]`, {
        issues: fromZodIssues(parsed.error.issues, ['lexicons', l]),
      });
    }
    const lexicon = parsed.data;
    for (const entry of lexicon.entries) {
      const tokens = tokenize(entry.phrase);
      if (tokens.length === 0) continue;
      let node = root;
      for (const token of tokens) {
        const id = wordId(token, entry.fuzzy !== false);
        if (node.next === undefined) node.next = new Map();
        let child = node.next.get(id);
        if (child === undefined) node.next.set(id, (child = { next: undefined, entry: -1, language: '' }));
        node = child;
      }
      maxDepth = Math.max(maxDepth, tokens.length);
      node.entry = entries.length;
      node.language = lexicon.language;
      entries.push(entry);
    }
  });
  // An exact word is never also an abbreviation or a typo of another.
  for (const word of words.keys()) {
    prefixes.delete(word);
    deletions.delete(word);
  }
  const codes = new Map<string, OperationCodeSignal>();
  for (const [code, signal] of Object.entries(options.operationCodes ?? {})) codes.set(normaliseCode(code), signal);
  return {
    kind: 'relance.compiled-lexicon',
    languages: lexicons.map((l) => l.language),
    words,
    prefixes,
    deletions,
    fuzzyWords,
    root,
    entries,
    maxDepth,
    codes,
  };
}

/** Resolves one token to a word id, and how; -1 when unknown. */
function resolveToken(lexicon: CompiledLexicon, token: string, counter: StepCounter | undefined): [number, MatchKind] {
  const exact = lexicon.words.get(token);
  if (counter !== undefined) counter.steps++;
  if (exact !== undefined) return [exact, 'exact'];
  const last = token.charCodeAt(token.length - 1);
  if (token.length >= 3 && (last === 115 || last === 120)) {
    // Plural: -s, -x.
    const singular = lexicon.words.get(token.slice(0, -1));
    if (counter !== undefined) counter.steps++;
    if (singular !== undefined) return [singular, 'plural'];
  }
  if (token.length < MIN_FUZZY_TOKEN || token.length > MAX_FUZZY_TOKEN || (token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57)) return [-1, 'exact'];
  const prefix = lexicon.prefixes.get(token);
  if (counter !== undefined) counter.steps++;
  if (prefix !== undefined && prefix >= 0) return [prefix, 'abbreviation'];
  // One edit (insertion, deletion, substitution, adjacent transposition), SymSpell style:
  // the token itself, or one of its deletions, against the words and their deletions.
  const direct = lexicon.deletions.get(token);
  if (direct !== undefined && direct >= 0) return [direct, 'typo'];
  for (let i = 0; i < token.length; i++) {
    const d = token.slice(0, i) + token.slice(i + 1);
    if (counter !== undefined) counter.steps += token.length;
    const asWord = lexicon.words.get(d);
    if (asWord !== undefined && lexicon.fuzzyWords.has(asWord)) return [asWord, 'typo'];
    const asDeletion = lexicon.deletions.get(d);
    if (asDeletion !== undefined && asDeletion >= 0) return [asDeletion, 'typo'];
  }
  return [-1, 'exact'];
}

/** The synthetic entry a tyre size matches. */
export const TYRE_SIZE_ENTRY: LexiconEntry = { phrase: '(tyre size)', category: 'tyres' };

function isTyreSize(width: string, ratio: string, construction: string, rim: string): boolean {
  if (construction !== 'r' && construction !== 'zr') return false;
  if (width.length !== 3 || ratio.length !== 2 || rim.length !== 2) return false;
  const w = Number(width);
  const a = Number(ratio);
  const d = Number(rim);
  return w >= 125 && w <= 355 && a >= 25 && a <= 85 && d >= 12 && d <= 24;
}

const KIND_RANK: Readonly<Record<MatchKind, number>> = { exact: 0, plural: 1, abbreviation: 2, typo: 3 };

/**
 * Finds the lexicon's phrases in a label: greedy longest match from left to right, each
 * token starting at most one walk of at most `maxDepth` words, so the work is linear in
 * the length of the label.
 */
export function matchLabel(lexicon: CompiledLexicon, label: string, counter?: StepCounter): PhraseMatch[] {
  const tokens = tokenize(label, counter);
  const ids = new Array<number>(tokens.length);
  const kinds = new Array<MatchKind>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const [id, kind] = resolveToken(lexicon, tokens[i] as string, counter);
    ids[i] = id;
    kinds[i] = kind;
  }
  const matches: PhraseMatch[] = [];
  // A tyre size (205/55 R16, 225/45ZR17) is a word of its own.
  for (let k = 0; k + 3 < tokens.length; k++) {
    if (counter !== undefined) counter.steps++;
    if (isTyreSize(tokens[k] as string, tokens[k + 1] as string, tokens[k + 2] as string, tokens[k + 3] as string)) {
      matches.push({ entry: TYRE_SIZE_ENTRY, language: 'any', tokens: tokens.slice(k, k + 4), kind: 'exact' });
      break;
    }
  }
  let i = 0;
  while (i < tokens.length) {
    let node: TrieNode | undefined = lexicon.root;
    let bestEnd = -1;
    let bestNode: TrieNode | undefined;
    for (let j = i; j < tokens.length && j - i < lexicon.maxDepth; j++) {
      if (counter !== undefined) counter.steps++;
      const id = ids[j] as number;
      if (id < 0 || node?.next === undefined) break;
      node = node.next.get(id);
      if (node === undefined) break;
      if (node.entry >= 0) {
        bestEnd = j;
        bestNode = node;
      }
    }
    if (bestNode === undefined) {
      i++;
      continue;
    }
    let kind: MatchKind = 'exact';
    for (let k = i; k <= bestEnd; k++) if (KIND_RANK[kinds[k] as MatchKind] > KIND_RANK[kind]) kind = kinds[k] as MatchKind;
    matches.push({ entry: lexicon.entries[bestNode.entry] as LexiconEntry, language: bestNode.language, tokens: tokens.slice(i, bestEnd + 1), kind });
    i = bestEnd + 1;
  }
  return matches;
}
