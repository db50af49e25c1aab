/**
 * The relance command-line interface: the only place in relance with I/O and a clock.
 *
 * `relance demo` simulates a dealer group, validates it, prints a readable summary and
 * writes a self-contained HTML report.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDataset } from '../domain';
import { RelanceError, formatIssues } from '../errors';
import { simulateDealer } from '../simulate';
import { USAGE, UsageError, parseArgs } from './args';
import type { DemoArgs } from './args';
import { barChart, calibrationChart, calibrationPoints, gainsChart, liftIntervalsChart, rfmGridChart, survivalCurvesChart, type CalibrationSeries, type VegaLiteSpec } from '../charts';
import { RF_GRID_SEGMENTS } from '../rfm';
import { chartTitle, loadChartRenderer, MissingRendererError, type ChartRenderer } from './renderChart';
import { chartFigure, reportHtml, sectionHtml, tableHtml, tableText } from './render';
import { rfmSection } from './rfmSection';
import { propensitySection, type PropensitySection } from './propensitySection';
import { pressureSection } from './pressureSection';
import { planSection } from './planSection';
import { repurchaseSection } from './repurchaseSection';
import { simulatedPlans, workshopSection } from './invoicesSection';
import { baseTable, modelTable, perYear, siteTable, type Table } from './summary';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The response model's gains (beside the simulator's true probabilities on the same rows) and
 * its calibration: observed rate per decile of score, and the mean true probability.
 */
function propensityCharts(p: PropensitySection): VegaLiteSpec[] {
  const charts: VegaLiteSpec[] = [];
  if (p.evaluation.positives > 0 && p.evaluation.positives < p.evaluation.n) {
    charts.push(
      gainsChart(
        [{ name: 'the model', gains: p.evaluation.gains }, ...(p.truthEvaluation === null ? [] : [{ name: 'the true probabilities', gains: p.truthEvaluation.gains }])],
        { title: 'Cumulative gains of the response model on held-out contacts' },
      ),
    );
  }
  const series: CalibrationSeries[] = [];
  const observed = p.calibrationByDecile.filter((d) => d.rows > 0).map((d) => ({ predicted: d.meanPredicted, observed: d.observedRate, rows: d.rows }));
  if (observed.length > 0) series.push({ name: 'observed rate (per decile of score)', points: observed });
  const truePoints = p.calibrationByDecile.filter((d) => d.rows > 0 && d.meanTrue !== null).map((d) => ({ predicted: d.meanPredicted, observed: d.meanTrue as number }));
  if (truePoints.length > 0) series.push({ name: 'mean true probability', points: truePoints });
  if (series.length === 0 && p.evaluation.calibration !== null) series.push({ name: 'observed rate', points: calibrationPoints(p.evaluation.calibration) });
  if (series.length > 0) charts.push(calibrationChart(series, { title: 'Calibration of the response model: predicted against observed, per decile' }));
  return charts;
}

