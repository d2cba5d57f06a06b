import Database from 'better-sqlite3';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/api/errors';
import { DATABASE_FILE_NAME, openDatabase } from '../../src-main/db/open';
import { readMigrations } from '../../src-main/db/migrate';
import { MIGRATIONS_DIR, tempDir } from '../helpers/temp';

function open(dataDir: string, migrationsDir = MIGRATIONS_DIR) {
  return openDatabase({ dataDir, migrationsDir, busyTimeoutMs: 100 });
}

const KNOWN = readMigrations(MIGRATIONS_DIR).length;
const NEXT_TAG = `${String(KNOWN).padStart(4, '0')}_next`;

/** A copy of the real migrations cut to the first `count`, as an older release shipped them. */
function migrationsUpTo(count: number): string {
  const dir = tempDir();
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

/** A copy of the real migrations plus one more, as the next release would ship. */
function migrationsWithExtra(sql: string): string {
  const dir = tempDir();
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  const idx = journal.entries.length;
  const tag = `${String(idx).padStart(4, '0')}_next`;
  journal.entries.push({ idx, version: '6', when: Date.now(), tag, breakpoints: true });
  writeFileSync(journalFile, JSON.stringify(journal));
  writeFileSync(join(dir, `${tag}.sql`), sql);
  return dir;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('migrations', () => {
  it('creates every table of the domain on first run and records the migrations', () => {
    const dir = tempDir();
    const { sqlite, migration } = open(dir);
    const tables = sqlite.prepare(`select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like 'lead_search_%' and name not like 'client_search_%' order by name`).pluck().all();
    expect(tables).toEqual([
      'activities', 'audit_log', 'change_log', 'client_search', 'client_stage_changes', 'clients', 'deletion_reasons', 'investments',
      'lead_assignee_counts', 'lead_client_links', 'lead_conversions', 'lead_day_cells', 'lead_month_cells', 'lead_search', 'lead_status_counts', 'leads', 'notifications', 'office_calendar', 'office_days', 'outbox', 'permission_grants',
      'schema_migrations', 'settings', 'source_costs', 'sources', 'sync_clock', 'sync_state', 'user_preferences', 'users',
    ]);
    expect(migration.applied).toEqual(readMigrations(MIGRATIONS_DIR).map((m) => m.tag));
    expect(migration.backupFile).toBeNull();
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    sqlite.close();
  });

  it('fills the search index and the tab counts from the leads a database already holds', () => {
    const dir = tempDir();
    const older = open(dir, migrationsUpTo(2));
    const insert = older.sqlite.prepare(`insert into leads (id, status, source_id, first_name, last_name, phone_raw, phone_e164, email,
      email_normalized, name_search, received_at, created_at, updated_at) values (?, ?, 's1', ?, ?, ?, ?, ?, ?, ?, 1, 1, 1)`);
    older.sqlite.pragma('foreign_keys = OFF');
    insert.run('l1', 'new', 'Łucja', 'Kałuża', '600 100 200', '+48600100200', null, null, 'lucja kaluza');
    insert.run('l2', 'new', 'Jan', 'Nowak', null, null, 'Jan@Example.pl', 'jan@example.pl', 'jan nowak');
    older.sqlite.prepare(`update leads set status = 'deleted', deletion_reason_id = 'r' where id = 'l2'`).run();
    older.sqlite.close();

    const current = open(dir);
    const find = (match: string) => current.sqlite.prepare(`select l.id from leads l where l.rowid in (select rowid from lead_search where lead_search match ?)`).pluck().all(match);
    expect(find('"kaluza"*')).toEqual(['l1']);
    expect(find('"600100"*')).toEqual(['l1']);
    expect(find('"jan"* AND "example"*')).toEqual(['l2']);
    const counts = current.sqlite.prepare('select status, n from lead_status_counts order by status').all();
    expect(counts).toEqual([
      { status: 'converted', n: 0 },
      { status: 'deleted', n: 1 },
      { status: 'linked', n: 0 },
      { status: 'new', n: 1 },
    ]);
    current.sqlite.close();
  });

  it('applies nothing and backs up nothing when the database is current', () => {
    const dir = tempDir();
    open(dir).sqlite.close();
    const again = open(dir);
    expect(again.migration).toEqual({ applied: [], backupFile: null });
    again.sqlite.close();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('backs up an existing database before applying a new migration, keeping its data', () => {
    const dir = tempDir();
    const first = open(dir);
    first.sqlite.prepare(`insert into settings (key, value, updated_at) values ('office', '"Kraków"', 1)`).run();
    first.sqlite.close();

    const next = migrationsWithExtra('ALTER TABLE `clients` ADD `nickname` text;');
    const second = open(dir, next);
    expect(second.migration.applied).toEqual([NEXT_TAG]);
    expect(second.sqlite.prepare('select nickname from clients').all()).toEqual([]);
    second.sqlite.close();

    const backup = new Database(second.migration.backupFile!, { readonly: true });
    expect(backup.prepare(`select value from settings where key = 'office'`).pluck().get()).toBe('"Kraków"');
    expect(backup.prepare('select count(*) from schema_migrations').pluck().get()).toBe(KNOWN);
    expect(() => backup.prepare('select nickname from clients').all()).toThrow(/no such column/);
    backup.close();
  });

  it('rolls back a failing migration completely, leaving the database as it was', () => {
    const dir = tempDir();
    open(dir).sqlite.close();
    const broken = migrationsWithExtra('CREATE TABLE `half` (`id` text);\n--> statement-breakpoint\nTHIS IS NOT SQL;');
    expect(() => open(dir, broken)).toThrow();
    const db = new Database(join(dir, DATABASE_FILE_NAME));
    expect(db.prepare(`select count(*) from sqlite_master where name = 'half'`).pluck().get()).toBe(0);
    expect(db.prepare('select count(*) from schema_migrations').pluck().get()).toBe(KNOWN);
    db.close();
  });

  it('refuses, untouched, a database whose applied migrations are not a prefix of the known ones', () => {
    const dir = tempDir();
    const newer = migrationsWithExtra('CREATE TABLE `from_the_future` (`id` text);');
    open(dir, newer).sqlite.close();
    const file = join(dir, DATABASE_FILE_NAME);
    const before = readFileSync(file);

    const message = codeOf(() => open(dir));
    expect(message).toMatch(new RegExp(`^DB_INCOMPATIBLE: .*migration #${KNOWN} "${NEXT_TAG}" is unknown to this version`));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database whose applied migration differs from the known one with the same tag', () => {
    const dir = tempDir();
    open(dir).sqlite.close();
    const db = new Database(join(dir, DATABASE_FILE_NAME));
    db.prepare(`update schema_migrations set hash = 'edited' where idx = 0`).run();
    db.close();
    expect(codeOf(() => open(dir))).toMatch(/^DB_INCOMPATIBLE: .*differs from this version's/);
  });

  it('says clearly that a damaged file is damaged, and leaves it alone', () => {
    const dir = tempDir();
    const file = join(dir, DATABASE_FILE_NAME);
    writeFileSync(file, Buffer.alloc(8192, 'garbage!'));
    expect(codeOf(() => open(dir))).toMatch(/^DB_CORRUPT: The database .* is damaged or is not a Lead Desk database/);
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('garbage!');
  });

  it('says clearly when the data folder cannot be created (a file stands in its place)', () => {
    const parent = tempDir();
    const notAFolder = join(parent, 'data');
    writeFileSync(notAFolder, 'a file, not a folder');
    expect(codeOf(() => open(notAFolder))).toMatch(/^INTERNAL: The data folder .* cannot be created or written \((EEXIST|ENOTDIR)\)/);
    expect(readFileSync(notAFolder, 'utf8')).toBe('a file, not a folder');
  });

  it('refuses an SQLite file of another program', () => {
    const dir = tempDir();
    const other = new Database(join(dir, DATABASE_FILE_NAME));
    other.exec('create table photos (id integer primary key)');
    other.close();
    expect(codeOf(() => open(dir))).toMatch(/^DB_INCOMPATIBLE: .*not a Lead Desk database/);
  });

  it('says clearly that the file is locked by another program', () => {
    const dir = tempDir();
    const firstOpen = open(dir);
    firstOpen.sqlite.close();
    const next = migrationsWithExtra('CREATE TABLE `later` (`id` text);');
    const holder = new Database(join(dir, DATABASE_FILE_NAME));
    holder.exec('begin exclusive');
    try {
      expect(codeOf(() => open(dir, next))).toMatch(/^DB_LOCKED: The database .* is locked by another program/);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    expect(readdirSync(dir)).toContain(DATABASE_FILE_NAME);
  });
});
