/**
 * Matching is linear in the length of the label: the step counter (one step per character
 * tokenized, per dictionary probe, per trie step) grows in proportion to the input on
 * adversarial labels built to make a naive matcher backtrack or go quadratic.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEXICONS, compileLexicon, matchLabel } from '../../src/invoices';
import type { StepCounter } from '../../src/invoices';

const lexicon = compileLexicon([
  ...DEFAULT_LEXICONS,
  {
    language: 'adversarial',
    entries: [
      { phrase: 'a a a a a a b', category: 'repair' },
      { phrase: 'liquide de frein de secours', category: 'repair' },
      { phrase: 'aaaaab', category: 'repair' },
    ],
  },
]);

const patterns: Record<string, (n: number) => string> = {
  'one huge token': (n) => 'a'.repeat(n),
  'phrase prefixes that never complete': (n) => 'a '.repeat(n / 2),
  'near-misses of a long phrase': (n) => 'liquide de frein de '.repeat(n / 20),
  'typo candidates everywhere': (n) => 'vidnage '.repeat(n / 8),
  'digits and letters alternating': (n) => 'a1'.repeat(n / 2),
  'accented soup': (n) => 'éàçÉÈœß '.repeat(n / 8),
  // Long unknown words are taken apart (compounds) at most once each, within a bound.
  'compound-length nonsense words': (n) => 'bremsxqzluftfilterwqzschlauchxx '.repeat(n / 32),
  'vowel-less abbreviations': (n) => 'fltr srvc bcdfg xkcd '.repeat(n / 21),
  'doubled letters and swaps': (n) => 'parralellisme penus tyers '.repeat(n / 26),
};

function steps(label: string): number {
  const counter: StepCounter = { steps: 0 };
  matchLabel(lexicon, label, counter);
  return counter.steps;
}

describe('matchLabel: linear work on adversarial labels', () => {
  for (const [name, make] of Object.entries(patterns)) {
    it(name, () => {
      const small = steps(make(10_000));
      const large = steps(make(100_000));
      // Ten times the text, at most about ten times the work (and never more than a constant per character).
      expect(large / small).toBeLessThan(10.5);
      expect(large).toBeLessThan(100 * 100_000);
    });
  }
});
