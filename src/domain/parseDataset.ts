import { RelanceError, formatIssues } from '../errors';
import type { PathSegment, RelanceIssue } from '../errors';
import { DATASET_COLLECTIONS, RECORD_SCHEMAS } from './dataset';
import type { CollectionName, Dataset } from './dataset';
import { fromZodIssues } from './zodIssues';

/** Options of {@link parseDataset}. */
export interface ParseDatasetOptions {
  /**
   * What to do with invalid records: `'throw'` (default) throws one {@link RelanceError}
   * listing them; `'collect'` keeps the valid records and reports the rejected ones.
   */
  readonly onInvalid?: 'throw' | 'collect';
  /** How many issues to keep in the error or the report (the count covers all). Default 100. */
  readonly maxIssues?: number;
  /**
   * How far (km) a vehicle's odometer may go backwards between two dated observations
   * (readings and invoices) before the later one is rejected. Default 100 km.
   */
  readonly odometerToleranceKm?: number;
  /** When given, records dated after `asOf` are rejected as future dates. */
  readonly asOf?: Date;
}

/** A record that `parseDataset(raw, { onInvalid: 'collect' })` left out, and why. */
export interface RejectedRecord {
  /** The collection it was in. */
  readonly collection: CollectionName;
  /** Its index in that collection of the raw input. */
  readonly index: number;
  /** Its id, when it has one that could be read. */
  readonly id?: string;
  /** Every reason it was rejected. */
  readonly issues: readonly RelanceIssue[];
}

/** What `parseDataset(raw, { onInvalid: 'collect' })` reports. */
export interface DatasetReport {
  /** Records read per collection. */
  readonly read: Readonly<Record<CollectionName, number>>;
  /** Records kept per collection. */
  readonly kept: Readonly<Record<CollectionName, number>>;
  /** Every rejected record with its reasons. */
  readonly rejected: readonly RejectedRecord[];
  /** The first `maxIssues` issues, in order. */
  readonly issues: readonly RelanceIssue[];
  /** How many issues there were in all. */
  readonly issueCount: number;
}

/** The result of `parseDataset(raw, { onInvalid: 'collect' })`. */
export interface CollectedDataset {
  /** The valid records. */
  readonly dataset: Dataset;
  /** What was left out and why. */
  readonly report: DatasetReport;
}

type Row = Record<string, unknown>;

/** Fields of each collection that point at another record, and the collection they point at. */
const REFERENCES: ReadonlyArray<readonly [CollectionName, string, 'sites' | 'customers' | 'vehicles', boolean]> = [
  ['customers', 'homeSiteId', 'sites', true],
  ['consents', 'customerId', 'customers', false],
  ['sales', 'vehicleId', 'vehicles', false],
  ['sales', 'customerId', 'customers', false],
  ['sales', 'siteId', 'sites', false],
  ['disposals', 'vehicleId', 'vehicles', false],
  ['disposals', 'customerId', 'customers', false],
  ['financeContracts', 'vehicleId', 'vehicles', false],
  ['financeContracts', 'customerId', 'customers', false],
  ['odometerReadings', 'vehicleId', 'vehicles', false],
  ['serviceIndicators', 'vehicleId', 'vehicles', false],
  ['invoices', 'siteId', 'sites', false],
  ['invoices', 'vehicleId', 'vehicles', false],
  ['invoices', 'customerId', 'customers', false],
  ['contacts', 'customerId', 'customers', false],
  ['contacts', 'vehicleId', 'vehicles', true],
  ['contacts', 'siteId', 'sites', true],
  ['engagement', 'customerId', 'customers', false],
];

/** Collections whose records carry a unique `id`. */
const WITH_ID: ReadonlySet<CollectionName> = new Set([
  'sites',
  'customers',
  'vehicles',
  'sales',
  'financeContracts',
  'invoices',
  'contacts',
]);

/** The date field of each collection checked against `asOf`. */
const DATE_FIELD: Readonly<Record<CollectionName, string>> = {
  sites: '',
  customers: 'createdAt',
  consents: 'date',
  vehicles: 'firstRegistration',
  sales: 'date',
  disposals: 'date',
  financeContracts: 'start',
  odometerReadings: 'date',
  serviceIndicators: 'date',
  invoices: 'date',
  contacts: '',
  engagement: 'date',
};

