import type { ReactNode } from 'react';

/** A form's main button: disabled while its request is on its way, and saying so. */
export function SubmitButton({
  pending,
  pendingLabel,
  disabled = false,
  children,
}: {
  pending: boolean;
  /** Shown while pending ("Saving…"); left out, the label stays. */
  pendingLabel?: string | undefined;
  /** Disabled for another reason as well. */
  disabled?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <button type="submit" className="button button-primary" disabled={pending || disabled}>
      {pending && pendingLabel !== undefined ? pendingLabel : children}
    </button>
  );
}
