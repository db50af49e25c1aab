import { RelanceError } from '../errors';
import { CustomerBundleSchema } from './dataset';
import type { CustomerBundle } from './dataset';
import { fromZodIssues } from './zodIssues';

/**
 * Validates one customer bundle streamed by a host (dates coerced to `Date`), for hosts
 * that feed relance bundles from their own store rather than a whole dataset.
 *
 * @param raw - one bundle
 * @returns the validated bundle
 * @throws {@link RelanceError} `invalid_input` with every issue and its path
 *
 * @example
 * ```ts
 * import { parseBundle } from 'relance/domain';
 * const bundle = parseBundle({
 *   customer: { id: 'C1', kind: 'person', status: 'prospect', createdAt: '2024-05-01' },
 *   vehicles: [], sales: [], disposals: [], financeContracts: [], odometerReadings: [],
 *   serviceIndicators: [], invoices: [], contacts: [], consents: [], engagement: [],
 * });
 * console.log(bundle.customer.createdAt.toISOString()); // 2024-05-01T00:00:00.000Z
 * ```
 */
export function parseBundle(raw: unknown): CustomerBundle {
  const result = CustomerBundleSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = fromZodIssues(result.error.issues, []);
  throw new RelanceError('invalid_input', `parseBundle: ${issues.length} issue${issues.length === 1 ? '' : 's'} in the bundle`, { issues });
}
