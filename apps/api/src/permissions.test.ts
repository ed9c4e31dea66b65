import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type Role } from '@klerno/db';
import { hasRole } from './authorization.js';
import { readFixture } from './iso20022/fixtures.js';
import {
  call,
  createKey,
  join,
  procedureTypes,
  signIn,
  signUp,
  TEST_PASSWORD,
  uniqueEmail,
  type Credential,
  type Member,
} from './testing/admin-http.js';
import { startTestServer, type RunningTestServer } from './testing/server.js';
import {
  accountTxHistory,
  startFakeRippled,
  type FakeRippled,
} from './xrpl/testing/fake-rippled.js';

/**
 * SPEC §4's role table, one row per procedure. `signedIn` = any identity; `userOnly` = signed in
 * with an access token (an API key gets 403); a role = at least that role (an API key: its own).
 * A procedure of the router without a row, or a row without a procedure, fails the test.
 */
type Access = 'public' | 'signedIn' | 'userOnly' | Role;

interface Row {
  access: Access;
  /** Minimal input; a call that passes authorization may still fail on it (404, 400, 409). */
  input?: (caller: Caller) => unknown;
  /** The call may end the caller's session: run it with a fresh sign-in. */
  freshSession?: boolean;
}

const transaction = () => ({
  chain: 'xrpl',
  txId: randomUUID().replaceAll('-', ''),
  timestamp: '2024-05-01T12:00:00Z',
  fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
  toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
  amount: '1',
  currency: 'XRP',
  direction: 'in',
});

const XRPL_ACCOUNT = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const PAIN001 = readFixture('pain.001.001.03.xml');

