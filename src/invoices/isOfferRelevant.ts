import type { MaintenanceOperation } from '../domain';
import { RelanceError } from '../errors';
import { MS_PER_DAY } from '../internal/epochDays';

/** An offer a campaign wants to make about a vehicle. */
export interface VehicleOffer {
  /** What it is about: a service (optionally one operation), a roadworthiness test, or tyres. */
  readonly topic: 'service' | 'inspection' | 'tyres';
  /** For a service offer, the operation offered (e.g. an oil-change promotion: `oil-service`). */
  readonly operation?: MaintenanceOperation;
}

/** What is known of a vehicle's recent work (see `vehicleWorkHistory()` in `dueServices`). */
export interface VehicleWorkState {
  /** The last service (any plan operation), with its odometer. */
  readonly lastService?: { readonly date: Date; readonly km?: number; readonly operations: readonly MaintenanceOperation[] };
  /** The last roadworthiness test passed. */
  readonly lastInspection?: Date;
  /** The last tyre fitting, with its odometer. */
  readonly lastTyres?: { readonly date: Date; readonly km?: number };
  /** The current (projected) odometer. */
  readonly odometerKm?: number;
}

/** Options of {@link isOfferRelevant}; the thresholds are the N of "within N days or km". */
export interface IsOfferRelevantOptions {
  readonly asOf: Date;
  /** No service offer within this many days of the last service. Default 120. */
  readonly serviceDays?: number;
  /** No service offer within this many km of the last service. Default 7,500. */
  readonly serviceKm?: number;
  /** No inspection reminder within this many days after a test passed. Default 330. */
  readonly inspectionDays?: number;
  /** No tyre offer within this many days of new tyres. Default 180. */
  readonly tyreDays?: number;
  /** No tyre offer within this many km of new tyres. Default 15,000. */
  readonly tyreKm?: number;
}

/** Whether an offer makes sense for a vehicle now, and why. */
export interface OfferRelevance {
  readonly relevant: boolean;
  readonly reason: string;
}

/**
 * Says whether an offer is relevant to a vehicle given its recent work: false, with the
 * reason, for a service or oil-change offer within `serviceDays` days or `serviceKm` km of
 * the last service, an inspection reminder within `inspectionDays` of a passed test, a tyre
 * offer within `tyreDays` days or `tyreKm` km of new tyres. An offer about work with no
 * record is relevant ("nothing recorded").
 *
 * @param offer - the offer
 * @param state - the vehicle's recent work
 * @param options - `asOf` and the thresholds
 * @returns relevant or not, with the reason
 * @throws {@link RelanceError} `invalid_input` for an invalid `asOf`
 *
 * @example
 * ```ts
 * import { isOfferRelevant } from 'relance/invoices';
 *
 * const state = { lastService: { date: new Date('2025-05-20'), km: 45_200, operations: ['oil-service' as const] }, odometerKm: 45_600 };
 * const answer = isOfferRelevant({ topic: 'service', operation: 'oil-service' }, state, { asOf: new Date('2025-05-27') });
 * console.log(answer.relevant, answer.reason); // false last service 7 days ago (2025-05-20)…
 * ```
 */
export function isOfferRelevant(offer: VehicleOffer, state: VehicleWorkState, options: IsOfferRelevantOptions): OfferRelevance {
  const asOf = options.asOf.getTime();
  if (Number.isNaN(asOf)) throw new RelanceError('invalid_input', 'isOfferRelevant: asOf must be a valid Date');
  const daysSince = (d: Date): number => Math.floor((asOf - d.getTime()) / MS_PER_DAY);
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  /** Too recent by days or by distance: the same rule for services and tyres. */
  const recent = (what: string, done: string, last: { date: Date; km?: number } | undefined, limitDays: number, limitKm: number): OfferRelevance => {
    if (last === undefined) return { relevant: true, reason: `no ${what} recorded` };
    const days = daysSince(last.date);
    const km = last.km === undefined || state.odometerKm === undefined ? undefined : state.odometerKm - last.km;
    if (days < limitDays) return { relevant: false, reason: `${done} ${days} days ago (${day(last.date)}), within ${limitDays} days` };
    if (km !== undefined && km < limitKm) return { relevant: false, reason: `${done} ${km} km ago (${day(last.date)}), within ${limitKm} km` };
    return { relevant: true, reason: `last ${what} ${days} days${km === undefined ? '' : ` and ${km} km`} ago (${day(last.date)})` };
  };
  switch (offer.topic) {
    case 'service':
      return recent('service', 'last service', state.lastService, options.serviceDays ?? 120, options.serviceKm ?? 7_500);
    case 'inspection': {
      const last = state.lastInspection;
      if (last === undefined) return { relevant: true, reason: 'no roadworthiness test recorded' };
      const days = daysSince(last);
      const limit = options.inspectionDays ?? 330;
      return days < limit
        ? { relevant: false, reason: `test passed ${days} days ago (${day(last)}), within ${limit} days` }
        : { relevant: true, reason: `last test ${days} days ago (${day(last)})` };
    }
    case 'tyres':
      return recent('tyres', 'new tyres', state.lastTyres, options.tyreDays ?? 180, options.tyreKm ?? 15_000);
    default:
      throw new RelanceError('invalid_input', `isOfferRelevant: unknown offer topic "${String((offer as { topic: unknown }).topic)}"`);
  }
}
