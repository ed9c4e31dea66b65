import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import type { RouterOutputs } from '../api/types.js';
import { ApiErrorAlert, FormErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { formatThreshold, parseThreshold } from './threshold.js';

type Settings = RouterOutputs['settings']['get'];

/** The caller's risk threshold (alerts at or above it) and default time range. */
export function PreferencesPanel() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  // Here, not in the form: a save remounts the form with the saved values.
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="preferences-title">
      <h2 id="preferences-title">Risk threshold and time range</h2>
      {settings.isPending && <p className="muted">Loading your settings…</p>}
      <ApiErrorAlert error={settings.error} />
      {settings.data && (
        // Saved values come back from the API: the form starts again from them.
        <PreferencesForm
          key={`${settings.data.riskThreshold}/${settings.data.riskThresholdIsDefault}/${settings.data.timeRangeDays}`}
          settings={settings.data}
          onSaved={setSaved}
        />
      )}
      {saved && (
        <p role="status" className="notice">
          {saved}
        </p>
      )}
    </section>
  );
}

function PreferencesForm({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: (message: string | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [threshold, setThreshold] = useState(formatThreshold(settings.riskThreshold));
  const [days, setDays] = useState(String(settings.timeRangeDays));
  const [thresholdProblem, setThresholdProblem] = useState<string | null>(null);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (next, variables) => {
        onSaved(
          variables.riskThreshold === null
            ? 'The risk threshold is back to the default.'
            : 'Settings saved.',
        );
        queryClient.setQueryData(trpc.settings.get.queryKey(), next);
      },
    }),
  );
  const problem = describeFailure(update.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSaved(null);
    const parsed = parseThreshold(threshold);
    if (!parsed.ok) {
      setThresholdProblem(parsed.message);
      return;
    }
    setThresholdProblem(null);
    // A default left as shown stays the default (it follows the application's setting).
    const thresholdChanged =
      !settings.riskThresholdIsDefault || parsed.value !== settings.riskThreshold;
    update.mutate({
      ...(thresholdChanged ? { riskThreshold: parsed.value } : {}),
      timeRangeDays: Number(days),
    });
  };

  const resetThreshold = () => {
    onSaved(null);
    update.mutate({ riskThreshold: null });
  };

  const thresholdErrors = thresholdProblem
    ? [thresholdProblem]
    : problem?.fieldErrors.riskThreshold;
  return (
    <form className="settings-form" aria-label="Risk threshold and time range" onSubmit={submit}>
      <FormField
        label="Risk threshold"
        name="riskThreshold"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={threshold}
        onChange={setThreshold}
        hint={
          settings.riskThresholdIsDefault
            ? `The default, ${formatThreshold(settings.riskThreshold)}, applies. A transaction scoring at or above the threshold raises an alert.`
            : 'Your own threshold. A transaction scoring at or above it raises an alert.'
        }
        errors={thresholdErrors}
      />
      <FormField
        label="Time range (days)"
        name="timeRangeDays"
        type="number"
        autoComplete="off"
        min={1}
        step={1}
        value={days}
        onChange={setDays}
        hint="How far back the dashboard looks."
        errors={problem?.fieldErrors.timeRangeDays}
      />
      <FormErrorAlert problem={problem} />
      <div className="form-actions">
        <SubmitButton pending={update.isPending} pendingLabel="Saving…">
          Save
        </SubmitButton>
        {!settings.riskThresholdIsDefault && (
          <button
            type="button"
            className="button button-secondary"
            onClick={resetThreshold}
            disabled={update.isPending}
          >
            Reset threshold to default
          </button>
        )}
      </div>
    </form>
  );
}
