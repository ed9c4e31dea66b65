import { useId } from 'react';

interface SelectFieldProps<Value extends string> {
  label: string;
  name: string;
  value: Value | '';
  options: readonly Value[];
  optionLabels: Readonly<Record<Value, string>>;
  /** The first option, for "no choice" (e.g. "Any"); left out, a value must be chosen. */
  emptyLabel?: string | undefined;
  onChange: (value: Value | '') => void;
  errors?: readonly string[] | undefined;
}

/** A labelled select over a fixed set of values, with its validation messages. */
export function SelectField<Value extends string>({
  label,
  name,
  value,
  options,
  optionLabels,
  emptyLabel,
  onChange,
  errors,
}: SelectFieldProps<Value>) {
  const selectId = useId();
  const errorId = `${selectId}-error`;
  const hasErrors = errors !== undefined && errors.length > 0;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select
        id={selectId}
        name={name}
        className="select"
        value={value}
        onChange={(event) => {
          const chosen = event.target.value;
          const match = options.find((option) => option === chosen);
          onChange(match ?? '');
        }}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors ? errorId : undefined}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabels[option]}
          </option>
        ))}
      </select>
      {hasErrors && (
        <ul id={errorId} className="field-errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
