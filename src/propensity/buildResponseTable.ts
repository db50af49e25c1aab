import type { Channel, ContactEvent, Dataset, DeliveryStatus, Topic } from '../domain';
import { RelanceError } from '../errors';
import { MS_PER_DAY } from '../internal/epochDays';
import { buildFeatures, type BuildFeaturesOptions, type BuiltFeatures } from './buildFeatures';
import type { CategoricalEncoding } from './model';

/** A contact to score customers for: its topic and channel. */
export interface ContactToScore {
  readonly topic: Topic;
  readonly channel: Channel;
}

/** Options of {@link buildResponseTable}: those of `buildFeatures` (its `target` aside), and either a window of past contacts or a planned contact. */
export type BuildResponseTableOptions = Omit<BuildFeaturesOptions, 'target'> &
  (
    | {
        /** End of the window of past contacts: those sent after `asOf` and at least `responseDays` before `until`, labelled by what they led to by `until`. */
        readonly until: Date;
        readonly planned?: undefined;
        /** Days given to a contact to be answered: a contact sent later than `until − responseDays` is left out, its answer may be yet to come. Default 30. */
        readonly responseDays?: number | undefined;
        /** Delivery statuses kept. Default `['delivered']`: a response model is about contacts that reached the customer (held-out ones measure the baseline, see `relance/measure`). */
        readonly deliveryStatuses?: readonly DeliveryStatus[] | undefined;
        /** Topics kept. Default all. */
        readonly topics?: readonly Topic[] | undefined;
      }
    | {
        /** The contact to score every customer for, as they stand at `asOf`: one row per customer, no labels. */
        readonly planned: ContactToScore;
        readonly until?: undefined;
        readonly responseDays?: undefined;
        readonly deliveryStatuses?: undefined;
        readonly topics?: undefined;
      }
  );

/** A response table: one row per contact (or per customer for a planned contact). */
export interface ResponseTable extends BuiltFeatures {
  /** The customer of each row (the sampling key of a forest: a customer's contacts share their draws). */
  readonly ids: readonly string[];
  /** The contact of each row; for a planned contact, the customer id. */
  readonly contactIds: readonly string[];
}

const FN = 'buildResponseTable';
const RESPONSES = new Set(['appointment', 'purchase', 'visit', 'responded']);
const DEFAULT_RESPONSE_DAYS = 30;

/**
 * The training table of a response model: one row per past contact, the customer's features
 * as they stood at `asOf` (every column of {@link buildFeatures}, strictly from records dated
 * on or before it), then the contact's topic and channel one-hot (`topic=promotion`,
 * `channel=email`, levels stored in `encodings`), labelled 1 when the contact led to an
 * appointment, a purchase, a visit or a response by `until`. The contacts are those sent after
 * `asOf` and at least `responseDays` before `until`, delivered by default.
 *
 * Why rows per contact rather than per customer: a customer label "answered a contact in the
 * next year" mixes how responsive a customer is with how often they were contacted (consents,
 * vehicles, campaign targeting), and a model trained on it ranks the most-contacted first. Per
 * contact, the topic and channel columns take the campaign's own rate, and the customer's
 * columns what is theirs.
 *
 * To score, pass `planned: { topic, channel }` and the model's `encodings`: one row per customer
 * as they stand at `asOf`, with the planned contact's columns.
 *
 * @param dataset - a validated dataset
 * @param options - `asOf` (the features' cut) and either `until` (past contacts) or `planned`; the rest as for `buildFeatures`
 * @returns the table, its customer ids and contact ids, labels for past contacts, the encodings (site, topic, channel)
 * @throws RelanceError `invalid_input` for a bad option (and as `buildFeatures` does)
 *
 * @example
 * ```ts
 * import { buildResponseTable, scorePropensity, trainPropensity } from 'relance/propensity';
 * import { simulateDealer } from 'relance/simulate';
 *
 * const { dataset } = simulateDealer({ seed: 2, customers: 500, asOf: new Date('2025-06-30') });
 * const past = buildResponseTable(dataset, { asOf: new Date('2024-06-30'), until: new Date('2025-06-30') });
 * const model = trainPropensity(past, { algorithm: 'logistic' });
 * const today = buildResponseTable(dataset, { asOf: new Date('2025-06-30'), planned: { topic: 'promotion', channel: 'email' }, encodings: past.encodings });
 * const scores = scorePropensity(model, today); // one probability per customer
 * ```
 */
