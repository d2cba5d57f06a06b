import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteToAppError } from './errors';
import { migrate, readMigrations, type MigrateResult } from './migrate';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  file: string;
  sqlite: Database.Database;
  db: Db;
  migration: MigrateResult;
}

export const DATABASE_FILE_NAME = 'lead-desk.sqlite';

/** Opens (creating if needed) the data folder's database, migrates it, and returns drizzle over it. */
export function openDatabase(opts: { dataDir: string; migrationsDir: string; busyTimeoutMs?: number }): OpenedDatabase {
  const file = join(opts.dataDir, DATABASE_FILE_NAME);
  const migrations = readMigrations(opts.migrationsDir);
  let sqlite: Database.Database | undefined;
  try {
    mkdirSync(opts.dataDir, { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    const migration = migrate(sqlite, migrations, { file, backupDir: join(opts.dataDir, 'backups') });
    return { file, sqlite, db: drizzle(sqlite, { schema }), migration };
  } catch (error) {
    sqlite?.close();
    throw sqliteToAppError(error, file);
  }
}
