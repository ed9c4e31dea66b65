import { useState } from 'react';
import { useSignOutReason } from '../session/session-context.js';
import { Brand } from '../ui/Brand.js';
import { CredentialsForm } from './CredentialsForm.js';
import type { AuthMode } from './use-credentials-mutation.js';

const copy = {
  'sign-in': {
    title: 'Sign in to Klerno',
    switchPrompt: 'New to Klerno?',
    switchAction: 'Create an account',
  },
  'sign-up': {
    title: 'Create your Klerno account',
    switchPrompt: 'Already have an account?',
    switchAction: 'Sign in instead',
  },
} as const;

const signOutNotices = {
  signed_out: 'You have signed out.',
  expired: 'Your session has ended. Please sign in again.',
} as const;

export function AuthPage() {
  const [mode, setMode] = useState<AuthMode>('sign-in');
  const signOutReason = useSignOutReason();
  const text = copy[mode];

  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="auth-title">
        <Brand />
        <h1 id="auth-title">{text.title}</h1>
        {signOutReason && (
          <p role="status" className="notice">
            {signOutNotices[signOutReason]}
          </p>
        )}
        {/* Keyed by mode: switching starts a clean form with no stale error. */}
        <CredentialsForm key={mode} mode={mode} />
        <p className="auth-switch">
          {text.switchPrompt}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in')}
          >
            {text.switchAction}
          </button>
        </p>
      </section>
      <p className="auth-footnote">Risk intelligence for crypto payments, XRP Ledger first.</p>
    </main>
  );
}
