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
 * `compileLexicon()` and pass it to `classifyInvoice()`.
 */
export interface CompiledLexicon {
  readonly kind: 'relance.compiled-lexicon';
  /** Languages compiled in, in order. */
  readonly languages: readonly string[];
  /** @internal */
  readonly words: Map<string, number>;
  /** @internal prefix (≥ 4 letters, ≥ 40% of the word) → word ids. */
  readonly prefixes: Map<string, number[]>;
  /** @internal one-deletion variant → codes word id × 64 + deleted position (one per word). */
  readonly deletions: Map<string, number[]>;
  /** @internal word id → word. */
  readonly wordList: readonly string[];
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
  /**
   * @internal Readings of labels already seen (DMS labels repeat a lot), bounded: cleared when
   * it reaches {@link LINE_CACHE_SIZE}. A pure memo: it changes no answer.
   */
  readonly lineCache: Map<string, unknown>;
}

/** How many distinct (label, code) readings a compiled lexicon remembers. */
export const LINE_CACHE_SIZE = 50_000;

/** Options of `compileLexicon()`. */
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
 * Compiles lexicons already known to be valid (the shipped ones, or those `compileLexicon()`
 * has checked): the zod-free core, so that modules that only classify with the shipped
 * lexicons do not carry the schemas.
 */
export function compileTrustedLexicon(lexicons: readonly Lexicon[], options: CompileLexiconOptions = {}): CompiledLexicon {
  const words = new Map<string, number>();
  const wordList: string[] = [];
  const prefixes = new Map<string, number[]>();
  const deletions = new Map<string, number[]>();
  const fuzzyWords = new Set<number>();
  const entries: LexiconEntry[] = [];
  const root: TrieNode = { next: undefined, entry: -1, language: '' };
  let maxDepth = 1;

  const wordId = (raw: string, fuzzy: boolean): number => {
    const word = singular(raw);
    let id = words.get(word);
    if (id === undefined) {
      id = words.size;
      words.set(word, id);
      wordList.push(word);
    }
    if (fuzzy && word.length >= MIN_FUZZY_WORD && word.length < 64 && !/\d/.test(word) && !fuzzyWords.has(id)) {
      fuzzyWords.add(id);
      // Abbreviations cover at least half the word ("DISTRI" for distribution, not "INNEN" for
      // Innenraumfilter); shorter ones in use ("PLAQ", "EQUIL") are lexicon words of their own.
      for (let n = Math.max(MIN_FUZZY_TOKEN, Math.ceil(word.length * 0.5)); n < word.length; n++) {
        const p = word.slice(0, n);
        const seen = prefixes.get(p);
        if (seen === undefined) prefixes.set(p, [id]);
        else if (!seen.includes(id)) seen.push(id);
      }
      for (let i = 0; i < word.length; i++) {
        const d = word.slice(0, i) + word.slice(i + 1);
        const seen = deletions.get(d);
        const code = id * 64 + i;
        if (seen === undefined) deletions.set(d, [code]);
        else if (!seen.some((c) => Math.floor(c / 64) === id)) seen.push(code);
      }
    }
    return id;
  };

  for (const lexicon of lexicons) {
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
  }
  // An exact word resolves exactly (looked up first); its abbreviation and typo readings stay
  // indexed for phrases that need them ("PRE CONTROL TECHNIQUE": English "control", French "contrôle").
  const codes = new Map<string, OperationCodeSignal>();
  for (const [code, signal] of Object.entries(options.operationCodes ?? {})) codes.set(normaliseCode(code), signal);
  return {
    kind: 'relance.compiled-lexicon',
    languages: lexicons.map((l) => l.language),
    words,
    prefixes,
    deletions,
    wordList,
    fuzzyWords,
    root,
    entries,
    maxDepth,
    codes,
    lineCache: new Map(),
  };
}

/**
 * A word without its plural ending (-s, -x) when it has at least four letters. Lexicon words
 * and label tokens go through the same function, so "PLAQUETTES" meets "plaquette" and the
 * phrase "plaquettes de frein" alike.
 */
export function singular(word: string): string {
  const last = word.charCodeAt(word.length - 1);
  return word.length >= 4 && (last === 115 || last === 120) ? word.slice(0, -1) : word;
}

/** At most this many candidate words per token (abbreviations and typos can be ambiguous). */
const MAX_CANDIDATES = 3;

/** Resolves one token to candidate word ids (best first), and how; none when unknown. */
function resolveToken(lexicon: CompiledLexicon, token: string, counter: StepCounter | undefined): [readonly number[], MatchKind] {
  const exact = lexicon.words.get(token);
  if (counter !== undefined) counter.steps++;
  if (exact !== undefined) return [[exact], 'exact'];
  const one = singular(token);
  if (one !== token) {
    const found = lexicon.words.get(one);
    if (counter !== undefined) counter.steps++;
    if (found !== undefined) return [[found], 'plural'];
  }
  if (token.length < MIN_FUZZY_TOKEN || token.length > MAX_FUZZY_TOKEN || (token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57)) return [NONE, 'exact'];
  // Abbreviations and typos together: "FILTE" may abbreviate "filter" or misspell "filtre",
  // and the phrase around it decides.
  const prefix = lexicon.prefixes.get(token) ?? NONE;
  if (counter !== undefined) counter.steps++;
  let typo = resolveTypo(lexicon, token, counter);
  if (typo.length === 0 && one !== token) typo = resolveTypo(lexicon, one, counter);
  if (prefix.length === 0) return [typo, typo.length > 0 ? 'typo' : 'exact'];
  const both = [...prefix.slice(0, MAX_CANDIDATES)];
  for (const id of typo) if (both.length < MAX_CANDIDATES + 1 && !both.includes(id)) both.push(id);
  return [both, 'abbreviation'];
}

