import { getTableName, eq, type InferInsertModel } from 'drizzle-orm';
import { isReplicatedField, TABLE_SHAPES } from '../db/synced-tables';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/open';
import { changeLog } from '../db/schema';
import type { ChangeOp } from '../../src-shared/sync/types';

const isSyncedTable = (entity: string): entity is SyncedEntity => TABLE_SHAPES.has(entity as SyncedEntity);

export interface Change {
  entity: string;
  entityId: string;
  op: ChangeOp;
  data: Record<string, unknown> | null;
  userId: string | null;
}

export function recordChange(tx: Db, change: Change, at = Date.now()): void {
  tx.insert(changeLog).values({ ...change, at }).run();
}

type TableWithId = SQLiteTable & { id: Parameters<typeof eq>[0] };

/**
 * Inserts a row and its change record. Call inside a transaction (db.transaction) so the two land together:
 * sync relies on every synced row having its change record.
 */
export function insertSynced<T extends TableWithId>(tx: Db, table: T, row: InferInsertModel<T> & { id: string }, userId: string | null): void {
  // The row as stored (defaults filled in), so another desktop, or an undo from the server, has every field.
  const stored = tx.insert(table).values(row).returning().get() as Record<string, unknown>;
  const entity = getTableName(table);
  const data = isSyncedTable(entity) ? Object.fromEntries(Object.entries(stored).filter(([field]) => isReplicatedField(entity, field))) : stored;
  recordChange(tx, { entity, entityId: row.id, op: 'insert', data, userId });
}

/** Updates one row by id and records the changed fields. */
export function updateSynced<T extends TableWithId>(
  tx: Db,
  table: T,
  id: string,
  patch: Partial<InferInsertModel<T>>,
  userId: string | null,
): void {
  const result = tx.update(table).set(patch as SQLiteUpdateSetSource<T>).where(eq(table.id, id)).run();
  if (result.changes !== 1) throw new Error(`${getTableName(table)} ${id} was not found`);
  recordChange(tx, { entity: getTableName(table), entityId: id, op: 'update', data: patch as Record<string, unknown>, userId });
}
