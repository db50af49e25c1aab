import { describe, expect, it } from 'vitest';
import type { Invoice, InvoiceLine, Payer } from '../../src/domain';
import { CATEGORY_PRECEDENCE, DEFAULT_LEXICONS, LexiconSchema, classifyInvoice, compileLexicon } from '../../src/invoices';

const line = (label: string, extra: Partial<InvoiceLine> = {}): InvoiceLine => ({ kind: 'labour', label, quantity: 1, amount: 100, ...extra });
const invoice = (payer: Payer, ...lines: InvoiceLine[]): Invoice => ({
  id: 'I1',
  siteId: 'S1',
  vehicleId: 'V1',
  customerId: 'C1',
  date: new Date('2025-01-10T00:00:00Z'),
  payer,
  lines,
});

describe('the shipped lexicons', () => {
  it('pass LexiconSchema (classifyInvoice compiles them without the schema)', () => {
    for (const lexicon of DEFAULT_LEXICONS) expect(LexiconSchema.safeParse(lexicon).success).toBe(true);
  });
});

describe('classifyInvoice: hand-written cases', () => {
  it('reads messy French labels: abbreviations, missing accents, typos', () => {
    expect(classifyInvoice(invoice('customer', line('VIDANGE+FILT'))).planOperations).toEqual(['oil-service']);
    expect(classifyInvoice(invoice('customer', line('REV 60000'))).planOperations).toEqual(['small-service']);
    expect(classifyInvoice(invoice('customer', line('PLAQ AV'))).category).toBe('repair');
    expect(classifyInvoice(invoice('customer', line('PNEU 205/55R16'))).category).toBe('tyres');
    expect(classifyInvoice(invoice('customer', line('CT'))).category).toBe('inspection');
    expect(classifyInvoice(invoice('customer', line('CTRL TECH'))).category).toBe('inspection');
    expect(classifyInvoice(invoice('customer', line('VIDNAGE MOTEUR'))).planOperations).toEqual(['oil-service']); // transposition
    expect(classifyInvoice(invoice('customer', line('Révision complète 120000'))).planOperations).toEqual(['large-service']);
    expect(classifyInvoice(invoice('customer', line('kit distri + pompe a eau'))).planOperations).toEqual(['timing-belt']);
  });

  it('tells context: a gearbox oil change, a glow plug and an oil leak are not an engine oil service or spark plugs', () => {
    expect(classifyInvoice(invoice('customer', line('VIDANGE BOITE DE VITESSES'))).planOperations).toEqual(['gearbox-oil']);
    expect(classifyInvoice(invoice('customer', line('BOUGIES DE PRECHAUFFAGE X4'))).category).toBe('repair');
    expect(classifyInvoice(invoice('customer', line('OIL LEAK REPAIR'))).planOperations).toEqual([]);
    expect(classifyInvoice(invoice('customer', line('REVISIONE MINISTERIALE'))).category).toBe('inspection'); // Italian: the test
    expect(classifyInvoice(invoice('customer', line('REVISIÓN 30.000 KM'))).category).toBe('maintenance'); // Spanish: a service
  });

  it('applies the precedence: a service with a repair is maintenance, with the repair listed', () => {
    const r = classifyInvoice(invoice('customer', line('REVISION + VIDANGE'), line('REMPL PLAQUETTES AV')));
    expect(r.category).toBe('maintenance');
    expect(r.categories).toEqual(['maintenance', 'repair']);
    expect(r.evidence.some((e) => e.line === 1 && e.field === 'category' && e.value === 'repair')).toBe(true);
    expect(classifyInvoice(invoice('internal', line('PREPA VO'), line('VIDANGE'), line('CT'))).category).toBe('preparation');
    expect(classifyInvoice(invoice('customer', line('CONTROLE TECHNIQUE'), line('REMPL AMPOULE'))).category).toBe('inspection');
    expect(CATEGORY_PRECEDENCE[0]).toBe('preparation');
  });

  it('infers the payer from lines and labels when the header is unknown', () => {
    expect(classifyInvoice(invoice('unknown', line('GARANTIE - REMPL POMPE A EAU'), line('POMPE A EAU', { kind: 'part' }))).payer).toBe('warranty');
    expect(classifyInvoice(invoice('unknown', line('CESSION INTERNE - PNEUS AV X2'), line('MONTAGE EQUILIBRAGE'))).payer).toBe('internal');
    expect(classifyInvoice(invoice('unknown', line('SINISTRE 24/0912 - PEINTURE AILE'), line('INGREDIENTS PEINTURE', { kind: 'fee' }))).payer).toBe('insurance');
    expect(classifyInvoice(invoice('unknown', line('RAPPEL CONSTRUCTEUR 23AF'))).payer).toBe('warranty');
    expect(classifyInvoice(invoice('unknown', line('VIDANGE'), line('HUILE', { kind: 'part', payer: 'fleet' }))).payer).toBe('fleet');
    expect(classifyInvoice(invoice('unknown', line('REMPL BATTERIE'))).payer).toBe('customer');
    // "Hors garantie" is not a warranty.
    expect(classifyInvoice(invoice('unknown', line('REPARATION HORS GARANTIE - TURBO'))).payer).toBe('customer');
  });

  it('reads German compounds, vowel-less abbreviations, doubled letters and swapped short words', () => {
    expect(classifyInvoice(invoice('customer', line('BREMSSCHLAUCH HINTEN ERNEUERT'))).category).toBe('repair');
    expect(classifyInvoice(invoice('customer', line('LUFTFILTEREINSATZ'))).planOperations).toEqual(['air-filter']);
    expect(classifyInvoice(invoice('customer', line('Kühlmittelwechsel'))).planOperations).toEqual(['coolant']);
    expect(classifyInvoice(invoice('customer', line('Reifenreparatur'))).category).toBe('tyres');
    expect(classifyInvoice(invoice('customer', line('TIMINGBELT KIT'))).planOperations).toEqual(['timing-belt']); // two words written together
    expect(classifyInvoice(invoice('customer', line('AIR FLTR'), line('FUEL FLTR'))).planOperations).toEqual(['air-filter', 'fuel-filter']);
    expect(classifyInvoice(invoice('customer', line('PARRALELISME AV'))).category).toBe('tyres');
    expect(classifyInvoice(invoice('customer', line('PENUS AV X2'))).category).toBe('tyres');
    expect(classifyInvoice(invoice('customer', line('CAMBIO OILO'))).planOperations).toEqual(['oil-service']);
  });

  it('second-guesses a word of one language as a typo only beside a word of another', () => {
    // Spanish "transmisión" before an English word: the English phrase with a typo.
    expect(classifyInvoice(invoice('customer', line('TRANSMISION FLUID CHANGE'))).planOperations).toEqual(['gearbox-oil']);
    // Spanish before Spanish: a service and an oil change, not the Italian gearbox overhaul "revisione cambio".
    expect(classifyInvoice(invoice('customer', line('REVISION CAMBIO DE ACEITE'))).planOperations).toEqual(['oil-service', 'small-service']);
    // An ordinary word is not a typo of another language's word ("seule" is not German "Beule").
    expect(classifyInvoice(invoice('customer', line('Remplacement pompe à eau seule'))).category).toBe('repair');
    expect(classifyInvoice(invoice('unknown', line('RPL CAPTEUR USURE PLAQ AV'))).payer).toBe('customer'); // USURE is not the insurer Esure
  });

  it('lets a generic word give way to what its line says more precisely', () => {
    expect(classifyInvoice(invoice('customer', line('PASO ITV + PREPARACIÓN'))).category).toBe('inspection');
    expect(classifyInvoice(invoice('customer', line('PREPA VO'), line('CT'))).category).toBe('preparation'); // another line: no effect
    const compressor = classifyInvoice(invoice('warranty', line('GARANTIE - REMPL COMPRESSEUR A/C'), line('GAZ R1234YF', { kind: 'part' })));
    expect(compressor).toMatchObject({ category: 'repair', planOperations: [] });
    expect(classifyInvoice(invoice('customer', line('BARILLET PORTE CONDUCTEUR'))).category).toBe('repair');
    expect(classifyInvoice(invoice('customer', line('PEINTURE PORTE AR'))).category).toBe('bodywork');
    // A service or drain next to a fluid, in the same clause, is that fluid's operation...
    expect(classifyInvoice(invoice('customer', line('A/C SERVICE'))).planOperations).toEqual(['air-conditioning']);
    expect(classifyInvoice(invoice('customer', line('BRAKE FLUID SERVICE'))).planOperations).toEqual(['brake-fluid']);
    expect(classifyInvoice(invoice('customer', line('LIQ REFROID VIDANGE'))).planOperations).toEqual(['coolant']);
    // ...but not across "+": two jobs.
    expect(classifyInvoice(invoice('customer', line('SERVICE + BRAKE FLUID'))).planOperations).toEqual(['brake-fluid', 'small-service']);
  });

  it('does not count a bleed after a repair, installation material beside an accessory, or a discount as work', () => {
    expect(classifyInvoice(invoice('customer', line('BLEED BRAKES'))).planOperations).toEqual(['brake-fluid']);
    expect(classifyInvoice(invoice('customer', line('REPLACE FRONT CALIPER'), line('BLEED BRAKES'))).planOperations).toEqual([]);
    expect(classifyInvoice(invoice('customer', line('POSE DASHCAM'), line('KIT ALIMENTATION FUSIBLE', { kind: 'part' }))).category).toBe('accessory');
    expect(classifyInvoice(invoice('customer', line('REMPL FUSIBLE'))).category).toBe('repair');
    const discounted = classifyInvoice(invoice('customer', line('REMPL PLAQUETTES AV'), line('REMISE 10% ENTRETIEN', { kind: 'other', amount: -12 })));
    expect(discounted).toMatchObject({ category: 'repair', planOperations: [] });
  });

  it('gives a payer word the scope of its job: parts, silent lines after it, and for a claim the body and paint work', () => {
    const claim = (...more: InvoiceLine[]) => invoice('unknown', line('SINISTRE 22/7781 - TOLERIE AILE AR'), line('PEINTURE AILE AR'), line('INGREDIENTS', { kind: 'other' }), ...more);
    expect(classifyInvoice(claim()).payer).toBe('insurance');
    expect(classifyInvoice(claim(line('REMPL BALAIS ESSUIE GLACE'))).payer).toBe('mixed'); // another job: the customer's
    expect(classifyInvoice(claim(line('FRANCHISE A LA CHARGE DU CLIENT', { kind: 'other' }))).payer).toBe('mixed'); // the excess is the customer's
    expect(classifyInvoice(invoice('unknown', line('RAPPEL CONSTRUCTEUR 23AF'), line('ESSAI ROUTIER', { amount: 15 }))).payer).toBe('warranty');
    expect(classifyInvoice(invoice('unknown', line('SAFETY RECALL 22V-845'), line('STATE SAFETY INSPECTION', { kind: 'fee', amount: 25 }))).payer).toBe('mixed');
    expect(classifyInvoice(invoice('unknown', line('REMPL POMPE A EAU', { payer: 'warranty' }), line('POMPE A EAU', { kind: 'part' }))).payer).toBe('warranty');
  });

  it('reads advice for later as work to come, not work done', () => {
    expect(classifyInvoice(invoice('customer', line('VIDANGE + FILTRE (PROCHAINE VIDANGE A 15000 KM)'))).planOperations).toEqual(['oil-service']);
    expect(classifyInvoice(invoice('customer', line('CONTROLE TECHNIQUE'), line('A PREVOIR : REVISION + PLAQUETTES AV', { kind: 'other', amount: 0 })))).toMatchObject({ category: 'inspection', planOperations: [] });
    expect(classifyInvoice(invoice('customer', line('MOT TEST CLASS 4'), line('ADVISORY: FRONT PADS 3MM', { kind: 'other', amount: 0 }))).categories).toEqual(['inspection']);
  });

  it('puts used-car preparation on the dealer, not new-car preparation', () => {
    expect(classifyInvoice(invoice('unknown', line('PREPARATION VEHICULE OCCASION STOCK 4471')))).toMatchObject({ category: 'preparation', payer: 'internal' });
    expect(classifyInvoice(invoice('unknown', line('Preparazione vettura usata per la vendita')))).toMatchObject({ category: 'preparation', payer: 'internal' });
    expect(classifyInvoice(invoice('unknown', line('PREPARATION VN AVANT LIVRAISON')))).toMatchObject({ category: 'preparation', payer: 'customer' });
    expect(classifyInvoice(invoice('unknown', line('CESSION INTERNE - PDI VEHICULE NEUF')))).toMatchObject({ category: 'preparation', payer: 'internal' });
  });

  it('says mixed when lines with an amount are paid by different payers; zero-amount lines do not count', () => {
    const r = classifyInvoice(invoice('customer', line('REVISION'), line('GAR REMPL CAPTEUR', { payer: 'warranty' })));
    expect(r.payer).toBe('mixed');
    expect(r.evidence.find((e) => e.field === 'payer' && e.value === 'mixed')?.reason).toBe('lines paid by customer, warranty');
    expect(classifyInvoice(invoice('customer', line('REVISION'), line('CONTRAT', { payer: 'contract', amount: 0 }))).payer).toBe('customer');
    expect(classifyInvoice(invoice('customer', line('REVISION'), line('GESTE COMMERCIAL', { payer: 'goodwill', amount: -50 }))).payer).toBe('mixed');
  });

  it('does not count internal, preparation or empty invoices as customer visits; warranty counts unless told otherwise', () => {
    expect(classifyInvoice(invoice('internal', line('VIDANGE'))).countsAsCustomerVisit).toBe(false);
    expect(classifyInvoice(invoice('unknown', line('PREPA VO'))).countsAsCustomerVisit).toBe(false);
    expect(classifyInvoice(invoice('customer')).countsAsCustomerVisit).toBe(false);
    expect(classifyInvoice(invoice('warranty', line('GARANTIE POMPE'))).countsAsCustomerVisit).toBe(true);
    expect(classifyInvoice(invoice('warranty', line('GARANTIE POMPE')), { warrantyCountsAsVisit: false }).countsAsCustomerVisit).toBe(false);
    expect(classifyInvoice(invoice('customer', line('VIDANGE'))).countsAsCustomerVisit).toBe(true);
  });

  it('answers for an invoice with no lines, a credit note, and a 10,000-character label', () => {
    expect(classifyInvoice(invoice('unknown'))).toMatchObject({ category: 'other', payer: 'unknown', planOperations: [] });
    const credit = classifyInvoice(invoice('customer', line('AVOIR REMPL BATTERIE', { amount: -149 })));
    expect(credit).toMatchObject({ category: 'repair', payer: 'customer' });
    const long = classifyInvoice(invoice('customer', line(`${'x'.repeat(9_990)} VIDANGE`)));
    expect(long.planOperations).toEqual(['oil-service']);
  });

  it('lets a host add words and operation codes, later lexicons overriding earlier ones', () => {
    const lexicon = compileLexicon([...DEFAULT_LEXICONS, { language: 'acme', entries: [{ phrase: 'pack serenite', category: 'maintenance', operations: ['small-service'] }, { phrase: 'ct', category: 'other' }] }], {
      operationCodes: { 'acm-010': { category: 'maintenance', operations: ['oil-service'] } },
    });
    expect(classifyInvoice(invoice('customer', line('PACK SERENITE')), { lexicon }).planOperations).toEqual(['small-service']);
    expect(classifyInvoice(invoice('customer', line('', { operationCode: 'ACM-010' })), { lexicon }).planOperations).toEqual(['oil-service']);
    expect(classifyInvoice(invoice('customer', line('CT')), { lexicon }).category).toBe('other');
  });

  it('rejects a bad host lexicon with the path of the bad entry', () => {
    expect(() => compileLexicon([{ language: 'x', entries: [{ phrase: 'a', category: 'nonsense' as never }] }])).toThrow(/compileLexicon/);
    try {
      compileLexicon([{ language: 'x', entries: [{ phrase: 'a', category: 'nonsense' as never }] }]);
    } catch (error) {
      expect((error as { issues: Array<{ path: unknown[] }> }).issues[0]?.path).toEqual(['lexicons', 0, 'entries', 0, 'category']);
    }
  });

  it('gives the same answer through the label memo as without it (simulated invoices)', async () => {
    const { simulateDealer } = await import('../../src/simulate');
    const { dataset } = simulateDealer({ seed: 5, customers: 400, asOf: new Date('2026-06-30T00:00:00Z') });
    const lexicon = compileLexicon(DEFAULT_LEXICONS);
    for (const inv of dataset.invoices) {
      expect(classifyInvoice(inv, { lexicon })).toEqual(classifyInvoice(inv, { lexicon, counter: { steps: 0 } }));
    }
    expect(lexicon.lineCache.size).toBeGreaterThan(0);
  });

  it('remembers a label with an operation code apart from the same label with another code or none, and answers the same after the memo is cleared', () => {
    const codes = { operationCodes: { 'acm-010': { category: 'maintenance' as const, operations: ['oil-service' as const] }, 'acm-020': { category: 'maintenance' as const, operations: ['brake-fluid' as const] } } };
    const lexicon = compileLexicon(DEFAULT_LEXICONS, codes);
    const labelled = (code: string | undefined): Invoice => invoice('unknown', line('REMPLACEMENT', code === undefined ? {} : { operationCode: code }));
    const fresh = (inv: Invoice) => classifyInvoice(inv, { lexicon: compileLexicon(DEFAULT_LEXICONS, codes), counter: { steps: 0 } });
    const cases = [labelled(undefined), labelled('ACM-010'), labelled('ACM-020'), labelled(''), labelled('ACM-010')];
    for (const inv of cases) expect(classifyInvoice(inv, { lexicon })).toEqual(fresh(inv));
    // The codes say different work: the memo must not give one code's reading for another.
    expect(classifyInvoice(cases[1] as Invoice, { lexicon }).planOperations).toEqual(['oil-service']);
    expect(classifyInvoice(cases[2] as Invoice, { lexicon }).planOperations).toEqual(['brake-fluid']);
    expect(classifyInvoice(cases[0] as Invoice, { lexicon }).planOperations).toEqual([]);
    // More distinct labels than the memo holds (LINE_CACHE_SIZE, 50,000): cleared once, same answers.
    for (let k = 0; k < 50_010; k++) classifyInvoice(invoice('unknown', line(`PIECE ${k}`, { operationCode: k % 2 === 0 ? `C${k}` : '' })), { lexicon });
    expect(lexicon.lineCache.size).toBeLessThan(50_010);
    for (const inv of cases) expect(classifyInvoice(inv, { lexicon })).toEqual(fresh(inv));
  });

  it('does not modify the invoice', () => {
    const input = invoice('unknown', line('GARANTIE - POMPE'), line('VIDANGE', { kind: 'package' }));
    const copy = structuredClone(input);
    classifyInvoice(input);
    expect(input).toEqual(copy);
  });
});
