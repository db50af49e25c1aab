import type { Channel, Topic } from '../domain';
import { RelanceError } from '../errors';
import { toEpochDay } from '../internal/epochDays';
import { hashInts, hashString } from '../internal/hash';
import type { SimulationTruth } from './truth';

/** One contact of a new schedule to replay against the simulation's truth. */
export interface ScheduledContact {
  /** The customer. */
  readonly customerId: string;
  /** What the contact is about: decides the base rate and the uplift (`truth.topicEffects`). */
  readonly topic: Topic;
  /** The channel (e-mail and SMS to a bounced contact point are not delivered). */
  readonly channel?: Channel;
  /** When the contact is made. */
  readonly date: Date;
  /** The campaign, part of the draw's key. */
  readonly campaignId?: string;
  /** False for a held-out customer: the outcome is drawn without the contact. Default true. */
  readonly contacted?: boolean;
}

/** The replayed outcome of one scheduled contact. */
export interface ReplayedOutcome {
  readonly customerId: string;
  readonly contacted: boolean;
  /** Whether the customer converted. */
  readonly converted: boolean;
  /** The probability the outcome was drawn with. */
  readonly probability: number;
  /** P(convert | contacted) − P(convert | not contacted) for this customer: the true individual effect. */
  readonly trueEffect: number;
}

/**
 * Draws the outcomes of a new schedule from the same truth that generated the simulated
 * past: a customer with propensity `p` converts with probability `min(0.9, b·p/0.1)` when
 * not contacted and that plus the topic's uplift `u` (capped at 0.95) when contacted, `b`
 * and `u` from `truth.topicEffects`. Each draw is keyed on (seed, customer, campaign or
 * topic, day), so outcomes do not depend on the order of the schedule, and the true
 * individual effects let a holdout measurement be checked against the truth.
 *
 * @param truth - the truth of `simulateDealer()`
 * @param schedule - the contacts (and held-out customers) to replay
 * @returns one outcome per scheduled contact, in order
 * @throws {@link RelanceError} `invalid_input` naming the contact whose customer the truth does not know
 *
 * @example
 * ```ts
 * import { simulateDealer, replaySchedule } from 'relance/simulate';
 *
 * const { dataset, truth } = simulateDealer({ seed: 3, customers: 200, asOf: new Date('2025-01-01') });
 * const date = new Date('2025-01-02');
 * const outcomes = replaySchedule(truth, dataset.customers.map((c, i) => ({
 *   customerId: c.id, topic: 'service' as const, date, contacted: i % 10 !== 0,
 * })));
 * console.log(outcomes.filter((o) => o.converted).length);
 * ```
 */
export function replaySchedule(truth: SimulationTruth, schedule: Iterable<ScheduledContact>): ReplayedOutcome[] {
  const outcomes: ReplayedOutcome[] = [];
  let index = 0;
  for (const contact of schedule) {
    const customer = truth.customers[contact.customerId];
    if (customer === undefined) {
      throw new RelanceError('invalid_input', `replaySchedule: unknown customer "${contact.customerId}" at schedule[${index}]`, {
        issues: [{ code: 'unknown_reference', path: ['schedule', index, 'customerId'], message: `unknown customer "${contact.customerId}"` }],
      });
    }
    if (!(contact.date instanceof Date) || Number.isNaN(contact.date.getTime())) {
      throw new RelanceError('invalid_input', `replaySchedule: invalid date at schedule[${index}]`, {
        issues: [{ code: 'invalid_type', path: ['schedule', index, 'date'], message: 'expected a valid Date' }],
      });
    }
    const effect = truth.topicEffects[contact.topic];
    const pControl = Math.min(0.9, (effect.baseRate * customer.propensity) / 0.1);
    const pTreated = Math.min(0.95, pControl + effect.uplift);
    const contacted = contact.contacted ?? true;
    const probability = contacted ? pTreated : pControl;
    const key = hashString(contact.campaignId ?? contact.topic);
    const u = hashInts(truth.settings.seed, hashString(contact.customerId), key, toEpochDay(contact.date)) / 4294967296;
    outcomes.push({ customerId: contact.customerId, contacted, converted: u < probability, probability, trueEffect: pTreated - pControl });
    index++;
  }
  return outcomes;
}
