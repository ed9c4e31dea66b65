import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { SubmitButton } from '../ui/SubmitButton.js';
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

interface CredentialsFormProps {
  mode: AuthMode;
  invitationToken?: string | null;
}

export function CredentialsForm({ mode, invitationToken = null }: CredentialsFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [invitation, setInvitation] = useState(invitationToken ?? '');
  const { login, register } = useCredentialsMutation();
  const mutation = mode === 'sign-in' ? login : register;
  const errorId = useId();
  const problem = describeFailure(mutation.error);
  const text = copy[mode];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const credentials = { email: email.trim(), password, useCookie: true };
    if (mode === 'sign-in') {
      login.mutate(credentials);
    } else {
      const token = invitation.trim();
      register.mutate(token ? { ...credentials, invitationToken: token } : credentials);
    }
  };

  return (
    <form
      className="credentials-form"
      onSubmit={submit}
      aria-describedby={problem ? errorId : undefined}
    >
      <ErrorAlert id={errorId} message={problem?.message} />
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
      {mode === 'sign-up' && (
        <FormField
          label="Invitation token (optional)"
          name="invitationToken"
          type="text"
          autoComplete="off"
          required={false}
          value={invitation}
          onChange={setInvitation}
          hint="From an invitation to join an existing organization. Leave it empty to create a new organization."
          errors={problem?.fieldErrors.invitationToken}
        />
      )}
      <SubmitButton pending={mutation.isPending} pendingLabel={text.pending}>
        {text.submit}
      </SubmitButton>
    </form>
  );
}
