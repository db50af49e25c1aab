/**
 * Tokenizing messy DMS labels in one pass: lower case, accents folded, letters and digits
 * split ("REV60000" → rev 60000, "205/55R16" → 205 55 r 16), every other character a
 * separator. Linear in the length of the text; no regular expression.
 */

/** Counts the elementary steps of tokenizing and matching, to check linearity in tests. */
export interface StepCounter {
  steps: number;
}

// Accented and special Latin letters folded to ASCII: pairs of (characters, replacement).
const FOLDS: ReadonlyArray<readonly [string, string]> = [
  ['àáâãäåāăą', 'a'],
  ['çćĉċč', 'c'],
  ['ďđ', 'd'],
  ['èéêëēĕėęě', 'e'],
  ['ĝğġģ', 'g'],
  ['ĥħ', 'h'],
  ['ìíîïĩīĭįı', 'i'],
  ['ĵ', 'j'],
  ['ķ', 'k'],
  ['ĺļľŀł', 'l'],
  ['ñńņňŉ', 'n'],
  ['òóôõöøōŏő', 'o'],
  ['ŕŗř', 'r'],
  ['śŝşš', 's'],
  ['ţťŧ', 't'],
  ['ùúûüũūŭůűų', 'u'],
  ['ŵ', 'w'],
  ['ýÿŷ', 'y'],
  ['źżž', 'z'],
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
];

let foldTable: Map<number, string> | undefined;

function folds(): Map<number, string> {
  if (foldTable === undefined) {
    foldTable = new Map();
    for (const [chars, plain] of FOLDS) {
      for (const ch of chars) {
        foldTable.set(ch.charCodeAt(0), plain);
        foldTable.set(ch.toUpperCase().charCodeAt(0), plain);
      }
    }
  }
  return foldTable;
}

/** 1 for an ASCII letter, 2 for a digit, 3 for a letter that folds (é, ß, …), 0 for a separator. */
function classOf(code: number, table: Map<number, string>): number {
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return 1;
  if (code >= 48 && code <= 57) return 2;
  if (code >= 0xc0 && table.has(code)) return 3;
  return 0;
}

/** Characters that separate jobs written on one line ("REVISION + VIDANGE", "OIL, FILTER; WIPERS"). */
function isClauseBreak(code: number): boolean {
  return code === 43 || code === 44 || code === 59; // + , ;
}

/**
 * Splits a label into normalised tokens.
 *
 * @param text - the label as typed
 * @param counter - optional step counter (one step per character)
 * @param clauses - optional output: the clause of each token, counted from 0; "+", "," and ";" start a new clause
 * @returns the tokens, in order
 */
export function tokenize(text: string, counter?: StepCounter, clauses?: number[]): string[] {
  const table = folds();
  const tokens: string[] = [];
  const n = text.length;
  let i = 0;
  let clause = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    let c = classOf(code, table);
    if (c === 0) {
      if (clauses !== undefined && tokens.length > 0 && isClauseBreak(code)) clause = (clauses[tokens.length - 1] as number) + 1;
      i++;
      continue;
    }
    if (clauses !== undefined) clauses.push(clause);
    const start = i;
    const digits = c === 2;
    let folded = false;
    // A run of letters (ASCII or folding) or a run of digits.
    while (i < n) {
      c = classOf(text.charCodeAt(i), table);
      if (c === 0 || (c === 2) !== digits) break;
      if (c === 3) folded = true;
      i++;
    }
    if (digits) tokens.push(text.slice(start, i));
    else if (!folded) tokens.push(text.slice(start, i).toLowerCase());
    else {
      let word = '';
      for (let k = start; k < i; k++) {
        const code = text.charCodeAt(k);
        word += code >= 0xc0 ? (table.get(code) as string) : String.fromCharCode(code >= 65 && code <= 90 ? code + 32 : code);
      }
      tokens.push(word);
    }
  }
  if (counter !== undefined) counter.steps += n;
  return tokens;
}
