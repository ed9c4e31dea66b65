import type { RouterOutputs } from '../api/types.js';
import { numericColumn, TableHead } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { humanise } from './labels.js';

export type Explanation = RouterOutputs['transactions']['explain'];

const contributionColumns: readonly Column[] = ['Rule', numericColumn('Points'), 'Why'];
const labelColumns: readonly Column[] = ['Address', 'Label', 'Source'];

/** "+0.10" / "−0.05": every contribution with its sign, as the score adds them up. */
export function formatPoints(points: number): string {
  const rounded = Math.abs(points).toFixed(2);
  if (Number(rounded) === 0) return points < 0 ? '−0.00' : '+0.00';
  return `${points < 0 ? '−' : '+'}${rounded}`;
}

/** Each rule's contribution to the score (they add up to it) and the parties' address labels. */
export function ExplanationView({ explanation }: { explanation: Explanation }) {
  const { contributions, labels } = explanation;
  const outdated =
    explanation.storedRulesetVersion !== null &&
    explanation.storedRulesetVersion !== explanation.version;
  return (
    <div className="explanation">
      <h3 id="explanation-title">Why it scored {explanation.score.toFixed(2)}</h3>
      {outdated && (
        <p className="notice">
          The stored score comes from rule set {explanation.storedRulesetVersion}; this explanation
          uses the current rule set {explanation.version}. Re-score to bring them together.
        </p>
      )}
      <table className="data-table compact" aria-labelledby="explanation-title">
        <TableHead columns={contributionColumns} />
        <tbody>
          {contributions.map((contribution) => (
            <tr key={`${contribution.rule}-${contribution.flag ?? ''}`}>
              <th scope="row">
                {humanise(contribution.rule)}
                {contribution.flag && contribution.flag !== contribution.rule && (
                  <span className="muted"> ({contribution.flag})</span>
                )}
              </th>
              <td className="numeric">{formatPoints(contribution.points)}</td>
              <td>{contribution.detail}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Score</th>
            <td className="numeric">{explanation.score.toFixed(2)}</td>
            <td>
              <span className={`risk risk-${explanation.bucket}`}>{explanation.bucket}</span> (rule
              set {explanation.version})
            </td>
          </tr>
        </tfoot>
      </table>
      <h3 id="labels-title">Address labels</h3>
      {labels.length === 0 ? (
        <p className="muted">Neither party carries an address label.</p>
      ) : (
        <table className="data-table compact" aria-labelledby="labels-title">
          <TableHead columns={labelColumns} />
          <tbody>
            {labels.map((label) => (
              <tr key={`${label.address}-${label.label}`}>
                <td className="mono">{label.address}</td>
                <td>{label.label}</td>
                <td>{label.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
