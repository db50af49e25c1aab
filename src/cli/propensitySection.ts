/**
 * The demo's propensity section: a response model trained on the simulated past campaign
 * responses and read against the simulator's true probabilities, the three best-scored
 * customers with their reasons; and the purchase model the day's plan scores repurchase with.
 */
import type { ContactEvent, Dataset } from '../domain';
import { hashString } from '../internal/hash';
import type { InvoiceClassification } from '../invoices';
import {
  buildFeatures,
  buildResponseTable,
  evaluateScores,
  explainScore,
  scorePropensity,
  trainPropensity,
  type FeatureTable,
  type PropensityModel,
  type ResponseTable,
  type ScoreEvaluation,
} from '../propensity';
import { replaySchedule, type SimulationTruth } from '../simulate';
import type { Table } from './summary';

const DAY = 86_400_000;
const HORIZON_DAYS = 365;
/** The contact the best-scored customers are scored for today. */
const TODAY_CONTACT = { topic: 'promotion', channel: 'email' } as const;

/** One decile of the held-out contacts ranked by the model's score, highest first. */
export interface DecileCalibration {
  /** 1 for the highest scores … 10. */
  readonly decile: number;
  readonly rows: number;
  /** Mean of the model's probabilities. */
  readonly meanPredicted: number;
  /** Share of the contacts that were answered. */
  readonly observedRate: number;
  /** Mean of the simulator's true probabilities; `null` without the truth. */
  readonly meanTrue: number | null;
}

export interface PropensitySection {
  readonly tables: Table[];
  /** The purchase model (a vehicle bought within a year): the day's plan ranks the repurchase campaign with it. */
  readonly model: PropensityModel;
  /** The response model, trained on the past campaign responses. */
  readonly responseModel: PropensityModel;
  /** `evaluateScores` of the response model on the held-out contacts (its `gains` and `calibration` feed the report's charts). */
  readonly evaluation: ScoreEvaluation;
  /** The same rows and outcomes scored by the simulator's true probabilities; `null` without the truth. */
  readonly truthEvaluation: ScoreEvaluation | null;
  /** Per decile of the model's score on the held-out contacts: mean predicted, observed rate, mean true probability. */
  readonly calibrationByDecile: readonly DecileCalibration[];
}

const heldOut = (id: string): boolean => hashString(id, 8) % 5 === 0;
const fmt = (x: number | null, digits: number): string => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const day = (d: Date): string => d.toISOString().slice(0, 10);
const count = (n: number): string => n.toLocaleString('en-GB');

/** The rows of a table whose customer is held out (20%, on a hash of the id), or the others. */
function split<T extends FeatureTable & { readonly ids: readonly string[] }>(t: T, test: boolean): T & { labels: Uint8Array } {
  const keep: number[] = [];
  t.ids.forEach((id, i) => {
    if (heldOut(id) === test) keep.push(i);
  });
  const data = new Float64Array(keep.length * t.cols);
  const labels = new Uint8Array(keep.length);
  keep.forEach((i, k) => {
    data.set(t.data.subarray(i * t.cols, (i + 1) * t.cols), k * t.cols);
    labels[k] = (t.labels as ArrayLike<number>)[i] as number;
  });
  const contactIds = (t as { contactIds?: readonly string[] }).contactIds;
  return {
    ...t,
    rows: keep.length,
    data,
    labels,
    ids: keep.map((i) => t.ids[i] as string),
    ...(contactIds === undefined ? {} : { contactIds: keep.map((i) => contactIds[i] as string) }),
  };
}

/** The simulator's probability that each contact is answered, as `replaySchedule` computes it (the drawn outcome is not used). */
function trueProbabilities(truth: SimulationTruth, dataset: Dataset, t: ResponseTable): Float64Array {
  const byId = new Map<string, ContactEvent>();
  for (const c of dataset.contacts) byId.set(c.id, c);
  const schedule = t.contactIds.map((id) => {
    const c = byId.get(id) as ContactEvent;
    return { customerId: c.customerId, topic: c.topic, channel: c.channel, date: c.sentAt, campaignId: c.campaignId, contacted: c.deliveryStatus === 'delivered' };
  });
  return Float64Array.from(replaySchedule(truth, schedule), (o) => o.probability);
}

