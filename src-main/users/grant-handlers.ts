import { and, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../src-shared/api/errors';
import type { GrantRow } from '../../src-shared/users/admin';
import type { Handlers } from '../app/context';
import { audit } from '../audit/audit';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { permissionGrants, users } from '../db/schema';
import { insertSynced, updateSynced } from '../sync/change-log';
import { requireCapability } from './require-role';

const holder = alias(users, 'holder');
const granter = alias(users, 'granter');
const revoker = alias(users, 'revoker');

function listGrants(db: Db): GrantRow[] {
  return db
    .select({
      id: permissionGrants.id,
      userId: permissionGrants.userId,
      userName: holder.displayName,
      permission: permissionGrants.permission,
      grantedByName: granter.displayName,
      grantedAt: permissionGrants.grantedAt,
      confirmedByName: permissionGrants.confirmedByName,
      confirmedByEmail: permissionGrants.confirmedByEmail,
      confirmedAt: permissionGrants.confirmedAt,
      reference: permissionGrants.reference,
      revokedAt: permissionGrants.revokedAt,
      revokedByName: revoker.displayName,
    })
    .from(permissionGrants)
    .innerJoin(holder, eq(holder.id, permissionGrants.userId))
    .leftJoin(granter, eq(granter.id, permissionGrants.grantedBy))
    .leftJoin(revoker, eq(revoker.id, permissionGrants.revokedBy))
    .orderBy(desc(permissionGrants.grantedAt))
    .all();
}

/** Rights granted deliberately: an admin records the decision-maker's confirmation; every grant and revoke is audited. */
export const grantHandlers: Pick<Handlers, 'grants.list' | 'grants.grant' | 'grants.revoke'> = {
  'grants.list'(_args, ctx) {
    requireCapability(ctx, 'grants.view', 'see granted permissions');
    return listGrants(ctx.db);
  },

  'grants.grant'(input, ctx) {
    const me = requireCapability(ctx, 'grants.manage', 'grant permissions');
    if (input.confirmedAt > Date.now() + 60_000) {
      throw new AppError('VALIDATION', 'The confirmation cannot be in the future.', [{ field: 'confirmedAt', message: 'In the future' }]);
    }
    const id = newId();
    const now = Date.now();
    ctx.db.transaction(
      (tx) => {
        const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
        if (!user || !user.active) throw new AppError('VALIDATION', 'Choose an active user.', [{ field: 'userId', message: 'Not an active user' }]);
        const current = tx
          .select({ id: permissionGrants.id })
          .from(permissionGrants)
          .where(and(eq(permissionGrants.userId, input.userId), eq(permissionGrants.permission, input.permission), isNull(permissionGrants.revokedAt)))
          .get();
        if (current) throw new AppError('CONFLICT', `${user.displayName} already holds this permission.`);
        insertSynced(
          tx,
          permissionGrants,
          { id, userId: input.userId, permission: input.permission, grantedBy: me.id, grantedAt: now, confirmedByName: input.confirmedByName, confirmedByEmail: input.confirmedByEmail, confirmedAt: input.confirmedAt, reference: input.reference ?? null, createdAt: now, updatedAt: now },
          me.id,
        );
        audit(
          tx,
          { userId: me.id, action: 'permission.granted', entity: 'users', entityId: input.userId, details: { permission: input.permission, user: user.displayName, confirmedBy: input.confirmedByName, confirmedByEmail: input.confirmedByEmail, confirmedAt: input.confirmedAt, reference: input.reference ?? null } },
          now,
        );
      },
      { behavior: 'immediate' },
    );
    ctx.emit('lookups.changed', {});
    return listGrants(ctx.db).find((g) => g.id === id)!;
  },

  'grants.revoke'({ id }, ctx) {
    const me = requireCapability(ctx, 'grants.manage', 'revoke permissions');
    const now = Date.now();
    ctx.db.transaction(
      (tx) => {
        const grant = tx.select().from(permissionGrants).where(eq(permissionGrants.id, id)).get();
        if (!grant) throw new AppError('NOT_FOUND', 'This grant no longer exists.');
        if (grant.revokedAt) throw new AppError('CONFLICT', 'This permission was already revoked.');
        updateSynced(tx, permissionGrants, id, { revokedAt: now, revokedBy: me.id, updatedAt: now }, me.id);
        const user = tx.select({ name: users.displayName }).from(users).where(eq(users.id, grant.userId)).get();
        audit(tx, { userId: me.id, action: 'permission.revoked', entity: 'users', entityId: grant.userId, details: { permission: grant.permission, user: user?.name ?? null } }, now);
      },
      { behavior: 'immediate' },
    );
    ctx.emit('lookups.changed', {});
    return listGrants(ctx.db).find((g) => g.id === id)!;
  },
};
