/** The demo's activity section: RFM segments of workshop visits and e-mail clicks, inactivity against each customer's rhythm. */
import type { Dataset } from '../domain';
import type { InvoiceClassification } from '../invoices';
import { cadenceInactivity, engagementRfmEvents, expectedPurchases, fitBgNbd, probabilityAlive, RF_GRID_SEGMENTS, rfmScores, rfmSegments, rfmSummary, workshopVisitEvents } from '../rfm';
import type { ActivityStatus, RfmScore, RfmSummaryRow } from '../rfm';
import type { SimulationTruth } from '../simulate';
import { simulatedPlans } from './invoicesSection';
import type { Table } from './summary';

const DAYS_PER_MONTH = 30.436875;
const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

export interface RfmSection {
  readonly tables: Table[];
  /** The workshop customers' R, F, M scores (the report draws the R×F grid from them). */
  readonly scores: readonly RfmScore[];
  /** The workshop-visit summaries (the BG/NBD section reads them). */
  readonly visits: readonly RfmSummaryRow[];
  /** Customers in a "to win back" segment of the workshop-visit RFM. */
  readonly winBack: readonly string[];
}

/**
 * RFM segments of workshop visits (invoices that count as the customer's own visit) and of
 * e-mail clicks (RFC), the "to win back" share, and inactivity against each customer's own
 * rhythm (their median gap, else their vehicles' shortest plan interval), set against the
 * simulator's truth of who left the group.
 */
export function rfmSection(dataset: Dataset, truth: SimulationTruth, asOf: Date, classified: ReadonlyMap<string, InvoiceClassification>): RfmSection {
  const visitEvents = workshopVisitEvents(dataset.invoices, { classified });
  const visits = rfmSummary(visitEvents, { asOf });
  const visitScores = rfmScores(visits);
  const visitSegments = rfmSegments(visitScores);
  const clicks = rfmSummary(engagementRfmEvents(dataset.engagement, ['click']), { asOf });
  const clickSegments = rfmSegments(rfmScores(clicks, { monetaryField: 'total' }));

  const clickCounts = new Map(clickSegments.counts);
  const segmentTable: Table = {
    title: 'RFM segments (R×F grid, scores 1–5 by rank): workshop visits and e-mail clicks (RFC)',
    columns: ['segment', 'workshop customers', 'share', 'e-mail clickers', 'share', 'to win back'],
    rows: [
      ...visitSegments.counts.map(([name, n]) => {
        const c = clickCounts.get(name) ?? 0;
        return [name, n, pct(n, visits.length), c, pct(c, clicks.length), RF_GRID_SEGMENTS.winBack.includes(name) ? 'yes' : ''];
      }),
      ['all', visits.length, '100.0%', clicks.length, '100.0%', ''],
      ['to win back', visitSegments.winBack, pct(visitSegments.winBack, visits.length), clickSegments.winBack, pct(clickSegments.winBack, clicks.length), ''],
    ],
  };

  // Inactivity against the rhythm: the customer's own median gap from 3 gaps, else the
  // shortest time interval of their vehicles' plans (the service they should come for).
  const plans = simulatedPlans(truth);
  const planGap = new Map<string, number>();
  const makeOf = new Map(dataset.vehicles.map((v) => [v.id, v.make]));
  for (const s of dataset.sales) {
    const plan = plans[makeOf.get(s.vehicleId) ?? ''];
    if (plan === undefined) continue;
    const months = Math.min(...plan.items.map((i) => i.everyMonths ?? Infinity));
    if (!Number.isFinite(months)) continue;
    const days = Math.round(months * DAYS_PER_MONTH);
    planGap.set(s.customerId, Math.min(planGap.get(s.customerId) ?? Infinity, days));
  }
  const cadence = cadenceInactivity(visitEvents, { asOf, expectedGap: planGap, defaultGapDays: 365 });
  const statuses: ActivityStatus[] = ['active', 'lapsing', 'inactive', 'lost'];
  const byStatus = new Map(statuses.map((s) => [s, { n: 0, left: 0, own: 0 }]));
  for (const c of cadence) {
    const b = byStatus.get(c.status) as { n: number; left: number; own: number };
    b.n++;
    if (truth.customers[c.customerId]?.lost === true) b.left++;
    if (c.gapSource === 'own') b.own++;
  }
  const notActive = cadence.filter((c) => c.status !== 'active').length;
  const cadenceTable: Table = {
    title: "Workshop activity against each customer's rhythm (time since the last visit ÷ their median gap, else their plan's interval)",
    columns: ['status', 'customers', 'share', 'own rhythm known', 'truly left the group'],
    rows: [
      ...statuses.map((s) => {
        const b = byStatus.get(s) as { n: number; left: number; own: number };
        return [s, b.n, pct(b.n, cadence.length), b.own, `${b.left.toLocaleString('en-GB')} (${pct(b.left, b.n)})`];
      }),
      ['not active (lapsing, inactive, lost)', notActive, pct(notActive, cadence.length), '', ''],
    ],
  };

  // Buy-till-you-die on service visits: P(alive) deciles against who truly left.
  const bgNbd = fitBgNbd(visits);
  const alive = visits.map((v) => ({ id: v.customerId, p: probabilityAlive(bgNbd, v), next: expectedPurchases(bgNbd, 365, v) }));
  alive.sort((a, b) => a.p - b.p || (a.id < b.id ? -1 : 1));
  const deciles: Array<Array<string | number>> = [];
  for (let k = 0; k < 10; k++) {
    const part = alive.slice(Math.floor((k * alive.length) / 10), Math.floor(((k + 1) * alive.length) / 10));
    if (part.length === 0) continue;
    const left = part.filter((a) => truth.customers[a.id]?.lost === true).length;
    const mean = (f: (a: (typeof part)[number]) => number): number => part.reduce((t, a) => t + f(a), 0) / part.length;
    deciles.push([`${k + 1}`, part.length, `${(part[0] as { p: number }).p.toFixed(3)}–${(part[part.length - 1] as { p: number }).p.toFixed(3)}`, mean((a) => a.p).toFixed(3), mean((a) => a.next).toFixed(2), `${left.toLocaleString('en-GB')} (${pct(left, part.length)})`]);
  }
  const aliveTable: Table = {
    title: `P(alive) deciles for service visits (BG/NBD in days: r = ${bgNbd.r.toFixed(3)}, α = ${bgNbd.alpha.toFixed(1)}, a = ${bgNbd.a.toFixed(3)}, b = ${bgNbd.b.toFixed(3)}${bgNbd.converged ? '' : ', not converged'}); a customer with one visit has P(alive) = 1 by the model's construction (it can only die after a purchase), which fills the top decile`,
    columns: ['decile', 'customers', 'P(alive) range', 'mean P(alive)', 'expected visits next 365 days', 'truly left the group'],
    rows: deciles,
  };

  return {
    tables: [segmentTable, cadenceTable, aliveTable],
    scores: visitScores,
    visits,
    winBack: visitSegments.assignments.filter((a) => a.winBack).map((a) => a.customerId),
  };
}
