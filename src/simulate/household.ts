/*
 * One household of the simulated dealer group: its customers, their vehicles, the
 * workshop visits, sales, finance, consents, contacts and engagement, and the truth
 * behind them. Every draw comes from a generator seeded by (seed, household index), so a
 * household is the same whether it is generated alone (streaming) or with the others.
 */
// Deep import on purpose: the domain index would pull zod into relance/simulate's bundle.
import { emptyBundleRecords } from '../domain/bundleRecords';
import type {
  BundleRecords,
  Channel,
  Consent,
  ConsentPurpose,
  ContactEvent,
  ContactOutcome,
  Customer,
  CustomerBundle,
  InvoiceCategory,
  InvoiceLine,
  MaintenanceOperation,
  Payer,
  Site,
  Topic,
  Vehicle,
} from '../domain';
import { DAYS_PER_MONTH, addMonthsToDay, fromEpochDay } from '../internal/epochDays';
import { hashInts, hashString } from '../internal/hash';
import { Random } from '../internal/random';
import type { Writable } from '../internal/writable';
// Deep import on purpose (see catalog.ts): keeps zod and the lexicons out of relance/simulate.
import { itemApplies } from '../invoices/plans/applies';
import { MAKES, MODELS, PLANS } from './catalog';
import type { SimMake, SimModel, SimPlan, SimPlanItem } from './catalog';
import {
  ACCESSORY_LABELS,
  BODYWORK_LABELS,
  CONTRACT_LABELS,
  GOODWILL_LABELS,
  INSPECTION_LABELS,
  INSURANCE_PREFIXES,
  OIL_PARTS,
  OPERATION_LABELS,
  PREPARATION_LABELS,
  RECALL_LABELS,
  REPAIR_LABELS,
  TYRE_EXTRAS,
  TYRE_LABELS,
  WARRANTY_PREFIXES,
  fillLabel,
  messLabel,
} from './labels';
import type { CustomerFeatures, CustomerTruth, InvoiceTruth, ServiceTruth, SpellTruth, VehicleTruth } from './truth';

/** A campaign of the simulated past, known to every household. */
export interface CampaignPlan {
  readonly id: string;
  readonly topic: Topic;
  readonly channel: Channel;
  readonly purpose: ConsentPurpose;
  readonly day: number;
  readonly holdoutFraction: number;
  readonly baseRate: number;
  readonly uplift: number;
}

/** What every household needs to know about the whole simulation. */
export interface SimContext {
  readonly seed: number;
  readonly asOf: number;
  /** First recorded day: nothing before it is in the data. */
  readonly historyStart: number;
  readonly sites: readonly Site[];
  readonly postalPrefixes: readonly string[];
  readonly campaigns: readonly CampaignPlan[];
}

/** Per campaign: targeted count, held-out count and summed true effect of one household. */
export type CampaignTally = Map<string, { targeted: number; heldOut: number; effect: number }>;

/** A generated household. */
export interface HouseholdOutput {
  readonly bundles: CustomerBundle[];
  readonly customers: Array<[string, CustomerTruth]>;
  readonly vehicles: Array<[string, VehicleTruth]>;
  readonly spells: SpellTruth[];
  readonly invoices: Array<[string, InvoiceTruth]>;
  readonly campaigns: CampaignTally;
}

/** Coefficients of the latent response model (see `ResponseTruth`). */
export const RESPONSE_INTERCEPT = -2.5;
export const RESPONSE_COEFFICIENTS: Readonly<Record<keyof CustomerFeatures, number>> = {
  engagement: 5,
  adherence: 1.8,
  over55: 0.35,
  vehicles: 0.3,
  prospect: -0.9,
};
/** Centre of each feature in the response model, so the intercept is the average customer's logit. */
const FEATURE_CENTRES: Readonly<Record<keyof CustomerFeatures, number>> = {
  engagement: 0.29,
  adherence: 0.67,
  over55: 0,
  vehicles: 1,
  prospect: 0,
};
/** Median yearly mileage of the population (km). */
export const MEDIAN_KM_PER_YEAR = 12_500;
const KM_SIGMA = 0.5;

const DAYS_PER_YEAR = 365.25;

interface Owned {
  readonly vehicle: Vehicle;
  readonly make: SimMake;
  readonly model: SimModel;
  readonly from: number;
  /** Exclusive end of ownership (Infinity when still owned at asOf). */
  readonly to: number;
  readonly kmPerDay: number;
  /** Km at `from`. */
  readonly kmFrom: number;
}

