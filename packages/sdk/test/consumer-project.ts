/**
 * The throw-away project that installs the packed SDK: what a TypeScript user would write.
 * `consumer.ts` is type-checked under two module resolutions, then emitted and run for real.
 */

/** The compiler options both checks share: as strict as a careful user's project. */
const strictOptions = {
  target: 'ES2022',
  strict: true,
  skipLibCheck: false,
  noEmit: true,
};

export const consumerFiles: Record<string, string> = {
  'package.json': JSON.stringify(
    { name: 'klerno-sdk-consumer', private: true, type: 'module' },
    null,
    2,
  ),

  // A browser or bundled app: no Node types at all. @trpc/server's declarations use the
  // Disposable types (ES2025), which @types/node would otherwise bring.
  'tsconfig.bundler.json': JSON.stringify({
    compilerOptions: {
      ...strictOptions,
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable', 'ESNext.Disposable'],
      types: [],
    },
    files: ['consumer.ts'],
  }),

  // A Node.js program. @trpc/client's declarations name the DOM's `RequestInfo`, which
  // @types/node 20 does not declare, so DOM stays in lib (as it must for any tRPC client).
  'tsconfig.nodenext.json': JSON.stringify({
    compilerOptions: {
      ...strictOptions,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
      outDir: 'out',
    },
    files: ['consumer.ts'],
  }),

  'consumer.ts': `
import { createKlernoClient, errorCode, isForbidden } from '@klerno/sdk';
import type {
  KlernoClient,
  KlernoErrorCode,
  KlernoTokens,
  RouterInputs,
  RouterOutputs,
} from '@klerno/sdk';

type Health = RouterOutputs['system']['health'];
type IngestInput = RouterInputs['transactions']['ingest'];
type Listed = RouterOutputs['transactions']['list']['items'][number];
type LiveAlert = RouterOutputs['alerts']['list']['items'][number];

export async function run(baseUrl: string) {
  const anonymous: KlernoClient = createKlernoClient({ baseUrl });
  const health: Health = await anonymous.system.health.query();

  const session = await anonymous.auth.register.mutate({
    email: 'consumer@example.com',
    password: 'a consumer password 42',
  });
  const client = createKlernoClient({ baseUrl, accessToken: () => session.accessToken });

  const batch: IngestInput = {
    transactions: [
      {
        chain: 'xrpl',
        txId: 'CONSUMER-1',
        timestamp: '2025-01-02T03:04:05Z',
        fromAddress: 'rSender',
        toAddress: 'rReceiver',
        amount: '12.50',
        currency: 'XRP',
        direction: 'out',
      },
    ],
  };
  const ingested = await client.transactions.ingest.mutate(batch);
  const page = await client.transactions.list.query({ limit: 10 });
  const listed: Listed[] = page.items;

  const anonymousList: KlernoErrorCode | 'allowed' | undefined = await anonymous.transactions.list
    .query()
    .then(() => 'allowed' as const, errorCode);

  // A session whose access token the API refuses: one refresh, then the call succeeds.
  const rotated: KlernoTokens[] = [];
  const refreshing = createKlernoClient({
    baseUrl,
    auth: {
      accessToken: 'no-longer-accepted',
      refreshToken: session.refreshToken ?? undefined,
      onTokens: (tokens) => {
        rotated.push(tokens);
      },
    },
  });
  const afterRefresh = await refreshing.transactions.list.query({ limit: 10 });

  // A machine client with a viewer API key: it reads, and may not write.
  const { secret } = await client.apiKeys.create.mutate({ name: 'consumer', role: 'viewer' });
  const keyed = createKlernoClient({ baseUrl, auth: { apiKey: secret } });
  const keyedPage = await keyed.transactions.list.query({});
  const keyedIngest = await keyed.transactions.ingest.mutate(batch).then(
    () => 'allowed' as const,
    (error: unknown) => (isForbidden(error) ? ('forbidden' as const) : errorCode(error)),
  );

  // Live alerts (server-sent events): a transaction over the threshold, received as it is raised.
  const alert = await new Promise<{ tracked: boolean; riskBucket: string; status: string }>(
    (resolve, reject) => {
      const subscription = client.alerts.onAlert.subscribe(undefined, {
        onStarted: () => {
          client.transactions.ingest
            .mutate({
              transactions: [
                {
                  ...batch.transactions[0]!,
                  txId: 'CONSUMER-ALERT',
                  amount: '20000',
                  tags: ['sanctioned'],
                },
              ],
            })
            .catch(reject);
        },
        onData: (event) => {
          subscription.unsubscribe();
          const raised: LiveAlert = event.data;
          resolve({ tracked: event.id === raised.id, riskBucket: raised.riskBucket, status: raised.status });
        },
        onError: reject,
      });
    },
  );

  return {
    health: health.status,
    user: { email: session.user.email, role: session.user.role },
    tokenType: typeof session.accessToken,
    created: ingested.created,
    listed: listed.map((t) => ({ txId: t.txId, amount: t.amount, direction: t.direction })),
    nextCursor: page.nextCursor,
    anonymousList,
    refreshed: {
      rotations: rotated.length,
      newRefreshToken: rotated[0]?.refreshToken !== session.refreshToken,
      listed: afterRefresh.items.length,
    },
    apiKey: { prefix: secret.slice(0, 4), listed: keyedPage.items.length, ingest: keyedIngest },
    alert,
  };
}

// Never called: these lines only have to fail to type-check. An unused @ts-expect-error is an
// error itself, so this file compiles only if the SDK's types really are this precise.
export function wrongUses(client: KlernoClient, health: Health, listed: Listed) {
  // @ts-expect-error limit is a number
  void client.transactions.list.query({ limit: 'x' });
  // @ts-expect-error direction is 'in' or 'out'
  const sideways: IngestInput['transactions'][number]['direction'] = 'sideways';
  // @ts-expect-error health's status is the string 'ok'
  const status: number = health.status;
  // @ts-expect-error amounts are decimal strings, not numbers
  const amount: number = listed.amount;
  // @ts-expect-error there is no such procedure
  void client.transactions.delete;
  // @ts-expect-error an API key is not refreshed: no refresh token beside it
  createKlernoClient({ baseUrl: '', auth: { apiKey: 'klk_x', refreshToken: 'klr_y' } });
  // @ts-expect-error auth replaces the accessToken option: not both
  createKlernoClient({ baseUrl: '', accessToken: 'a', auth: { apiKey: 'klk_x' } });
  return { sideways, status, amount };
}
`,

  // Runs the emitted consumer (ESM) and prints what it got, as one JSON line.
  'run.mjs': `
import { run } from './out/consumer.js';
console.log(JSON.stringify(await run(process.argv[2])));
`,

  // The CommonJS build, as a require() user gets it.
  'run.cjs': `
const { createKlernoClient } = require('@klerno/sdk');
createKlernoClient({ baseUrl: process.argv[2] })
  .system.health.query()
  .then((health) => console.log(JSON.stringify(health.status)));
`,
};
