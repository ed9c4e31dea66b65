import type { ReactNode } from 'react';

/** A row's own action (Remove, Revoke…), named after the row it acts on for assistive technology. */
export function RowButton({
  label,
  onClick,
  disabled = false,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="button button-secondary button-small"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
    >
      {children}
    </button>
  );
}
