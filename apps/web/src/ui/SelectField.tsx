import { useId } from 'react';
import { FieldErrorList } from './FieldErrorList.js';

interface SelectFieldProps<Value extends string> {
  label: string;
  name?: string | undefined;
  value: Value | '';
  options: readonly Value[];
  optionLabels: Readonly<Record<Value, string>>;
  /** The first option, for "no choice" (e.g. "Any"); left out, a value must be chosen. */
  emptyLabel?: string | undefined;
  onChange: (value: Value | '') => void;
  errors?: readonly string[] | undefined;
  disabled?: boolean | undefined;
}

/** A labelled select over a set of values, with its validation messages. */
export function SelectField<Value extends string>({
  label,
  name,
  value,
  options,
  optionLabels,
  emptyLabel,
  onChange,
  errors,
  disabled,
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
        disabled={disabled}
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
      <FieldErrorList id={errorId} errors={errors} />
    </div>
  );
}