/**
 * Validates a whole dataset: every record against its schema (dates coerced to `Date`),
 * then the references between records. Nothing is dropped silently.
 *
 * Checks, in order:
 * 1. each record against its schema (`invalid_type`, `too_small`, `custom`, … from zod);
 * 2. duplicate ids (`duplicate_id`): the first valid record keeps the id, later ones are rejected;
 * 3. with `asOf`, records dated after it (`future_date`; contacts are exempt, since planned
 *    contacts may lie in the future);
 * 4. references to sites, customers and vehicles (`unknown_reference`), against the records
 *    kept so far, so a record pointing at a rejected vehicle is rejected too;
 * 5. a sale dated before the vehicle's first registration (`sale_before_registration`);
 * 6. an odometer that goes backwards by more than `odometerToleranceKm` between two dated
 *    observations of the same vehicle, readings and invoices together (`odometer_backwards`):
 *    the later observation is rejected.
 *
 * A missing collection is read as empty; a collection that is not an array is an issue.
 *
 * @param raw - the input, typically parsed JSON from a DMS or CRM export
 * @param options - see {@link ParseDatasetOptions}
 * @returns the dataset (with `onInvalid: 'throw'`), or the valid records and a report (with `'collect'`)
 * @throws {@link RelanceError} `invalid_input` listing every issue (capped at `maxIssues`, with the total count)
 *
 * @example
 * ```ts
 * import { parseDataset } from 'relance/domain';
 * import { formatIssues } from 'relance';
 *
 * const raw = {
 *   sites: [{ id: 'S1', country: 'FR', timeZone: 'Europe/Paris' }],
 *   customers: [{ id: 'C1', kind: 'person', status: 'customer', createdAt: '2020-01-15' }],
 *   vehicles: [{ id: 'V1', make: 'Peugeot', model: '208', firstRegistration: '2019-06-01' }],
 *   invoices: [{ id: 'I1', siteId: 'S1', vehicleId: 'V2', customerId: 'C1', date: '2021-03-02', payer: 'customer',
 *     lines: [{ kind: 'labour', label: 'VIDANGE', quantity: 1, amount: Number.NaN }] }],
 * };
 * const { dataset, report } = parseDataset(raw, { onInvalid: 'collect' });
 * console.log(dataset.invoices.length); // 0
 * console.log(formatIssues(report.issues));
 * // invoices[0].lines[0].amount: expected a finite number
 * ```
 */
export function parseDataset(raw: unknown, options?: ParseDatasetOptions & { readonly onInvalid?: 'throw' }): Dataset;
export function parseDataset(raw: unknown, options: ParseDatasetOptions & { readonly onInvalid: 'collect' }): CollectedDataset;
export function parseDataset(raw: unknown, options: ParseDatasetOptions): Dataset | CollectedDataset;
export function parseDataset(raw: unknown, options: ParseDatasetOptions = {}): Dataset | CollectedDataset {
  const mode = options.onInvalid ?? 'throw';
  const maxIssues = options.maxIssues ?? 100;
  const tolerance = options.odometerToleranceKm ?? 100;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RelanceError('invalid_input', 'parseDataset: odometerToleranceKm must be a finite number ≥ 0');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RelanceError('invalid_input', 'parseDataset: expected an object with one array per collection', {
      issues: [{ code: 'invalid_type', path: [], message: 'expected an object with one array per collection' }],
    });
  }
  const input = raw as Record<string, unknown>;
  const asOfMs = options.asOf?.getTime();

  const issues: RelanceIssue[] = [];
  let issueCount = 0;
  const rejected: RejectedRecord[] = [];
  const note = (issue: RelanceIssue): void => {
    issueCount++;
    if (issues.length < maxIssues) issues.push(issue);
  };
  const reject = (collection: CollectionName, index: number, id: string | undefined, found: RelanceIssue[]): void => {
    for (const issue of found) note(issue);
    rejected.push(id === undefined ? { collection, index, issues: found } : { collection, index, id, issues: found });
  };

  // 1. Schemas. `kept[c]` holds [raw index, parsed record] pairs.
  const kept = {} as Record<CollectionName, Array<[number, Row]>>;
  const read = {} as Record<CollectionName, number>;
  for (const collection of DATASET_COLLECTIONS) {
    const value = input[collection];
    kept[collection] = [];
    read[collection] = 0;
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      note({ code: 'invalid_type', path: [collection], message: 'expected an array' });
      continue;
    }
    read[collection] = value.length;
    const schema = RECORD_SCHEMAS[collection];
    for (let i = 0; i < value.length; i++) {
      const result = schema.safeParse(value[i]);
      if (result.success) kept[collection].push([i, result.data as Row]);
      else reject(collection, i, idOf(value[i]), fromZodIssues(result.error.issues, [collection, i]));
    }
  }

  // 2–6. Referential checks on the records that passed their schema.
  const ids = {} as Record<'sites' | 'customers' | 'vehicles', Map<string, Row>>;
  const filter = (collection: CollectionName, check: (row: Row, index: number) => RelanceIssue[]): void => {
    const next: Array<[number, Row]> = [];
    for (const entry of kept[collection]) {
      const found = check(entry[1], entry[0]);
      if (found.length === 0) next.push(entry);
      else reject(collection, entry[0], idOf(entry[1]), found);
    }
    kept[collection] = next;
  };

  for (const collection of DATASET_COLLECTIONS) {
    const path = (index: number, field: string): PathSegment[] => [collection, index, field];
    if (WITH_ID.has(collection)) {
      const first = new Map<string, number>();
      filter(collection, (row, index) => {
        const id = row['id'] as string;
        const at = first.get(id);
        if (at === undefined) {
          first.set(id, index);
          return [];
        }
        return [{ code: 'duplicate_id', path: path(index, 'id'), message: `duplicate id "${id}" (first at ${collection}[${at}])` }];
      });
    }
    const dateField = DATE_FIELD[collection];
    if (asOfMs !== undefined && dateField !== '') {
      filter(collection, (row, index) =>
        (row[dateField] as Date).getTime() > asOfMs
          ? [{ code: 'future_date', path: path(index, dateField), message: `expected a date on or before asOf (${options.asOf?.toISOString().slice(0, 10)})` }]
          : [],
      );
    }
    const references = REFERENCES.filter(([from]) => from === collection);
    if (references.length > 0) {
      filter(collection, (row, index) => {
        const found: RelanceIssue[] = [];
        for (const [, field, target, optional] of references) {
          const value = row[field];
          if (value === undefined && optional) continue;
          if (!ids[target].has(value as string)) {
            found.push({ code: 'unknown_reference', path: path(index, field), message: `unknown ${target.slice(0, -1)} "${String(value)}"` });
          }
        }
        return found;
      });
    }
    if (collection === 'sales') {
      filter(collection, (row, index) => {
        const vehicle = ids.vehicles.get(row['vehicleId'] as string) as Row;
        const registered = vehicle['firstRegistration'] as Date;
        return utcDay(row['date'] as Date) < utcDay(registered)
          ? [{ code: 'sale_before_registration', path: path(index, 'date'), message: `sale dated before the vehicle's first registration (${registered.toISOString().slice(0, 10)})` }]
          : [];
      });
    }
    if (collection === 'sites' || collection === 'customers' || collection === 'vehicles') {
      ids[collection] = new Map(kept[collection].map(([, row]) => [row['id'] as string, row]));
    }
  }
  const backwards = { odometerReadings: new Set<number>(), invoices: new Set<number>() };
  checkOdometers(kept, tolerance, (collection, index, row, issue) => {
    backwards[collection].add(index);
    reject(collection, index, idOf(row), [issue]);
  });
  for (const collection of ['odometerReadings', 'invoices'] as const) {
    if (backwards[collection].size > 0) kept[collection] = kept[collection].filter(([i]) => !backwards[collection].has(i));
  }

  const dataset = Object.fromEntries(
    DATASET_COLLECTIONS.map((c) => [c, kept[c].map(([, row]) => row)]),
  ) as unknown as Dataset;

  if (mode === 'throw') {
    if (issueCount > 0) {
      const records = rejected.length;
      throw new RelanceError(
        'invalid_input',
        `parseDataset: ${records} invalid record${records === 1 ? '' : 's'} (${issueCount} issue${issueCount === 1 ? '' : 's'})\n${formatIssues(issues, issueCount)}`,
        { issues, issueCount },
      );
    }
    return dataset;
  }
  const keptCounts = Object.fromEntries(DATASET_COLLECTIONS.map((c) => [c, kept[c].length])) as Record<CollectionName, number>;
  return { dataset, report: { read, kept: keptCounts, rejected, issues, issueCount } };
}

