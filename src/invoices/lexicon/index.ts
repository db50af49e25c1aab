import type { Lexicon } from './types';
import { FR_LEXICON } from './fr';
import { EN_LEXICON } from './en';
import { DE_LEXICON } from './de';
import { ES_LEXICON } from './es';
import { IT_LEXICON } from './it';

export { FR_LEXICON, EN_LEXICON, DE_LEXICON, ES_LEXICON, IT_LEXICON };

/** The shipped lexicons: French, English, German, Spanish, Italian. */
export const DEFAULT_LEXICONS: readonly Lexicon[] = [FR_LEXICON, EN_LEXICON, DE_LEXICON, ES_LEXICON, IT_LEXICON];