/** Deciles of the rows ranked by score (highest first, ties in row order), as `evaluateScores` cuts them. */
function decilesOf(scores: ArrayLike<number>, labels: ArrayLike<number>, truth: ArrayLike<number> | null): DecileCalibration[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const out: DecileCalibration[] = [];
  for (let k = 1; k <= 10; k++) {
    const from = Math.ceil(((k - 1) * n) / 10);
    const to = Math.ceil((k * n) / 10);
    let p = 0;
    let y = 0;
    let t = 0;
    for (let r = from; r < to; r++) {
      const i = order[r] as number;
      p += scores[i] as number;
      y += labels[i] as number;
      if (truth !== null) t += truth[i] as number;
    }
    const rows = to - from;
    out.push({ decile: k, rows, meanPredicted: rows === 0 ? Number.NaN : p / rows, observedRate: rows === 0 ? Number.NaN : y / rows, meanTrue: truth === null || rows === 0 ? null : t / rows });
  }
  return out;
}

/**
 * The response model: the customers' features a year before `asOf`, one row per contact
 * delivered in the year to `asOf` (less 30 days for the answer), labelled by whether it was
 * answered; a logistic model trained on 80% of the customers and read on the other 20% against
 * the simulator's true probabilities (given `truth`); today's three best-scored customers for a
 * promotion e-mail with their reasons. Then the purchase model (a vehicle within a year), which
 * the day's plan uses.
 */
