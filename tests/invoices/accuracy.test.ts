/**
 * Classification accuracy against truths that do not come from the classifier:
 * - hand-labelled invoices (tests/fixtures/invoices/, written by hand, by writers who never saw
 *   the lexicon: tune.json was written before it and used to tune it; validation.json was
 *   written later, measured once (91.3% category, 99.3% payer) and then used to tune;
 *   validation2.json likewise (90.0% category, 99.3% payer, 91.3% operations before tuning);
 *   validation3.json likewise (90.5% category, 97.0% payer, 92.5% operations before tuning);
 *   validation4.json likewise (95.5% category, 97.5% payer, 97.5% operations before tuning);
 *   validation5.json likewise (95.6% category, 97.5% payer, 95.6% operations before tuning);
 *   validation6.json was written blind (before its writer read the lexicon files), measured once
 *   (93.0% category, 94.5% payer, 94.0% operations before tuning) and then used to tune, by
 *   classes of error rather than invoice by invoice (99.5% category, 100% payer, 98.0% operations after);
 *   holdout.json was written before the lexicon and never used to tune it (92% category, 98% payer);
 *   holdout2.json was written later by a writer who never saw the lexicon, measured once
 *   (94.0% category, 97.5% payer, 94.0% operations) and never used to tune it;
 *   holdout3.json was written blind by another writer after tuning on validation5, measured once
 *   (94.0% category, 96.0% payer, 97.5% operations) and never used to tune it;
 *   holdout4.json was written blind (its writer read neither the lexicon nor the classifier, nor
 *   ran it) while the round on validation6 was under way, and measured once after that round:
 *   98.0% category, 99.5% payer, 97.5% operations. Never used to tune.
 *   After the validation6 round the earlier held-out sets measure (their misses still unread):
 *   holdout 95.0/98.0/97.0, holdout2 98.5/97.5/96.0, holdout3 95.5/97.5/98.0 (category/payer/operations).)
 * - the simulator's truth, on a seed the lexicon was not tuned on (tuning used seed 1).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvoiceSchema } from '../../src/domain';
import { classifyInvoice } from '../../src/invoices';
import { simulateDealer } from '../../src/simulate';

interface Labelled {
  readonly id: string;
  readonly invoice: unknown;
  readonly expected: { readonly category: string; readonly payer: string; readonly planOperations: readonly string[] };
}

function accuracy(file: string): { category: number; payer: number; operations: number; n: number } {
  const data = JSON.parse(readFileSync(new URL(`../fixtures/invoices/${file}`, import.meta.url), 'utf8')) as { invoices: Labelled[] };
  let category = 0;
  let payer = 0;
  let operations = 0;
  for (const x of data.invoices) {
    const r = classifyInvoice(InvoiceSchema.parse(x.invoice));
    if (r.category === x.expected.category) category++;
    if (r.payer === x.expected.payer) payer++;
    if (r.planOperations.join() === x.expected.planOperations.join()) operations++;
  }
  const n = data.invoices.length;
  return { category: category / n, payer: payer / n, operations: operations / n, n };
}

describe('classifyInvoice accuracy', () => {
  it.each([
    ['tune.json', 100, 0.99, 0.99],
    ['validation.json', 150, 0.98, 0.98],
    ['validation2.json', 150, 0.98, 0.98],
    ['validation3.json', 200, 0.98, 0.98],
    ['validation4.json', 200, 0.97, 0.98],
    ['validation5.json', 160, 0.98, 0.975],
    ['validation6.json', 200, 0.995, 1],
  ] as const)('on %s (%i hand-labelled invoices, tuned on after a first measurement)', (file, n, category, payer) => {
    const a = accuracy(file);
    expect(a.n).toBe(n);
    expect(a.category).toBeGreaterThanOrEqual(category);
    expect(a.payer).toBeGreaterThanOrEqual(payer);
    expect(a.operations).toBeGreaterThanOrEqual(0.95);
  });

  // Held out (never tuned on; their misses never read): every set meets the bar, 95% category
  // and 97% payer. The floors are what was measured, so a regression shows.
  it.each([
    ['holdout.json', 0.95, 0.98, 0.97],
    ['holdout2.json', 0.985, 0.975, 0.96],
    ['holdout3.json', 0.955, 0.975, 0.98],
    ['holdout4.json', 0.98, 0.995, 0.975],
  ] as const)('on %s (never tuned on): category ≥ %d, payer ≥ %d', (file, category, payer, operations) => {
    const a = accuracy(file);
    expect(a.category).toBeGreaterThanOrEqual(category - 1e-9);
    expect(a.payer).toBeGreaterThanOrEqual(payer - 1e-9);
    expect(a.operations).toBeGreaterThanOrEqual(operations - 1e-9);
  });

  it('on the simulator (seed 777, never tuned on): category ≥ 97%, payer ≥ 99%', () => {
    const { dataset, truth } = simulateDealer({ seed: 777, customers: 4_000, asOf: new Date('2026-06-30T00:00:00Z') });
    let category = 0;
    let payer = 0;
    for (const invoice of dataset.invoices) {
      const t = truth.invoices[invoice.id];
      const r = classifyInvoice(invoice);
      if (r.category === t?.category) category++;
      if (r.payer === t?.payer) payer++;
    }
    const n = dataset.invoices.length;
    expect(n).toBeGreaterThan(10_000);
    expect(category / n).toBeGreaterThanOrEqual(0.97);
    expect(payer / n).toBeGreaterThanOrEqual(0.99);
  });
});
