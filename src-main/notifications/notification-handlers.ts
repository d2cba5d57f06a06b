import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Handlers } from '../app/context';
import { signedInUser } from '../app/context';
import { notifications } from '../db/schema';
import { updateSynced } from '../sync/change-log';

const LATEST = 30;

export const notificationHandlers: Pick<Handlers, 'notifications.list' | 'notifications.markRead'> = {
  'notifications.list'(_args, ctx) {
    const me = signedInUser(ctx);
    const items = ctx.db
      .select({ id: notifications.id, kind: notifications.kind, data: notifications.data, leadId: notifications.leadId, clientId: notifications.clientId, readAt: notifications.readAt, createdAt: notifications.createdAt })
      .from(notifications)
      .where(eq(notifications.userId, me.id))
      .orderBy(desc(notifications.createdAt))
      .limit(LATEST)
      .all();
    const unread = ctx.db.select({ n: sql<number>`count(*)` }).from(notifications).where(and(eq(notifications.userId, me.id), isNull(notifications.readAt))).get()?.n ?? 0;
    return { items, unread };
  },

  'notifications.markRead'({ ids }, ctx) {
    const me = signedInUser(ctx);
    const now = Date.now();
    const mine = and(eq(notifications.userId, me.id), isNull(notifications.readAt), ids?.length ? inArray(notifications.id, ids) : undefined);
    // Each row with its change record, so the user's other desktops see it read too.
    ctx.db.transaction((tx) => {
      for (const { id } of tx.select({ id: notifications.id }).from(notifications).where(mine).all()) updateSynced(tx, notifications, id, { readAt: now, updatedAt: now }, me.id);
    });
    ctx.emit('notifications.changed', { userIds: [me.id] });
    return null;
  },
};
