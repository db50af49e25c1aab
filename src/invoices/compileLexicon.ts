import type { Lexicon, LexiconEntry, OperationCodeSignal } from './lexicon/types';
import { tokenize } from './text';
import type { StepCounter } from './text';

/** How a token was recognised. */
export type MatchKind = 'exact' | 'plural' | 'abbreviation' | 'typo' | 'compound';

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
  /** Index of its first token among the label's tokens. */
  readonly start: number;
  /** Index of its last token among the label's tokens. */
  readonly end: number;
  /** The clause it starts in: "+", "," and ";" separate the jobs written on one line. */
  readonly clause: number;
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
  /**
   * @internal a word with doubled letters single ("parallelisme" → paralelisme) and its
   * vowel-less skeleton and the skeleton's prefixes ("filter" → fltr) → word ids.
   */
  readonly shapes: Map<string, number[]>;
  /** @internal word id → word. */
  readonly wordList: readonly string[];
  /** @internal words that accept prefix and typo matches. */
  readonly fuzzyWords: Set<number>;
  /** @internal words that say something alone (a one-word entry with a category, operations or a payer). */
  readonly signalWords: Set<number>;
  /** @internal word id → bit set of the lexicons whose phrases use it (lexicon index modulo 31). */
  readonly wordLanguages: Map<number, number>;
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
/** A vowel-less abbreviation covers at least this share of the word's skeleton ("FLTR", "SRVC", "MNTG"). */
const MIN_SKELETON_SHARE = 0.6;

function isVowel(code: number): boolean {
  return code === 97 || code === 101 || code === 105 || code === 111 || code === 117 || code === 121;
}

/** The word with each run of a letter written once: "parralelisme" and "parallelisme" → "paralelisme". */
export function singleLetters(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) if (i === 0 || word.charCodeAt(i) !== word.charCodeAt(i - 1)) out += word[i] as string;
  return out;
}

/** The first letter and the consonants after it, each run once: "filtre" and "filter" → "fltr", "service" → "srvc". */
export function skeleton(word: string): string {
  let out = word.length > 0 ? (word[0] as string) : '';
  for (let i = 1; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (!isVowel(code) && code !== out.charCodeAt(out.length - 1)) out += word[i] as string;
  }
  return out;
}

