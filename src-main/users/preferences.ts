import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import { userPreferences } from '../db/schema';

/** Per-user preferences of this desktop; local only, so written without change records. */
export function readPreference(db: Db, userId: string, key: string): unknown {
  return db
    .select({ value: userPreferences.value })
    .from(userPreferences)
    .where(and(eq(userPreferences.userId, userId), eq(userPreferences.key, key)))
    .get()?.value;
}

export function writePreference(db: Db, userId: string, key: string, value: unknown, now = Date.now()): void {
  db.insert(userPreferences)
    .values({ userId, key, value, updatedAt: now })
    .onConflictDoUpdate({ target: [userPreferences.userId, userPreferences.key], set: { value, updatedAt: now } })
    .run();
}
