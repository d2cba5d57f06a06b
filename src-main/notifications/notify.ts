import { eq } from 'drizzle-orm';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { notifications, outbox, users } from '../db/schema';

export interface NotifyArgs {
  userId: string;
  kind: string;
  data: Record<string, unknown>;
  leadId?: string | null;
  clientId?: string | null;
  /** Also queue an e-mail to the user's address, when they have one. */
  email?: { subject: string; body: string };
}

/** Writes an in-app notification (and queues its e-mail) inside the caller's transaction. */
export function notifyUser(tx: Db, args: NotifyArgs, now = Date.now()): void {
  tx.insert(notifications)
    .values({ id: newId(), userId: args.userId, kind: args.kind, data: args.data, leadId: args.leadId ?? null, clientId: args.clientId ?? null, createdAt: now, updatedAt: now })
    .run();
  if (!args.email) return;
  const address = tx.select({ email: users.email }).from(users).where(eq(users.id, args.userId)).get()?.email;
  if (address) {
    tx.insert(outbox).values({ id: newId(), toAddress: address, subject: args.email.subject, body: args.email.body, kind: args.kind, createdAt: now, updatedAt: now }).run();
  }
}