/** Whether a token has no vowel after its first letter (an abbreviation such as "FLTR", "MNTG"). */
function isVowelless(token: string): boolean {
  for (let i = 1; i < token.length; i++) if (isVowel(token.charCodeAt(i))) return false;
  return true;
}

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
  const shapes = new Map<string, number[]>();
  const fuzzyWords = new Set<number>();
  const signalWords = new Set<number>();
  const wordLanguages = new Map<number, number>();
  const addShape = (key: string, id: number): void => {
    const seen = shapes.get(key);
    if (seen === undefined) shapes.set(key, [id]);
    else if (!seen.includes(id)) seen.push(id);
  };
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
      // Doubled or single letters written the other way ("PARRALELISME", "OCCASSION"), and
      // vowel-less abbreviations ("FLTR" for filter or filtre, "SRVC"): keys that cannot be
      // confused, since a singled word keeps a vowel after its first letter and a skeleton has none.
      addShape(singleLetters(word), id);
      const bones = skeleton(word);
      for (let n = Math.max(MIN_FUZZY_TOKEN, Math.ceil(bones.length * MIN_SKELETON_SHARE)); n <= bones.length; n++) addShape(bones.slice(0, n), id);
    }
    return id;
  };

  lexicons.forEach((lexicon, l) => {
    const bit = 1 << l % 31;
    for (const entry of lexicon.entries) {
      const tokens = tokenize(entry.phrase);
      if (tokens.length === 0) continue;
      let node = root;
      for (const token of tokens) {
        const id = wordId(token, entry.fuzzy !== false);
        wordLanguages.set(id, (wordLanguages.get(id) ?? 0) | bit);
        if (node.next === undefined) node.next = new Map();
        let child = node.next.get(id);
        if (child === undefined) node.next.set(id, (child = { next: undefined, entry: -1, language: '' }));
        node = child;
      }
      maxDepth = Math.max(maxDepth, tokens.length);
      if (tokens.length === 1 && (entry.category !== undefined || (entry.operations?.length ?? 0) > 0 || entry.payer !== undefined)) {
        signalWords.add(words.get(singular(tokens[0] as string)) as number);
      }
      node.entry = entries.length;
      node.language = lexicon.language;
      entries.push(entry);
    }
  });
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
    shapes,
    wordList,
    fuzzyWords,
    signalWords,
    wordLanguages,
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
  // A letter typed twice in a short word ("CTRRL", "DIAGG").
  const singled = lexicon.words.get(singleLetters(token));
  if (counter !== undefined) counter.steps += token.length;
  if (singled !== undefined) return [[singled], 'typo'];
  // Abbreviations and typos together: "FILTE" may abbreviate "filter" or misspell "filtre",
  // and the phrase around it decides.
  const prefix = lexicon.prefixes.get(token) ?? NONE;
  if (counter !== undefined) counter.steps++;
  let typo = resolveTypo(lexicon, token, counter);
  if (typo.length === 0 && one !== token) typo = resolveTypo(lexicon, one, counter);
  if (typo.length === 0 && prefix.length === 0) {
    // Letters doubled or singled ("PARRALELISME"), or an abbreviation without its vowels ("FLTR").
    const shaped = lexicon.shapes.get(isVowelless(token) ? token : singleLetters(one));
    if (counter !== undefined) counter.steps += token.length;
    if (shaped !== undefined) return [shaped.slice(0, MAX_CANDIDATES), 'typo'];
    const swapped = resolveShortSwap(lexicon, token, counter);
    if (swapped.length > 0) return [swapped, 'typo'];
  }
  if (prefix.length === 0 && typo.length === 0) return resolveCompound(lexicon, token, counter);
  if (prefix.length === 0) return [typo, 'typo'];
  const both = [...prefix.slice(0, MAX_CANDIDATES)];
  for (const id of typo) if (both.length < MAX_CANDIDATES + 1 && !both.includes(id)) both.push(id);
  return [both, 'abbreviation'];
}

const NONE: readonly number[] = [];

/** Compounds longer than this are not taken apart (a bound on the work per token). */
const MAX_COMPOUND = 40;
/** Each part of a compound split in two has at least this many letters. */
const MIN_PART = 4;
/** A part read alone for its meaning has at least this many letters ("tapi", the singular of "tapis", does not begin "tapiceria"). */
const MIN_MEANING_PART = 5;

/**
 * A compound word that is not in the lexicon ("BREMSSCHLAUCH", "LUFTFILTEREINSATZ",
 * "REIFENREPARATUR") read by its parts: the longest part that begins it and says something
 * alone ("luftfilter", "reifen"), else the longest that ends it ("…schlauch", "…reifen"). Two
 * known words written together ("TIMINGBELT") are split before matching, by
 * {@link splitCompounds}.
 */
function resolveCompound(lexicon: CompiledLexicon, token: string, counter: StepCounter | undefined): [readonly number[], MatchKind] {
  if (token.length < 2 * MIN_PART || token.length > MAX_COMPOUND) return [NONE, 'exact'];
  for (let n = token.length - MIN_PART; n >= MIN_MEANING_PART; n--) {
    const id = lexicon.words.get(token.slice(0, n));
    if (counter !== undefined) counter.steps += n;
    if (id !== undefined && lexicon.signalWords.has(id)) return [[id], 'compound'];
  }
  for (let k = MIN_PART; k <= token.length - MIN_MEANING_PART; k++) {
    const tail = token.slice(k);
    const id = lexicon.words.get(tail) ?? lexicon.words.get(singular(tail));
    if (counter !== undefined) counter.steps += token.length - k;
    if (id !== undefined && lexicon.signalWords.has(id)) return [[id], 'compound'];
  }
  return [NONE, 'exact'];
}

