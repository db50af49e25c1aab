/** The demo's repurchase section: curves per model against the simulator's truth, call windows, attrition. */
import type { Dataset } from '../domain';
import { attritionSignals, conditionalTiming, fitRepurchaseModel, kaplanMeier, ownershipSpells, repurchaseTiming } from '../repurchase';
import type { AttritionSignalKind, OwnershipSpell, RepurchaseModel } from '../repurchase';
import type { SimulationTruth } from '../simulate';
import { simulatedPlans } from './invoicesSection';
import type { Curves, Table } from './summary';

const DAY = 86_400_000;
const DECISION_MONTHS = 2;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const months = (x: number): string => x.toFixed(1);

export interface RepurchaseSection {
  readonly tables: Table[];
  readonly curves: Curves[];
  readonly model: RepurchaseModel;
}

/**
 * Per model: spells, share repurchased, the fitted median time to repurchase (among owners
 * who buy again) with its 95% interval, the recommended first-contact month at delivery,
 * and the same two figures from the simulator's true laws; the owners whose call window
 * opens in the next 30 days. Then the attrition signals against who truly left.
 */
export function repurchaseSection(dataset: Dataset, truth: SimulationTruth, asOf: Date): RepurchaseSection {
  const spells = ownershipSpells(dataset, { asOf });
  const model = fitRepurchaseModel(spells);
  const byModel = new Map<string, OwnershipSpell[]>();
  for (const s of spells) {
    const list = byModel.get(s.model);
    if (list === undefined) byModel.set(s.model, [s]);
    else list.push(s);
  }

  const asOfMs = asOf.getTime();
  const horizon = asOfMs + 30 * DAY;
  const rows: Array<Array<string | number>> = [];
  const curves: Curves[] = [];
  for (const t of [...truth.models].filter((m) => m.loyalty > 0).sort((a, b) => (a.make + a.model < b.make + b.model ? -1 : 1))) {
    const own = byModel.get(t.model) ?? [];
    const stratum = model.strata.find((s) => s.values.model === t.model);
    if (stratum === undefined || own.length === 0) continue;
    const events = own.filter((s) => s.event).length;
    const fittedMonth = conditionalTiming(stratum, 0, DECISION_MONTHS).medianRemainingMonths - DECISION_MONTHS;
    const trueMonth = conditionalTiming({ shape: t.weibullShape, scale: t.weibullScaleMonths, cureFraction: 1 - t.loyalty }, 0, DECISION_MONTHS).medianRemainingMonths - DECISION_MONTHS;
    // Owners whose call window (the recommended contact date, before the floor at asOf) opens within 30 days.
    let opening = 0;
    for (const s of own) {
      if (s.event || s.endReason !== 'as-of') continue;
      const timing = repurchaseTiming(model, s, { asOf, decisionWindowMonths: DECISION_MONTHS });
      const opens = timing.basis === 'finance-end' ? timing.recommendedContactDate.getTime() : timing.medianPurchaseDate.getTime() - Math.round(DECISION_MONTHS * 30.436875) * DAY;
      if (opens >= asOfMs && opens < horizon) opening++;
    }
    rows.push([
      `${t.make} ${t.model} (${t.tier})`,
      own.length,
      pct(events / own.length),
      `${months(stratum.medianMonths)} (${months(stratum.medianLowerMonths)}–${months(stratum.medianUpperMonths)})`,
      months(t.medianMonths),
      months(fittedMonth),
      months(trueMonth),
      opening,
    ]);
    // The curve of the spells the model fits (leases and balloons follow their contracts).
    const fittedSpells = own.filter((sp) => sp.finance === undefined || !model.params.excludeFinance.includes(sp.finance.kind));
    const km = kaplanMeier(
      fittedSpells.map((sp) => Math.max(sp.durationMonths, 1 / 30.436875)),
      fittedSpells.map((sp) => (sp.event ? 1 : 0)),
      { entry: fittedSpells.map((sp) => Math.min(sp.entryMonths, Math.max(sp.durationMonths, 1 / 30.436875) * (1 - 1e-9))) },
    );
    const last = km.times[km.times.length - 1] ?? 0;
    const fitted: Array<readonly [number, number]> = [];
    for (let m = 0; m <= last + 1.5; m += 1.5) fitted.push([m, stratum.cureFraction + (1 - stratum.cureFraction) * Math.exp(-Math.pow(m / stratum.scale, stratum.shape))]);
    curves.push({ title: `${t.make} ${t.model}`, xLabel: 'months owned', ...thinned(km.times, km.survival, km.lower, km.upper), fitted });
  }
  const perModel: Table = {
    title: 'Repurchase per model: fitted (Weibull with a cure fraction, shrunk towards the make) against the simulator truth',
    columns: ['model', 'spells', 'repurchased', 'median months (95% CI)', 'true median', 'first contact month', 'true month', 'call window opens ≤ 30 days'],
    rows,
  };

  // Attrition signals against who truly left the group.
  const plans = simulatedPlans(truth);
  const kinds = new Map<AttritionSignalKind, { customers: number; lost: number }>();
  let flagged = 0;
  let flaggedLost = 0;
  let lost = 0;
  let buyers = 0;
  for (const c of dataset.customers) {
    if (c.status !== 'customer') continue;
    buyers++;
    const isLost = truth.customers[c.id]?.lost === true;
    if (isLost) lost++;
    const a = attritionSignals(c, dataset, { asOf, plans });
    if (a.atRisk) {
      flagged++;
      if (isLost) flaggedLost++;
    }
    for (const kind of new Set(a.signals.map((s) => s.kind))) {
      const row = kinds.get(kind) ?? { customers: 0, lost: 0 };
      row.customers++;
      if (isLost) row.lost++;
      kinds.set(kind, row);
    }
  }
  const order: AttritionSignalKind[] = ['workshop-silence', 'serviced-elsewhere', 'disposal-without-repurchase', 'competitor-purchase', 'household-addition'];
  const attrition: Table = {
    title: 'Attrition signals (customers with at least one), against the simulator truth',
    columns: ['signal', 'customers', 'of whom truly left the group'],
    rows: [
      ...order.filter((k) => kinds.has(k)).map((k) => {
        const r = kinds.get(k) as { customers: number; lost: number };
        return [k === 'household-addition' ? `${k} (not attrition)` : k, r.customers, r.customers === 0 ? '–' : `${r.lost.toLocaleString('en-GB')} (${pct(r.lost / r.customers)})`];
      }),
      ['at risk (any attrition signal)', flagged, flagged === 0 ? '–' : `${flaggedLost.toLocaleString('en-GB')} (${pct(flaggedLost / flagged)})`],
      ['customers who truly left: flagged', lost, lost === 0 ? '–' : `${flaggedLost.toLocaleString('en-GB')} (${pct(flaggedLost / lost)})`],
      ['customers with a purchase or a visit', buyers, '–'],
    ],
  };
  return { tables: [perModel, attrition], curves, model };
}

/** Keeps the steps where S or its band moved by at least 0.002 (and the last): the picture, without thousands of invisible steps. */
function thinned(times: Float64Array, survival: Float64Array, lower: Float64Array, upper: Float64Array): Pick<Curves, 'times' | 'survival' | 'lower' | 'upper'> {
  const keep: number[] = [];
  let s0 = 1;
  let l0 = 1;
  let u0 = 1;
  for (let j = 0; j < times.length; j++) {
    const s = survival[j] as number;
    const l = lower[j] as number;
    const u = upper[j] as number;
    if (j === times.length - 1 || Math.abs(s - s0) >= 0.002 || Math.abs(l - l0) >= 0.002 || Math.abs(u - u0) >= 0.002) {
      keep.push(j);
      s0 = s;
      l0 = l;
      u0 = u;
    }
  }
  return {
    times: keep.map((j) => times[j] as number),
    survival: keep.map((j) => survival[j] as number),
    lower: keep.map((j) => lower[j] as number),
    upper: keep.map((j) => upper[j] as number),
  };
}
