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

  it('does not modify the invoice', () => {
    const input = invoice('unknown', line('GARANTIE - POMPE'), line('VIDANGE', { kind: 'package' }));
    const copy = structuredClone(input);
    classifyInvoice(input);
    expect(input).toEqual(copy);
  });
});
