import type {
  AddressLabelRecord,
  Alert,
  AlertEvent,
  ApiKey,
  AuditEntry,
  Invitation,
  Job,
  Organization,
  RefreshTokenRecord,
  SessionFamily,
  Transaction,
  UserSettings,
  UserWithCredentials,
  Wallet,
} from '../ports.js';

export interface StoredInvitation extends Invitation {
  tokenDigest: string;
}

export interface StoredRefreshToken extends RefreshTokenRecord {
  organizationId: string;
  digest: string;
}

/** An alert without its transaction summary, which reads look up (as the SQL stores join it). */
export type StoredAlert = Omit<Alert, 'transaction'>;

export interface StoredApiKey extends ApiKey {
  digest: string;
}

/** Records are replaced, never mutated, so a snapshot is a copy of the maps. */
export interface MemoryState {
  organizations: Map<string, Organization>;
  /** By lower-cased email. */
  users: Map<string, UserWithCredentials>;
  transactions: Map<string, Transaction>;
  /** `${organizationId}\0${transactionKey}` → transaction id. */
  transactionKeys: Map<string, string>;
  invitations: Map<string, StoredInvitation>;
  sessionFamilies: Map<string, SessionFamily>;
  refreshTokens: Map<string, StoredRefreshToken>;
  apiKeys: Map<string, StoredApiKey>;
  auditEntries: Map<string, AuditEntry>;
  /** By chain key: the last entry's seq and hash. */
  auditHeads: Map<string, { seq: number; hash: string }>;
  addressLabels: Map<string, AddressLabelRecord>;
  wallets: Map<string, Wallet>;
  /** By `${organizationId}\0${userId}`; a missing entry means the defaults. */
  userSettings: Map<string, UserSettings>;
  alerts: Map<string, StoredAlert>;
  /** `${organizationId}\0${transactionId}` → alert id (one alert per transaction). */
  alertKeys: Map<string, string>;
  alertEvents: Map<string, AlertEvent>;
  jobs: Map<string, Job>;
}

export function emptyState(): MemoryState {
  return {
    organizations: new Map(),
    users: new Map(),
    transactions: new Map(),
    transactionKeys: new Map(),
    invitations: new Map(),
    sessionFamilies: new Map(),
    refreshTokens: new Map(),
    apiKeys: new Map(),
    auditEntries: new Map(),
    auditHeads: new Map(),
    addressLabels: new Map(),
    wallets: new Map(),
    userSettings: new Map(),
    alerts: new Map(),
    alertKeys: new Map(),
    alertEvents: new Map(),
    jobs: new Map(),
  };
}

export function snapshot(state: MemoryState): MemoryState {
  return {
    organizations: new Map(state.organizations),
    users: new Map(state.users),
    transactions: new Map(state.transactions),
    transactionKeys: new Map(state.transactionKeys),
    invitations: new Map(state.invitations),
    sessionFamilies: new Map(state.sessionFamilies),
    refreshTokens: new Map(state.refreshTokens),
    apiKeys: new Map(state.apiKeys),
    auditEntries: new Map(state.auditEntries),
    auditHeads: new Map(state.auditHeads),
    addressLabels: new Map(state.addressLabels),
    wallets: new Map(state.wallets),
    userSettings: new Map(state.userSettings),
    alerts: new Map(state.alerts),
    alertKeys: new Map(state.alertKeys),
    alertEvents: new Map(state.alertEvents),
    jobs: new Map(state.jobs),
  };
}

export const copy = <T>(value: T): T => structuredClone(value);
