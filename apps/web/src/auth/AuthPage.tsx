import { useState } from 'react';
import type { SignOutReason } from '../session/session-store.js';
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

const signOutNotices: Record<SignOutReason, string> = {
  signed_out: 'You have signed out.',
  expired: 'Your session has ended. Please sign in again.',
  unreachable: 'Cannot reach the Klerno API to resume your session. Please try again.',
};

interface AuthPageProps {
  reason: SignOutReason | null;
  /** From an invitation link: the page opens on sign-up with it filled in. */
  invitationToken: string | null;
}

export function AuthPage({ reason, invitationToken }: AuthPageProps) {
  const [mode, setMode] = useState<AuthMode>(invitationToken ? 'sign-up' : 'sign-in');
  const text = copy[mode];

  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="auth-title">
        <Brand />
        <h1 id="auth-title">{text.title}</h1>
        {reason && (
          <p role="status" className="notice">
            {signOutNotices[reason]}
          </p>
        )}
        {mode === 'sign-up' && invitationToken && (
          <p className="notice">
            You have been invited to an organization: sign up with the email address the invitation
            was sent to.
          </p>
        )}
        {/* Keyed by mode: switching starts a clean form with no stale error. */}
        <CredentialsForm key={mode} mode={mode} invitationToken={invitationToken} />
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
