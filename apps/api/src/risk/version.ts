/**
 * The version of the rule set below (weights, thresholds, word lists). Stored next to every score
 * so a score can always be traced to the rules that produced it; bump it on any change that can
 * move a score, a flag or a category.
 */
export const RULESET_VERSION = '2026-11-2';