async function demo(args: DemoArgs): Promise<void> {
  const progress = (text: string): void => {
    if (!args.quiet) process.stderr.write(`relance: ${text}\n`);
  };
  const asOf = args.asOf ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const asOfText = asOf.toISOString().slice(0, 10);
  const started = performance.now();
  // Load the chart renderer first: a missing optional dependency is said before minutes of work.
  const render: ChartRenderer = await loadChartRenderer();
  const timed = <T>(label: string, run: () => T): T => {
    progress(`${label}…`);
    const t0 = performance.now();
    const value = run();
    progress(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return value;
  };

  const { dataset: simulated, truth } = timed(`simulating ${args.customers.toLocaleString('en-GB')} customers as of ${asOfText}`, () =>
    simulateDealer({ seed: args.seed, customers: args.customers, asOf, years: args.years, sites: args.sites }),
  );
  const { dataset, report } = timed('validating the dataset', () => parseDataset(simulated, { onInvalid: 'collect', asOf }));
  const records = Object.values(report.read).reduce((a, b) => a + b, 0);

  const workshop = timed('classifying invoices and listing what is due', () => workshopSection(dataset, truth, asOf));
  const repurchase = timed('fitting repurchase curves and reading attrition signals', () => repurchaseSection(dataset, truth, asOf));
  const activity = timed('scoring activity (RFM, RFC, cadence)', () => rfmSection(dataset, truth, asOf, workshop.classified));
  const propensity = timed('training and testing propensity models', () => propensitySection(dataset, asOf, workshop.classified, truth));
  const pressure = timed('governing the contacts', () => pressureSection(dataset, asOf, workshop.due, activity.winBack));
  const day = timed("planning the day's contacts and replaying them", () =>
    planSection(dataset, truth, asOf, simulatedPlans(truth), { repurchase: repurchase.model, propensity: propensity.model }, workshop.classified),
  );
  const tables = [baseTable(dataset), modelTable(dataset), siteTable(dataset), ...workshop.tables, ...repurchase.tables, ...activity.tables, ...propensity.tables, ...pressure.tables, ...day.tables];
  const perYearChart = (title: string, unit: string, dates: readonly Date[]): VegaLiteSpec[] => {
    const bars = perYear(title, unit, dates).bars.map(([label, value]) => ({ label, value }));
    return bars.length === 0 ? [] : [barChart(bars, { title, unit })];
  };
  // The report: each module's tables, then its charts (Vega-Lite specs from relance/charts, rendered to inline SVG).
  const modules: Array<{ heading: string; tables: readonly Table[]; charts: readonly VegaLiteSpec[] }> = [
    {
      heading: 'The base',
      tables: [baseTable(dataset), modelTable(dataset), siteTable(dataset)],
      charts: [...perYearChart('Vehicle sales per year', 'sales', dataset.sales.map((s) => s.date)), ...perYearChart('Workshop invoices per year', 'invoices', dataset.invoices.map((i) => i.date))],
    },
    { heading: 'Workshop invoices and what is due', tables: workshop.tables, charts: workshop.charts },
    {
      heading: 'Repurchase',
      tables: repurchase.tables,
      charts: repurchase.curves.length === 0 ? [] : [
        survivalCurvesChart(repurchase.curves.map((c) => ({ name: c.title, times: c.times, survival: c.survival, lower: c.lower, upper: c.upper, fitted: c.fitted })), {
          title: 'Owners not yet repurchased, per model (left truncation at the history start)',
          timeLabel: 'months owned',
          stepName: 'Kaplan–Meier (95% band)',
          fittedName: 'fitted Weibull with cure',
        }),
      ],
    },
    {
      heading: 'Activity (RFM)',
      tables: activity.tables,
      charts: activity.scores.length === 0 ? [] : [rfmGridChart(activity.scores, { segments: RF_GRID_SEGMENTS, title: 'Workshop customers on the R×F grid (colour: customers; label: segment)' })],
    },
    { heading: 'Propensity', tables: propensity.tables, charts: propensityCharts(propensity) },
    { heading: 'Contact pressure', tables: pressure.tables, charts: pressure.charts },
    {
      heading: "The day's plan and its lift",
      tables: day.tables,
      charts: day.liftIntervals.length === 0 ? [] : [
        liftIntervalsChart(day.liftIntervals, { title: 'Lift measured by the holdouts on the replayed plan (Newcombe 95% interval) and the true effect (tick)' }),
      ],
    },
  ];
  const validation = `${records.toLocaleString('en-GB')} records validated, ${report.rejected.length} rejected` +
    (report.issueCount > 0 ? `\n${formatIssues(report.issues, report.issueCount)}` : '');

  const heading = `relance demo: simulated dealer group (seed ${args.seed}, ${args.years} years to ${asOfText}, ${args.sites} sites)`;
  process.stdout.write(`\n${heading}\n${'═'.repeat(heading.length)}\n\n${tables.map(tableText).join('\n\n')}\n\nValidation\n──────────\n${validation}\n`);

  const outDir = resolve(args.out);
  const file = join(outDir, 'report.html');
  progress('drawing the charts and writing the report…');
  const t0 = performance.now();
  const sections: string[] = [];
  let chartCount = 0;
  for (const m of modules) {
    const parts = [...m.tables.map(tableHtml)];
    for (const spec of m.charts) {
      parts.push(chartFigure(chartTitle(spec), await render(spec)));
      chartCount++;
    }
    sections.push(sectionHtml(m.heading, parts));
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(file, reportHtml(heading, `Generated by relance ${version()} on the simulated dealer group. ${validation.split('\n')[0]}.`, sections));
  progress(`drawing the charts and writing the report: ${chartCount} charts, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.stdout.write(`\nReport: ${file} (${chartCount} charts)\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.command === 'version') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    await demo(args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`relance: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof MissingRendererError) {
      process.stderr.write(`relance: ${error.message}\n`);
      return 1;
    }
    if (error instanceof RelanceError) {
      process.stderr.write(`relance: ${error.message}\n${error.issues.length > 0 ? `${formatIssues(error.issues, error.issueCount)}\n` : ''}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