const NONE: readonly number[] = [];

/** Words one edit away from the token (at most {@link MAX_CANDIDATES}). */
function resolveTypo(lexicon: CompiledLexicon, token: string, counter: StepCounter | undefined): number[] {
  // One edit (insertion, deletion, substitution, adjacent transposition), SymSpell style:
  // the token is a word less one letter; a word is the token less one letter; or both less
  // one letter at the same place (substitution) or at neighbouring places holding the
  // same letter (transposition).
  const found: number[] = [];
  const add = (id: number): void => {
    if (found.length < MAX_CANDIDATES && !found.includes(id)) found.push(id);
  };
  for (const code of lexicon.deletions.get(token) ?? NONE) add(Math.floor(code / 64));
  for (let i = 0; i < token.length; i++) {
    const d = token.slice(0, i) + token.slice(i + 1);
    if (counter !== undefined) counter.steps += token.length;
    const asWord = lexicon.words.get(d);
    if (asWord !== undefined && lexicon.fuzzyWords.has(asWord)) add(asWord);
    for (const code of lexicon.deletions.get(d) ?? NONE) {
      const id = Math.floor(code / 64);
      const j = code % 64;
      if (j === i || (Math.abs(j - i) === 1 && token[i] === (lexicon.wordList[id] as string)[j])) add(id);
    }
  }
  return found;
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
  const candidates = new Array<readonly number[]>(tokens.length);
  const kinds = new Array<MatchKind>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const [ids, kind] = resolveToken(lexicon, tokens[i] as string, counter);
    candidates[i] = ids;
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
  let bestEnd = -1;
  let bestNode: TrieNode | undefined;
  // Depth-first over the candidate words of the next tokens, at most maxDepth deep and
  // MAX_CANDIDATES wide: a constant amount of work per starting token.
  // Inside a phrase, a word that is exact in another language may be a typo of the word the
  // phrase needs ("GESTE COMERCIAL": Spanish "comercial", French "commercial"): its typo
  // candidates are tried too, computed at most once per position.
  const alternatives = new Array<readonly number[] | undefined>(tokens.length);
  const alternativesOf = (j: number): readonly number[] => {
    let alt = alternatives[j];
    if (alt === undefined) {
      const token = tokens[j] as string;
      alt = kinds[j] === 'exact' && token.length >= MIN_FUZZY_WORD && token.length <= MAX_FUZZY_TOKEN ? resolveTypo(lexicon, token, counter) : NONE;
      alternatives[j] = alt;
    }
    return alt;
  };
  const walk = (node: TrieNode, j: number, start: number): void => {
    if (j >= tokens.length || j - start >= lexicon.maxDepth || node.next === undefined) return;
    let advanced = false;
    for (const id of candidates[j] as readonly number[]) {
      if (counter !== undefined) counter.steps++;
      const child = node.next.get(id);
      if (child === undefined) continue;
      advanced = true;
      if (child.entry >= 0 && j > bestEnd) {
        bestEnd = j;
        bestNode = child;
      }
      walk(child, j + 1, start);
    }
    if (advanced || j === start) return;
    for (const id of alternativesOf(j)) {
      if (counter !== undefined) counter.steps++;
      const child = node.next.get(id);
      if (child === undefined) continue;
      if (child.entry >= 0 && j > bestEnd) {
        bestEnd = j;
        bestNode = child;
      }
      walk(child, j + 1, start);
    }
  };
  let i = 0;
  while (i < tokens.length) {
    bestEnd = -1;
    bestNode = undefined;
    walk(lexicon.root, i, i);
    if (bestNode === undefined && kinds[i] === 'exact') {
      // The word is exact but starts nothing: it may be a typo of a word that does. (A word
      // that starts a match of its own is not second-guessed: "REVISION CAMBIO" is not Italian.)
      for (const id of alternativesOf(i)) {
        const child = lexicon.root.next?.get(id);
        if (child === undefined) continue;
        if (child.entry >= 0 && i > bestEnd) {
          bestEnd = i;
          bestNode = child;
        }
        walk(child, i + 1, i);
      }
    }
    const found = bestNode as TrieNode | undefined;
    if (found === undefined) {
      i++;
      continue;
    }
    let kind: MatchKind = 'exact';
    for (let k = i; k <= bestEnd; k++) if (KIND_RANK[kinds[k] as MatchKind] > KIND_RANK[kind]) kind = kinds[k] as MatchKind;
    matches.push({ entry: lexicon.entries[found.entry] as LexiconEntry, language: found.language, tokens: tokens.slice(i, bestEnd + 1), kind });
    i = bestEnd + 1;
  }
  return matches;
}
