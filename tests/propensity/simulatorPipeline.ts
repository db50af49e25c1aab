/**
 * The pipeline of tests/propensity/simulator.test.ts, shared with the analysis script
 * tests/propensity/simulatorGap.ts: a response model trained on the simulator's past campaign
 * responses, read against the simulator's true probabilities on the same rows and outcomes.
 */
import { hashString } from '../../src/internal/hash';
import type { ContactEvent } from '../../src/domain';
import { buildResponseTable, evaluateScores, scorePropensity, trainPropensity, type PropensityModel, type ResponseTable } from '../../src/propensity';
import { replaySchedule, simulateDealer, type SimulationTruth } from '../../src/simulate';

export const asOf = new Date('2025-06-30T00:00:00Z');
export const trainAsOf = new Date('2024-06-30T00:00:00Z');
const DAY = 86_400_000;

/** The 20% of customers held out of training. */
export const heldOut = (customerId: string): boolean => hashString(customerId, 8) % 5 === 0;

/** Outcomes with, for each, the model's score, the true probability and the customer. */
export interface Reading {
  readonly labels: number[];
  readonly model: number[];
  readonly truth: number[];
  readonly customers: string[];
}

/** What one run gives. */
export interface PipelineRun {
  readonly train: ResponseTable;
  readonly model: PropensityModel;
  /** The held-out customers' contacts of the training year, replayed. */
  readonly contacts: Reading;
  /** One promotion e-mail to every held-out customer on each of the days after `asOf`. */
  readonly promotion: Reading;
  /** The same, with the latent engagement and adherence as two more columns. */
  readonly latentContacts: Reading;
  readonly latentPromotion: Reading;
}

/** The rows of a table whose customer satisfies `keep`, optionally with extra columns per row. */
export function rowsOf(t: ResponseTable, keep: (customerId: string) => boolean, extra?: (customerId: string) => readonly number[], extraNames: readonly string[] = []): ResponseTable {
  const idx: number[] = [];
  t.ids.forEach((id, i) => {
    if (keep(id)) idx.push(i);
  });
  const cols = t.cols + extraNames.length;
  const data = new Float64Array(idx.length * cols);
  idx.forEach((i, k) => {
    data.set(t.data.subarray(i * t.cols, (i + 1) * t.cols), k * cols);
    if (extra !== undefined) data.set(extra(t.ids[i] as string), k * cols + t.cols);
  });
  return {
    ...t,
    featureNames: [...t.featureNames, ...extraNames],
    rows: idx.length,
    cols,
    data,
    ids: idx.map((i) => t.ids[i] as string),
    contactIds: idx.map((i) => t.contactIds[i] as string),
    ...(t.labels === undefined ? {} : { labels: Uint8Array.from(idx, (i) => (t.labels as Uint8Array)[i] as number) }),
  };
}

function replayContacts(truth: SimulationTruth, contacts: ReadonlyMap<string, ContactEvent>, test: ResponseTable, scores: Float64Array, replays: number): Reading {
  const r: Reading = { labels: [], model: [], truth: [], customers: [] };
  for (let k = 0; k < replays; k++) {
    const schedule = test.contactIds.map((id) => {
      const c = contacts.get(id) as ContactEvent;
      return { customerId: c.customerId, topic: c.topic, channel: c.channel, date: c.sentAt, campaignId: `replay-${k}:${c.campaignId}` };
    });
    replaySchedule(truth, schedule).forEach((o, i) => {
      r.labels.push(o.converted ? 1 : 0);
      r.model.push(scores[i] as number);
      r.truth.push(o.probability);
      r.customers.push(o.customerId);
    });
  }
  return r;
}

function replayPromotion(truth: SimulationTruth, today: ResponseTable, scores: Float64Array, replays: number): Reading {
  const r: Reading = { labels: [], model: [], truth: [], customers: [] };
  for (let k = 0; k < replays; k++) {
    const date = new Date(asOf.getTime() + (k + 1) * DAY);
    replaySchedule(truth, today.ids.map((customerId) => ({ customerId, topic: 'promotion' as const, channel: 'email' as const, date, campaignId: `promotion-${k}` }))).forEach((o, i) => {
      r.labels.push(o.converted ? 1 : 0);
      r.model.push(scores[i] as number);
      r.truth.push(o.probability);
      r.customers.push(o.customerId);
    });
  }
  return r;
}

/** ROC AUC, ties counted half. */
export const auc = (labels: readonly number[], scores: readonly number[]): number => evaluateScores(labels, scores).rocAuc as number;
/** The truth's AUC minus the model's, on the same outcomes. */
export const gap = (r: Reading): number => auc(r.labels, r.truth) - auc(r.labels, r.model);

/**
 * Simulates `customers` with `seed` to `asOf`; trains a logistic response model on the
 * delivered contacts of the year to `asOf` (features at `trainAsOf`) of 80% of the customers;
 * reads it on the other 20%, outcomes drawn `replays` times by `replaySchedule`.
 */
export function runPipeline(seed: number, customers: number, replays: number): PipelineRun {
  const { dataset, truth } = simulateDealer({ seed, customers, asOf });
  const past = buildResponseTable(dataset, { asOf: trainAsOf, until: asOf });
  const today = buildResponseTable(dataset, { asOf, planned: { topic: 'promotion', channel: 'email' }, encodings: past.encodings });
  const contacts = new Map(dataset.contacts.map((c) => [c.id, c]));

  const train = rowsOf(past, (id) => !heldOut(id));
  const test = rowsOf(past, heldOut);
  const todayTest = rowsOf(today, heldOut);
  const model = trainPropensity(train, { algorithm: 'logistic' });

  // The same pipeline given the two latent traits the data do not reveal.
  const names = ['latentEngagement', 'latentAdherence'];
  const latent = (id: string): number[] => {
    const f = truth.customers[id]?.features;
    return [f?.engagement ?? 0, f?.adherence ?? 0];
  };
  const withLatent = trainPropensity(rowsOf(past, (id) => !heldOut(id), latent, names), { algorithm: 'logistic' });
  const testL = rowsOf(past, heldOut, latent, names);
  const todayL = rowsOf(today, heldOut, latent, names);
  return {
    train,
    model,
    contacts: replayContacts(truth, contacts, test, scorePropensity(model, test), replays),
    promotion: replayPromotion(truth, todayTest, scorePropensity(model, todayTest), replays),
    latentContacts: replayContacts(truth, contacts, testL, scorePropensity(withLatent, testL), replays),
    latentPromotion: replayPromotion(truth, todayL, scorePropensity(withLatent, todayL), replays),
  };
}
