import type { CustomerBundle, Dataset, DisposalReason, FinanceKind, SaleCondition, VehicleSale } from '../domain';
// Deep import on purpose: the domain index would pull zod into relance/repurchase.
import { toBundles } from '../domain/bundlesOf';
import { RelanceError } from '../errors';
import { DAYS_PER_MONTH, fromEpochDay, toEpochDay } from '../internal/epochDays';

/** Age band of the owner at the start of a spell; `company` for companies. */
export type AgeBand = 'under-35' | '35-49' | '50-64' | '65-plus' | 'company' | 'unknown';

/** How a spell ended. */
export type SpellEnd = 'repurchase' | 'as-of' | 'disposal';

/** One ownership spell of a vehicle bought in the group: the unit of the survival analysis. */
export interface OwnershipSpell {
  readonly customerId: string;
  readonly householdId?: string | undefined;
  readonly vehicleId: string;
  /** The sale that started the spell. */
  readonly saleId: string;
  /** The selling site. */
  readonly siteId: string;
  readonly make: string;
  readonly model: string;
  readonly segment?: string | undefined;
  /** `new` or `used`. */
  readonly condition: SaleCondition;
  /** The owner's age band at delivery. */
  readonly ageBand: AgeBand;
  /** Delivery date. */
  readonly start: Date;
  /** The repurchase date, `asOf`, or the disposal date when disposals censor. */
  readonly end: Date;
  /** True when the spell ended with a purchase in the group. */
  readonly event: boolean;
  readonly endReason: SpellEnd;
  /** Months from delivery to `end` (days / 30.436875). */
  readonly durationMonths: number;
  /**
   * Months from delivery to the start of observation: > 0 when the spell began before the
   * history (left truncation), else 0.
   */
  readonly entryMonths: number;
  /** The sale that ended the spell. */
  readonly nextSaleId?: string | undefined;
  /** When and why the owner parted with the vehicle, if known (a disposal, or a contact outcome `no-longer-owner`). */
  readonly disposal?: { readonly date: Date; readonly reason: DisposalReason } | undefined;
  /** The finance contract on the vehicle during the spell: its end is a repurchase signal. */
  readonly finance?: { readonly kind: FinanceKind; readonly end: Date } | undefined;
}

/** Options of {@link ownershipSpells}. */
export interface OwnershipSpellsOptions {
  /** The analysis date: open spells are censored here; a sale after it is an error. */
  readonly asOf: Date;
  /**
   * Whose purchase ends a spell: the same `customer` (default) or anyone in the same
   * `household` (a partner buying the family's next car). See {@link ownershipSpells} for
   * which open spell a purchase ends.
   */
  readonly repurchaseBy?: 'customer' | 'household' | undefined;
  /**
   * What a disposal without a purchase does: `follow` (default) keeps the owner at risk of
   * buying in the group until `asOf` — parting with the car is not leaving the group, and
   * censoring there would bias the curve (those who sell and never come back would drop out
   * of the risk set exactly when they show it); `censor` ends the spell, censored, at the
   * disposal date (a spell strictly bounded by ownership).
   */
  readonly onDisposal?: 'follow' | 'censor' | undefined;
  /**
   * When observation of a customer's history began: `customer-created` (default: the
   * customer's `createdAt`), one date for the whole base, or `none` (every history complete
   * from the first sale). A spell that started before it and was still open then is
   * left-truncated: it enters the risk set at that date (`entryMonths`).
   */
  readonly observedFrom?: 'customer-created' | Date | 'none' | undefined;
}

/** Days around a purchase within which a trade-in designates the vehicle it replaces. */
const TRADE_IN_WINDOW_DAYS = 60;

interface OpenSpell {
  readonly sale: VehicleSale;
  readonly bundle: CustomerBundle;
  readonly startDay: number;
  readonly tradeInDay: number | null;
  readonly disposal: { readonly day: number; readonly reason: DisposalReason } | null;
  closed: { day: number; sale: VehicleSale | null; reason: SpellEnd } | null;
}

/**
 * One ownership spell per vehicle bought in the group, from the sales history: start at
 * delivery, end at the owner's next purchase in the group (the event), or censored at
 * `asOf`; with left truncation for histories that begin after the purchase, and the
 * covariates a repurchase model stratifies on (make, model, segment, new/used, age band,
 * site).
 *
 * Which open spell a purchase ends, in this order: the vehicle traded in within 60 days of
 * the purchase (and closer to it than to any other purchase); else a vehicle the buyer has already disposed of; else the buyer's earliest
 * open spell; else (with `repurchaseBy: 'household'`) the household's earliest open spell —
 * never a vehicle whose trade-in is recorded at another date. A company's purchase ends a
 * spell only through a trade-in: fleets add vehicles in parallel.
 * A purchase that ends none (a first or an additional vehicle) only opens its own spell.
 * Disposals and contact outcomes `no-longer-owner` are recorded on the spell and, with
 * `onDisposal: 'censor'`, end it.
 *
 * @param source - a dataset, or customer bundles (household grouping needs every member's bundle)
 * @param options - `asOf`, whose purchase counts, what disposals do, when observation began
 * @returns the spells, ordered by customer then delivery date
 * @throws RelanceError `invalid_input` for a sale after `asOf` or of a vehicle the source does not hold
 *
 * @example
 * ```ts
 * import { simulateDealer } from 'relance/simulate';
 * import { ownershipSpells } from 'relance/repurchase';
 *
 * const asOf = new Date('2025-06-30');
 * const { dataset } = simulateDealer({ seed: 1, customers: 300, asOf });
 * const spells = ownershipSpells(dataset, { asOf });
 * spells.length > 0; // true
 * spells.every((s) => s.durationMonths > s.entryMonths || s.durationMonths === 0); // true
 * ```
 */