interface MemberState {
  readonly id: string;
  readonly rng: Random;
  readonly site: Site;
  readonly kind: 'person' | 'company';
  readonly engagement: number;
  readonly adherence: number;
  /** Day from which workshop visits go elsewhere. */
  elsewhereFrom: number;
  owned: Owned[];
  lost: boolean;
  vehicleCount: number;
  hasContract: boolean;
  readonly out: BundleRecords;
  invoiceCounter: number;
  /** Days of recorded group workshop visits. */
  visitDays: number[];
  leadDays: number[];
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The make's plan, restricted to the items that apply to the vehicle. */
function planOf(make: SimMake, vehicle: Vehicle): SimPlan {
  const plan = PLANS.find((p) => p.id === make.planId) as SimPlan;
  return { ...plan, items: plan.items.filter((item) => itemApplies(item, vehicle)) };
}

function makeOf(name: string): SimMake {
  return MAKES.find((m) => m.make === name) as SimMake;
}

const GROUP_MAKES = ['Valmont', 'Cerise', 'Rhodan'] as const;
const OTHER_MODELS = MODELS.filter((m) => m.tier === 'other');

/** Operation codes per operation, suffixed to the make's prefix. */
const OPERATION_CODES: Readonly<Record<MaintenanceOperation, string>> = {
  'oil-service': 'OIL',
  'small-service': 'SA',
  'large-service': 'SB',
  'brake-fluid': 'BF',
  'timing-belt': 'TB',
  'spark-plugs': 'SP',
  'air-filter': 'AF',
  'cabin-filter': 'CF',
  'fuel-filter': 'FF',
  'air-conditioning': 'AC',
  coolant: 'CO',
  'gearbox-oil': 'GO',
  'auxiliary-belt': 'AB',
};

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** Generates household number `index` (1-based) with at most `maxMembers` customers. */
export function generateHousehold(ctx: SimContext, index: number, maxMembers: number): HouseholdOutput {
  const rng = new Random(hashInts(ctx.seed, index, 0x5eed));
  const householdId = `H${pad(index, 7)}`;
  const site = ctx.sites[rng.int(0, ctx.sites.length - 1)] as Site;
  const siteIndex = ctx.sites.indexOf(site);
  const postal = `${ctx.postalPrefixes[siteIndex] ?? '69'}${pad(rng.int(0, 999), 3)}`;
  const isCompany = rng.bernoulli(0.05);
  const isProspectHousehold = !isCompany && rng.bernoulli(0.12);
  const size = isCompany ? 1 : Math.min(maxMembers, 1 + rng.weightedIndex([0.58, 0.3, 0.12]));
  const out: HouseholdOutput = {
    bundles: [],
    customers: [],
    vehicles: [],
    spells: [],
    invoices: [],
    campaigns: new Map(),
  };
  const primaryBirth = rng.int(1942, 2000);

  for (let m = 0; m < size; m++) {
    const r = new Random(hashInts(ctx.seed, index, m + 1));
    const engagement = r.beta(2, 5);
    const adherence = r.beta(4, 2);
    const member: MemberState = {
      id: `C${pad(index, 7)}-${m + 1}`,
      rng: r,
      site,
      kind: isCompany ? 'company' : 'person',
      engagement,
      adherence,
      elsewhereFrom: Infinity,
      owned: [],
      lost: false,
      vehicleCount: 0,
      hasContract: false,
      out: emptyBundleRecords(),
      invoiceCounter: 0,
      visitDays: [],
      leadDays: [],
    };

    let birthYear: number | undefined;
    if (!isCompany) {
      birthYear = m === 0 ? primaryBirth : m === 1 ? clamp(primaryBirth + r.int(-5, 5), 1940, 2004) : clamp(primaryBirth + r.int(20, 32), 1960, 2006);
    }

    // Vehicles.
    let prospect = isProspectHousehold;
    if (!prospect) {
      if (isCompany) {
        const fleet = r.int(2, 4);
        for (let k = 0; k < fleet; k++) ownerChain(ctx, member, out, true);
      } else if (m === 0) {
        ownerChain(ctx, member, out, false);
      } else if (m === 1 && r.bernoulli(0.6)) {
        if (r.bernoulli(0.6)) ownerChain(ctx, member, out, false);
        else otherBrandVehicle(ctx, member, out);
      } else if (m === 2 && r.bernoulli(0.7)) {
        otherBrandVehicle(ctx, member, out);
      } else {
        prospect = true;
      }
      if (member.out.vehicles.length === 0) prospect = true;
    }

    const createdDay = createdDayOf(ctx, member, r);
    const customer: Customer = {
      id: member.id,
      kind: member.kind,
      householdId,
      status: prospect ? 'prospect' : 'customer',
      ...(isCompany ? {} : { civility: civilityOf(r, m), birthYear: birthYear as number }),
      postalCode: postal,
      homeSiteId: site.id,
      createdAt: fromEpochDay(createdDay),
    };

    consentsOf(ctx, member, createdDay);
    engagementOf(ctx, member, createdDay, prospect);

    const features: CustomerFeatures = {
      engagement: round4(engagement),
      adherence: round4(adherence),
      over55: birthYear !== undefined && fromEpochDay(ctx.asOf).getUTCFullYear() - birthYear > 55 ? 1 : 0,
      vehicles: member.vehicleCount,
      prospect: prospect ? 1 : 0,
    };
    let logit = RESPONSE_INTERCEPT;
    for (const key of Object.keys(RESPONSE_COEFFICIENTS) as Array<keyof CustomerFeatures>) {
      logit += RESPONSE_COEFFICIENTS[key] * (features[key] - FEATURE_CENTRES[key]);
    }
    const propensity = sigmoid(logit);

    contactsOf(ctx, member, propensity, createdDay, out.campaigns);

    out.customers.push([
      member.id,
      {
        householdId,
        propensity: round4(propensity),
        features,
        ...(Number.isFinite(member.elsewhereFrom) && member.elsewhereFrom <= ctx.asOf
          ? { servicesElsewhereFrom: fromEpochDay(member.elsewhereFrom) }
          : {}),
        lost: member.lost,
      },
    ]);
    const o = member.out;
    out.bundles.push({
      customer,
      householdId,
      vehicles: o.vehicles,
      sales: o.sales,
      disposals: o.disposals,
      financeContracts: o.financeContracts,
      odometerReadings: o.odometerReadings.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.vehicleId < b.vehicleId ? -1 : 1)),
      serviceIndicators: o.serviceIndicators,
      invoices: o.invoices.sort((a, b) => a.date.getTime() - b.date.getTime()),
      contacts: o.contacts,
      consents: o.consents,
      engagement: o.engagement.sort((a, b) => a.date.getTime() - b.date.getTime()),
    });
  }
  return out;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

function civilityOf(r: Random, member: number): 'mr' | 'mrs' | 'ms' | 'unknown' {
  const draw = r.next();
  if (draw < 0.14) return 'unknown';
  if (member === 0) return draw < 0.6 ? 'mr' : draw < 0.95 ? 'mrs' : 'ms';
  return draw < 0.45 ? 'mr' : draw < 0.9 ? 'mrs' : 'ms';
}

function createdDayOf(ctx: SimContext, member: MemberState, r: Random): number {
  let first = Infinity;
  for (const s of member.out.sales) first = Math.min(first, Math.floor(s.date.getTime() / 86_400_000));
  for (const i of member.out.invoices) first = Math.min(first, Math.floor(i.date.getTime() / 86_400_000));
  for (const o of member.owned) if (o.from < ctx.historyStart && o.to > ctx.historyStart) first = Math.min(first, ctx.historyStart);
  // The CRM's history starts at historyStart: earlier sales on file do not predate the record.
  if (Number.isFinite(first)) return Math.max(first, ctx.historyStart);
  return r.int(ctx.historyStart, ctx.asOf - 1);
}

function pickModel(r: Random, site: Site, sites: readonly Site[]): SimModel {
  const siteMake = GROUP_MAKES[sites.indexOf(site) % GROUP_MAKES.length] as string;
  const make = r.bernoulli(0.75) ? siteMake : (GROUP_MAKES[r.int(0, GROUP_MAKES.length - 1)] as string);
  const models = MODELS.filter((m) => m.make === make);
  return models[r.weightedIndex([0.45, 0.35, 0.2])] as SimModel;
}

