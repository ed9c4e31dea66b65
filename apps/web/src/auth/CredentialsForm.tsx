import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeApiError } from '../api/errors.js';
import { FormField } from '../ui/FormField.js';
import { passwordRuleText } from './password-rules.js';
import { useCredentialsMutation } from './use-credentials-mutation.js';
import type { AuthMode } from './use-credentials-mutation.js';

const copy = {
  'sign-in': {
    submit: 'Sign in',
    pending: 'Signing in…',
    passwordAutocomplete: 'current-password',
  },
  'sign-up': {
    submit: 'Create account',
    pending: 'Creating account…',
    passwordAutocomplete: 'new-password',
  },
} as const;

export function CredentialsForm({ mode }: { mode: AuthMode }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useCredentialsMutation(mode);
  const errorId = useId();
  const problem = mutation.isError ? describeApiError(mutation.error) : null;
  const text = copy[mode];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate({ email: email.trim(), password });
  };

  return (
    <form
      className="credentials-form"
      onSubmit={submit}
      aria-describedby={problem ? errorId : undefined}
    >
      {problem && (
        <p id={errorId} role="alert" className="form-error">
          {problem.message}
        </p>
      )}
      <FormField
        label="Email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={setEmail}
        errors={problem?.fieldErrors.email}
      />
      <FormField
        label="Password"
        type="password"
        autoComplete={text.passwordAutocomplete}
        value={password}
        onChange={setPassword}
        hint={mode === 'sign-up' ? passwordRuleText : undefined}
        errors={problem?.fieldErrors.password}
      />
      <button type="submit" className="button button-primary" disabled={mutation.isPending}>
        {mutation.isPending ? text.pending : text.submit}
      </button>
    </form>
  );
}