export function ownershipSpells(source: Dataset | Iterable<CustomerBundle>, options: OwnershipSpellsOptions): OwnershipSpell[] {
  const asOfDay = checkedAsOf(options.asOf);
  const byHousehold = (options.repurchaseBy ?? 'customer') === 'household';
  const censorAtDisposal = (options.onDisposal ?? 'follow') === 'censor';
  const observedFrom = options.observedFrom ?? 'customer-created';
  const out: OwnershipSpell[] = [];
  const households = new Map<string, CustomerBundle[]>();
  for (const bundle of toBundles(source)) {
    const household = bundle.customer.householdId;
    if (byHousehold && household !== undefined) {
      const members = households.get(household);
      if (members === undefined) households.set(household, [bundle]);
      else members.push(bundle);
    } else {
      spellsOfGroup([bundle], asOfDay, censorAtDisposal, observedFrom, out);
    }
  }
  for (const members of households.values()) spellsOfGroup(members, asOfDay, censorAtDisposal, observedFrom, out);
  return out;
}

function checkedAsOf(asOf: Date): number {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) {
    throw new RelanceError('invalid_input', 'ownershipSpells: asOf must be a valid Date', {
      issues: [{ code: 'invalid_type', path: ['asOf'], message: 'expected a valid Date' }],
    });
  }
  return toEpochDay(asOf);
}

function spellsOfGroup(
  members: readonly CustomerBundle[],
  asOfDay: number,
  censorAtDisposal: boolean,
  observedFrom: OwnershipSpellsOptions['observedFrom'] & {},
  out: OwnershipSpell[],
): void {
  const sales: { sale: VehicleSale; bundle: CustomerBundle; day: number }[] = [];
  for (const bundle of members) {
    bundle.sales.forEach((sale, index) => {
      const day = toEpochDay(sale.date);
      if (day > asOfDay) {
        throw new RelanceError('invalid_input', `ownershipSpells: sale ${sale.id} is dated after asOf`, {
          issues: [{ code: 'future_date', path: ['sales', index, 'date'], message: `sale ${sale.id} of customer ${bundle.customer.id} is dated after asOf` }],
        });
      }
      sales.push({ sale, bundle, day });
    });
  }
  if (sales.length === 0) return;
  sales.sort((x, y) => x.day - y.day || (x.sale.id < y.sale.id ? -1 : x.sale.id > y.sale.id ? 1 : 0));

  const saleDays = sales.map((s) => s.day);
  const spells: OpenSpell[] = [];
  const open: OpenSpell[] = [];
  for (const { sale, bundle, day } of sales) {
    if (censorAtDisposal) {
      for (let i = open.length - 1; i >= 0; i--) {
        const s = open[i] as OpenSpell;
        if (s.disposal !== null && s.disposal.reason !== 'trade-in' && s.disposal.day <= day) {
          s.closed = { day: Math.max(s.startDay, s.disposal.day), sale: null, reason: 'disposal' };
          open.splice(i, 1);
        }
      }
    }
    const replaced = replacedSpell(open, saleDays, bundle.customer.id, bundle.customer.kind === 'company', day);
    if (replaced !== null) {
      replaced.closed = { day, sale, reason: 'repurchase' };
      open.splice(open.indexOf(replaced), 1);
    }
    const spell = openSpell(sale, bundle, day);
    spells.push(spell);
    open.push(spell);
  }
  for (const s of open) {
    if (censorAtDisposal && s.disposal !== null && s.disposal.day <= asOfDay) s.closed = { day: Math.max(s.startDay, s.disposal.day), sale: null, reason: 'disposal' };
  }
  for (const s of spells) out.push(toSpell(s, asOfDay, observedFrom));
}

/** Whether another purchase after `startDay` is strictly closer than `gap` days to the trade-in. */
function closerSale(saleDays: readonly number[], tradeInDay: number, gap: number, startDay: number): boolean {
  for (const d of saleDays) if (d > startDay && Math.abs(d - tradeInDay) < gap) return true;
  return false;
}

