import type { Lexicon } from './types';

/** FR lexicon (placeholder). */
export const FR_LEXICON: Lexicon = { language: 'fr', entries: [] };
