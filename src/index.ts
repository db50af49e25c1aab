/**
 * relance: predictive-marketing primitives for automotive retail.
 *
 * The root entry re-exports every module; import a subpath (`relance/domain`,
 * `relance/simulate`, …) to keep bundles small.
 *
 * @module relance
 */
export { RelanceError, formatIssues, formatPath } from './errors';
export type { PathSegment, RelanceErrorCode, RelanceErrorOptions, RelanceIssue } from './errors';
export * from './charts';
export * from './domain';
export * from './invoices';
export * from './measure';
export * from './plan';
export * from './pressure';
export * from './propensity';
export * from './repurchase';
export * from './rfm';
export * from './simulate';
