import type { Lexicon } from './types';

/** IT lexicon (placeholder). */
export const IT_LEXICON: Lexicon = { language: 'it', entries: [] };
