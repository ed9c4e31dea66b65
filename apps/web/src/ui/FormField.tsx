import { useId } from 'react';
import type { HTMLAttributes, HTMLInputAutoCompleteAttribute } from 'react';
import { FieldErrorList } from './FieldErrorList.js';

interface FormFieldProps {
  label: string;
  /** Defaults to the label in lower case. */
  name?: string;
  /** Defaults to true. */
  required?: boolean;
  type: 'email' | 'password' | 'text' | 'date' | 'number';
  autoComplete: HTMLInputAutoCompleteAttribute;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  /** For number and date fields. */
  min?: string | number | undefined;
  max?: string | number | undefined;
  step?: string | number | undefined;
  placeholder?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  hint?: string | undefined;
  errors?: readonly string[] | undefined;
}

/** A labelled input with its hint and validation messages wired up for assistive technology. */
export function FormField({
  label,
  name,
  required = true,
  type,
  autoComplete,
  inputMode,
  min,
  max,
  step,
  placeholder,
  value,
  onChange,
  hint,
  errors,
}: FormFieldProps) {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const hasErrors = errors !== undefined && errors.length > 0;
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(' ');

  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        name={name ?? label.toLowerCase()}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        min={min}
        max={max}
        step={step}
        placeholder={placeholder}
        required={required}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldErrorList id={errorId} errors={errors} />
    </div>
  );
}
