import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { endOfDay, startOfDay } from '../filters/utc-days.js';
import { FormErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { describeJob, isRunning } from './rescore-job.js';
import type { RescoreJob } from './rescore-job.js';

const pollEveryMs = 1_000;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Re-scores the transactions of a range with the current rules, labels and wallets (after a
 * labels import, say) as a background job, and follows its progress.
 */
export function RescorePanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const [startedId, setStartedId] = useState<string | null>(null);
  const latest = useQuery(trpc.transactions.rescoreJobs.queryOptions({ limit: 1 }));
  const jobId = startedId ?? latest.data?.items[0]?.id ?? null;
  const job = useQuery({
    ...trpc.transactions.rescoreStatus.queryOptions({ jobId: jobId ?? '' }),
    enabled: jobId !== null,
    refetchInterval: (query) => (isRunning(query.state.data) ? pollEveryMs : false),
  });
  const start = useMutation(
    trpc.transactions.rescore.mutationOptions({
      onSuccess: ({ job: started }) => {
        queryClient.setQueryData(
          trpc.transactions.rescoreStatus.queryKey({ jobId: started.id }),
          started,
        );
        setStartedId(started.id);
      },
    }),
  );
  const problem = describeFailure(start.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    start.mutate({ from: startOfDay(from), to: endOfDay(to) });
  };

  return (
    <section className="panel" aria-labelledby="rescore-title">
      <h2 id="rescore-title">Re-score transactions</h2>
      <p className="muted">
        Scores the transactions of a range again with the current rules, address labels and watched
        wallets, and raises the alerts that now apply. It runs in the background.
      </p>
      <form className="inline-form" aria-label="Re-score a range" onSubmit={submit}>
        <FormField
          label="From (UTC day)"
          name="from"
          type="date"
          autoComplete="off"
          value={from}
          onChange={setFrom}
          errors={problem?.fieldErrors.from}
        />
        <FormField
          label="To (UTC day)"
          name="to"
          type="date"
          autoComplete="off"
          value={to}
          onChange={setTo}
          errors={problem?.fieldErrors.to}
        />
        <SubmitButton pending={start.isPending} disabled={isRunning(job.data)}>
          Re-score
        </SubmitButton>
        <FormErrorAlert problem={problem} />
      </form>
      {job.data && <RescoreProgress job={job.data} />}
    </section>
  );
}

function RescoreProgress({ job }: { job: RescoreJob }) {
  const range = `${job.params.from.slice(0, 10)} to ${job.params.to.slice(0, 10)}`;
  return (
    <div className="rescore-progress">
      {isRunning(job) && (
        <progress
          aria-label="Re-scoring progress"
          value={job.processed}
          max={job.total ?? undefined}
        />
      )}
      <p role="status" className={job.status === 'failed' ? 'form-error' : 'notice'}>
        {describeJob(job, range)}
      </p>
    </div>
  );
}