function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as Row)['id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function utcDay(date: Date): number {
  return Math.floor(date.getTime() / 86_400_000);
}

/**
 * Per vehicle, walks the dated observations (readings and invoices with a km) in date
 * order and flags each that is more than `tolerance` km below the highest kept so far.
 */
function checkOdometers(
  kept: Record<CollectionName, Array<[number, Row]>>,
  tolerance: number,
  onBackwards: (collection: 'odometerReadings' | 'invoices', index: number, row: Row, issue: RelanceIssue) => void,
): void {
  type Observation = { time: number; km: number; collection: 'odometerReadings' | 'invoices'; index: number; row: Row };
  const byVehicle = new Map<string, Observation[]>();
  const add = (collection: 'odometerReadings' | 'invoices', field: string, dateField: string): void => {
    for (const [index, row] of kept[collection]) {
      const km = row[field];
      if (typeof km !== 'number') continue;
      const vehicleId = row['vehicleId'] as string;
      let list = byVehicle.get(vehicleId);
      if (list === undefined) byVehicle.set(vehicleId, (list = []));
      list.push({ time: (row[dateField] as Date).getTime(), km, collection, index, row });
    }
  };
  add('odometerReadings', 'km', 'date');
  add('invoices', 'odometerKm', 'date');
  const flagged: Array<[Observation, RelanceIssue]> = [];
  for (const list of byVehicle.values()) {
    list.sort((a, b) => a.time - b.time || (a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : a.index - b.index));
    let highest = -Infinity;
    let highestAt: Observation | undefined;
    for (const obs of list) {
      if (obs.km < highest - tolerance && highestAt !== undefined) {
        flagged.push([
          obs,
          {
            code: 'odometer_backwards',
            path: [obs.collection, obs.index, obs.collection === 'invoices' ? 'odometerKm' : 'km'],
            message: `odometer ${obs.km} km is below ${highest} km recorded earlier at ${highestAt.collection}[${highestAt.index}]`,
          },
        ]);
      } else if (obs.km > highest) {
        highest = obs.km;
        highestAt = obs;
      }
    }
  }
  flagged.sort((a, b) => (a[0].collection < b[0].collection ? -1 : a[0].collection > b[0].collection ? 1 : a[0].index - b[0].index));
  for (const [obs, issue] of flagged) onBackwards(obs.collection, obs.index, obs.row, issue);
}
