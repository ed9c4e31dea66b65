import { BASE_POINTS, POINTS_PER_UNIT, RULES } from './rules.js';
import type {
  Contribution,
  RiskAssessment,
  RiskBucket,
  RiskContext,
  RiskFlag,
  RiskTransaction,
} from './types.js';
import { checkContext, checkTransaction } from './validate.js';
import { RULESET_VERSION } from './version.js';

const MEDIUM_FROM = 3300;
const HIGH_FROM = 6600;

function bucketOfPoints(points: number): RiskBucket {
  if (points < MEDIUM_FROM) return 'low';
  return points < HIGH_FROM ? 'medium' : 'high';
}

/** low < 0.33 ≤ medium < 0.66 ≤ high, for a score with at most four decimals. */
export function riskBucket(score: number): RiskBucket {
  return bucketOfPoints(Math.round(score * POINTS_PER_UNIT));
}

const toScore = (points: number) => points / POINTS_PER_UNIT;
const formatScore = (points: number) => String(toScore(points));

/**
 * Scores a transaction (SPEC §5): 0.10 plus every rule that fires, then clamped to 0..1.
 * Pure and deterministic. Throws `InvalidRiskInputError` for input no valid row could hold.
 *
 * Explanation: `contributions` starts with 'base', has one entry per raised flag, and — only
 * when the rules' sum falls outside 0..1 — ends with a 'clamp' entry worth
 * (clamped − unclamped). So the contributions always add up to the final `score`, and
 * without 'clamp' they add up to `unclampedScore`.
 */
export function scoreTransaction(input: RiskTransaction, context: RiskContext): RiskAssessment {
  const tx = checkTransaction(input);
  const checkedContext = checkContext(context);

  const contributions: Contribution[] = [
    {
      rule: 'base',
      flag: null,
      points: toScore(BASE_POINTS),
      detail: 'every transaction starts at 0.10',
    },
  ];
  const flags: RiskFlag[] = [];
  let unclamped = BASE_POINTS;
  for (const rule of RULES) {
    for (const hit of rule.evaluate(tx, checkedContext)) {
      flags.push(hit.flag);
      unclamped += hit.points;
      contributions.push({
        rule: rule.name,
        flag: hit.flag,
        points: toScore(hit.points),
        detail: hit.detail,
      });
    }
  }

  const clamped = Math.min(POINTS_PER_UNIT, Math.max(0, unclamped));
  if (clamped !== unclamped) {
    contributions.push({
      rule: 'clamp',
      flag: null,
      points: toScore(clamped - unclamped),
      detail: `the rules sum to ${formatScore(unclamped)}; scores are clamped to 0..1`,
    });
  }

  return {
    score: toScore(clamped),
    unclampedScore: toScore(unclamped),
    bucket: bucketOfPoints(clamped),
    flags,
    contributions,
    version: RULESET_VERSION,
  };
}
