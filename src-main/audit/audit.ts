import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { auditLog } from '../db/schema';
import { insertSynced } from '../sync/change-log';

/** Appends an audit entry; call inside the transaction of the act it records. */
export function audit(
  tx: Db,
  entry: { userId: string | null; action: string; entity?: string; entityId?: string; details?: Record<string, unknown> },
  at = Date.now(),
): void {
  insertSynced(
    tx,
    auditLog,
    { id: newId(), at, userId: entry.userId, action: entry.action, entity: entry.entity ?? null, entityId: entry.entityId ?? null, details: entry.details ?? null },
    entry.userId,
  );
}