function vinOf(r: Random, make: SimMake): string {
  let vin = make.wmi;
  for (let i = 0; i < 14; i++) vin += VIN_CHARS.charAt(r.int(0, VIN_CHARS.length - 1));
  return vin;
}

/**
 * The chain of group vehicles of one owner: buy, keep for a Weibull time, then buy again in
 * the group (loyal owners, the old vehicle traded in) or leave for good.
 */
function ownerChain(ctx: SimContext, member: MemberState, out: HouseholdOutput, fleet: boolean): void {
  const r = member.rng;
  let day = r.int(ctx.historyStart - 8 * 365, ctx.asOf - 30);
  for (let guard = 0; guard < 12 && day <= ctx.asOf; guard++) {
    const model = fleet && r.bernoulli(0.4) ? (MODELS.find((m) => m.model === 'Rx Van') as SimModel) : pickModel(r, member.site, ctx.sites);
    const make = makeOf(model.make);
    const used = r.bernoulli(fleet ? 0.1 : 0.3);
    const ageDays = used ? r.int(365, 6 * 365) : r.int(0, 5);
    const registration = day - ageDays;
    const kmPerDay = clamp(r.logNormal(MEDIAN_KM_PER_YEAR * (fleet ? 2 : 1), KM_SIGMA), 1_500, 70_000) / DAYS_PER_YEAR;
    const kmFrom = used ? Math.round(clamp(r.logNormal(MEDIAN_KM_PER_YEAR, KM_SIGMA), 3_000, 40_000) * ageDays / DAYS_PER_YEAR) : r.int(5, 30);

    // Finance and the latent time to the next purchase in the group.
    const finance = !used && r.bernoulli(fleet ? 0.7 : 0.42) ? (fleet ? 'lease' : (['lease', 'loan', 'balloon'] as const)[r.weightedIndex([0.45, 0.4, 0.15])]) : undefined;
    const termMonths = finance === 'lease' ? (r.bernoulli(0.5) ? 36 : 48) : finance === 'balloon' ? (r.bernoulli(0.5) ? 36 : 48) : finance === 'loan' ? r.pick([48, 60, 72]) : 0;
    const loyalty = clamp(model.loyalty + (finance === 'lease' || finance === 'balloon' ? 0.15 : 0) + (fleet ? 0.1 : 0), 0, 0.95);
    const loyal = r.bernoulli(loyalty);
    const scale = model.medianMonths / Math.pow(Math.LN2, 1 / model.weibullShape);
    let durationMonths = r.weibull(model.weibullShape, scale);
    if (finance === 'lease' || finance === 'balloon') durationMonths = termMonths + r.uniform(-3, 2);
    const durationDays = Math.max(30, Math.round(durationMonths * DAYS_PER_MONTH));
    const endDay = day + durationDays;

    const vid = `V${member.id.slice(1)}-${member.vehicleCount + 1}`;
    const vehicle: Vehicle = {
      id: vid,
      ...(r.bernoulli(0.85) ? { vin: vinOf(r, make) } : {}),
      make: make.make,
      model: model.model,
      segment: model.segment,
      fuel: model.fuel,
      firstRegistration: fromEpochDay(registration),
      warrantyStart: fromEpochDay(registration),
      warrantyEnd: fromEpochDay(addMonthsToDay(registration, make.warrantyMonths)),
    };
    // Loyal or not, the owner parts with the vehicle at the end of the spell.
    const owned: Owned = { vehicle, make, model, from: day, to: endDay > ctx.asOf ? Infinity : endDay, kmPerDay, kmFrom };
    const visible = owned.to > ctx.historyStart;
    if (!visible) {
      // Ownership ended before the recorded history: the CRM never saw it.
      if (!loyal) break;
      day = endDay;
      continue;
    }
    member.owned.push(owned);
    member.vehicleCount++;
    member.out.vehicles.push(vehicle);
    if (member.hasContract === false && finance === 'lease' && r.bernoulli(0.35)) member.hasContract = true;
    // The sale is on file even when it predates the recorded history (the vehicle file keeps
    // its delivery date): such spells are left-truncated at the customer's creation.
    member.out.sales.push({
      id: `S${vid.slice(1)}`,
      vehicleId: vid,
      customerId: member.id,
      date: fromEpochDay(day),
      condition: used ? 'used' : 'new',
      price: Math.round(model.price * (used ? Math.pow(0.86, ageDays / DAYS_PER_YEAR) : 1) * r.uniform(0.92, 1.05)),
      siteId: member.site.id,
    });
    if (day >= ctx.historyStart) {
      if (used) {
        // Preparation of the used vehicle before delivery: internal work on the buyer's file.
        const prepDay = day - r.int(2, 12);
        if (prepDay >= ctx.historyStart) pushPreparation(member, owned, prepDay, kmFrom, out);
      }
      if (used) member.out.odometerReadings.push({ vehicleId: vid, date: fromEpochDay(day), km: kmFrom, source: 'sale' });
    }
    if (finance !== undefined) {
      member.out.financeContracts.push({
        id: `F${vid.slice(1)}`,
        vehicleId: vid,
        customerId: member.id,
        kind: finance,
        start: fromEpochDay(day),
        end: fromEpochDay(addMonthsToDay(day, termMonths)),
        monthlyPayment: Math.round((model.price * (finance === 'loan' ? 1.05 : 0.55)) / termMonths),
      });
    }
    const repurchased = loyal && endDay <= ctx.asOf;
    out.spells.push({
      customerId: member.id,
      vehicleId: vid,
      make: make.make,
      model: model.model,
      condition: used ? 'used' : 'new',
      start: fromEpochDay(day),
      observedFrom: fromEpochDay(Math.max(day, ctx.historyStart)),
      loyal,
      durationMonths: loyal ? round4(durationDays / DAYS_PER_MONTH) : Infinity,
      status: repurchased ? 'repurchase' : 'censored',
      end: fromEpochDay(repurchased ? endDay : ctx.asOf),
      ...(finance === undefined ? {} : { finance }),
    });
    if (!loyal && endDay <= ctx.asOf) {
      member.lost = true;
      // Some leavers' disposals become known: a private sale, a registration change, a scrapping.
      const known = endDay + r.int(0, 180);
      if (r.bernoulli(0.4) && known <= ctx.asOf) {
        member.out.disposals.push({
          vehicleId: vid,
          customerId: member.id,
          date: fromEpochDay(known),
          reason: r.pick(['sold', 'sold', 'registration-change', 'registration-change', 'scrapped'] as const),
        });
      }
    }
    workshopLife(ctx, member, owned, out, fleet);
    if (!loyal || endDay > ctx.asOf) break;
    // Loyal: leads before the purchase, then trade-in and preparation of the old vehicle.
    if (r.bernoulli(0.45)) member.leadDays.push(endDay - r.int(10, 100));
    member.out.disposals.push({ vehicleId: vid, customerId: member.id, date: fromEpochDay(endDay), reason: 'trade-in' });
    const prepDay = endDay + r.int(2, 20);
    if (prepDay <= ctx.asOf) pushPreparation(member, owned, prepDay, kmAt(owned, endDay), out);
    day = endDay;
  }
}

