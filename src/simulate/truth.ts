import type { Channel, ConsentPurpose, InvoiceCategory, MaintenanceOperation, Payer, Topic } from '../domain';
import type { SimMake, SimModel, SimPlan } from './catalog';

/** The options a simulation ran with, after defaults. */
export interface SimulationSettings {
  /** Seed of every random draw. */
  readonly seed: number;
  /** Number of customer records (customers and prospects). */
  readonly customers: number;
  /** The simulation's "now": nothing is recorded after it. */
  readonly asOf: Date;
  /** Years of recorded history before `asOf`. */
  readonly years: number;
  /** Number of sites. */
  readonly sites: number;
}

/** A model and the ownership law that drove its owners. */
export interface ModelTruth extends SimModel {
  /** Weibull scale (months) of the time to the next purchase for loyal owners: `median / ln(2)^(1/shape)`. */
  readonly weibullScaleMonths: number;
}

/**
 * The latent response model: `logit(p) = intercept + Σ coefficient × feature`, with the
 * features of {@link CustomerTruth.features}.
 */
export interface ResponseTruth {
  readonly intercept: number;
  readonly coefficients: Readonly<Record<keyof CustomerFeatures, number>>;
  /** How a contact's response probability follows from `p` and the campaign's effect. */
  readonly description: string;
}

/** The features the latent response propensity depends on. */
export interface CustomerFeatures {
  /** Engagement affinity in [0, 1]: the probability of opening an e-mail. */
  readonly engagement: number;
  /** Workshop adherence in [0, 1]: the probability of doing a due service at the group. */
  readonly adherence: number;
  /** 1 when the customer is over 55 at `asOf`, else 0. */
  readonly over55: number;
  /** Number of vehicles the customer had in the group over the recorded history. */
  readonly vehicles: number;
  /** 1 for a prospect, else 0. */
  readonly prospect: number;
}

/** What drove one customer. */
export interface CustomerTruth {
  readonly householdId: string;
  /** Latent response propensity: the probability of converting with no contact, scaled per campaign. */
  readonly propensity: number;
  /** The features it depends on. */
  readonly features: CustomerFeatures;
  /** From this date on the customer services their vehicles elsewhere, if they do. */
  readonly servicesElsewhereFrom?: Date;
  /** True when the customer left the group (bought their next vehicle elsewhere). */
  readonly lost: boolean;
}

/** One maintenance visit of a vehicle, at the group or elsewhere. */
export interface ServiceTruth {
  readonly date: Date;
  readonly km: number;
  readonly operations: readonly MaintenanceOperation[];
  readonly where: 'group' | 'elsewhere';
}

/** What drove one vehicle. */
export interface VehicleTruth {
  readonly customerId: string;
  readonly make: string;
  readonly model: string;
  /** The maintenance plan it follows (id of {@link SimulationTruth.plans}). */
  readonly planId: string;
  /** True daily mileage while with this customer. */
  readonly kmPerDay: number;
  /** When the customer got it. */
  readonly acquired: Date;
  /** When the customer stopped having it, if before `asOf`. */
  readonly released?: Date;
  /** Every plan visit while owned, recorded or not. */
  readonly services: readonly ServiceTruth[];
  /** Roadworthiness tests passed while owned, recorded or not. */
  readonly inspections: readonly Date[];
}

/**
 * One ownership spell of a vehicle bought in the group: the survival-analysis ground truth.
 * `durationMonths` is the latent time to the next purchase in the group (infinite for owners
 * who never come back); the observed spell ends at the repurchase, or is censored at `asOf`.
 */
export interface SpellTruth {
  readonly customerId: string;
  readonly vehicleId: string;
  readonly make: string;
  readonly model: string;
  readonly condition: 'new' | 'used';
  /** Delivery date. */
  readonly start: Date;
  /** First date the CRM saw (left truncation when the spell started before the recorded history). */
  readonly observedFrom: Date;
  /** True when the owner was drawn as loyal (would buy again in the group). */
  readonly loyal: boolean;
  /** Latent months to the next purchase in the group (`Infinity` when not loyal). */
  readonly durationMonths: number;
  /** `repurchase` (observed before `asOf`) or `censored`. */
  readonly status: 'repurchase' | 'censored';
  /** Date of the repurchase, or `asOf` when censored. */
  readonly end: Date;
  /** The finance contract that drove the timing, if any. */
  readonly finance?: 'loan' | 'lease' | 'balloon';
}

/** What an invoice really was. */
export interface InvoiceTruth {
  readonly category: InvoiceCategory;
  /** The true payer; `mixed` when lines are paid by different payers. */
  readonly payer: Payer | 'mixed';
  /** Plan operations done. */
  readonly operations: readonly MaintenanceOperation[];
}

/** A past campaign and the causal effect it had. */
export interface CampaignTruth {
  readonly id: string;
  readonly topic: Topic;
  readonly channel: Channel;
  readonly purpose: ConsentPurpose;
  readonly sentAt: Date;
  /** Share of targeted customers held out. */
  readonly holdoutFraction: number;
  /** Conversion with no contact for a customer of average propensity (0.1). */
  readonly baseRate: number;
  /** Added probability of converting when the contact is delivered. */
  readonly uplift: number;
  /** Customers targeted (treated and held out). */
  readonly targeted: number;
  /** Customers held out. */
  readonly heldOut: number;
  /**
   * The true average effect of being assigned to the treated arm, over the targeted:
   * mean of P(convert | treated) − P(convert | held out), undelivered contacts included.
   */
  readonly trueEffect: number;
}

/** Effect of a contact on a topic, used by `replaySchedule()` for new contacts. */
export interface TopicEffect {
  /** Conversion with no contact for a customer of average propensity (0.1). */
  readonly baseRate: number;
  /** Added probability of converting when the contact is delivered. */
  readonly uplift: number;
}

/** Everything that generated a simulated dataset. */
export interface SimulationTruth {
  readonly kind: 'relance.simulation-truth';
  readonly version: 1;
  readonly settings: SimulationSettings;
  readonly makes: readonly SimMake[];
  readonly models: readonly ModelTruth[];
  readonly plans: readonly SimPlan[];
  /** Median yearly mileage of the population law (km). */
  readonly medianKmPerYear: number;
  readonly response: ResponseTruth;
  readonly topicEffects: Readonly<Record<Topic, TopicEffect>>;
  readonly campaigns: readonly CampaignTruth[];
  readonly customers: Readonly<Record<string, CustomerTruth>>;
  readonly vehicles: Readonly<Record<string, VehicleTruth>>;
  readonly spells: readonly SpellTruth[];
  readonly invoices: Readonly<Record<string, InvoiceTruth>>;
}
