import { fromZodIssues } from '../domain/zodIssues';
import { RelanceError } from '../errors';
import { compileTrustedLexicon } from './compileLexicon';
import type { CompileLexiconOptions, CompiledLexicon } from './compileLexicon';
import { LexiconSchema } from './lexicon/types';
import type { Lexicon } from './lexicon/types';

/**
 * Compiles lexicons (and a host's operation codes) for `classifyInvoice()`. Later lexicons
 * win over earlier ones for the same phrase, so a host's lexicon placed last overrides the
 * shipped words.
 *
 * @param lexicons - the lexicons, e.g. `[...DEFAULT_LEXICONS, myWords]`
 * @param options - operation codes
 * @returns the compiled lexicon
 * @throws {@link RelanceError} `invalid_input` naming the bad entry (`lexicons[2].entries[5].category`)
 *
 * @example
 * ```ts
 * import { compileLexicon, classifyInvoice, DEFAULT_LEXICONS } from 'relance/invoices';
 *
 * const lexicon = compileLexicon(
 *   [...DEFAULT_LEXICONS, { language: 'acme', entries: [{ phrase: 'pack serenite', category: 'maintenance', operations: ['small-service'] }] }],
 *   { operationCodes: { 'ACM-010': { category: 'maintenance', operations: ['oil-service'] } } },
 * );
 * const result = classifyInvoice(
 *   { id: 'I1', siteId: 'S1', vehicleId: 'V1', customerId: 'C1', date: new Date('2025-01-10'), payer: 'customer',
 *     lines: [{ kind: 'package', label: 'PACK SERENITE', quantity: 1, amount: 189 }] },
 *   { lexicon },
 * );
 * console.log(result.category, result.planOperations); // maintenance [ 'small-service' ]
 * ```
 */
export function compileLexicon(lexicons: readonly Lexicon[], options: CompileLexiconOptions = {}): CompiledLexicon {
  const checked = lexicons.map((raw, l) => {
    const parsed = LexiconSchema.safeParse(raw);
    if (!parsed.success) {
      throw new RelanceError('invalid_input', `compileLexicon: invalid lexicon at lexicons[${l}]`, {
        issues: fromZodIssues(parsed.error.issues, ['lexicons', l]),
      });
    }
    return parsed.data;
  });
  return compileTrustedLexicon(checked, options);
}
