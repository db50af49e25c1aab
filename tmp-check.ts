import { simulateDealer } from './src/simulate';
import { ownershipSpells, fitRepurchaseModel, repurchaseTiming } from './src/repurchase';
const asOf = new Date('2026-06-30T00:00:00Z');
const { dataset, truth } = simulateDealer({ seed: 5, customers: 20000, asOf, years: 8 });
const spells = ownershipSpells(dataset, { asOf });
console.time('fit');
const model = fitRepurchaseModel(spells);
console.timeEnd('fit');
console.log(model.family, model.aic, model.spellsUsed, model.spellsExcluded);
for (const s of model.strata) {
  const t = truth.models.find((m) => m.model === s.values.model);
  console.log(s.key.padEnd(30), s.spells, s.events, s.shape.toFixed(2), s.scale.toFixed(1), s.cureFraction.toFixed(2), `${s.medianMonths.toFixed(1)} [${s.medianLowerMonths.toFixed(1)}, ${s.medianUpperMonths.toFixed(1)}]`, t ? `truth k=${t.weibullShape} med=${t.medianMonths} cure=${(1 - t.loyalty).toFixed(2)}` : '');
}
const open = spells.filter((s) => !s.event && s.endReason === 'as-of');
console.log(repurchaseTiming(model, open[0]!, { asOf }));
console.log(repurchaseTiming(model, open[1]!, { asOf, method: 'threshold' }));