/** A vehicle of a make the group does not sell, serviced at its workshop (e.g. a daughter's small car). */
function otherBrandVehicle(ctx: SimContext, member: MemberState, out: HouseholdOutput): void {
  const r = member.rng;
  const model = r.pick(OTHER_MODELS);
  const make = makeOf(model.make);
  const from = r.int(ctx.historyStart - 3 * 365, ctx.asOf - 60);
  const ageDays = r.int(0, 5 * 365);
  const registration = from - ageDays;
  const vid = `V${member.id.slice(1)}-${member.vehicleCount + 1}`;
  const vehicle: Vehicle = {
    id: vid,
    ...(r.bernoulli(0.7) ? { vin: vinOf(r, make) } : {}),
    make: make.make,
    model: model.model,
    segment: model.segment,
    fuel: model.fuel,
    firstRegistration: fromEpochDay(registration),
  };
  const kmPerDay = clamp(r.logNormal(MEDIAN_KM_PER_YEAR * 0.8, KM_SIGMA), 1_500, 50_000) / DAYS_PER_YEAR;
  const kmFrom = Math.round((kmPerDay * ageDays));
  const owned: Owned = { vehicle, make, model, from, to: Infinity, kmPerDay, kmFrom };
  member.owned.push(owned);
  member.vehicleCount++;
  member.out.vehicles.push(vehicle);
  workshopLife(ctx, member, owned, out, false);
  if (member.out.invoices.every((i) => i.vehicleId !== vid)) {
    // Never seen at the workshop: the group does not know this vehicle.
    member.owned.pop();
    member.vehicleCount--;
    member.out.vehicles.pop();
    out.vehicles.pop();
  }
}

function kmAt(o: Owned, day: number): number {
  return o.kmFrom + o.kmPerDay * (day - o.from);
}

function dayWhenKm(o: Owned, km: number): number {
  return o.from + (km - o.kmFrom) / o.kmPerDay;
}

/** Monthly-interval due day from a last-done day. */
function addMonthsFrac(day: number, months: number): number {
  return addMonthsToDay(Math.floor(day), months);
}

interface ItemState {
  lastDay: number;
  lastKm: number;
  count: number;
}

function dueDay(o: Owned, item: SimPlanItem, st: ItemState): number {
  const km = st.count === 0 ? (item.firstKm ?? item.everyKm) : item.everyKm;
  const months = st.count === 0 ? (item.firstMonths ?? item.everyMonths) : item.everyMonths;
  let due = Infinity;
  if (months !== undefined) due = addMonthsFrac(st.lastDay, months);
  if (km !== undefined) due = Math.min(due, dayWhenKm(o, st.lastKm + km));
  return due;
}

/**
 * The vehicle's life at the workshop while owned: plan services (at the group or elsewhere),
 * repairs, tyres, bodywork, roadworthiness tests, recalls and accessories.
 */