const TABLE: Record<string, Row> = {
  'system.health': { access: 'public' },
  'auth.register': {
    access: 'public',
    input: () => ({ email: uniqueEmail('register'), password: TEST_PASSWORD }),
  },
  'auth.login': {
    access: 'public',
    input: () => ({ email: fixtures.admin.email, password: TEST_PASSWORD }),
  },
  'auth.refresh': {
    access: 'public',
    input: (caller) => ({ refreshToken: caller.spareRefreshToken }),
  },
  'auth.logout': { access: 'userOnly', freshSession: true },
  'auth.me': { access: 'signedIn' },
  // Users send a new password that breaks the policy (400, nothing changes); API keys send a
  // well-formed request, refused (403) before the current password is even checked.
  'auth.changePassword': {
    access: 'userOnly',
    input: (caller) =>
      caller.viaApiKey
        ? { currentPassword: TEST_PASSWORD, newPassword: 'an entirely new passphrase' }
        : { currentPassword: TEST_PASSWORD, newPassword: 'short' },
  },
  'transactions.list': { access: 'viewer', input: () => ({}) },
  'transactions.ingest': { access: 'analyst', input: () => ({ transactions: [transaction()] }) },
  'transactions.byId': { access: 'viewer', input: () => ({ id: uuidv7() }) },
  'transactions.score': { access: 'analyst', input: () => ({ transaction: transaction() }) },
  'transactions.explain': { access: 'viewer', input: () => ({ id: uuidv7() }) },
  'transactions.importCsv': {
    access: 'analyst',
    input: () => {
      const row = transaction();
      return { csv: `${Object.keys(row).join(',')}\n${Object.values(row).join(',')}\n` };
    },
  },
  'transactions.importXrpl': { access: 'analyst', input: () => ({ account: XRPL_ACCOUNT }) },
  'transactions.exportCsv': { access: 'viewer', input: () => ({}) },
  'transactions.csvDownloadLink': { access: 'userOnly', input: () => ({}) },
  // Starts real jobs; past the organization's two unfinished ones the call is a 409 (allowed).
  'transactions.rescore': {
    access: 'analyst',
    input: () => ({ from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' }),
  },
  'transactions.rescoreStatus': { access: 'viewer', input: () => ({ jobId: uuidv7() }) },
  'transactions.rescoreJobs': { access: 'viewer', input: () => ({}) },
  'analytics.summary': { access: 'viewer', input: () => ({}) },
  'iso20022.validateIban': { access: 'analyst', input: () => ({ iban: 'DE89370400440532013000' }) },
  'iso20022.validateBic': { access: 'analyst', input: () => ({ bic: 'DEUTDEFF' }) },
  'iso20022.parse': { access: 'analyst', input: () => ({ xml: PAIN001 }) },
  'iso20022.exportPain001': {
    access: 'analyst',
    input: () => ({
      transactionIds: [uuidv7()],
      debtor: {
        name: 'Permission test',
        account: { kind: 'iban', iban: 'DE89370400440532013000' },
      },
    }),
  },
  'apiKeys.create': {
    access: 'userOnly',
    input: () => ({ name: 'permission test', role: 'viewer' }),
  },
  'apiKeys.list': { access: 'signedIn' },
  'apiKeys.revoke': { access: 'signedIn', input: () => ({ id: uuidv7() }) },
  'org.get': { access: 'signedIn' },
  'org.update': { access: 'admin', input: () => ({ name: 'Permission test organization' }) },
  'org.invite': {
    access: 'admin',
    input: () => ({ email: uniqueEmail('invitee'), role: 'viewer' }),
  },
  'org.invitations': { access: 'admin' },
  'org.revokeInvitation': { access: 'admin', input: () => ({ id: uuidv7() }) },
  'users.list': { access: 'admin', input: () => ({}) },
  'users.setRole': { access: 'admin', input: () => ({ userId: uuidv7(), role: 'viewer' }) },
  'users.setDisabled': { access: 'admin', input: () => ({ userId: uuidv7(), disabled: true }) },
  'labels.list': { access: 'viewer', input: () => ({}) },
  'labels.import': {
    access: 'admin',
    input: () => ({
      csv: 'address,chain,label,source\nrPermissionTest,xrpl,other,permission test\n',
    }),
  },
  'labels.remove': { access: 'admin', input: () => ({ id: uuidv7() }) },
  'audit.list': { access: 'admin', input: () => ({}) },
  'audit.verify': { access: 'admin' },
  // A user's own wallets and settings; an API key acts for its creator.
  'wallets.list': { access: 'signedIn' },
  'wallets.add': { access: 'signedIn', input: () => ({ address: XRPL_ACCOUNT }) },
  'wallets.remove': { access: 'signedIn', input: () => ({ id: uuidv7() }) },
  'settings.get': { access: 'signedIn' },
  'settings.update': { access: 'signedIn', input: () => ({ timeRangeDays: 30 }) },
  'alerts.list': { access: 'viewer', input: () => ({}) },
  'alerts.byId': { access: 'viewer', input: () => ({ id: uuidv7() }) },
  'alerts.assignees': { access: 'viewer', input: () => ({}) },
  'alerts.assign': { access: 'analyst', input: () => ({ id: uuidv7(), assigneeId: null }) },
  'alerts.setStatus': {
    access: 'analyst',
    input: () => ({ id: uuidv7(), status: 'investigating' }),
  },
  'alerts.comment': { access: 'analyst', input: () => ({ id: uuidv7(), body: 'permission test' }) },
  // Replays the organization's alerts from the start, so an allowed call answers at once.
  'alerts.onAlert': {
    access: 'viewer',
    input: () => ({ lastEventId: '00000000-0000-0000-0000-000000000000' }),
  },
};

type CallerName = 'anonymous' | 'viewer' | 'analyst' | 'admin' | 'viewer key' | 'admin key';

interface Caller {
  name: CallerName;
  /** The role the server should act on: the user's, or the key's. */
  role: Role | null;
  viaApiKey: boolean;
  member: Member | null;
  credential: Credential;
  /** A refresh token of a session of its own, for auth.refresh. */
  spareRefreshToken: string;
}

type Expected = 'allowed' | 401 | 403;

function expectedFor(access: Access, caller: Caller): Expected {
  if (access === 'public') return 'allowed';
  if (caller.role === null) return 401;
  if (access === 'signedIn') return 'allowed';
  if (access === 'userOnly') return caller.viaApiKey ? 403 : 'allowed';
  return hasRole(caller.role, access) ? 'allowed' : 403;
}

let api: RunningTestServer;
let rippled: FakeRippled;
const fixtures = {} as { admin: Member; callers: Caller[] };

beforeAll(async () => {
  rippled = await startFakeRippled(accountTxHistory(XRPL_ACCOUNT, []));
  api = await startTestServer({ env: { XRPL_RPC_URL: rippled.url } });
  const admin = await signUp(api.url);
  // One alert (a sanctioned-tagged outgoing 20000 scores 0.8), for alerts.onAlert to replay.
  const alerting = { ...transaction(), amount: '20000', direction: 'out', tags: ['sanctioned'] };
  await call(api.url, 'transactions.ingest', { transactions: [alerting] }, admin.credential);
  const viewer = await join(api.url, admin, 'viewer');
  const analyst = await join(api.url, admin, 'analyst');
  const viewerKey = await createKey(api.url, admin, 'viewer');
  const adminKey = await createKey(api.url, admin, 'admin');
  const spare = async (member: Member) => (await signIn(api.url, member)).refreshToken;
  const user = async (name: CallerName, member: Member): Promise<Caller> => ({
    name,
    role: member.role,
    viaApiKey: false,
    member,
    credential: member.credential,
    spareRefreshToken: await spare(member),
  });
  const key = async (name: CallerName, role: Role, secret: string): Promise<Caller> => ({
    name,
    role,
    viaApiKey: true,
    member: null,
    credential: { apiKey: secret },
    spareRefreshToken: await spare(admin),
  });
  fixtures.admin = admin;
  fixtures.callers = [
    {
      name: 'anonymous',
      role: null,
      viaApiKey: false,
      member: null,
      credential: null,
      spareRefreshToken: await spare(admin),
    },
    await user('viewer', viewer),
    await user('analyst', analyst),
    await user('admin', admin),
    await key('viewer key', 'viewer', viewerKey.secret),
    await key('admin key', 'admin', adminKey.secret),
  ];
});
afterAll(async () => {
  await api?.close();
  await rippled?.close();
});

describe('the role table of SPEC §4', () => {
  it('has exactly one row for every procedure of the router', () => {
    expect([...procedureTypes().keys()].sort()).toEqual(Object.keys(TABLE).sort());
  });

  it('holds for every procedure × {anonymous, viewer, analyst, admin, viewer API key, admin API key}', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [path, row] of Object.entries(TABLE)) {
      for (const caller of fixtures.callers) {
        const credential =
          row.freshSession && caller.member
            ? (await signIn(api.url, caller.member)).credential
            : caller.credential;
        const result = await call(api.url, path, row.input?.(caller), credential);
        const want = expectedFor(row.access, caller);
        const got =
          result.status === 401 || result.status === 403
            ? result.status
            : result.status >= 500
              ? `${result.status} ${result.error?.message ?? ''}`
              : 'allowed';
        outcomes.push(`${path} as ${caller.name}: ${got}`);
        expected.push(`${path} as ${caller.name}: ${want}`);
        if (got === 403) expect(result.error?.data.code).toBe('FORBIDDEN');
        if (got === 401) expect(result.error?.data.code).toBe('UNAUTHORIZED');
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('records every refusal for a role as authz_fail, naming the procedure and the role needed', async () => {
    const viewer = fixtures.callers.find((caller) => caller.name === 'viewer')!;
    const refused = await call(api.url, 'users.list', {}, viewer.credential, {
      headers: { 'user-agent': 'permission-test', 'x-request-id': 'perm-authz-fail-1' },
    });
    expect(refused.status).toBe(403);
    expect(refused.error?.message).toBe('This needs the admin role; you are signed in as viewer');

    const admin = fixtures.callers.find((caller) => caller.name === 'admin')!;
    const trail = await call<{ items: Array<Record<string, unknown>> }>(
      api.url,
      'audit.list',
      { event: 'authz_fail', actor: viewer.member!.id },
      admin.credential,
    );
    const entry = trail.data!.items.find((item) => item.requestId === 'perm-authz-fail-1');
    expect(entry).toMatchObject({
      event: 'authz_fail',
      actor: viewer.member!.id,
      target: 'users.list',
      outcome: 'failure',
      userAgent: 'permission-test',
      ip: '127.0.0.1',
      details: { procedure: 'users.list', callerRole: 'viewer', requiredRole: 'admin' },
    });
  });
});