function replacedSpell(
  open: readonly OpenSpell[],
  saleDays: readonly number[],
  buyer: string,
  company: boolean,
  day: number,
): OpenSpell | null {
  let best: OpenSpell | null = null;
  let bestGap = Infinity;
  for (const s of open) {
    if (s.startDay >= day || s.tradeInDay === null) continue;
    const gap = Math.abs(s.tradeInDay - day);
    if (gap <= TRADE_IN_WINDOW_DAYS && gap < bestGap && !closerSale(saleDays, s.tradeInDay, gap, s.startDay)) {
      best = s;
      bestGap = gap;
    }
  }
  if (best !== null || company) return best;
  // A vehicle with a recorded trade-in is replaced by the purchase at that trade-in only.
  const earliest = (accept: (s: OpenSpell) => boolean): OpenSpell | null => {
    for (const s of open) if (s.startDay < day && s.tradeInDay === null && accept(s)) return s;
    return null;
  };
  return (
    earliest((s) => s.bundle.customer.id === buyer && s.disposal !== null && s.disposal.day <= day) ??
    earliest((s) => s.bundle.customer.id === buyer) ??
    earliest(() => true)
  );
}

function openSpell(sale: VehicleSale, bundle: CustomerBundle, day: number): OpenSpell {
  let tradeInDay: number | null = null;
  let disposal: { day: number; reason: DisposalReason } | null = null;
  for (const d of bundle.disposals) {
    if (d.vehicleId !== sale.vehicleId) continue;
    const dDay = toEpochDay(d.date);
    if (dDay < day) continue;
    if (d.reason === 'trade-in' && (tradeInDay === null || dDay < tradeInDay)) tradeInDay = dDay;
    if (disposal === null || dDay < disposal.day) disposal = { day: dDay, reason: d.reason };
  }
  for (const c of bundle.contacts) {
    if (c.vehicleId !== sale.vehicleId || c.outcome !== 'no-longer-owner') continue;
    const cDay = toEpochDay(c.outcomeAt ?? c.sentAt);
    if (cDay >= day && (disposal === null || cDay < disposal.day)) disposal = { day: cDay, reason: 'reported-by-customer' };
  }
  return { sale, bundle, startDay: day, tradeInDay, disposal, closed: null };
}

function ageBandOf(bundle: CustomerBundle, startDay: number): AgeBand {
  const c = bundle.customer;
  if (c.kind === 'company') return 'company';
  if (c.birthYear === undefined) return 'unknown';
  const age = fromEpochDay(startDay).getUTCFullYear() - c.birthYear;
  return age < 35 ? 'under-35' : age < 50 ? '35-49' : age < 65 ? '50-64' : '65-plus';
}

function toSpell(s: OpenSpell, asOfDay: number, observedFrom: OwnershipSpellsOptions['observedFrom'] & {}): OwnershipSpell {
  const { sale, bundle } = s;
  const vehicle = bundle.vehicles.find((v) => v.id === sale.vehicleId);
  if (vehicle === undefined) {
    throw new RelanceError('invalid_reference', `ownershipSpells: sale ${sale.id} refers to vehicle ${sale.vehicleId}, which customer ${bundle.customer.id}'s records do not hold`, {
      issues: [{ code: 'unknown_reference', path: ['sales', bundle.sales.indexOf(sale), 'vehicleId'], message: `unknown vehicle ${sale.vehicleId}` }],
    });
  }
  const endDay = s.closed === null ? asOfDay : s.closed.day;
  const fromDay =
    observedFrom === 'none' ? -Infinity : observedFrom === 'customer-created' ? toEpochDay(bundle.customer.createdAt) : toEpochDay(observedFrom);
  const entryDays = s.startDay < fromDay && endDay > fromDay ? fromDay - s.startDay : 0;
  let finance: { kind: FinanceKind; end: Date } | undefined;
  for (const f of bundle.financeContracts) {
    if (f.vehicleId !== sale.vehicleId) continue;
    const fStart = toEpochDay(f.start);
    if (fStart >= s.startDay - 31 && fStart <= endDay && (finance === undefined || f.end > finance.end)) finance = { kind: f.kind, end: f.end };
  }
  return {
    customerId: bundle.customer.id,
    householdId: bundle.customer.householdId,
    vehicleId: sale.vehicleId,
    saleId: sale.id,
    siteId: sale.siteId,
    make: vehicle.make,
    model: vehicle.model,
    segment: vehicle.segment,
    condition: sale.condition,
    ageBand: ageBandOf(bundle, s.startDay),
    start: sale.date,
    end: fromEpochDay(endDay),
    event: s.closed !== null && s.closed.reason === 'repurchase',
    endReason: s.closed === null ? 'as-of' : s.closed.reason,
    durationMonths: (endDay - s.startDay) / DAYS_PER_MONTH,
    entryMonths: entryDays / DAYS_PER_MONTH,
    nextSaleId: s.closed?.sale?.id,
    disposal: s.disposal === null ? undefined : { date: fromEpochDay(s.disposal.day), reason: s.disposal.reason },
    finance,
  };
}
