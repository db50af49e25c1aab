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

const LETTER = 1;
const DIGIT = 2;

/**
 * Splits a label into normalised tokens.
 *
 * @param text - the label as typed
 * @param counter - optional step counter (one step per character)
 * @returns the tokens, in order
 */
export function tokenize(text: string, counter?: StepCounter): string[] {
  const table = folds();
  const tokens: string[] = [];
  let current = '';
  let kind = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let piece: string | undefined;
    let pieceKind = 0;
    if (code >= 97 && code <= 122) {
      piece = text[i] as string;
      pieceKind = LETTER;
    } else if (code >= 65 && code <= 90) {
      piece = String.fromCharCode(code + 32);
      pieceKind = LETTER;
    } else if (code >= 48 && code <= 57) {
      piece = text[i] as string;
      pieceKind = DIGIT;
    } else if (code >= 0xc0) {
      piece = table.get(code);
      if (piece !== undefined) pieceKind = LETTER;
    }
    if (piece === undefined || pieceKind !== kind) {
      if (current !== '') tokens.push(current);
      current = piece ?? '';
      kind = piece === undefined ? 0 : pieceKind;
    } else {
      current += piece;
    }
  }
  if (current !== '') tokens.push(current);
  if (counter !== undefined) counter.steps += text.length;
  return tokens;
}
