import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/api/errors';

export interface Migration {
  idx: number;
  tag: string;
  sql: string;
  hash: string;
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Reads drizzle-kit's journal and SQL files, in order. */
export function readMigrations(dir: string): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries
    .slice()
    .sort((a, b) => a.idx - b.idx)
    .map(({ idx, tag }) => {
      const sql = readFileSync(join(dir, `${tag}.sql`), 'utf8');
      return { idx, tag, sql, hash: createHash('sha256').update(sql).digest('hex') };
    });
}

const LEDGER = `create table if not exists schema_migrations (
  idx integer primary key, tag text not null, hash text not null, applied_at integer not null)`;

export interface MigrateResult {
  applied: string[];
  backupFile: string | null;
}

/**
 * Applies pending migrations in one transaction. An existing database is first copied to backupDir.
 * A database whose applied migrations are not a prefix of the known ones is refused untouched.
 */
export function migrate(db: Database.Database, migrations: Migration[], opts: { file: string; backupDir: string; now?: () => number }): MigrateResult {
  const now = opts.now ?? Date.now;
  const hasLedger = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'`).get();
  const hasOtherTables = db.prepare(`select 1 from sqlite_master where type = 'table' and name not like 'sqlite_%'`).get();
  if (!hasLedger && hasOtherTables) {
    throw new AppError('DB_INCOMPATIBLE', `The file ${opts.file} holds tables but no Lead Desk migration history; it is not a Lead Desk database. Nothing was changed.`);
  }
  const applied = hasLedger
    ? (db.prepare('select idx, tag, hash from schema_migrations order by idx').all() as { idx: number; tag: string; hash: string }[])
    : [];
  applied.forEach((row, i) => {
    const known = migrations[i];
    if (!known || known.tag !== row.tag || known.hash !== row.hash || known.idx !== row.idx) {
      throw new AppError(
        'DB_INCOMPATIBLE',
        `The database ${opts.file} was written by a different version of Lead Desk: its migration #${row.idx} "${row.tag}" ` +
          `${known ? 'differs from this version\'s' : 'is unknown to this version'}. Nothing was changed. Open it with the matching version, or restore a backup.`,
      );
    }
  });
  const pending = migrations.slice(applied.length);
  if (pending.length === 0) return { applied: [], backupFile: null };

  let backupFile: string | null = null;
  if (applied.length > 0) {
    mkdirSync(opts.backupDir, { recursive: true });
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
    backupFile = join(opts.backupDir, `lead-desk-${stamp}-before-${pending[0]!.tag}.sqlite`);
    db.prepare('vacuum into ?').run(backupFile);
  }
  db.transaction(() => {
    db.exec(LEDGER);
    const record = db.prepare('insert into schema_migrations (idx, tag, hash, applied_at) values (?, ?, ?, ?)');
    for (const m of pending) {
      for (const statement of m.sql.split('--> statement-breakpoint')) {
        if (statement.trim()) db.exec(statement);
      }
      record.run(m.idx, m.tag, m.hash, now());
    }
  }).immediate();
  return { applied: pending.map((m) => m.tag), backupFile };
}
