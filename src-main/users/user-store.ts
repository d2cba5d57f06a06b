import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { permissionGrants, users } from '../db/schema';
import type { Permission } from '../../src-shared/settings/types';
import type { SessionUser } from '../../src-shared/users/types';

export type UserRow = typeof users.$inferSelect;

/** Rights granted to the user and not revoked. */
export function grantedPermissions(db: Db, userId: string): Permission[] {
  return db
    .selectDistinct({ permission: permissionGrants.permission })
    .from(permissionGrants)
    .where(and(eq(permissionGrants.userId, userId), isNull(permissionGrants.revokedAt)))
    .all()
    .map((g) => g.permission);
}

export function toSessionUser(db: Db, row: UserRow): SessionUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, uiLanguage: row.uiLanguage, permissions: grantedPermissions(db, row.id) };
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).get();
}

export function findUserById(db: Db, id: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function countUsers(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
}
