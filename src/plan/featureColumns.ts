/**
 * What the plan must know of `buildFeatures()`'s columns to stream: which ones it computes over
 * the whole base it is given, and which ones from a customer's household. Checked against
 * buildFeatures itself by tests/plan/streamedFeatures.test.ts, which fails naming any new
 * column computed over the base.
 */

/** Columns of the `rfm` group: rank scores and P(alive) of the workshop visits, over the whole base. */
export const RFM_COLUMNS: readonly string[] = ['rfmR', 'rfmF', 'rfmM', 'pAlive'];

/**
 * Columns computed relative to the whole base (the `rfm` group; `emailOpenRate36m`, whose prior
 * is the base's open rate): a streamed plan cannot compute them chunk by chunk.
 */
export const BASE_RELATIVE_COLUMNS: readonly string[] = [...RFM_COLUMNS, 'emailOpenRate36m'];

/** Columns computed from every member of the customer's household. */
export const HOUSEHOLD_COLUMNS: readonly string[] = ['householdSize', 'householdVehicles'];
