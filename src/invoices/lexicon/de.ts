import type { Lexicon } from './types';

/** DE lexicon (placeholder). */
export const DE_LEXICON: Lexicon = { language: 'de', entries: [] };