/**
 * Splits a token that is not a word into two words that are ("TIMINGBELT" → timing belt,
 * "VIDANGEFILTRE" → vidange filtre), so that phrases see both: at most one split per token,
 * each part at least {@link MIN_PART} letters, tokens of at most {@link MAX_COMPOUND} letters.
 */
function splitCompounds(lexicon: CompiledLexicon, tokens: string[], clauses: number[], counter: StepCounter | undefined): string[] {
  let out: string[] | undefined;
  let outClauses: number[] | undefined;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as string;
    let parts: [string, string] | undefined;
    if (token.length >= 2 * MIN_PART && token.length <= MAX_COMPOUND && !lexicon.words.has(token) && !lexicon.words.has(singular(token)) && !(token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57)) {
      for (let n = MIN_PART; n <= token.length - MIN_PART && parts === undefined; n++) {
        const head = token.slice(0, n);
        const tail = token.slice(n);
        if (counter !== undefined) counter.steps += token.length;
        if (lexicon.words.has(head) && (lexicon.words.has(tail) || lexicon.words.has(singular(tail)))) parts = [head, tail];
      }
    }
    if (parts !== undefined) {
      out ??= tokens.slice(0, t);
      outClauses ??= clauses.slice(0, t);
      out.push(parts[0], parts[1]);
      outClauses.push(clauses[t] as number, clauses[t] as number);
    } else if (out !== undefined) {
      out.push(token);
      outClauses?.push(clauses[t] as number);
    }
  }
  if (outClauses !== undefined) {
    clauses.length = 0;
    for (const c of outClauses) clauses.push(c);
  }
  return out ?? tokens;
}

/** Words one edit away from the token (at most {@link MAX_CANDIDATES}). */
function resolveTypo(lexicon: CompiledLexicon, token: string, counter: StepCounter | undefined): number[] {
  // One edit (insertion, deletion, substitution, adjacent transposition), SymSpell style:
  // the token is a word less one letter; a word is the token less one letter; or both less
  // one letter at the same place (substitution) or at neighbouring places holding the
  // same letter (transposition). Likelier slips first: two letters swapped ("FERNI" is
  // "freni" before it is "vernis"), then a letter missing or added, then one letter changed.
  const swapped: number[] = [];
  const missing: number[] = [];
  const changed: number[] = [];
  const add = (bucket: number[], id: number): void => {
    if (!bucket.includes(id)) bucket.push(id);
  };
  for (const code of lexicon.deletions.get(token) ?? NONE) add(missing, Math.floor(code / 64));
  for (let i = 0; i < token.length; i++) {
    const d = token.slice(0, i) + token.slice(i + 1);
    if (counter !== undefined) counter.steps += token.length;
    const asWord = lexicon.words.get(d);
    if (asWord !== undefined && lexicon.fuzzyWords.has(asWord)) add(missing, asWord);
    for (const code of lexicon.deletions.get(d) ?? NONE) {
      const id = Math.floor(code / 64);
      const j = code % 64;
      if (j === i) add(changed, id);
      else if (Math.abs(j - i) === 1 && token[i] === (lexicon.wordList[id] as string)[j]) add(swapped, id);
    }
  }
  const found: number[] = [];
  for (const bucket of [swapped, missing, changed]) for (const id of bucket) if (found.length < MAX_CANDIDATES && !found.includes(id)) found.push(id);
  return found;
}

