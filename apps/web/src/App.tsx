import { QueryClientProvider } from '@tanstack/react-query';
import { TRPCProvider } from './api/trpc.js';
import { AuthPage } from './auth/AuthPage.js';
import { Dashboard } from './dashboard/Dashboard.js';
import type { ConsoleRuntime } from './runtime.js';
import { SessionProvider, useSession } from './session/session-context.js';

export function App({ runtime }: { runtime: ConsoleRuntime }) {
  return (
    <QueryClientProvider client={runtime.queryClient}>
      <TRPCProvider trpcClient={runtime.apiClient} queryClient={runtime.queryClient}>
        <SessionProvider store={runtime.sessionStore}>
          <SignedInOrAuth />
        </SessionProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function SignedInOrAuth() {
  const session = useSession();
  return session ? <Dashboard session={session} /> : <AuthPage />;
}