function workshopLife(ctx: SimContext, member: MemberState, o: Owned, out: HouseholdOutput, fleet: boolean): void {
  const r = member.rng;
  const plan = planOf(o.make, o.vehicle);
  const registration = Math.floor(o.vehicle.firstRegistration.getTime() / 86_400_000);
  const end = Math.min(o.to, ctx.asOf + 1);
  const warrantyEnd = addMonthsToDay(registration, o.make.warrantyMonths);
  const groupMake = o.make.kind !== 'other-brand';

  // Defection to an independent garage: decided once per customer, after warranty mostly.
  if (member.elsewhereFrom === Infinity && r.bernoulli(groupMake ? 0.3 : 0.45)) {
    member.elsewhereFrom = Math.round(Math.max(o.from, warrantyEnd) + r.exponential(14 * DAYS_PER_MONTH));
  }
  const used = o.from - registration > 30;
  const states: ItemState[] = plan.items.map((item) => {
    if (!used) return { lastDay: registration, lastKm: 0, count: 0 };
    const every = (item.everyMonths ?? 24) * DAYS_PER_MONTH;
    const lastDay = o.from - r.int(0, Math.round(every * 0.8));
    return { lastDay, lastKm: Math.max(0, kmAt(o, lastDay)), count: 1 + r.int(0, 3) };
  });
  const services: ServiceTruth[] = [];
  const inspections: Date[] = [];
  const atGroup = (day: number, share: number): boolean =>
    day >= ctx.historyStart && day <= ctx.asOf && day < member.elsewhereFrom && r.next() < share;

  // Plan services: each visit does every item due within 60 days of it.
  const dues = plan.items.map((item, i) => dueDay(o, item, states[i] as ItemState));
  for (let guard = 0; guard < 200; guard++) {
    let next = Infinity;
    for (const due of dues) if (due < next) next = due;
    const visit = Math.round(next + clamp(10 + 25 * r.normal(), -30, 120));
    if (visit >= end) break;
    const visitDay = Math.max(visit, o.from + 1);
    const km = kmAt(o, visitDay);
    const operations: MaintenanceOperation[] = [];
    for (let i = 0; i < plan.items.length; i++) {
      const item = plan.items[i] as SimPlanItem;
      const st = states[i] as ItemState;
      if ((dues[i] as number) <= visitDay + 60) {
        const op = item.alternatesWith !== undefined && st.count % 2 === 1 ? item.alternatesWith : item.operation;
        operations.push(op);
        st.lastDay = visitDay;
        st.lastKm = km;
        st.count++;
        dues[i] = dueDay(o, item, st);
      }
    }
    if (operations.length === 0) continue;
    const here = atGroup(visitDay, member.adherence);
    services.push({ date: fromEpochDay(visitDay), km: Math.round(km), operations, where: here ? 'group' : 'elsewhere' });
    if (here) pushMaintenance(member, o, visitDay, operations, out, fleet, visitDay < warrantyEnd);
  }

  // Repairs, bodywork, accessories: Poisson processes.
  const from = Math.max(o.from, ctx.historyStart);
  for (let t = from + r.exponential(365 / 0.45); t < end; t += r.exponential(365 / (0.3 + 0.06 * ((t - registration) / 365)))) {
    const day = Math.floor(t);
    if (atGroup(day, 0.35 + 0.5 * member.adherence)) {
      pushRepair(member, o, day, out, fleet, day < warrantyEnd, day >= warrantyEnd && day < warrantyEnd + 365);
    }
  }
  for (let t = from + r.exponential(365 / 0.08); t < end; t += r.exponential(365 / 0.08)) {
    const day = Math.floor(t);
    if (atGroup(day, 0.7)) pushBodywork(member, o, day, out);
  }
  if (o.from >= ctx.historyStart && r.bernoulli(0.12)) {
    const day = o.from + r.int(5, 120);
    if (day < end && day <= ctx.asOf) pushSimple(member, o, day, out, 'accessory', 'customer', ACCESSORY_LABELS, 'part', r.uniform(80, 900));
  }
  // Tyres by wear mileage.
  let tyreKm = used ? kmAt(o, o.from) - r.int(0, 30_000) : 0;
  for (let guard = 0; guard < 50; guard++) {
    const wear = r.uniform(30_000, 50_000);
    const day = Math.round(dayWhenKm(o, tyreKm + wear) + r.int(-20, 60));
    if (day >= end) break;
    tyreKm += wear;
    if (day < o.from) continue;
    if (atGroup(day, 0.4 + 0.4 * member.adherence)) pushTyres(member, o, day, out, fleet);
  }
  // Roadworthiness tests, French rule: the first in the 6 months before the 4th anniversary, then every 2 years.
  for (let due = addMonthsToDay(registration, 48); due - 180 < end; due = addMonthsToDay(due, 24)) {
    const day = due - r.int(0, 170);
    if (day < o.from || day >= end) continue;
    inspections.push(fromEpochDay(day));
    if (atGroup(day, 0.3 + 0.3 * member.adherence)) pushSimple(member, o, day, out, 'inspection', 'customer', INSPECTION_LABELS, 'fee', r.uniform(70, 95));
  }
  // Recalls: a model-level campaign roughly every 6 years; most owners come.
  const recallEvery = 6 * 365;
  const phase = hashInts(ctx.seed, hashString(o.model.model)) % recallEvery;
  for (let day = ctx.historyStart + phase; day < end; day += recallEvery) {
    if (day < o.from || day < registration + 180) continue;
    const visit = day + r.int(0, 150);
    if (visit < end && atGroup(visit, 0.8)) pushSimple(member, o, visit, out, 'recall', 'warranty', RECALL_LABELS, 'labour', r.uniform(0, 180));
  }

  // Telematics readings and condition-based service indicators for connected makes.
  if (o.make.connected) {
    const last = Math.min(end - 1, ctx.asOf);
    const oil = plan.items.findIndex((i) => i.operation === 'oil-service');
    for (let day = Math.max(o.from + 30, ctx.asOf - 2 * 365); day <= last; day += 91) {
      const km = Math.floor(kmAt(o, day));
      member.out.odometerReadings.push({ vehicleId: o.vehicle.id, date: fromEpochDay(day), km, source: 'telematics' });
      if (oil >= 0 && day > ctx.asOf - 200) {
        const lastService = [...services].reverse().find((s) => s.date.getTime() <= day * 86_400_000 && s.operations.includes('oil-service'));
        const baseKm = lastService?.km ?? 0;
        const baseDay = lastService === undefined ? registration : Math.floor(lastService.date.getTime() / 86_400_000);
        const remaining = Math.round(baseKm + 30_000 * r.uniform(0.8, 1.05) - km);
        member.out.serviceIndicators.push({
          vehicleId: o.vehicle.id,
          date: fromEpochDay(day),
          item: 'oil-service',
          remainingKm: remaining,
          dueDate: fromEpochDay(Math.min(addMonthsToDay(baseDay, 24), day + Math.max(0, Math.round(remaining / o.kmPerDay)))),
        });
      }
    }
  }

  out.vehicles.push([
    o.vehicle.id,
    {
      customerId: member.id,
      make: o.make.make,
      model: o.model.model,
      planId: plan.id,
      kmPerDay: round4(o.kmPerDay),
      acquired: fromEpochDay(o.from),
      ...(o.to <= ctx.asOf ? { released: fromEpochDay(o.to) } : {}),
      services,
      inspections,
    },
  ]);
}

/** Header payer as the DMS records it: usually right, sometimes `unknown`. */
function headerPayer(r: Random, payer: Payer): Payer {
  return r.bernoulli(payer === 'customer' ? 0.08 : 0.3) ? 'unknown' : payer;
}

function newInvoice(
  member: MemberState,
  o: Owned,
  day: number,
  header: Payer,
  lines: InvoiceLine[],
  truth: InvoiceTruth,
  out: HouseholdOutput,
  km: number,
): void {
  const r = member.rng;
  // A DMS records who else pays somewhere: when the header is silent about a fleet, contract
  // or insurance payer and no line names it, the first line does.
  const silent = truth.payer === 'fleet' || truth.payer === 'contract' || truth.payer === 'insurance';
  if (header === 'unknown' && silent && lines.length > 0 && lines.every((l) => l.payer === undefined)) {
    lines[0] = { ...(lines[0] as InvoiceLine), payer: truth.payer as Payer };
  }
  member.invoiceCounter++;
  const id = `I${member.id.slice(1)}-${pad(member.invoiceCounter, 3)}`;
  const withKm = r.bernoulli(0.92);
  const odometerKm = Math.floor(km);
  member.out.invoices.push({
    id,
    siteId: member.site.id,
    vehicleId: o.vehicle.id,
    customerId: member.id,
    date: fromEpochDay(day),
    ...(withKm ? { odometerKm } : {}),
    payer: header,
    lines,
  });
  if (withKm) member.out.odometerReadings.push({ vehicleId: o.vehicle.id, date: fromEpochDay(day), km: odometerKm, source: 'workshop' });
  if (truth.category !== 'preparation') member.visitDays.push(day);
  out.invoices.push([id, truth]);
}