/** A four-letter word with two neighbouring letters swapped ("PENUS", "TYERS", "OILO", "DIGA"): short words take no other typo. */
function resolveShortSwap(lexicon: CompiledLexicon, token: string, counter: StepCounter | undefined): number[] {
  const found: number[] = [];
  for (const form of token.length === 4 ? [token] : token.length === 5 && singular(token) !== token ? [singular(token)] : []) {
    for (let i = 0; i + 1 < form.length; i++) {
      if (form[i] === form[i + 1]) continue;
      const id = lexicon.words.get(form.slice(0, i) + (form[i + 1] as string) + (form[i] as string) + form.slice(i + 2));
      if (counter !== undefined) counter.steps += form.length;
      if (id !== undefined && lexicon.signalWords.has(id) && !found.includes(id)) found.push(id);
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

/**
 * Whether two tokens can be read in one language: a word of the lexicon's languages followed by
 * a word of the same one ("REVISION CAMBIO": both Spanish) is not second-guessed as a typo; one
 * followed by an unknown word or a word of other languages only ("TRANSMISION FLUID") may be.
 */
function sameLanguage(lexicon: CompiledLexicon, first: readonly number[], next: readonly number[]): boolean {
  if (next.length === 0) return true;
  let a = 0;
  let b = 0;
  for (const id of first) a |= lexicon.wordLanguages.get(id) ?? 0;
  for (const id of next) b |= lexicon.wordLanguages.get(id) ?? 0;
  return (a & b) !== 0;
}

const KIND_RANK: Readonly<Record<MatchKind, number>> = { exact: 0, plural: 1, compound: 2, abbreviation: 3, typo: 4 };

/**
 * Finds the lexicon's phrases in a label: greedy longest match from left to right, each
 * token starting at most one walk of at most `maxDepth` words, so the work is linear in
 * the length of the label.
 */
export function matchLabel(lexicon: CompiledLexicon, label: string, counter?: StepCounter): PhraseMatch[] {
  const clauses: number[] = [];
  const tokens = splitCompounds(lexicon, tokenize(label, counter, clauses), clauses, counter);
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
      matches.push({ entry: TYRE_SIZE_ENTRY, language: 'any', tokens: tokens.slice(k, k + 4), kind: 'exact', start: k, end: k + 3, clause: clauses[k] as number });
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
  // A plural is tried in the singular ("POLLEN FILTRES": French "filtres", English "filter").
  const alternativesOf = (j: number): readonly number[] => {
    let alt = alternatives[j];
    if (alt === undefined) {
      const token = kinds[j] === 'plural' ? singular(tokens[j] as string) : (tokens[j] as string);
      alt = (kinds[j] === 'exact' || kinds[j] === 'plural') && token.length >= MIN_FUZZY_WORD && token.length <= MAX_FUZZY_TOKEN ? resolveTypo(lexicon, token, counter) : NONE;
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
    // A word that is exact but starts nothing, or matches alone where the next word is known,
    // may be a typo of a word that starts a longer phrase ("TRANSMISION FLUID": Spanish
    // "transmisión", English "transmission fluid"). Only a longer match replaces its own: a word
    // that starts a match of its own is kept ("REVISION CAMBIO" is not Italian).
    const single = bestNode !== undefined && bestEnd === i && i + 1 < tokens.length && !sameLanguage(lexicon, candidates[i] as readonly number[], candidates[i + 1] as readonly number[]);
    const own = bestNode;
    if ((bestNode === undefined || single) && (kinds[i] === 'exact' || kinds[i] === 'plural')) {
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
    let kind: MatchKind = found === own ? 'exact' : 'typo';
    for (let k = i; k <= bestEnd; k++) if (KIND_RANK[kinds[k] as MatchKind] > KIND_RANK[kind]) kind = kinds[k] as MatchKind;
    matches.push({ entry: lexicon.entries[found.entry] as LexiconEntry, language: found.language, tokens: tokens.slice(i, bestEnd + 1), kind, start: i, end: bestEnd, clause: clauses[i] as number });
    i = bestEnd + 1;
  }
  return matches;
}
