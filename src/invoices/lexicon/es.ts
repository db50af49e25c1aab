import type { Lexicon } from './types';

/** ES lexicon (placeholder). */
export const ES_LEXICON: Lexicon = { language: 'es', entries: [] };