function codeOf(r: Random, o: Owned, op: MaintenanceOperation): { operationCode?: string } {
  return r.bernoulli(0.4) ? { operationCode: `${o.make.codePrefix}-${OPERATION_CODES[op]}` } : {};
}

const TIER_FACTOR: Readonly<Record<SimModel['tier'], number>> = { entry: 1, mid: 1.2, upper: 1.5, other: 0.9 };

function pushMaintenance(
  member: MemberState,
  o: Owned,
  day: number,
  operations: MaintenanceOperation[],
  out: HouseholdOutput,
  fleet: boolean,
  inWarranty: boolean,
): void {
  const r = member.rng;
  const km = kmAt(o, day);
  const factor = TIER_FACTOR[o.model.tier] * (o.make.kind === 'premium' ? 1.4 : 1);
  const milestone = Math.max(10_000, Math.round(km / 10_000) * 10_000);
  const payer: Payer = fleet ? 'fleet' : member.hasContract ? 'contract' : 'customer';
  const lines: InvoiceLine[] = [];
  const linePayer = (p: Payer): { payer?: Payer } => (p !== 'customer' && r.bernoulli(0.6) ? { payer: p } : {});
  for (const op of operations) {
    const template = r.pick(OPERATION_LABELS[op]);
    const kind = op === 'oil-service' || op === 'small-service' || op === 'large-service' ? (r.bernoulli(0.6) ? 'package' : 'labour') : 'labour';
    lines.push({ kind, ...codeOf(r, o, op), label: messLabel(r, fillLabel(template, milestone, '')), quantity: 1, amount: round2(r.uniform(40, 220) * factor), ...linePayer(payer) });
    if (op === 'oil-service' || op === 'small-service' || op === 'large-service') {
      lines.push({ kind: 'part', label: messLabel(r, r.pick(OIL_PARTS)), quantity: r.pick([1, 4.5, 5]), amount: round2(r.uniform(15, 70) * factor), ...linePayer(payer) });
    }
  }
  if (payer === 'contract' && r.bernoulli(0.5)) lines.push({ kind: 'fee', label: messLabel(r, r.pick(CONTRACT_LABELS)), quantity: 1, amount: 0, payer: 'contract' });
  let truePayer: Payer | 'mixed' = payer;
  // A repair done during the service: on the same invoice, listed as evidence.
  if (r.bernoulli(0.22)) {
    const warranty = inWarranty && r.bernoulli(0.5);
    const label = messLabel(r, (warranty ? r.pick(WARRANTY_PREFIXES) : '') + r.pick(REPAIR_LABELS));
    lines.push({ kind: 'labour', label, quantity: round2(r.uniform(0.3, 2.5)), amount: round2(r.uniform(60, 450) * factor), ...(warranty ? { payer: 'warranty' as const } : {}) });
    if (warranty) truePayer = 'mixed';
  }
  const header = truePayer === 'mixed' ? (r.bernoulli(0.5) ? 'unknown' : payer) : headerPayer(r, payer);
  newInvoice(member, o, day, header, lines, { category: 'maintenance', payer: truePayer, operations }, out, km);
}

function pushRepair(
  member: MemberState,
  o: Owned,
  day: number,
  out: HouseholdOutput,
  fleet: boolean,
  inWarranty: boolean,
  justAfterWarranty: boolean,
): void {
  const r = member.rng;
  const factor = TIER_FACTOR[o.model.tier] * (o.make.kind === 'premium' ? 1.3 : 1);
  const warranty = inWarranty && r.bernoulli(0.6);
  const goodwill = !warranty && justAfterWarranty && r.bernoulli(0.3);
  const base: Payer = warranty ? 'warranty' : fleet ? 'fleet' : 'customer';
  const labelText = (warranty ? r.pick(WARRANTY_PREFIXES) : '') + r.pick(REPAIR_LABELS);
  const amount = round2(r.uniform(80, 900) * factor);
  const lines: InvoiceLine[] = [
    { kind: 'labour', label: messLabel(r, labelText), quantity: round2(r.uniform(0.5, 4)), amount, ...(base !== 'customer' && r.bernoulli(0.6) ? { payer: base } : {}) },
    { kind: 'part', label: messLabel(r, r.pick(['PIECES', 'PIECE ORIGINE', 'fournitures atelier', 'PETITES FOURNITURES'])), quantity: 1, amount: round2(amount * r.uniform(0.2, 0.8)), ...(base !== 'customer' && r.bernoulli(0.6) ? { payer: base } : {}) },
  ];
  if (goodwill) {
    lines.push({ kind: 'other', label: messLabel(r, r.pick(GOODWILL_LABELS)), quantity: 1, amount: round2(amount * 0.5), payer: 'goodwill' });
    newInvoice(member, o, day, r.bernoulli(0.5) ? 'unknown' : 'customer', lines, { category: 'repair', payer: 'mixed', operations: [] }, out, kmAt(o, day));
    return;
  }
  newInvoice(member, o, day, headerPayer(r, base), lines, { category: 'repair', payer: base, operations: [] }, out, kmAt(o, day));
}

function pushBodywork(member: MemberState, o: Owned, day: number, out: HouseholdOutput): void {
  const r = member.rng;
  const insured = r.bernoulli(0.6);
  const payer: Payer = insured ? 'insurance' : 'customer';
  const label = messLabel(r, (insured && r.bernoulli(0.5) ? r.pick(INSURANCE_PREFIXES) : '') + r.pick(BODYWORK_LABELS));
  const amount = round2(r.uniform(250, 3500));
  const lines: InvoiceLine[] = [
    { kind: 'labour', label, quantity: round2(r.uniform(1, 12)), amount, ...(insured && r.bernoulli(0.6) ? { payer } : {}) },
    { kind: 'part', label: messLabel(r, r.pick(['PEINTURE INGREDIENTS', 'FOURNITURES PEINTURE', 'PIECES CARROSSERIE'])), quantity: 1, amount: round2(amount * 0.4), ...(insured && r.bernoulli(0.6) ? { payer } : {}) },
  ];
  newInvoice(member, o, day, headerPayer(r, payer), lines, { category: 'bodywork', payer, operations: [] }, out, kmAt(o, day));
}

