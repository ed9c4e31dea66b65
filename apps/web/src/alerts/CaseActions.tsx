import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { describeFailure } from '../api/errors.js';
import type { SessionUser } from '../session/session-store.js';
import { ApiErrorAlert, ErrorAlert } from '../ui/ErrorAlert.js';
import { SelectField } from '../ui/SelectField.js';
import { alertOutcomes, outcomeLabels } from './alert-filters.js';
import type { Alert, AlertOutcome, AlertStatus } from './alert-filters.js';
import { useAssignees, type Assignee } from './use-assignees.js';
import { useCaseChanges } from './use-case-change.js';

const conflictMessage =
  'Someone else changed this alert meanwhile; it now shows their change. Check it and try again.';

/** Assign, move through the workflow (closing needs an outcome), and comment: analysts and admins. */
export function CaseActions({ alert, user }: { alert: Alert; user: SessionUser }) {
  const { assign, setStatus, comment } = useCaseChanges(alert.id);
  const failure = assign.error ?? setStatus.error ?? comment.error;
  const problem = describeFailure(failure);
  const busy = assign.isPending || setStatus.isPending || comment.isPending;
  const resetAll = () => {
    assign.reset();
    setStatus.reset();
    comment.reset();
  };
  const assignTo = (assigneeId: string | null) => {
    resetAll();
    assign.mutate({ id: alert.id, assigneeId, version: alert.version });
  };
  const moveTo = (status: Alert['status'], outcome?: AlertOutcome) => {
    resetAll();
    setStatus.mutate({
      id: alert.id,
      status,
      ...(outcome ? { outcome } : {}),
      version: alert.version,
    });
  };

  const step = nextSteps[alert.status];

  return (
    <section className="case-actions" aria-labelledby="case-actions-title">
      <h3 id="case-actions-title">Work the case</h3>
      <ErrorAlert
        message={problem && (problem.code === 'CONFLICT' ? conflictMessage : problem.message)}
      />
      <div className="form-actions">
        {alert.assigneeId !== user.id && (
          <ActionButton busy={busy} onClick={() => assignTo('me')}>
            Assign to me
          </ActionButton>
        )}
        {alert.assigneeId !== null && (
          <ActionButton busy={busy} onClick={() => assignTo(null)}>
            Unassign
          </ActionButton>
        )}
        <ActionButton busy={busy} onClick={() => moveTo(step.to)}>
          {step.label}
        </ActionButton>
      </div>
      <AssignToMember current={alert.assigneeId} userId={user.id} busy={busy} onAssign={assignTo} />
      {alert.status !== 'closed' && (
        <CloseForm busy={busy} onClose={(outcome) => moveTo('closed', outcome)} />
      )}
      <CommentForm
        busy={busy}
        onComment={(body, done) => {
          resetAll();
          comment.mutate({ id: alert.id, body }, { onSuccess: done });
        }}
      />
    </section>
  );
}

/** The step of the workflow each status offers besides closing (which needs an outcome). */
const nextSteps: Record<AlertStatus, { to: AlertStatus; label: string }> = {
  open: { to: 'investigating', label: 'Start investigating' },
  investigating: { to: 'open', label: 'Back to open' },
  closed: { to: 'investigating', label: 'Reopen for investigation' },
};

function ActionButton({
  busy,
  onClick,
  children,
}: {
  busy: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className="button button-secondary" onClick={onClick} disabled={busy}>
      {children}
    </button>
  );
}

function CloseForm({ busy, onClose }: { busy: boolean; onClose: (outcome: AlertOutcome) => void }) {
  const [outcome, setOutcome] = useState<AlertOutcome | ''>('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (outcome) onClose(outcome);
  };
  return (
    <form className="inline-form" aria-label="Close the alert" onSubmit={submit}>
      <SelectField
        label="Outcome"
        name="outcome"
        value={outcome}
        options={alertOutcomes}
        optionLabels={outcomeLabels}
        emptyLabel="Choose an outcome…"
        onChange={setOutcome}
      />
      <button type="submit" className="button button-primary" disabled={busy || !outcome}>
        Close alert
      </button>
    </form>
  );
}

/** Hands the alert to a colleague: anyone alerts.assignees lists (active analysts and admins). */
function AssignToMember({
  current,
  userId,
  busy,
  onAssign,
}: {
  current: string | null;
  userId: string;
  busy: boolean;
  onAssign: (userId: string) => void;
}) {
  const members = useAssignees();
  const [chosen, setChosen] = useState('');
  const candidates = (members.data ?? []).filter((member) => member.id !== current);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen) onAssign(chosen);
  };
  return (
    <form className="inline-form" aria-label="Assign to a member" onSubmit={submit}>
      <SelectField
        label="Assign to"
        value={chosen}
        options={candidates.map((member) => member.id)}
        optionLabels={Object.fromEntries(
          candidates.map((member) => [member.id, memberLabel(member, userId)]),
        )}
        emptyLabel={members.isPending ? 'Loading members…' : 'Choose a member…'}
        onChange={setChosen}
        disabled={!members.isSuccess}
      />
      <button type="submit" className="button button-secondary" disabled={busy || !chosen}>
        Assign
      </button>
      <ApiErrorAlert error={members.error} />
    </form>
  );
}

/** "ada@example.com (you) — Analyst". */
const memberLabel = (member: Assignee, userId: string) =>
  `${member.email}${member.id === userId ? ' (you)' : ''} — ${roleLabels[member.role]}`;

const roleLabels: Record<Assignee['role'], string> = { analyst: 'Analyst', admin: 'Admin' };

function CommentForm({
  busy,
  onComment,
}: {
  busy: boolean;
  onComment: (body: string, done: () => void) => void;
}) {
  const fieldId = useId();
  const [body, setBody] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = body.trim();
    if (text) onComment(text, () => setBody(''));
  };
  return (
    <form className="comment-form" aria-label="Add a comment" onSubmit={submit}>
      <div className="field">
        <label htmlFor={fieldId}>Comment</label>
        <textarea
          id={fieldId}
          name="comment"
          rows={3}
          maxLength={2000}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
      </div>
      <div>
        <button type="submit" className="button button-secondary" disabled={busy || !body.trim()}>
          Add comment
        </button>
      </div>
    </form>
  );
}
