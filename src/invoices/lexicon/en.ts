import type { Lexicon } from './types';

/** EN lexicon (placeholder). */
export const EN_LEXICON: Lexicon = { language: 'en', entries: [] };