function pushTyres(member: MemberState, o: Owned, day: number, out: HouseholdOutput, fleet: boolean): void {
  const r = member.rng;
  const payer: Payer = fleet ? 'fleet' : 'customer';
  const lines: InvoiceLine[] = [
    { kind: 'part', label: messLabel(r, r.pick(TYRE_LABELS)), quantity: r.pick([2, 2, 4]), amount: round2(r.uniform(160, 720)) },
    { kind: 'labour', label: messLabel(r, r.pick(TYRE_EXTRAS)), quantity: 1, amount: round2(r.uniform(25, 80)) },
  ];
  newInvoice(member, o, day, headerPayer(r, payer), lines, { category: 'tyres', payer, operations: [] }, out, kmAt(o, day));
}

function pushSimple(
  member: MemberState,
  o: Owned,
  day: number,
  out: HouseholdOutput,
  category: InvoiceCategory,
  payer: Payer,
  labels: readonly string[],
  kind: InvoiceLine['kind'],
  amount: number,
): void {
  const r = member.rng;
  const code = `${o.make.codePrefix}${pad(r.int(1, 99), 2)}`;
  const lines: InvoiceLine[] = [
    { kind, label: messLabel(r, fillLabel(r.pick(labels), 0, code)), quantity: 1, amount: round2(amount), ...(payer !== 'customer' && r.bernoulli(0.6) ? { payer } : {}) },
  ];
  newInvoice(member, o, day, headerPayer(r, payer), lines, { category, payer, operations: [] }, out, kmAt(o, day));
}

/** Internal preparation of a used vehicle ("cession interne"), put on the customer's file by the DMS. */
function pushPreparation(member: MemberState, o: Owned, day: number, km: number, out: HouseholdOutput): void {
  const r = member.rng;
  const lines: InvoiceLine[] = [
    { kind: 'labour', label: messLabel(r, r.pick(PREPARATION_LABELS)), quantity: round2(r.uniform(1, 6)), amount: round2(r.uniform(90, 700)), ...(r.bernoulli(0.5) ? { payer: 'internal' as const } : {}) },
  ];
  if (r.bernoulli(0.4)) lines.push({ kind: 'fee', label: messLabel(r, r.pick(INSPECTION_LABELS)), quantity: 1, amount: round2(r.uniform(70, 90)), ...(r.bernoulli(0.5) ? { payer: 'internal' as const } : {}) });
  const kmHere = Math.min(km, kmAt(o, day));
  newInvoice(member, o, day, r.bernoulli(0.6) ? 'internal' : 'unknown', lines, { category: 'preparation', payer: 'internal', operations: [] }, out, Math.max(0, kmHere));
}

const CHANNELS: readonly Channel[] = ['email', 'sms', 'phone', 'mail', 'push'];
/** Probability of a grant per channel and purpose, given the contact point exists. */
const GRANT: Readonly<Record<Channel, readonly [number, number, number]>> = {
  email: [0.7, 0.92, 0.2],
  sms: [0.5, 0.85, 0.1],
  phone: [0.6, 0.9, 0.1],
  mail: [0.8, 0.9, 0.2],
  push: [0.3, 0.6, 0.05],
};
const HAS_POINT: Readonly<Record<Channel, number>> = { email: 0.88, sms: 0.8, phone: 0.92, mail: 0.97, push: 0.12 };
const PURPOSES: readonly ConsentPurpose[] = ['marketing', 'service', 'partner-sharing'];

function consentsOf(ctx: SimContext, member: MemberState, createdDay: number): void {
  const r = member.rng;
  for (const channel of CHANNELS) {
    if (!r.bernoulli(HAS_POINT[channel])) continue;
    const bounced = (channel === 'email' || channel === 'sms') && r.bernoulli(0.04);
    for (let p = 0; p < PURPOSES.length; p++) {
      const purpose = PURPOSES[p] as ConsentPurpose;
      const granted = r.bernoulli((GRANT[channel] as readonly number[])[p] as number);
      member.out.consents.push({
        customerId: member.id,
        channel,
        purpose,
        status: granted ? 'granted' : 'denied',
        date: fromEpochDay(createdDay),
        ...(bounced ? { bounced: true } : {}),
      });
      if (granted && purpose === 'marketing' && r.bernoulli(0.06)) {
        const later = createdDay + r.int(30, 900);
        if (later <= ctx.asOf) member.out.consents.push({ customerId: member.id, channel, purpose, status: 'denied', date: fromEpochDay(later) });
      }
    }
  }
}

/** Consent decisions of one customer per channel and purpose: [day, granted] in date order. */
interface ConsentIndex {
  /** Indexed by `channel index × 3 + purpose index`. */
  readonly decisions: Array<Array<[number, boolean]> | undefined>;
  readonly bounced: Set<Channel>;
}

const slotOf = (channel: Channel, purpose: ConsentPurpose): number => CHANNELS.indexOf(channel) * 3 + PURPOSES.indexOf(purpose);

function indexConsents(consents: readonly Consent[]): ConsentIndex {
  const decisions: ConsentIndex['decisions'] = [];
  const bounced = new Set<Channel>();
  for (const c of consents) {
    const slot = slotOf(c.channel, c.purpose);
    const list = decisions[slot] ?? (decisions[slot] = []);
    list.push([Math.floor(c.date.getTime() / 86_400_000), c.status === 'granted']);
    if (c.bounced === true) bounced.add(c.channel);
  }
  for (const list of decisions) list?.sort((a, b) => a[0] - b[0] || Number(a[1]) - Number(b[1]));
  return { decisions, bounced };
}

/** Whether consent is in force on a day: the latest decision on or before it (a denial wins a tie). */
function consentOn(index: ConsentIndex, channel: Channel, purpose: ConsentPurpose, day: number): boolean {
  const list = index.decisions[slotOf(channel, purpose)];
  if (list === undefined) return false;
  let granted = false;
  let lastDay = -Infinity;
  for (const [d, g] of list) {
    if (d > day) break;
    granted = d === lastDay ? granted && g : g;
    lastDay = d;
  }
  return granted;
}

