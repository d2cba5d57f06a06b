/**
 * Shared setup for the lead-inbox tests: a demo office on a real SQLite file, callers signed in per window,
 * and read-only looks at the database to compute expected answers independently of the services.
 *
 * The demo office is built once per test file (setup.loadDemo) and copied into each test's own folder,
 * so every test gets its own database without paying for the seed again.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openCore, type Core } from '../../src-main/app/core';
import { DATABASE_FILE_NAME } from '../../src-main/db/open';
import type { MethodInput, MethodName, MethodResult } from '../../src-shared/api/contract';
import type { ApiError, ApiResult, ErrorCode } from '../../src-shared/api/errors';
import type { LeadDetail, LeadRow } from '../../src-shared/leads/types';
import type { SessionUser } from '../../src-shared/users/types';
import { MIGRATIONS_DIR, tempDir, testCore } from '../helpers/temp';

export const DEMO_PASSWORD = 'demo2026';
export type Username = 'admin' | 'manager' | 'anna' | 'piotr' | 'kasia';

export interface Caller {
  user: SessionUser;
  clientKey: string;
  /** Any method, any input: for calls that are expected to be refused. */
  call(method: MethodName, input: unknown): Promise<ApiResult<unknown>>;
  /** A typed call that must succeed. */
  ok<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
}

export interface Office {
  core: Core;
  dataDir: string;
  /** A read-only connection to the same file, for independent answers. */
  db: Database.Database;
  user(username: Username): { id: string; displayName: string };
  sourceId(name: string): string;
  investmentId(name: string): string;
  reasonId(label: string): string;
  /** Signs `username` in on their own window (clientKey = username), once per office. */
  as(username: Username): Promise<Caller>;
}

// ---------------------------------------------------------------------------------------------------------
// The demo template, built once per test file.

let template: Promise<string> | undefined;
let templateDir: string | undefined;

afterAll(() => {
  if (templateDir) rmSync(templateDir, { recursive: true, force: true });
});

function demoTemplate(): Promise<string> {
  template ??= (async () => {
    templateDir = mkdtempSync(join(tmpdir(), 'lead-desk-template-'));
    const core = openCore({ dataDir: templateDir, migrationsDir: MIGRATIONS_DIR, mode: 'browser', appVersion: '0.0.0-test' });
    try {
      const result = await core.call('setup', 'setup.loadDemo', {});
      if (!result.ok) throw new Error(`demo failed: ${result.error.message}`);
    } finally {
      core.close(); // the last connection checkpoints the WAL into the main file
    }
    return join(templateDir, DATABASE_FILE_NAME);
  })();
  return template;
}

const readers: Database.Database[] = [];
afterEach(() => {
  while (readers.length) readers.pop()!.close();
});

function officeOver(core: Core, dataDir: string, db: Database.Database): Office {
  const one = (sql: string, key: string, what: string): string => {
    const id = db.prepare(sql).pluck().get(key) as string | undefined;
    if (!id) throw new Error(`no ${what} "${key}" in the demo office`);
    return id;
  };
  const callers = new Map<Username, Promise<Caller>>();
  return {
    core,
    dataDir,
    db,
    user(username) {
      const row = db.prepare('select id, display_name as displayName from users where username = ?').get(username) as { id: string; displayName: string } | undefined;
      if (!row) throw new Error(`no user ${username}`);
      return row;
    },
    sourceId: (name) => one('select id from sources where name = ?', name, 'source'),
    investmentId: (name) => one('select id from investments where name = ?', name, 'investment'),
    reasonId: (label) => one('select id from deletion_reasons where label = ?', label, 'deletion reason'),
    as(username) {
      let caller = callers.get(username);
      if (!caller) {
        caller = (async () => {
          const signIn = await core.call(username, 'auth.signIn', { username, password: DEMO_PASSWORD });
          if (!signIn.ok) throw new Error(`sign-in of ${username} failed: ${signIn.error.message}`);
          return callerFor(core, username, signIn.value as SessionUser);
        })();
        callers.set(username, caller);
      }
      return caller;
    },
  };
}

function callerFor(core: Core, clientKey: string, user: SessionUser): Caller {
  return {
    user,
    clientKey,
    call: (method, input) => core.call(clientKey, method, input),
    async ok(method, input) {
      const result = await core.call(clientKey, method, input);
      if (!result.ok) throw new Error(`${method} as ${user.username}: expected ok, got ${result.error.code}: ${result.error.message}`);
      return result.value as MethodResult<typeof method>;
    },
  };
}

/** A demo office of its own for one test (closed and removed after it). Reuses the database already in `dataDir`. */
export async function freshOffice(dataDir = tempDir()): Promise<Office> {
  const file = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(file)) copyFileSync(await demoTemplate(), file);
  const core = testCore(dataDir);
  const db = new Database(core.databaseFile, { readonly: true });
  readers.push(db);
  return officeOver(core, dataDir, db);
}