export function buildResponseTable(dataset: Dataset, options: BuildResponseTableOptions): ResponseTable {
  const { until, planned, responseDays = DEFAULT_RESPONSE_DAYS, deliveryStatuses = ['delivered'], topics, ...featureOptions } = options ?? ({} as BuildResponseTableOptions);
  const fail = (path: string, message: string): never => {
    throw new RelanceError('invalid_input', `${FN}: ${path} ${message}`, { issues: [{ code: 'invalid_value', path: [path], message }] });
  };
  if (planned === undefined) {
    if (!(until instanceof Date) || !Number.isFinite(until.getTime())) fail('until', 'must be a valid Date (or pass planned)');
    const asOfMs = featureOptions.asOf instanceof Date ? featureOptions.asOf.getTime() : Number.NaN;
    if (Number.isFinite(asOfMs) && !((until as Date).getTime() > asOfMs)) fail('until', 'must be after asOf');
    if (!(Number.isFinite(responseDays) && responseDays >= 0)) fail('responseDays', `must be a number of days ≥ 0, got ${String(responseDays)}`);
  } else if (typeof planned !== 'object' || typeof planned.topic !== 'string' || typeof planned.channel !== 'string') {
    fail('planned', 'must be { topic, channel }');
  }
  const features = buildFeatures(dataset, featureOptions);
  const asOfMs = featureOptions.asOf.getTime();

  // The contacts of each row.
  const rowOf = new Map<string, number>();
  features.ids.forEach((id, i) => rowOf.set(id, i));
  const picked: Array<{ row: number; contact: ContactEvent | null }> = [];
  if (planned !== undefined) {
    for (let i = 0; i < features.rows; i++) picked.push({ row: i, contact: null });
  } else {
    const last = (until as Date).getTime() - responseDays * MS_PER_DAY;
    const statuses = new Set<string>(deliveryStatuses);
    const keptTopics = topics === undefined ? null : new Set<string>(topics);
    for (const k of dataset.contacts) {
      const t = k.sentAt.getTime();
      if (t <= asOfMs || t > last || !statuses.has(k.deliveryStatus) || (keptTopics !== null && !keptTopics.has(k.topic))) continue;
      const row = rowOf.get(k.customerId);
      if (row !== undefined) picked.push({ row, contact: k });
    }
    // Rows in the customers' order, then by date and id: the input order of the contacts does not matter.
    picked.sort((a, b) => a.row - b.row || (a.contact as ContactEvent).sentAt.getTime() - (b.contact as ContactEvent).sentAt.getTime() || ((a.contact as ContactEvent).id < (b.contact as ContactEvent).id ? -1 : 1));
  }

  const levelsOf = (column: 'topic' | 'channel'): string[] => {
    const given = featureOptions.encodings?.find((e) => e.column === column);
    if (given !== undefined) return given.levels.slice();
    if (planned !== undefined) return [planned[column]];
    return [...new Set(picked.map((p) => (p.contact as ContactEvent)[column]))].sort();
  };
  const topicLevels = levelsOf('topic');
  const channelLevels = levelsOf('channel');
  const encodings: CategoricalEncoding[] = [...features.encodings, { column: 'topic', levels: topicLevels }, { column: 'channel', levels: channelLevels }];
  const featureNames = [...features.featureNames, ...topicLevels.map((l) => `topic=${l}`), ...channelLevels.map((l) => `channel=${l}`)];

  const cols = featureNames.length;
  const data = new Float64Array(picked.length * cols);
  const labels = planned === undefined ? new Uint8Array(picked.length) : undefined;
  const ids: string[] = [];
  const contactIds: string[] = [];
  const untilMs = until === undefined ? Infinity : until.getTime();
  picked.forEach(({ row, contact }, r) => {
    const at = r * cols;
    data.set(features.data.subarray(row * features.cols, (row + 1) * features.cols), at);
    const topic = contact === null ? (planned as ContactToScore).topic : contact.topic;
    const channel = contact === null ? (planned as ContactToScore).channel : contact.channel;
    const ti = topicLevels.indexOf(topic);
    if (ti >= 0) data[at + features.cols + ti] = 1;
    const ci = channelLevels.indexOf(channel);
    if (ci >= 0) data[at + features.cols + topicLevels.length + ci] = 1;
    const id = features.ids[row] as string;
    ids.push(id);
    contactIds.push(contact === null ? id : contact.id);
    if (labels !== undefined && contact !== null) {
      labels[r] = contact.outcome !== undefined && RESPONSES.has(contact.outcome) && (contact.outcomeAt ?? contact.sentAt).getTime() <= untilMs ? 1 : 0;
    }
  });
  return { featureNames, rows: picked.length, cols, data, ids, contactIds, ...(labels === undefined ? {} : { labels }), encodings, skipped: features.skipped };
}