function engagementOf(ctx: SimContext, member: MemberState, createdDay: number, prospect: boolean): void {
  const r = member.rng;
  const from = Math.max(createdDay, ctx.asOf - 2 * 365);
  const visitsPerYear = member.engagement * (prospect ? 5 : 3);
  for (let t = from + r.exponential(365 / Math.max(visitsPerYear, 0.05)); t <= ctx.asOf; t += r.exponential(365 / Math.max(visitsPerYear, 0.05))) {
    member.out.engagement.push({ customerId: member.id, date: fromEpochDay(Math.floor(t)), kind: 'web-visit' });
  }
  for (const day of member.leadDays) {
    if (day < ctx.historyStart || day > ctx.asOf) continue;
    member.out.engagement.push({ customerId: member.id, date: fromEpochDay(day - r.int(0, 20)), kind: 'web-visit' });
    member.out.engagement.push({ customerId: member.id, date: fromEpochDay(day), kind: 'lead' });
  }
  if (prospect && r.bernoulli(0.3)) {
    const day = r.int(from, ctx.asOf);
    member.out.engagement.push({ customerId: member.id, date: fromEpochDay(day), kind: 'lead' });
  }
}

/** The vehicle a campaign would be about on `day`, or undefined when the customer is not a target. */
function targetOf(member: MemberState, c: CampaignPlan, prospect: boolean): Owned | null | undefined {
  const r = member.rng;
  const day = c.day;
  const owned = member.owned.filter((o) => o.from <= day && (o.to > day || !Number.isFinite(o.to)) && o.make.kind !== 'other-brand');
  const current = owned[owned.length - 1];
  switch (c.topic) {
    case 'service':
      return current !== undefined && r.bernoulli(0.6) ? current : undefined;
    case 'inspection':
      return current !== undefined && day - Math.floor(current.vehicle.firstRegistration.getTime() / 86_400_000) > 3.5 * 365 ? current : undefined;
    case 'tyres':
      return current !== undefined && kmAt(current, day) > 30_000 && r.bernoulli(0.5) ? current : undefined;
    case 'repurchase':
      return current !== undefined && day - current.from > 30 * DAYS_PER_MONTH ? current : undefined;
    case 'winback': {
      if (prospect || member.owned.length === 0) return undefined;
      const recent = member.visitDays.some((v) => v <= day && v > day - 548);
      return recent ? undefined : (member.owned[member.owned.length - 1] ?? undefined);
    }
    default:
      return r.bernoulli(0.5) ? null : undefined;
  }
}

function contactsOf(ctx: SimContext, member: MemberState, propensity: number, createdDay: number, tally: CampaignTally): void {
  const r = member.rng;
  const prospect = member.out.vehicles.length === 0;
  const consents = indexConsents(member.out.consents);
  let n = 0;
  for (const c of ctx.campaigns) {
    if (c.day < createdDay || c.day > ctx.asOf) continue;
    if (prospect && c.topic !== 'promotion') continue;
    if (!consentOn(consents, c.channel, c.purpose, c.day)) continue;
    const bounced = consents.bounced.has(c.channel);
    const target = targetOf(member, c, prospect);
    if (target === undefined) continue;
    const heldOut = r.bernoulli(c.holdoutFraction);
    const failed = !heldOut && !bounced && r.bernoulli(0.01);
    const delivered = !heldOut && !bounced && !failed;
    const pControl = Math.min(0.9, (c.baseRate * propensity) / 0.1);
    const pTreated = Math.min(0.95, pControl + c.uplift);
    let tallyEntry = tally.get(c.id);
    if (tallyEntry === undefined) tally.set(c.id, (tallyEntry = { targeted: 0, heldOut: 0, effect: 0 }));
    tallyEntry.targeted++;
    if (heldOut) tallyEntry.heldOut++;
    // Effect of assignment to the treated arm (delivery, 99% when the point has not bounced, is part of it).
    if (!bounced) tallyEntry.effect += 0.99 * (pTreated - pControl);

    const converted = r.next() < (delivered ? pTreated : pControl);
    const outcomeDay = c.day + r.int(1, 30);
    let outcome: ContactOutcome;
    const stillOwned = target === null || target.to > c.day + 1;
    if (converted) outcome = c.topic === 'repurchase' ? 'purchase' : c.topic === 'promotion' ? 'responded' : c.channel === 'phone' ? 'appointment' : 'visit';
    else if (delivered && c.channel === 'phone') {
      if (!stillOwned && r.bernoulli(0.7)) outcome = 'no-longer-owner';
      else if (member.elsewhereFrom <= c.day && r.bernoulli(0.6)) outcome = 'serviced-elsewhere';
      else outcome = r.bernoulli(0.4) ? 'absent' : 'none';
    } else if (delivered && c.purpose === 'marketing' && r.bernoulli(0.004)) outcome = 'opt-out';
    else outcome = 'none';
    n++;
    const contact: Writable<ContactEvent> = {
      id: `K${member.id.slice(1)}-${pad(n, 3)}`,
      customerId: member.id,
      campaignId: c.id,
      topic: c.topic,
      channel: c.channel,
      sentAt: new Date(c.day * 86_400_000 + 9 * 3_600_000),
      deliveryStatus: heldOut ? 'held-out' : bounced ? 'bounced' : failed ? 'failed' : 'delivered',
      siteId: member.site.id,
    };
    if (target !== null) contact.vehicleId = target.vehicle.id;
    const known = outcomeDay <= ctx.asOf;
    if (known) {
      contact.outcome = outcome;
      contact.outcomeAt = fromEpochDay(outcomeDay);
    }
    member.out.contacts.push(contact);
    if (known && outcome === 'no-longer-owner' && target !== null && !member.out.disposals.some((d) => d.vehicleId === target.vehicle.id)) {
      member.out.disposals.push({ vehicleId: target.vehicle.id, customerId: member.id, date: fromEpochDay(outcomeDay), reason: 'reported-by-customer' });
    }
    if (known && outcome === 'opt-out') {
      member.out.consents.push({ customerId: member.id, channel: c.channel, purpose: 'marketing', status: 'denied', date: fromEpochDay(outcomeDay) });
      // Later campaigns respect the opt-out.
      const slot = slotOf(c.channel, 'marketing');
      const list = consents.decisions[slot] ?? (consents.decisions[slot] = []);
      list.push([outcomeDay, false]);
    }
    if (delivered && c.channel === 'email') {
      const opened = converted || r.bernoulli(member.engagement);
      if (opened) {
        const openDay = Math.min(ctx.asOf, c.day + r.int(0, 3));
        member.out.engagement.push({ customerId: member.id, date: fromEpochDay(openDay), kind: 'open', channel: 'email', campaignId: c.id });
        if (converted || r.bernoulli(0.25)) member.out.engagement.push({ customerId: member.id, date: fromEpochDay(openDay), kind: 'click', channel: 'email', campaignId: c.id });
      }
    }
  }
}
