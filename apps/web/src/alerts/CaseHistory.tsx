import { Timestamp } from '../ui/Timestamp.js';
import { describeEvent } from './history.js';
import type { AlertCase } from './history.js';

/** Who changed what, and when, oldest first; comments keep their line breaks. */
export function CaseHistory({ alertCase }: { alertCase: AlertCase }) {
  const emails = new Map<string, string>();
  for (const event of alertCase.history) {
    if (event.actorId && event.actorEmail) emails.set(event.actorId, event.actorEmail);
  }
  const { assigneeId, assigneeEmail } = alertCase.alert;
  if (assigneeId && assigneeEmail) emails.set(assigneeId, assigneeEmail);

  return (
    <section aria-labelledby="case-history-title">
      <h3 id="case-history-title">Case history</h3>
      <ol className="case-history">
        {alertCase.history.map((event) => (
          <li key={event.id} className={`case-event case-event-${event.kind}`}>
            <div className="case-event-meta">
              <Timestamp iso={event.at} />
              <span>{event.actorEmail ?? 'Klerno'}</span>
            </div>
            <p className={event.kind === 'commented' ? 'case-comment' : undefined}>
              {describeEvent(event, emails)}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
