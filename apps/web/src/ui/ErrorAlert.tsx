import { describeFailure } from '../api/errors.js';
import type { ApiErrorDescription } from '../api/errors.js';

/** A problem announced to assistive technology as it appears; nothing when there is none. */
export function ErrorAlert({
  message,
  id,
}: {
  message: string | null | undefined;
  /** For a form that names the problem as its description (aria-describedby). */
  id?: string | undefined;
}) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="form-error">
      {message}
    </p>
  );
}

/** A failed API call (a query's or a mutation's error) in words; nothing while none failed. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  return <ErrorAlert message={describeFailure(error)?.message} />;
}

/** A form's problem when no field carries it; problems with a field show on that field. */
export function FormErrorAlert({ problem }: { problem: ApiErrorDescription | null }) {
  const unplaced = problem !== null && Object.keys(problem.fieldErrors).length === 0;
  return <ErrorAlert message={unplaced ? problem.message : null} />;
}
