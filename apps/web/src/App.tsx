import { QueryClientProvider } from '@tanstack/react-query';
import { TRPCProvider } from './api/trpc.js';
import { AuthPage } from './auth/AuthPage.js';
import type { ConsoleRuntime } from './runtime.js';
import { SessionProvider, useSession } from './session/session-context.js';
import { Shell } from './shell/Shell.js';
import { Brand } from './ui/Brand.js';

interface AppProps {
  runtime: ConsoleRuntime;
  /** From an invitation link: sign-up starts with it filled in. */
  invitationToken?: string | null;
}

export function App({ runtime, invitationToken = null }: AppProps) {
  return (
    <QueryClientProvider client={runtime.queryClient}>
      <TRPCProvider trpcClient={runtime.apiClient} queryClient={runtime.queryClient}>
        <SessionProvider store={runtime.sessionStore}>
          <Screens invitationToken={invitationToken} />
        </SessionProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function Screens({ invitationToken }: { invitationToken: string | null }) {
  const session = useSession();
  switch (session.status) {
    case 'restoring':
      return <RestoringSession />;
    case 'signed-in':
      return <Shell user={session.user} />;
    case 'signed-out':
      return <AuthPage reason={session.reason} invitationToken={invitationToken} />;
  }
}

function RestoringSession() {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-busy="true">
        <Brand />
        <p role="status" className="muted">
          Restoring your session…
        </p>
      </section>
    </main>
  );
}
