import { eq } from 'drizzle-orm';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { notifications, outbox, users } from '../db/schema';
import { insertSynced } from '../sync/change-log';

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
  // Synced: the user may sit at another desktop, and the office server sends the e-mails.
  insertSynced(tx, notifications, { id: newId(), userId: args.userId, kind: args.kind, data: args.data, leadId: args.leadId ?? null, clientId: args.clientId ?? null, createdAt: now, updatedAt: now }, null);
  if (!args.email) return;
  const address = tx.select({ email: users.email }).from(users).where(eq(users.id, args.userId)).get()?.email;
  if (address) {
    insertSynced(tx, outbox, { id: newId(), toAddress: address, subject: args.email.subject, body: args.email.body, kind: args.kind, createdAt: now, updatedAt: now }, null);
  }
}
