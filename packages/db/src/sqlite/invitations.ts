import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { ConflictError } from '../errors.js';
import { instantMs, isDigest, normalizeNewInvitation } from '../identity-input.js';
import { lazy } from '../lazy.js';
import type { InvitationRepository } from '../ports.js';
import { toInvitation } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { SqliteDatabase } from './database.js';
import { invitations } from './schema.js';

export function createSqliteInvitations(db: SqliteDatabase): InvitationRepository {
  const selectByDigest = lazy(() =>
    db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenDigest, sql.placeholder('tokenDigest')))
      .prepare(),
  );

  return {
    create: (input) =>
      settle(() => {
        const checked = normalizeNewInvitation(input);
        const row = db
          .insert(invitations)
          .values({
            id: uuidv7(),
            organizationId: checked.organizationId,
            email: checked.email,
            role: checked.role,
            invitedBy: checked.invitedBy,
            tokenDigest: checked.tokenDigest,
            createdAt: Date.now(),
            expiresAt: Date.parse(checked.expiresAt),
            acceptedAt: null,
            revokedAt: null,
          })
          .onConflictDoNothing({ target: invitations.tokenDigest })
          .returning()
          .get();
        if (!row) throw new ConflictError('That invitation token is already in use.');
        return toInvitation(row);
      }),
    list: (organizationId) =>
      settle(() =>
        db
          .select()
          .from(invitations)
          .where(eq(invitations.organizationId, organizationId))
          .orderBy(desc(invitations.createdAt), desc(invitations.id))
          .all()
          .map(toInvitation),
      ),
    byTokenDigest: (tokenDigest) =>
      settle(() => {
        if (!isDigest(tokenDigest)) return null;
        const row = selectByDigest().get({ tokenDigest });
        return row ? toInvitation(row) : null;
      }),
    markAccepted: (id, at) =>
      settle(() => {
        const atMs = instantMs(at, 'at');
        const row = db
          .update(invitations)
          .set({ acceptedAt: atMs })
          .where(
            and(
              eq(invitations.id, id),
              isNull(invitations.acceptedAt),
              isNull(invitations.revokedAt),
              gt(invitations.expiresAt, atMs),
            ),
          )
          .returning({ id: invitations.id })
          .get();
        return row !== undefined;
      }),
    revoke: (organizationId, id, at) =>
      settle(() => {
        const atMs = instantMs(at, 'at');
        const row = db
          .update(invitations)
          .set({ revokedAt: atMs })
          .where(
            and(
              eq(invitations.organizationId, organizationId),
              eq(invitations.id, id),
              isNull(invitations.acceptedAt),
              isNull(invitations.revokedAt),
            ),
          )
          .returning({ id: invitations.id })
          .get();
        return row !== undefined;
      }),
  };
}
