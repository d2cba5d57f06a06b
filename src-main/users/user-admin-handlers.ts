import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import type { AdminUser } from '../../src-shared/users/admin';
import type { Handlers } from '../app/context';
import { audit } from '../audit/audit';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { users } from '../db/schema';
import { insertSynced, updateSynced } from '../sync/change-log';
import { hashPassword } from './passwords';
import { requireCapability } from './require-role';
import { findUserByUsername, grantedPermissions } from './user-store';

type UserMethods = 'users.list' | 'users.create' | 'users.update' | 'users.setPassword';

function listUsers(db: Db): AdminUser[] {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, email: users.email, role: users.role, languages: users.languages, active: users.active, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.displayName))
    .all()
    .map((u) => ({ ...u, permissions: grantedPermissions(db, u.id) }));
}

const activeAdmins = (tx: Db, except: string) =>
  tx.select({ n: sql<number>`count(*)` }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, except))).get()?.n ?? 0;

/** Admins manage the office's users. A deactivated user cannot sign in; everything they did stays. */
export const userAdminHandlers: Pick<Handlers, UserMethods> = {
  'users.list'(_args, ctx) {
    requireCapability(ctx, 'users.manage', 'manage users');
    return listUsers(ctx.db);
  },

  async 'users.create'(input, ctx) {
    const me = requireCapability(ctx, 'users.manage', 'manage users');
    const passwordHash = await hashPassword(input.password);
    const id = newId();
    const now = Date.now();
    ctx.db.transaction(
      (tx) => {
        if (findUserByUsername(tx, input.username)) {
          throw new AppError('CONFLICT', `The user name "${input.username}" is taken.`, [{ field: 'username', message: 'Already taken' }]);
        }
        insertSynced(
          tx,
          users,
          { id, username: input.username, displayName: input.displayName, email: input.email ?? null, role: input.role, languages: input.languages, uiLanguage: 'pl', passwordHash, active: true, createdAt: now, updatedAt: now },
          me.id,
        );
        audit(tx, { userId: me.id, action: 'user.created', entity: 'users', entityId: id, details: { username: input.username, role: input.role } }, now);
      },
      { behavior: 'immediate' },
    );
    ctx.emit('lookups.changed', {});
    return listUsers(ctx.db).find((u) => u.id === id)!;
  },

  'users.update'({ id, ...patch }, ctx) {
    const me = requireCapability(ctx, 'users.manage', 'manage users');
    const now = Date.now();
    ctx.db.transaction(
      (tx) => {
        const current = tx.select().from(users).where(eq(users.id, id)).get();
        if (!current) throw new AppError('NOT_FOUND', 'This user no longer exists.');
        const losesAdmin = current.role === 'admin' && current.active && (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'));
        if (losesAdmin && activeAdmins(tx, id) === 0) throw new AppError('CONFLICT', 'The office needs at least one active administrator; make someone else an administrator first.');
        if (id === me.id && patch.active === false) throw new AppError('CONFLICT', 'You cannot deactivate yourself; ask another administrator.');
        const changes = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(current[k as keyof typeof current])));
        if (Object.keys(changes).length === 0) return;
        updateSynced(tx, users, id, { ...changes, updatedAt: now }, me.id);
        const action = changes.active === false ? 'user.deactivated' : changes.active === true ? 'user.reactivated' : 'user.updated';
        audit(tx, { userId: me.id, action, entity: 'users', entityId: id, details: { username: current.username, ...changes } }, now);
      },
      { behavior: 'immediate' },
    );
    ctx.emit('lookups.changed', {});
    return listUsers(ctx.db).find((u) => u.id === id)!;
  },

  async 'users.setPassword'({ id, password }, ctx) {
    const me = requireCapability(ctx, 'users.manage', 'manage users');
    const passwordHash = await hashPassword(password);
    ctx.db.transaction((tx) => {
      const current = tx.select({ username: users.username }).from(users).where(eq(users.id, id)).get();
      if (!current) throw new AppError('NOT_FOUND', 'This user no longer exists.');
      updateSynced(tx, users, id, { passwordHash, updatedAt: Date.now() }, me.id);
      audit(tx, { userId: me.id, action: 'user.passwordSet', entity: 'users', entityId: id, details: { username: current.username } });
    });
    return null;
  },
};
