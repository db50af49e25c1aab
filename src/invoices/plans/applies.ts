import type { Vehicle } from '../../domain';
import type { PlanItem } from './schema';

/**
 * Whether a plan item applies to a vehicle: its make, model, fuel and variant against the
 * item's `appliesTo` (case-insensitive; a variant matches when it contains one of the listed
 * texts). An item without `appliesTo` applies to every vehicle.
 *
 * @param item - the plan item
 * @param vehicle - the vehicle
 * @returns whether the item applies
 *
 * @example
 * ```ts
 * import { itemApplies, EXAMPLE_LONGLIFE_PLAN } from 'relance/invoices';
 * const plugs = EXAMPLE_LONGLIFE_PLAN.items.find((i) => i.operation === 'spark-plugs')!;
 * itemApplies(plugs, { id: 'V1', make: 'X', model: 'Y', fuel: 'diesel', firstRegistration: new Date('2020-01-01') }); // false
 * ```
 */
export function itemApplies(item: PlanItem, vehicle: Vehicle): boolean {
  const a = item.appliesTo;
  if (a === undefined) return true;
  const eq = (x: string, y: string): boolean => x.toLowerCase() === y.toLowerCase();
  if (a.makes !== undefined && !a.makes.some((m) => eq(m, vehicle.make))) return false;
  if (a.models !== undefined && !a.models.some((m) => eq(m, vehicle.model))) return false;
  if (a.fuels !== undefined && (vehicle.fuel === undefined || !a.fuels.includes(vehicle.fuel))) return false;
  if (a.variants !== undefined) {
    const variant = vehicle.variant?.toLowerCase();
    if (variant === undefined || !a.variants.some((v) => variant.includes(v.toLowerCase()))) return false;
  }
  return true;
}

