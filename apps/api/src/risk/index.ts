/** The risk engine (SPEC §5): pure, versioned functions — no I/O, no store, no tRPC. */
export { RULESET_VERSION } from './version.js';
export { scoreTransaction, riskBucket } from './score.js';
export { categorize, CATEGORY_KEYWORDS } from './categorize.js';
export { SUSPICIOUS_MEMO_WORDS } from './memo-words.js';
export { InvalidRiskInputError } from './validate.js';
export {
  ADDRESS_LABELS,
  CATEGORIES,
  RISK_BUCKETS,
  RISK_FLAGS,
  RISK_RULES,
  type AddressLabel,
  type AddressLabelKind,
  type Category,
  type CategoryAssessment,
  type Contribution,
  type HistoryFacts,
  type RiskAssessment,
  type RiskBucket,
  type RiskContext,
  type RiskFlag,
  type RiskRule,
  type RiskTransaction,
  type Watchers,
} from './types.js';
