/**
 * `relance/pressure`: may we contact them, on which channel, and on which day. A pure,
 * deterministic scheduler over proposed contacts, past contacts, consents and a policy of
 * caps, gaps, exclusive topics, capacity and quiet hours; every refusal and deferral says why.
 *
 * @module pressure
 */
export { RelanceError, formatIssues } from '../errors';
export type { RelanceErrorCode, RelanceIssue } from '../errors';
export { governContacts } from './governContacts';
export type { ContactProposal, GovernContactsOptions, GovernedContacts, RuleHit, GovernedContact, UnplacedContact } from './governContacts';
export { CapacityRuleSchema, CapRuleSchema, CapWindowSchema, ContactPolicySchema, ExclusionRuleSchema, GapRuleSchema, QuietRuleSchema } from './policy';
export type { CapacityRule, CapRule, CapWindow, ContactPolicy, ContactPolicyInput, ExclusionRule, GapRule, QuietRule } from './policy';