/** One demo office for every test of a describe block that only reads. Call at describe level. */
export function sharedOffice(): () => Office {
  let office: Office | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lead-desk-shared-'));
    copyFileSync(await demoTemplate(), join(dir, DATABASE_FILE_NAME));
    const core = openCore({ dataDir: dir, migrationsDir: MIGRATIONS_DIR, mode: 'browser', appVersion: '0.0.0-test' });
    office = officeOver(core, dir, new Database(core.databaseFile, { readonly: true }));
  });
  afterAll(() => {
    office?.db.close();
    office?.core.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!office) throw new Error('the shared office is not open yet');
    return office;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Assertions and database looks.

/** Awaits a call that must be refused with `code`; returns the error. */
export async function refused(result: Promise<ApiResult<unknown>>, code: ErrorCode): Promise<ApiError> {
  const settled = await result;
  if (settled.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(settled.value).slice(0, 200)}`);
  expect(settled.error.code, settled.error.message).toBe(code);
  return settled.error;
}

export const count = (db: Database.Database, sql: string, ...params: unknown[]): number => db.prepare(sql).pluck().get(...params) as number;

export function logCounts(db: Database.Database): { changeLog: number; auditLog: number } {
  return { changeLog: count(db, 'select count(*) from change_log'), auditLog: count(db, 'select count(*) from audit_log') };
}

/** Everything a refused call must leave as it was: the leads' rows, the logs, the tab counts, the settings and reasons. */
export function footprint(db: Database.Database, ids: string[] = []) {
  return {
    leads: db.prepare('select * from leads where id in (select value from json_each(?)) order by id').all(JSON.stringify(ids)),
    ...logCounts(db),
    leadCount: count(db, 'select count(*) from leads'),
    statusCounts: db.prepare('select status, n from lead_status_counts order by status').all(),
    settings: db.prepare('select key, value from settings order by key').all(),
    reasons: db.prepare('select id, label, active, sort_order from deletion_reasons order by id').all(),
  };
}

/** Expects the call to be refused with `code` and to change nothing (rows of `ids`, logs, counts). */
export async function refusedUnchanged(office: Office, result: () => Promise<ApiResult<unknown>>, code: ErrorCode, ids: string[] = []): Promise<ApiError> {
  const before = footprint(office.db, ids);
  const error = await refused(result(), code);
  expect(footprint(office.db, ids)).toEqual(before);
  return error;
}

/** One lead id matching a SQL condition over `leads` (the demo data is seeded, so these exist). */
export function leadWhere(db: Database.Database, where: string, ...params: unknown[]): string {
  const id = db.prepare(`select id from leads where ${where} order by received_at desc limit 1`).pluck().get(...params) as string | undefined;
  if (!id) throw new Error(`no lead where ${where}`);
  return id;
}

export interface LeadDbRow {
  id: string;
  status: string;
  assignee_user_id: string | null;
  priority: string;
  qualification: string | null;
  deletion_reason_id: string | null;
  deletion_comment: string | null;
  deleted_at: number | null;
  deleted_by: string | null;
  phone_raw: string | null;
  phone_e164: string | null;
  email: string | null;
  email_normalized: string | null;
  name_search: string;
  source_id: string;
  received_at: number;
}

export function leadRow(db: Database.Database, id: string): LeadDbRow {
  const row = db.prepare('select * from leads where id = ?').get(id) as LeadDbRow | undefined;
  if (!row) throw new Error(`lead ${id} not in the database`);
  return row;
}

let phoneSerial = 0;
/**
 * A Polish mobile number no demo lead has (the demo never uses the 45x range), written as people type it.
 */
export function uniquePhone(): string {
  phoneSerial += 1;
  const digits = `45${String(phoneSerial * 7919 + 1_000_000).padStart(7, '0').slice(-7)}`;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** A manual lead from the Phone source; the caller's defaults unless overridden. */
export async function createLead(caller: Caller, office: Office, fields: Partial<MethodInput<'leads.create'>> = {}): Promise<LeadDetail> {
  return caller.ok('leads.create', { sourceId: office.sourceId('Phone'), phone: uniquePhone(), ...fields });
}

/** Every row of a list, paging with `limit`; fails on a repeated row or an over-long page. */
export async function listAll(caller: Caller, input: Omit<MethodInput<'leads.list'>, 'cursor'>, limit = 500): Promise<LeadRow[]> {
  const rows: LeadRow[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await caller.ok('leads.list', { ...input, limit, cursor });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.rows);
    if (!page.nextCursor) {
      expect(new Set(rows.map((r) => r.id)).size, 'a lead was listed twice').toBe(rows.length);
      return rows;
    }
    expect(page.rows).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

export const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id).sort();
