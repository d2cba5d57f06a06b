import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import * as schema from './schema';

/**
 * The replicated tables and their columns by field name (as the change log writes them). The office server reads it
 * too, to check pushed values against the columns the desktops will store them in.
 */
export const SYNCED_TABLES: Record<SyncedEntity, SQLiteTable> = {
  users: schema.users,
  investments: schema.investments,
  sources: schema.sources,
  deletion_reasons: schema.deletionReasons,
  settings: schema.settings,
  clients: schema.clients,
  leads: schema.leads,
  client_stage_changes: schema.clientStageChanges,
  lead_client_links: schema.leadClientLinks,
  activities: schema.activities,
  permission_grants: schema.permissionGrants,
  audit_log: schema.auditLog,
  notifications: schema.notifications,
  outbox: schema.outbox,
  source_costs: schema.sourceCosts,
};

export interface TableShape {
  name: string;
  key: string;
  /** Field name -> column. */
  columns: Map<string, SQLiteColumn>;
}

export const TABLE_SHAPES = new Map<SyncedEntity, TableShape>(
  (Object.entries(SYNCED_TABLES) as [SyncedEntity, SQLiteTable][]).map(([entity, table]) => {
    const columns = new Map(Object.entries(getTableColumns(table)) as [string, SQLiteColumn][]);
    return [entity, { name: getTableName(table), key: entity === 'settings' ? 'key' : 'id', columns }];
  }),
);

/**
 * Columns each desktop's own triggers keep (from activities and links), never replicated: a replayed value would
 * overwrite what the triggers computed from rows that arrived since.
 */
const TRIGGER_KEPT: Partial<Record<SyncedEntity, ReadonlySet<string>>> = {
  clients: new Set(['leadReceivedAt', 'firstCallAt', 'firstEmailAt', 'firstMeetingAt']),
};

/** Whether a field travels with its row: not computed by SQLite (generated columns) nor kept by triggers. */
export function isReplicatedField(entity: SyncedEntity, field: string): boolean {
  const column = TABLE_SHAPES.get(entity)?.columns.get(field);
  return !!column && !column.generated && !TRIGGER_KEPT[entity]?.has(field);
}

/** Why a pushed field value cannot be stored in its column, or null when it can. */
export function fieldProblem(entity: SyncedEntity, field: string, value: unknown): string | null {
  const column = TABLE_SHAPES.get(entity)?.columns.get(field);
  if (!column) return `${entity} has no field "${field}"`;
  if (!isReplicatedField(entity, field)) return `${field} is computed on each desktop and cannot be set`;
  if (value === null || value === undefined) return column.notNull && !column.hasDefault ? `${field} cannot be empty` : null;
  const enumValues = (column as { enumValues?: readonly string[] }).enumValues;
  switch (column.dataType) {
    case 'string':
      if (typeof value !== 'string') return `${field} must be text`;
      return enumValues?.length && !enumValues.includes(value) ? `${field} must be one of ${enumValues.join(', ')}` : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${field} must be a number`;
    case 'boolean':
      return typeof value === 'boolean' || value === 0 || value === 1 ? null : `${field} must be true or false`;
    case 'json':
      return typeof value === 'object' ? null : `${field} must be a list or an object`;
    default:
      return null;
  }
}
