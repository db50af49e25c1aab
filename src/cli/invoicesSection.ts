/** The demo's workshop section: classification, accuracy against the truth, the due list. */
import type { Dataset, Site } from '../domain';
import { EXAMPLE_PLANS, classifyInvoice, dueServices } from '../invoices';
import type { ClassifiedPayer, DueItem, InvoiceClassification, MaintenancePlan } from '../invoices';
import type { SimulationTruth } from '../simulate';
import { barChart, type VegaLiteSpec } from '../charts';
import type { Table } from './summary';

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
const DAY = 86_400_000;

export interface WorkshopSection {
  readonly tables: Table[];
  readonly charts: VegaLiteSpec[];
  readonly due: DueItem[];
  /** Every invoice's classification, by id (the later sections reuse them). */
  readonly classified: ReadonlyMap<string, InvoiceClassification>;
}

/** The plans of the simulated makes, by make. */
export function simulatedPlans(truth: SimulationTruth): Record<string, MaintenancePlan> {
  const byId = new Map(EXAMPLE_PLANS.map((p) => [p.id, p]));
  const plans: Record<string, MaintenancePlan> = {};
  for (const make of truth.makes) {
    const plan = byId.get(make.planId);
    if (plan !== undefined) plans[make.make] = plan;
  }
  return plans;
}

export function workshopSection(dataset: Dataset, truth: SimulationTruth, asOf: Date): WorkshopSection {
  const classified = new Map<string, InvoiceClassification>();
  for (const invoice of dataset.invoices) classified.set(invoice.id, classifyInvoice(invoice));

  // Category × payer.
  const payers: ClassifiedPayer[] = ['customer', 'warranty', 'internal', 'insurance', 'contract', 'fleet', 'goodwill', 'mixed', 'unknown'];
  const grid = new Map<string, Map<ClassifiedPayer, number>>();
  let reclassified = 0;
  let visits = 0;
  for (const invoice of dataset.invoices) {
    const c = classified.get(invoice.id) as InvoiceClassification;
    let row = grid.get(c.category);
    if (row === undefined) grid.set(c.category, (row = new Map()));
    row.set(c.payer, (row.get(c.payer) ?? 0) + 1);
    if (c.payer !== invoice.payer) reclassified++;
    if (c.countsAsCustomerVisit) visits++;
  }
  const used = payers.filter((p) => [...grid.values()].some((row) => (row.get(p) ?? 0) > 0));
  const n = dataset.invoices.length;
  const byCategory: Table = {
    title: 'Workshop invoices by category and payer (classified)',
    columns: ['category', ...used, 'total'],
    rows: [...grid.entries()]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .map(([category, row]) => [category, ...used.map((p) => row.get(p) ?? 0), [...row.values()].reduce((x, y) => x + y, 0)]),
  };

  // Accuracy against the simulator's truth.
  let category = 0;
  let payer = 0;
  for (const invoice of dataset.invoices) {
    const t = truth.invoices[invoice.id];
    const c = classified.get(invoice.id) as InvoiceClassification;
    if (t?.category === c.category) category++;
    if (t?.payer === c.payer) payer++;
  }
  const quality: Table = {
    title: 'Classification',
    columns: ['', 'value'],
    rows: [
      ['invoices classified', n],
      ['payer reclassified from the header (header unknown or wrong)', n === 0 ? '–' : `${reclassified.toLocaleString('en-GB')} (${pct(reclassified / n)})`],
      ['invoices that count as customer visits', n === 0 ? '–' : `${visits.toLocaleString('en-GB')} (${pct(visits / n)})`],
      ['category accuracy vs the simulator truth', n === 0 ? '–' : pct(category / n)],
      ['payer accuracy vs the simulator truth', n === 0 ? '–' : pct(payer / n)],
    ],
  };

  // The due list.
  const due = dueServices(dataset, { asOf, horizonDays: 30, classified, plans: simulatedPlans(truth), defaultPlan: EXAMPLE_PLANS.find((p) => p.id === 'example-generic') as MaintenancePlan });
  const sites = new Map<string, Site>(dataset.sites.map((s) => [s.id, s]));
  const perSite = new Map<string, { vehicles: Set<string>; overdue: Set<string>; service: number; inspection: number; tyres: number }>();
  for (const item of due) {
    const key = item.siteId ?? '–';
    let row = perSite.get(key);
    if (row === undefined) perSite.set(key, (row = { vehicles: new Set(), overdue: new Set(), service: 0, inspection: 0, tyres: 0 }));
    row.vehicles.add(item.vehicleId);
    if (item.status === 'overdue') row.overdue.add(item.vehicleId);
    row[item.kind]++;
  }
  const dueTable: Table = {
    title: 'Vehicles due or overdue (next 30 days), per site',
    columns: ['site', 'name', 'vehicles due', 'of which overdue', 'services', 'tests', 'tyres'],
    rows: [...perSite.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, r]) => [id, sites.get(id)?.name ?? '', r.vehicles.size, r.overdue.size, r.service, r.inspection, r.tyres]),
  };
  const vehicles = new Map(dataset.vehicles.map((v) => [v.id, v]));
  const sheet = [...due].sort((a, b) => a.daysOverdue - b.daysOverdue || a.dueDate.getTime() - b.dueDate.getTime()).filter((i) => i.status !== 'due-soon').slice(0, 8);
  const callSheet: Table = {
    title: 'Call sheet (first lines: due now, least overdue first)',
    columns: ['customer', 'vehicle', 'last visit', 'what is due', 'due', 'why'],
    rows: sheet.map((i) => {
      const v = vehicles.get(i.vehicleId);
      return [
        i.customerId,
        `${v?.make ?? ''} ${v?.model ?? ''}`.trim(),
        i.lastVisit === undefined ? '–' : i.lastVisit.date.toISOString().slice(0, 10),
        i.kind === 'service' ? `${i.operation ?? 'service'}` : i.kind,
        `${i.dueDate.toISOString().slice(0, 10)} (${i.status})`,
        i.reason.length > 90 ? `${i.reason.slice(0, 87)}…` : i.reason,
      ];
    }),
  };

  // Due work per week, from 12 weeks back (recently overdue) to the horizon.
  const weeks = new Map<number, number>();
  let older = 0;
  const start = asOf.getTime();
  for (const item of due) {
    const w = Math.floor((item.dueDate.getTime() - start) / (7 * DAY));
    if (w < -12) older++;
    else weeks.set(w, (weeks.get(w) ?? 0) + 1);
  }
  for (let w = -12; w <= 4; w++) if (!weeks.has(w)) weeks.set(w, 0);
  const sortedWeeks = [...weeks.entries()].sort((a, b) => a[0] - b[0]);
  const perWeek: VegaLiteSpec[] = sortedWeeks.length === 0 ? [] : [
    barChart(sortedWeeks.map(([w, n]) => ({ label: w < 0 ? `${w}w` : `+${w}w`, value: n })), {
      title: `Due work per week of its due date, relative to the batch day (plus ${older.toLocaleString('en-GB')} items overdue for more than 12 weeks)`,
      unit: 'items due',
      axisTitle: 'week of the due date',
    }),
  ];
  return { tables: [byCategory, quality, dueTable, callSheet], charts: perWeek, due, classified };
}
