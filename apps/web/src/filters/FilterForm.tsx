import type { FormEvent, HTMLAttributes, ReactNode } from 'react';
import { FormField } from '../ui/FormField.js';

/** A filter bar: its fields, applied together on submit (not on each keystroke), and Clear. */
export function FilterForm({
  label,
  onApply,
  onClear,
  children,
}: {
  label: string;
  onApply: () => void;
  onClear: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply();
  };
  return (
    <form className="filter-bar" role="search" aria-label={label} onSubmit={submit}>
      {children}
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button type="button" className="button button-secondary" onClick={onClear}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** An optional text or day filter; browsers offer no past entries for it. */
export function FilterInput({
  label,
  type,
  inputMode,
  name,
  value,
  onChange,
  errors,
}: {
  label: string;
  type: 'text' | 'date';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  name: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly string[] | undefined;
}) {
  return (
    <FormField
      label={label}
      name={name}
      type={type}
      inputMode={inputMode}
      autoComplete="off"
      required={false}
      value={value}
      onChange={onChange}
      errors={errors}
    />
  );
}
