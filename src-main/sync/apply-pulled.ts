import type Database from 'better-sqlite3';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { PulledChange, SyncedEntity } from '../../src-shared/sync/protocol';
import { isReplicatedField, TABLE_SHAPES, type TableShape } from '../db/synced-tables';

const shapes = TABLE_SHAPES;

export const isSyncedTable = (entity: string): entity is SyncedEntity => shapes.has(entity as SyncedEntity);

/** Statements by SQL text, per connection: a pull applies thousands of rows through a handful of statements. */
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(sqlite);
  if (!cache) statementCache.set(sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = sqlite.prepare(sql)));
  return statement;
}

/** Field names with an edit on this desktop that the server has not acknowledged yet. */
function pendingFields(sqlite: Database.Database, entity: string, id: string): Set<string> {
  const rows = prepared(sqlite, `select data from change_log where pushed_at is null and entity = ? and entity_id = ?`).pluck().all(entity, id) as (string | null)[];
  return new Set(rows.flatMap((data) => (data ? Object.keys(JSON.parse(data) as object) : [])));
}

const toDriver = (column: SQLiteColumn, value: unknown) => (value === null || value === undefined ? null : column.mapToDriverValue(value));

/**
 * Writes pulled changes into the local tables (raw statements: no change records, as these are not local edits; the
 * triggers keep search, counts and report cells). A field with an unacknowledged local edit is left alone: that edit
 * is pushed, the server decides, and the outcome comes back in a later pull. Returns the entities touched.
 */
export function applyPulled(sqlite: Database.Database, changes: PulledChange[], now = Date.now()): Map<SyncedEntity, Set<string>> {
  const touched = new Map<SyncedEntity, Set<string>>();
  for (const change of changes) {
    const shape = shapes.get(change.entity);
    if (!shape) continue;
    // Each row on its own savepoint: a row this desktop cannot store is skipped (and said), never a wedge for the rest.
    try {
      savepointed(sqlite)(shape, change, now);
    } catch (err) {
      console.warn(`[lead-desk] sync: skipped ${change.entity} ${change.id}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    let ids = touched.get(change.entity);
    if (!ids) touched.set(change.entity, (ids = new Set()));
    ids.add(change.id);
  }
  return touched;
}

/** applyOne wrapped in a savepoint, made once per connection (not per row: a pull may carry hundreds of thousands). */
const savepointedByConnection = new WeakMap<Database.Database, (shape: TableShape, change: PulledChange, now: number) => void>();
function savepointed(sqlite: Database.Database) {
  let run = savepointedByConnection.get(sqlite);
  if (!run) savepointedByConnection.set(sqlite, (run = sqlite.transaction((shape: TableShape, change: PulledChange, now: number) => applyOne(sqlite, shape, change, now))));
  return run;
}

function applyOne(sqlite: Database.Database, shape: TableShape, change: PulledChange, now: number): void {
  const existing = prepared(sqlite, `select * from ${shape.name} where ${shape.key} = ?`).get(change.id) as Record<string, unknown> | undefined;
  if (change.deleted) {
    if (existing && change.entity !== 'audit_log') prepared(sqlite, `delete from ${shape.name} where ${shape.key} = ?`).run(change.id);
  } else {
    const pending = pendingFields(sqlite, change.entity, change.id);
    const values = new Map<string, unknown>();
    for (const [field, value] of Object.entries(change.fields ?? {})) {
      const column = shape.columns.get(field);
      if (!column || !isReplicatedField(change.entity, field) || pending.has(field) || column.name === shape.key) continue;
      const driver = toDriver(column, value);
      if (!existing || existing[column.name] !== driver) values.set(column.name, driver);
    }
    if (existing) {
      if (values.size === 0) return;
      const sets = [...values.keys()].map((c) => `${c} = ?`).join(', ');
      prepared(sqlite, `update ${shape.name} set ${sets} where ${shape.key} = ?`).run(...values.values(), change.id);
    } else {
      // A row first seen in an update (settings carry only their value) gets the times it lacks.
      for (const time of ['created_at', 'updated_at']) if ([...shape.columns.values()].some((c) => c.name === time) && !values.has(time)) values.set(time, now);
      values.set(shape.key, change.id);
      const names = [...values.keys()];
      prepared(sqlite, `insert into ${shape.name} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`).run(...values.values());
    }
  }
}

/** Moves this desktop's clock past the stamps it has seen, so its next edits order after them. */
export function observeClock(sqlite: Database.Database, stamps: string[]): void {
  const newest = stamps.reduce((a, b) => (b > a ? b : a), '');
  const m = /^(\d{15}):(\d{5}):/.exec(newest);
  if (!m) return;
  sqlite
    .prepare('update sync_clock set wall = ?, counter = ? where wall < ? or (wall = ? and counter < ?)')
    .run(Number(m[1]), Number(m[2]), Number(m[1]), Number(m[1]), Number(m[2]));
}