export function propensitySection(dataset: Dataset, asOf: Date, classified: ReadonlyMap<string, InvoiceClassification>, truth?: SimulationTruth): PropensitySection {
  const trainAsOf = new Date(asOf.getTime() - HORIZON_DAYS * DAY);

  // Response to a campaign contact.
  const past = buildResponseTable(dataset, { asOf: trainAsOf, until: asOf, classified });
  const train = split(past, false);
  const test = split(past, true);
  const responseModel = trainPropensity(train, { algorithm: 'logistic' });
  const scores = scorePropensity(responseModel, test);
  const evaluation = evaluateScores(test.labels, scores);
  const trueP = truth === undefined ? null : trueProbabilities(truth, dataset, test);
  const truthEvaluation = trueP === null ? null : evaluateScores(test.labels, trueP);
  const calibrationByDecile = decilesOf(scores, test.labels, trueP);
  const customersIn = (t: { ids: readonly string[] }): number => new Set(t.ids).size;

  const metrics = (name: string, e: ScoreEvaluation): Array<string | number> => [name, fmt(e.rocAuc, 3), fmt(e.prAuc, 3), fmt(e.topDecileLift, 2), fmt(e.brier, 4), fmt(e.logLoss, 4)];
  const responseTable: Table = {
    title: `Response to a campaign contact, learned from past campaign responses: trained on ${count(train.rows)} contacts (${count(responseModel.training.positives)} answered) of ${count(customersIn(train))} customers, tested on ${count(test.rows)} contacts (${count(evaluation.positives)} answered) of ${count(customersIn(test))} others`,
    columns: ['scores', 'ROC AUC', 'PR AUC', 'top-decile lift', 'Brier', 'log loss'],
    rows: [metrics('the model', evaluation), ...(truthEvaluation === null ? [] : [metrics('the simulator’s true probabilities', truthEvaluation)])],
  };
  const calibration: Table = {
    title: `Calibration by decile of the model’s score on the ${count(test.rows)} test contacts (1 = highest scores)${trueP === null ? '' : ', against the simulator’s true probabilities'}`,
    columns: ['decile', 'contacts', 'mean predicted', 'observed rate', ...(trueP === null ? [] : ['mean true probability'])],
    rows: calibrationByDecile.map((d) => [d.decile, d.rows, pct(d.meanPredicted), pct(d.observedRate), ...(trueP === null ? [] : [pct(d.meanTrue)])]),
  };
  const coefficients = responseModel.algorithm === 'logistic' ? responseModel.learned.coefficients : [];
  const drivers: Table = {
    title: `What drives response (customers as of ${day(trainAsOf)}, contacts delivered from then to ${day(new Date(asOf.getTime() - 30 * DAY))}): the largest logistic coefficients, log-odds per standard deviation`,
    columns: ['feature', 'coefficient'],
    rows: responseModel.featureNames
      .map((name, j) => ({ name, beta: coefficients[j] as number }))
      .sort((a, b) => Math.abs(b.beta) - Math.abs(a.beta))
      .slice(0, 8)
      .map((s) => [s.name, fmt(s.beta, 3)]),
  };

  // Today's three best-scored customers for a promotion e-mail, each with the reasons of the score.
  const today = buildResponseTable(dataset, { asOf, planned: TODAY_CONTACT, encodings: past.encodings, classified });
  const todayScores = scorePropensity(responseModel, today);
  const order = Array.from({ length: today.rows }, (_, i) => i).sort((a, b) => (todayScores[b] as number) - (todayScores[a] as number) || ((today.ids[a] as string) < (today.ids[b] as string) ? -1 : 1));
  const contactColumn = (name: string): boolean => name.startsWith('topic=') || name.startsWith('channel=');
  const best: Table = {
    title: `The three best-scored customers today for a ${TODAY_CONTACT.topic} e-mail, and why (against the average contact; the topic and channel, the same for all, left out)`,
    columns: ['customer, then the top reasons of the score', 'P(answers)'],
    rows: order.slice(0, 3).flatMap((i) => {
      const row: Record<string, number> = {};
      today.featureNames.forEach((n, j) => (row[n] = today.data[i * today.cols + j] as number));
      const why = explainScore(responseModel, row, { top: today.cols });
      const reasons = why.top.filter((c) => !contactColumn(c.feature)).slice(0, 3);
      return [[today.ids[i] as string, pct(why.probability)], ...reasons.map((c) => [`  ${c.text}`, ''])];
    }),
  };

  // The purchase model, which the day's plan uses for the repurchase campaign.
  const table = buildFeatures(dataset, { asOf: trainAsOf, target: { kind: 'vehicle-purchase', horizonDays: HORIZON_DAYS }, classified });
  const pTrain = split(table, false);
  const pTest = split(table, true);
  const logistic = trainPropensity({ ...pTrain, encodings: table.encodings } as FeatureTable, { algorithm: 'logistic' });
  const forest = trainPropensity(pTrain, { algorithm: 'random-forest', seed: 1, nEstimators: 100, minSamplesLeaf: 5 });
  const purchase: Table = {
    title: `Propensity to buy a vehicle within ${HORIZON_DAYS} days (the day’s plan ranks repurchase with the logistic one): features at ${day(trainAsOf)}, trained on ${count(pTrain.rows)} customers, tested on ${count(pTest.rows)} others`,
    columns: ['model', 'test customers', 'buyers', 'ROC AUC', 'PR AUC', 'top-decile lift', 'Brier'],
    rows: ([['logistic regression', logistic], ['random forest (100 trees)', forest]] as const).map(([name, m]) => {
      const e = evaluateScores(pTest.labels, scorePropensity(m, pTest));
      return [name, pTest.rows, e.positives, fmt(e.rocAuc, 3), fmt(e.prAuc, 3), fmt(e.topDecileLift, 2), fmt(e.brier, 4)];
    }),
  };
  return { tables: [responseTable, calibration, drivers, best, purchase], model: logistic, responseModel, evaluation, truthEvaluation, calibrationByDecile };
}
