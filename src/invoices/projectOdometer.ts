import type { OdometerReading } from '../domain';
import { RelanceError } from '../errors';
import { MS_PER_DAY } from '../internal/epochDays';
import { median } from '../internal/median';

/** Options of {@link projectOdometer}. */
export interface ProjectOdometerOptions {
  /** The vehicle's first registration: with one reading, the rate since then; with none, the prior since then. */
  readonly firstRegistration?: Date;
  /** Population prior of yearly mileage, km. Default 12,500 (median of European cars). */
  readonly priorKmPerYear?: number;
  /** Minimum days between two readings for their slope to count. Default 30. */
  readonly minDaysApart?: number;
  /** Plausible bounds of the daily rate, km/day. Default 0 to 250 (about 91,000 km a year). */
  readonly minKmPerDay?: number;
  /** Upper bound of the daily rate, km/day. Default 250. */
  readonly maxKmPerDay?: number;
}

/** How {@link projectOdometer} got its rate. */
export type ProjectionMethod = 'theil-sen' | 'since-registration' | 'prior';

/** A projected odometer. */
export interface OdometerProjection {
  /** Projected km at `asOf`; never below the last reading. */
  readonly km: number;
  /** The daily rate used. */
  readonly kmPerDay: number;
  /** `theil-sen` (readings ≥ `minDaysApart` apart), `since-registration` (one usable reading and the registration date) or `prior` (population prior). */
  readonly method: ProjectionMethod;
  /** 0–1: grows with the number of usable pairs and the span they cover. */
  readonly confidence: number;
  /** The last reading on or before `asOf` that the projection starts from, if any. */
  readonly lastReading?: { readonly date: Date; readonly km: number };
  /** Whether the rate was clamped to the plausible bounds. */
  readonly clamped: boolean;
}

const MAX_READINGS = 60;
/** No road vehicle has done more (the domain schema's bound). */
const MAX_KM = 3_000_000;

/**
 * Projects a vehicle's odometer to a date.
 *
 * The rate is the Theil–Sen estimator (Sen, 1968: the median of the slopes of all pairs of
 * readings) over pairs at least `minDaysApart` days apart, robust to a mistyped reading;
 * the projection starts from the last reading on or before `asOf` and never goes below it.
 * With no such pair, the rate is the last reading divided by the vehicle's age (when the
 * first registration is known), else the population prior. Rates are clamped to the
 * plausible bounds. Readings after `asOf` are ignored; at most the last 60 readings are used.
 *
 * @param readings - the vehicle's readings, in any order
 * @param asOf - the date to project to
 * @param options - see {@link ProjectOdometerOptions}
 * @returns the projection
 * @throws {@link RelanceError} `invalid_input` for an invalid `asOf` or a reading whose km is negative, non-finite or above 3,000,000
 *
 * @example
 * ```ts
 * import { projectOdometer } from 'relance/invoices';
 *
 * const projection = projectOdometer(
 *   [
 *     { vehicleId: 'V1', date: new Date('2023-01-01'), km: 20_000, source: 'workshop' },
 *     { vehicleId: 'V1', date: new Date('2024-01-01'), km: 32_775, source: 'workshop' },
 *   ],
 *   new Date('2024-07-01'),
 * );
 * console.log(projection.method, Math.round(projection.km)); // theil-sen 39145
 * ```
 */
export function projectOdometer(readings: readonly OdometerReading[], asOf: Date, options: ProjectOdometerOptions = {}): OdometerProjection {
  const at = asOf.getTime();
  if (Number.isNaN(at)) throw new RelanceError('invalid_input', 'projectOdometer: asOf must be a valid Date');
  const minDays = options.minDaysApart ?? 30;
  const lo = options.minKmPerDay ?? 0;
  const hi = options.maxKmPerDay ?? 250;
  const prior = (options.priorKmPerYear ?? 12_500) / 365.25;
  const usable: Array<[number, number]> = [];
  readings.forEach((r, i) => {
    if (!Number.isFinite(r.km) || r.km < 0 || r.km > MAX_KM) {
      throw new RelanceError('invalid_input', `projectOdometer: readings[${i}].km must be a finite number from 0 to 3,000,000 (got ${r.km})`, {
        issues: [{ code: 'invalid_type', path: ['readings', i, 'km'], message: 'expected a distance from 0 to 3,000,000 km' }],
      });
    }
    const t = r.date.getTime();
    if (t <= at) usable.push([t / MS_PER_DAY, r.km]);
  });
  usable.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const recent = usable.slice(-MAX_READINGS);
  const last = recent[recent.length - 1];
  const asOfDay = at / MS_PER_DAY;

  const slopes: number[] = [];
  let span = 0;
  for (let i = 0; i < recent.length; i++) {
    for (let j = i + 1; j < recent.length; j++) {
      const days = (recent[j] as [number, number])[0] - (recent[i] as [number, number])[0];
      if (days >= minDays) {
        slopes.push(((recent[j] as [number, number])[1] - (recent[i] as [number, number])[1]) / days);
        span = Math.max(span, days);
      }
    }
  }
  let rate: number;
  let method: ProjectionMethod;
  let confidence: number;
  const registration = options.firstRegistration?.getTime();
  if (slopes.length > 0) {
    rate = median(slopes);
    method = 'theil-sen';
    confidence = Math.min(1, 0.5 + 0.1 * Math.min(slopes.length, 3) + 0.2 * Math.min(1, span / 365));
  } else if (last !== undefined && registration !== undefined && last[0] - registration / MS_PER_DAY >= minDays) {
    rate = last[1] / (last[0] - registration / MS_PER_DAY);
    method = 'since-registration';
    confidence = 0.5;
  } else {
    rate = prior;
    method = 'prior';
    confidence = last === undefined ? 0.2 : 0.3;
  }
  const clampedRate = Math.min(hi, Math.max(lo, rate));
  const clamped = clampedRate !== rate;
  let km: number;
  if (last !== undefined) km = last[1] + clampedRate * Math.max(0, asOfDay - last[0]);
  else if (registration !== undefined) km = clampedRate * Math.max(0, asOfDay - registration / MS_PER_DAY);
  else km = 0;
  return {
    km,
    kmPerDay: clampedRate,
    method,
    confidence: clamped ? Math.min(confidence, 0.4) : confidence,
    ...(last === undefined ? {} : { lastReading: { date: new Date(last[0] * MS_PER_DAY), km: last[1] } }),
    clamped,
  };
}
