import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { UNKNOWN_REFERENCE } from '../driver-errors.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { instantMs, isDigest, normalizeNewInvitation } from '../identity-input.js';
import { lazy } from '../lazy.js';
import type { InvitationRepository } from '../ports.js';
import { toInvitation } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import type { PgHandle } from './database.js';
import { guarded } from './guarded.js';
import { invitations } from './schema.js';

export function createPgInvitations(
  db: PgHandle,
  insideTransaction: boolean,
): InvitationRepository {
  const selectByDigest = lazy(() =>
    db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenDigest, sql.placeholder('tokenDigest')))
      .prepare('invitations_by_token_digest'),
  );

  return {
    async create(input) {
      const checked = normalizeNewInvitation(input);
      if (!isUuid(checked.organizationId) || !isUuid(checked.invitedBy)) {
        throw new NotFoundError(UNKNOWN_REFERENCE);
      }
      const [row] = await guarded(db, insideTransaction, (handle) =>
        handle
          .insert(invitations)
          .values({
            id: uuidv7(),
            organizationId: checked.organizationId,
            email: checked.email,
            role: checked.role,
            invitedBy: checked.invitedBy,
            tokenDigest: checked.tokenDigest,
            createdAt: new Date(),
            expiresAt: new Date(checked.expiresAt),
            acceptedAt: null,
            revokedAt: null,
          })
          .onConflictDoNothing({ target: invitations.tokenDigest })
          .returning(),
      );
      if (!row) throw new ConflictError('That invitation token is already in use.');
      return toInvitation(row);
    },
    async list(organizationId) {
      if (!isUuid(organizationId)) return [];
      const rows = await db
        .select()
        .from(invitations)
        .where(eq(invitations.organizationId, organizationId))
        .orderBy(desc(invitations.createdAt), desc(invitations.id));
      return rows.map(toInvitation);
    },
    async byTokenDigest(tokenDigest) {
      if (!isDigest(tokenDigest)) return null;
      const [row] = await selectByDigest().execute({ tokenDigest });
      return row ? toInvitation(row) : null;
    },
    async markAccepted(id, at) {
      const acceptedAt = new Date(instantMs(at, 'at'));
      if (!isUuid(id)) return false;
      const rows = await db
        .update(invitations)
        .set({ acceptedAt })
        .where(
          and(
            eq(invitations.id, id),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, acceptedAt),
          ),
        )
        .returning({ id: invitations.id });
      return rows.length === 1;
    },
    async revoke(organizationId, id, at) {
      const revokedAt = new Date(instantMs(at, 'at'));
      if (!isUuid(organizationId) || !isUuid(id)) return false;
      const rows = await db
        .update(invitations)
        .set({ revokedAt })
        .where(
          and(
            eq(invitations.organizationId, organizationId),
            eq(invitations.id, id),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
          ),
        )
        .returning({ id: invitations.id });
      return rows.length === 1;
    },
  };
}
