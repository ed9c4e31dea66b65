import type {
  AuditEntry,
  AuditFilter,
  AuditVerification,
  Page,
  PageRequest,
  Store,
} from '@klerno/db';

/** The organization's own entries, newest first; filters are exact (event, actor) and inclusive (from, to). */
export function listAuditEntries(
  store: Store,
  organizationId: string,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEntry>> {
  return store.audit.list(organizationId, filter, page);
}

/** Walks the organization's chain; names the first entry that does not follow from the one before. */
export function verifyAuditChain(store: Store, organizationId: string): Promise<AuditVerification> {
  return store.audit.verify(organizationId);
}
