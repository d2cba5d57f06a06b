/**
 * Sync under faults (docs/sync.md, "Faults the tests must survive"):
 * - one office server and three desktops (a manager and two advisors) make random edits through the services while
 *   a seeded network drops, duplicates, delays and reorders requests and the server restarts on the same file; after
 *   a quiet period every desktop holds what the server holds and no acknowledged change is lost (fast-check);
 * - a desktop process killed (SIGKILL) in a burst of writes loses no committed change, and its next sync completes;
 * - malformed and hostile requests get a 4xx that says why, and change nothing;
 * - the sync bugs these tests found (all fixed), each as a minimal deterministic case.
 *
 * Reproduce a failure with the seed it prints: FAULT_SEED=<seed> npx vitest run --project unit tests/unit/sync-faults.test.ts
 * FAULT_RUNS sets the number of runs; FAULT_SHRINK=1 lets fast-check shrink a failing run.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import fc from 'fast-check';
import { SYNCED_TABLES } from '../../src-main/db/synced-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION, SYNCED_ENTITIES, type PullResult, type SyncedEntity } from '../../src-shared/sync/protocol';
import type { SyncStatus } from '../../src-shared/sync/status';
import { createAdmin } from '../../src-server/accounts';
import { startOfficeServer, type OfficeServer } from '../../src-server/http';
import { migrate } from '../../src-server/schema';
import { openSqliteStore, type Store } from '../../src-server/store';
import { openCore, type Core } from '../../src-main/app/core';
import { FaultyNetwork, emptyCounts, seededRandom, type FaultCounts, type FaultRates } from '../helpers/faulty-network';
import { MIGRATIONS_DIR } from '../helpers/temp';

const ADMIN = { username: 'biuro', displayName: 'Biuro Sprzedaży', password: 'office-2026' };
const PASSWORD = 'demo2026';
const SEED = Number(process.env.FAULT_SEED ?? 20260517);
const RUNS = Number(process.env.FAULT_RUNS ?? 28);
/** The issue asks for at least this many injected faults per CI run (restarts count too). */
const MIN_FAULTS = 1000;
/** Most requests meet a fault: runs stay short, and every kind of fault is met many times. */
const RATES: FaultRates = { dropRequest: 0.14, dropResponse: 0.16, duplicate: 0.14, lateDelivery: 0.12, delay: 0.26, maxDelayMs: 20 };

// ---------------------------------------------------------------------------------------------------------------
// Folders, desktops and the server

const folders: string[] = [];
function freshDir(prefix = 'lead-desk-faults-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openDesktop(dataDir: string, fetchImpl?: typeof fetch): Core {
  return openCore({ dataDir, migrationsDir: MIGRATIONS_DIR, mode: 'browser', appVersion: '0.0.0-test', syncFetch: fetchImpl, syncIntervalMs: 0, busyTimeoutMs: 2000 });
}

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
async function ok<T = unknown>(promise: Promise<Result>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Office {
  file: string;
  store: Store;
  server: OfficeServer | null;
}

async function startOffice(file: string): Promise<Office> {
  const store = openSqliteStore(file);
  await migrate(store);
  return { file, store, server: await startOfficeServer(store) };
}

async function stopOffice(office: Office): Promise<void> {
  if (office.server) await office.server.close();
  office.server = null;
  await office.store.close();
}

/** Reads a database on a connection of its own. */
function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const one = <T>(file: string, sql: string, ...params: unknown[]): T | undefined => query<T>(file, sql, ...params)[0];

// ---------------------------------------------------------------------------------------------------------------
// What "the same data" means

const TABLES = SYNCED_TABLES;
const keyOf = (entity: SyncedEntity) => (entity === 'settings' ? 'key' : 'id');
/** Local structures the triggers keep from the replicated rows: equal rows must give equal counts and report cells. */
const DERIVED = ['lead_status_counts', 'lead_assignee_counts', 'lead_day_cells', 'lead_month_cells', 'lead_conversions'];

/**
 * The sync bugs these tests found (A to I, each with its own case below) are fixed; these switches once left their
 * symptoms out of the property's comparison and stay off, so the property checks everything.
 */
const KNOWN_BUGS = { staleLeadReceivedAt: false, lostRejection: false, conversionBeforeClient: false, partialUndo: false, readRefusalNotice: false };
/** Rows a desktop would keep for itself (none since notices of refused changes are synced too). */
const LOCAL_ONLY: Partial<Record<SyncedEntity, string>> = {};
const COMPARED = SYNCED_ENTITIES;
const ignoredColumn = (entity: string, column: string) => KNOWN_BUGS.staleLeadReceivedAt && entity === 'clients' && column === 'lead_received_at';

type Content = Record<string, Record<string, unknown>[]>;

/** A desktop's replicated content (every synced table's rows by key) and its derived tables. */
function contentOf(file: string): Content {
  const db = new Database(file, { readonly: true });
  try {
    const synced = COMPARED.map((entity) => {
      const where = LOCAL_ONLY[entity] ? ` where ${LOCAL_ONLY[entity]}` : '';
      return [entity, db.prepare(`select * from ${getTableName(TABLES[entity])}${where} order by ${keyOf(entity)}`).all()];
    });
    const derived = DERIVED.map((table) => {
      const where = table === 'lead_conversions' ? '' : ' where n <> 0';
      const rows = db.prepare(`select * from ${table}${where}`).all() as Record<string, unknown>[];
      return [table, rows.map((r) => ({ id: JSON.stringify(r), ...(r.lead_id ? { lead_id: r.lead_id } : {}) })).sort((a, b) => (a.id < b.id ? -1 : 1))];
    });
    return Object.fromEntries([...synced, ...derived]) as Content;
  } finally {
    db.close();
  }
}

interface ServerRecord {
  entity: SyncedEntity;
  id: string;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  deleted: boolean;
}
function serverRecords(file: string): ServerRecord[] {
  return query<{ entity: SyncedEntity; id: string; data: string; clocks: string; deleted: number }>(file, 'select entity, id, data, clocks, deleted from records').map((r) => ({
    entity: r.entity,
    id: r.id,
    data: JSON.parse(r.data) as Record<string, unknown>,
    clocks: JSON.parse(r.clocks) as Record<string, string>,
    deleted: !!r.deleted,
  }));
}
const serverChangeCount = (file: string) => one<{ n: number }>(file, 'select count(*) as n from changes')!.n;

const columnsOf = new Map((Object.entries(TABLES) as [SyncedEntity, SQLiteTable][]).map(([e, t]) => [e, new Map(Object.entries(getTableColumns(t)) as [string, SQLiteColumn][])]));
const toDriver = (column: SQLiteColumn, value: unknown) => (value === null || value === undefined ? null : column.mapToDriverValue(value));

/** Where a desktop's tables differ from the server's records (empty: the same). `excused` keys are left out. */
function differencesFromServer(content: Content, records: ServerRecord[], excused = new Set<string>()): string[] {
  const problems: string[] = [];
  for (const entity of COMPARED) {
    const key = keyOf(entity);
    const rows = new Map(content[entity]!.map((r) => [String(r[key]), r]));
    const columns = columnsOf.get(entity)!;
    const mine = records.filter((r) => r.entity === entity && !excused.has(`${entity}/${r.id}`));
    for (const record of mine) {
      const row = rows.get(record.id);
      if (record.deleted) {
        // The desktop keeps its audit trail whatever happens elsewhere.
        if (row && entity !== 'audit_log') problems.push(`${entity} ${record.id}: deleted on the server, present on the desktop`);
        continue;
      }
      if (!row) {
        problems.push(`${entity} ${record.id}: on the server, missing on the desktop`);
        continue;
      }
      for (const [field, value] of Object.entries(record.data)) {
        const column = columns.get(field);
        if (!column || column.name === key || ignoredColumn(entity, column.name)) continue;
        const expected = toDriver(column, value);
        if (row[column.name] !== expected) problems.push(`${entity} ${record.id}.${field}: server ${JSON.stringify(expected)}, desktop ${JSON.stringify(row[column.name])}`);
      }
    }
    const onServer = new Set(records.filter((r) => r.entity === entity && !r.deleted).map((r) => r.id));
    for (const id of rows.keys()) if (!onServer.has(id) && !excused.has(`${entity}/${id}`)) problems.push(`${entity} ${id}: on the desktop, not on the server`);
  }
  return problems;
}

/** Where two desktops' contents differ, row by row and column by column (empty: the same). */
function differencesBetween(a: Content, b: Content, excused = new Set<string>(), excusedColumns = new Map<string, Set<string>>()): string[] {
  const problems: string[] = [];
  for (const table of Object.keys(a)) {
    const key = table === 'settings' ? 'key' : 'id';
    const left = new Map(a[table]!.map((r) => [String(r[key]), r]));
    const right = new Map(b[table]!.map((r) => [String(r[key]), r]));
    for (const [id, row] of left) {
      if (excused.has(`${table}/${id}`)) continue;
      const other = right.get(id);
      if (!other) {
        problems.push(`${table} ${id}: only on the first (${JSON.stringify(row).slice(0, 200)})`);
        continue;
      }
      for (const column of Object.keys(row)) {
        if (row[column] !== other[column] && !ignoredColumn(table, column) && !excusedColumns.get(`${table}/${id}`)?.has(column)) problems.push(`${table} ${id}.${column}: ${JSON.stringify(row[column])} vs ${JSON.stringify(other[column])}`);
      }
    }
    for (const [id, row] of right) if (!left.has(id) && !excused.has(`${table}/${id}`)) problems.push(`${table} ${id}: only on the second (${JSON.stringify(row).slice(0, 200)})`);
  }
  return problems;
}

interface LoggedChange {
  seq: number;
  entity: SyncedEntity;
  id: string;
  op: 'insert' | 'update' | 'delete';
  data: Record<string, unknown> | null;
  hlc: string;
}

/** A desktop's change records the server acknowledged (pushed_at set), less those it rejected. */
function acknowledgedChanges(file: string, rejected: Set<number>): LoggedChange[] {
  return query<{ seq: number; entity: SyncedEntity; id: string; op: LoggedChange['op']; data: string | null; hlc: string }>(
    file,
    'select seq, entity, entity_id as id, op, data, hlc from change_log where pushed_at is not null order by seq',
  )
    .filter((c) => !rejected.has(c.seq))
    .map((c) => ({ ...c, data: c.data ? (JSON.parse(c.data) as Record<string, unknown>) : null }));
}

/**
 * Acknowledged changes the server does not reflect. A change the server took set each of its fields' clocks to its
 * own stamp (or a later edit's), and the value with it; a deletion leaves a tombstone at least as new, or a later
 * edit that brought the row back.
 */
function lostAcknowledged(changes: LoggedChange[], records: ServerRecord[]): string[] {
  const byKey = new Map(records.map((r) => [`${r.entity}/${r.id}`, r]));
  const lost: string[] = [];
  for (const c of changes) {
    const record = byKey.get(`${c.entity}/${c.id}`);
    const what = `change #${c.seq} (${c.op} ${c.entity} ${c.id} at ${c.hlc})`;
    if (!record) {
      lost.push(`${what}: the server has no such record`);
      continue;
    }
    if (c.op === 'delete') {
      const tombstone = record.deleted && (record.clocks.$deleted ?? '') >= c.hlc;
      const revived = !record.deleted && Object.values(record.clocks).some((clock) => clock > c.hlc);
      if (!tombstone && !revived) lost.push(`${what}: the server holds the row undeleted`);
      continue;
    }
    if (record.deleted && (record.clocks.$deleted ?? '') >= c.hlc) continue;
    for (const [field, value] of Object.entries(c.data ?? {})) {
      const clock = record.clocks[field];
      if (!clock || clock < c.hlc) lost.push(`${what}: field ${field} has clock ${clock ?? 'none'} on the server`);
      else if (clock === c.hlc && JSON.stringify(record.data[field]) !== JSON.stringify(value)) {
        lost.push(`${what}: field ${field} is ${JSON.stringify(record.data[field])} on the server, the change set ${JSON.stringify(value)}`);
      }
    }
  }
  return lost;
}

// ---------------------------------------------------------------------------------------------------------------
// The template office, built once and copied for every case: the demo office pushed by a seeding desktop, and
// three desktops joined as the manager and the advisors Anna and Piotr (a demo load and three joins cost seconds,
// a copy of the files very little).

const DESKTOP_USERS = ['manager', 'anna', 'piotr'] as const;
type Username = (typeof DESKTOP_USERS)[number];
interface Template {
  dir: string;
  users: Record<Username, string>;
}
let template: Template;

async function buildTemplate(): Promise<Template> {
  const dir = freshDir('lead-desk-faults-template-');
  mkdirSync(join(dir, 'server'));
  const office = await startOffice(join(dir, 'server', 'office.db'));
  await createAdmin(office.store, ADMIN);
  const url = office.server!.url;
  const seeding = openDesktop(join(dir, 'seeding'));
  await ok(seeding.call('w', 'setup.loadDemo', {}));
  await ok(seeding.call('w', 'auth.signIn', { username: 'admin', password: PASSWORD }));
  await ok(seeding.call('w', 'sync.connect', { url, username: ADMIN.username, password: ADMIN.password, deviceName: 'Recepcja' }));
  seeding.close();
  rmSync(join(dir, 'seeding'), { recursive: true, force: true });
  const users = {} as Template['users'];
  for (const username of DESKTOP_USERS) {
    const core = openDesktop(join(dir, username));
    const status = await ok<SyncStatus>(core.call('w', 'sync.connect', { url, username, password: PASSWORD, deviceName: `PC ${username}` }));
    expect(status).toMatchObject({ pending: 0, lastError: null });
    users[username] = one<{ id: string }>(core.databaseFile, 'select id from users where username = ?', username)!.id;
    core.close();
  }
  await stopOffice(office);
  return { dir, users };
}

interface Desk {
  username: Username;
  userId: string;
  manager: boolean;
  core: Core;
  file: string;
  token: string;
  /** A read-only connection of the test's own, to pick rows to work on. */
  reader: Database.Database;
}

interface Copy {
  dir: string;
  office: Office;
  desks: Desk[];
  desk: Record<Username, Desk>;
  /** Closes the server and its store, and after `downMs` opens both again on the same file (on a new port). */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A copy of the template: the server running on it, and the three desktops (each told the server's new address)
 * signed in with the fetch `fetchFor` gives them (the real one by default).
 */
async function openCopy(fetchFor: (username: Username) => typeof fetch | undefined = () => undefined, onAddress: (url: string | null) => void = () => undefined): Promise<Copy> {
  const dir = freshDir();
  cpSync(template.dir, dir, { recursive: true });
  const office = await startOffice(join(dir, 'server', 'office.db'));
  onAddress(office.server!.url);
  const desks: Desk[] = [];
  for (const username of DESKTOP_USERS) {
    const dataDir = join(dir, username);
    const db = new Database(join(dataDir, 'lead-desk.sqlite'));
    db.prepare(`update sync_state set value = ? where key = 'url'`).run(office.server!.url);
    const token = (db.prepare(`select value from sync_state where key = 'token'`).pluck().get() as string) ?? '';
    db.close();
    const core = openDesktop(dataDir, fetchFor(username));
    await ok(core.call('w', 'auth.signIn', { username, password: PASSWORD }));
    const reader = new Database(core.databaseFile, { readonly: true });
    desks.push({ username, userId: template.users[username], manager: username === 'manager', core, file: core.databaseFile, token, reader });
  }
  const copy: Copy = {
    dir,
    office,
    desks,
    desk: Object.fromEntries(desks.map((d) => [d.username, d])) as Record<Username, Desk>,
    async restart(downMs = 0) {
      onAddress(null);
      await stopOffice(office);
      await sleep(downMs);
      office.store = openSqliteStore(office.file);
      await migrate(office.store);
      office.server = await startOfficeServer(office.store);
      onAddress(office.server.url);
    },
    async close() {
      for (const desk of desks) {
        desk.reader.close();
        desk.core.close();
      }
      await stopOffice(office).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return copy;
}

/** Syncs a desktop until it reports nothing pending and no error (a few tries), and returns its status. */
async function syncClean(desk: Desk, tries = 4): Promise<SyncStatus> {
  let status = await ok<SyncStatus>(desk.core.call('w', 'sync.now', {}));
  for (let i = 1; i < tries && (status.pending || status.lastError); i++) status = await ok<SyncStatus>(desk.core.call('w', 'sync.now', {}));
  return status;
}

const leadField = <T>(desk: Desk, id: string, column: string) => one<Record<string, T>>(desk.file, `select ${column} as v from leads where id = ?`, id)?.v;
const serverLead = (copy: Copy, id: string) => serverRecords(copy.office.file).find((r) => r.entity === 'leads' && r.id === id)!;

// ---------------------------------------------------------------------------------------------------------------
// Random operations through the services

const PRIORITIES = ['standard', 'important', 'urgent'] as const;
const STAGES = ['new', 'in_progress', 'offer', 'reservation', 'won', 'lost', 'postponed'] as const;
type Op =
  | { kind: 'create'; d: number; priority: number; tag: number }
  | { kind: 'priority'; d: number; pick: number; priority: number }
  | { kind: 'assign'; d: number; pick: number; to: number }
  | { kind: 'delete'; d: number; pick: number }
  | { kind: 'restore'; d: number; pick: number }
  | { kind: 'convert'; d: number; pick: number; tag: number }
  | { kind: 'clientUpdate'; d: number; pick: number; tag: number; owner: number }
  | { kind: 'stage'; d: number; pick: number; stage: number }
  | { kind: 'activity'; d: number; pick: number }
  | { kind: 'markRead'; d: number }
  | { kind: 'sync'; d: number; wait: boolean }
  | { kind: 'restart'; downMs: number }
  | { kind: 'pause'; ms: number };

const d = fc.integer({ min: 0, max: 2 });
const pick = fc.nat(10_000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), d, priority: fc.nat(2), tag: fc.nat(999_999) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('priority' as const), d, pick, priority: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('assign' as const), d, pick, to: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), d, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), d, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('convert' as const), d, pick, tag: fc.nat(999_999) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('clientUpdate' as const), d, pick, tag: fc.nat(999_999), owner: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stage' as const), d, pick, stage: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('activity' as const), d, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('markRead' as const), d }) },
  { weight: 16, arbitrary: fc.record({ kind: fc.constant('sync' as const), d, wait: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), downMs: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 1, max: 15 }) }) },
);

/**
 * Operations aim at a few rows (the oldest and the newest few of a list, by id), so desktops often edit the same row
 * at about the same time: conflicts and refusals are the interesting part.
 */
const HOT = 5;
function pickFrom<T>(list: T[], n: number): T | undefined {
  const pool = n % 2 ? list.slice(0, HOT) : list.slice(-HOT);
  return pool.length ? pool[(n >> 1) % pool.length] : undefined;
}

const phoneOf = (tag: number) => `+48 600 ${String(tag % 1_000_000).padStart(6, '0').replace(/(\d{3})(\d{3})/, '$1 $2')}`;

/** Runs one operation; a refusal by the desktop's own rules is a normal outcome, a crash is not. */
async function perform(op: Op, copy: Copy, background: Promise<unknown>[]): Promise<string> {
  if (op.kind === 'restart') {
    await copy.restart(op.downMs);
    return `restart (down ${op.downMs} ms)`;
  }
  if (op.kind === 'pause') {
    await sleep(op.ms);
    return `pause ${op.ms}`;
  }
  const users = template.users;
  const desk = copy.desks[op.d]!;
  const db = desk.reader;
  const ids = (sql: string) => (db.prepare(sql).pluck().all() as string[]).sort();
  const mineOrFree = desk.manager ? '1 = 1' : `(assignee_user_id is null or assignee_user_id = '${desk.userId}')`;
  const ownClient = desk.manager ? 'deleted_at is null' : `deleted_at is null and owner_user_id = '${desk.userId}'`;
  let call: [string, unknown] | null = null;
  {
    switch (op.kind) {
      case 'create': {
        const sourceId = ids('select id from sources where active = 1')[0]!;
        call = ['leads.create', { sourceId, lastName: `Fault${op.tag}`, phone: phoneOf(op.tag), priority: PRIORITIES[op.priority] }];
        break;
      }
      case 'priority': {
        const id = pickFrom(ids(`select id from leads where status <> 'deleted' and ${mineOrFree}`), op.pick);
        if (id) call = ['leads.setPriority', { ids: [id], priority: PRIORITIES[op.priority] }];
        break;
      }
      case 'assign': {
        const id = pickFrom(ids(`select id from leads where status <> 'deleted' and ${mineOrFree}`), op.pick);
        const to = desk.manager ? [null, users.manager, users.anna, users.piotr][op.to]! : op.to % 2 === 0 ? null : desk.userId;
        if (id) call = ['leads.assign', { ids: [id], assigneeId: to }];
        break;
      }
      case 'delete': {
        const id = pickFrom(ids(`select id from leads where status = 'new' and ${mineOrFree}`), op.pick);
        const reasonId = ids('select id from deletion_reasons where active = 1')[0];
        if (id && reasonId) call = ['leads.delete', { ids: [id], reasonId }];
        break;
      }
      case 'restore': {
        const id = pickFrom(ids(`select id from leads where status = 'deleted' and ${mineOrFree}`), op.pick);
        if (id) call = ['leads.restore', { ids: [id] }];
        break;
      }
      case 'convert': {
        const id = pickFrom(ids(`select id from leads where status = 'new' and ${mineOrFree}`), op.pick);
        if (id) call = ['leads.convert', { leadId: id, client: { firstName: 'Klient', lastName: `Fault${op.tag}`, email: `k${op.tag}@example.com` } }];
        break;
      }
      case 'clientUpdate': {
        const id = pickFrom(ids(`select id from clients where ${ownClient}`), op.pick);
        if (!id) break;
        const c = db.prepare('select * from clients where id = ?').get(id) as Record<string, string | null>;
        const owner = desk.manager ? [c.owner_user_id, users.manager, users.anna, users.piotr][op.owner] : undefined;
        call = [
          'clients.update',
          {
            id,
            client: {
              firstName: c.first_name ?? undefined,
              lastName: op.tag % 3 === 0 ? `Renamed${op.tag}` : (c.last_name ?? 'Client'),
              phone: op.tag % 3 === 2 ? phoneOf(op.tag) : (c.phone_raw ?? undefined),
              email: c.email ?? `c${op.tag}@example.com`,
              description: op.tag % 3 === 1 ? `Note ${op.tag}` : (c.description ?? undefined),
              originSourceId: c.origin_source_id ?? undefined,
              preferredInvestmentId: c.preferred_investment_id ?? undefined,
              ownerUserId: owner ?? undefined,
            },
          },
        ];
        break;
      }
      case 'stage': {
        const id = pickFrom(ids(`select id from clients where ${ownClient}`), op.pick);
        const stage = STAGES[op.stage]!;
        if (id) call = ['clients.setStage', { id, stage, ...(stage === 'lost' ? { lostReason: 'Price' } : {}) }];
        break;
      }
      case 'activity': {
        const id = pickFrom(ids(`select id from clients where ${ownClient}`), op.pick);
        if (id) call = ['activities.create', { state: 'done', clientId: id, type: (['phone', 'email', 'meeting'] as const)[op.pick % 3], outcome: 'Talked', notes: `Contact ${op.pick}` }];
        break;
      }
      case 'markRead': {
        // Known bug F: a refusal notice marked read breaks the other desktops' pulls; left out unless strict.
        const kinds = KNOWN_BUGS.readRefusalNotice ? `and kind <> 'sync.rejected'` : '';
        const unread = ids(`select id from notifications where user_id = '${desk.userId}' and read_at is null ${kinds}`);
        if (unread.length) call = ['notifications.markRead', { ids: unread }];
        break;
      }
      case 'sync':
        call = ['sync.now', {}];
        break;
    }
  }
  if (!call) return `${op.kind}@${desk.username}: nothing to do`;
  const [method, input] = call;
  const running = desk.core.call('w', method, input).then((r) => {
    if (!r.ok && !['FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'VALIDATION'].includes(r.error.code)) throw new Error(`${method} on ${desk.username} failed: ${r.error.code} ${r.error.message}`);
    return r;
  });
  if (op.kind === 'sync' && !op.wait) {
    background.push(running);
    return `sync@${desk.username} (not awaited)`;
  }
  const r = await running;
  return `${method}@${desk.username} ${JSON.stringify(input).slice(0, 90)} -> ${r.ok ? 'ok' : r.error.code}`;
}

// ---------------------------------------------------------------------------------------------------------------
// One run: copy the template, run the operations under faults and restarts, heal, settle, compare

const totals: FaultCounts & { restarts: number; runs: number; rejections: number; undelivered: number; acknowledged: number } = {
  ...emptyCounts(),
  restarts: 0,
  runs: 0,
  rejections: 0,
  undelivered: 0,
  acknowledged: 0,
};

async function runScenario(faultSeed: number, ops: Op[]): Promise<void> {
  const net = new FaultyNetwork(faultSeed, RATES);
  const copy = await openCopy(
    () => net.fetch,
    (url) => net.setTarget(url),
  );
  const background: Promise<unknown>[] = [];
  const trace: string[] = [];
  let restarts = 0;
  try {
    for (const op of ops) {
      trace.push(await perform(op, copy, background));
      if (op.kind === 'restart') restarts++;
    }
    // The quiet period: what is still travelling lands, the network heals, and every desktop syncs until clean,
    // twice round (the first round's later pushes reach the earlier desktops in the second).
    await Promise.all(background);
    await net.settle();
    net.heal();
    for (let round = 0; round < 2; round++) {
      for (const desk of copy.desks) {
        const status = await syncClean(desk);
        expect(status, `fault seed ${faultSeed}: ${desk.username} syncs clean after the network heals (${status.pending} pending, last error: ${status.lastError})`).toMatchObject({ pending: 0, lastError: null });
      }
    }

    const records = serverRecords(copy.office.file);
    const contents = copy.desks.map((desk) => contentOf(desk.file));
    // Known bug B: the rows of a rejection the desktop never heard of (its answer was dropped).
    const excused = new Set<string>();
    const tainted = new Set<Username>();
    const problems: string[] = [];
    for (const [i, desk] of copy.desks.entries()) {
      const seen = net.rejections.get(desk.token) ?? [];
      const delivered = new Set(seen.filter((r) => r.delivered).map((r) => r.pushSeq));
      const unheard = seen.filter((r) => !r.delivered && !delivered.has(r.pushSeq));
      totals.rejections += seen.length;
      totals.undelivered += unheard.length;
      const mine = new Set(KNOWN_BUGS.lostRejection ? unheard.map((r) => `${r.entity}/${r.id}`) : []);
      for (const key of mine) excused.add(key);
      if (mine.size) tainted.add(desk.username);
      for (const p of differencesFromServer(contents[i]!, records, mine).slice(0, 12)) problems.push(`${desk.username}: ${p}`);
      const acknowledged = acknowledgedChanges(desk.file, new Set(seen.map((r) => r.pushSeq)));
      totals.acknowledged += acknowledged.length;
      const lost = lostAcknowledged(acknowledged, records);
      for (const p of lost.slice(0, 12)) problems.push(`${desk.username}: lost ${p}`);
    }
    // Known bug E: a refused row is undone with the server's row, which lacks the columns its insert left to their
    // defaults; the refused values of those columns stay. Those columns of refused rows are left out, and a desktop
    // holding such a value is tainted (its report cells follow it).
    const staleColumns = new Map<string, Set<string>>();
    if (KNOWN_BUGS.partialUndo) {
      const byKey = new Map(records.map((r) => [`${r.entity}/${r.id}`, r]));
      for (const r of [...net.rejections.values()].flat()) {
        const record = byKey.get(`${r.entity}/${r.id}`);
        const columns = columnsOf.get(r.entity as SyncedEntity);
        if (!record || !columns) continue;
        const missing = new Set([...columns].filter(([field]) => !(field in record.data)).map(([, c]) => c.name));
        staleColumns.set(`${r.entity}/${r.id}`, missing);
        for (const [i, desk] of copy.desks.entries()) {
          const row = contents[i]![r.entity]?.find((x) => x[keyOf(r.entity as SyncedEntity)] === r.id);
          if (row && [...missing].some((c) => row[c] !== null && row[c] !== undefined)) tainted.add(desk.username);
        }
      }
    }
    // Replicated rows: every desktop against the first. Derived tables: among the desktops that hold no row of a
    // rejection they never heard of (known bug B: its counts follow the row it wrongly kept).
    const replicated = (c: Content) => Object.fromEntries(Object.entries(c).filter(([t]) => !DERIVED.includes(t)));
    const derived = (c: Content) => Object.fromEntries(Object.entries(c).filter(([t]) => DERIVED.includes(t)));
    for (const [i, desk] of copy.desks.entries()) {
      if (i > 0) for (const p of differencesBetween(replicated(contents[0]!), replicated(contents[i]!), excused, staleColumns).slice(0, 12)) problems.push(`${copy.desks[0]!.username} vs ${desk.username}: ${p}`);
    }
    const clean = copy.desks.map((desk, i) => ({ desk, content: contents[i]! })).filter(({ desk }) => !tainted.has(desk.username));
    // Known bug D: the report rows of leads whose change was refused somewhere.
    const refusedLeads = new Set([...net.rejections.values()].flat().filter((r) => r.entity === 'leads').map((r) => r.id));
    const report = (c: Content) => {
      const cells = derived(c);
      if (KNOWN_BUGS.conversionBeforeClient) cells.lead_conversions = cells.lead_conversions!.filter((r) => !refusedLeads.has(String(r.lead_id)));
      return cells;
    };
    for (const { desk, content } of clean.slice(1)) {
      for (const p of differencesBetween(report(clean[0]!.content), report(content)).slice(0, 12)) problems.push(`${clean[0]!.desk.username} vs ${desk.username}: ${p}`);
    }
    if (process.env.FAULT_DEBUG) console.log(trace.join('\n'), net.log.join(', '));
    if (problems.length) {
      const rejections = [...net.rejections.values()].flat().map((r) => `${r.code} ${r.entity} ${r.id} #${r.pushSeq}${r.delivered ? '' : ' (answer lost)'}`);
      throw new Error(
        `fault seed ${faultSeed}: ${problems.length} difference(s) after the quiet period\n  ${problems.join('\n  ')}\n` +
          `rejections: ${rejections.join('; ') || 'none'}\noperations:\n  ${trace.join('\n  ')}\nfaults: ${net.log.join(', ')}`,
      );
    }
  } finally {
    for (const key of Object.keys(net.counts) as (keyof FaultCounts)[]) totals[key] += net.counts[key];
    totals.restarts += restarts;
    totals.runs++;
    await Promise.allSettled(background);
    await net.settle();
    await copy.close();
  }
}

/** A fetch that holds the requests `hold` picks until released (once: later ones pass), to order requests by hand. */
function gatedFetch(hold: (url: URL, init?: RequestInit) => boolean) {
  const held: (() => void)[] = [];
  const waiting: (() => void)[] = [];
  let armed = true;
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (armed && hold(url, init)) {
      await new Promise<void>((resolve) => {
        held.push(resolve);
        waiting.splice(0).forEach((w) => w());
      });
    }
    return fetch(input, init);
  };
  return {
    fetch: fetchImpl,
    /** Resolves once a request is being held. */
    holding: () => (held.length ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    release: () => {
      armed = false;
      held.splice(0).forEach((r) => r());
    },
  };
}

describe('sync under faults', () => {
  beforeAll(async () => {
    template = await buildTemplate();
  }, 60_000);

  it(`three desktops and a restarting server converge under random faults (FAULT_SEED=${SEED}, ${RUNS} runs)`, async () => {
    const started = Date.now();
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 0x7fffffff }), fc.array(opArb, { minLength: 100, maxLength: 220 }), (faultSeed, ops) => runScenario(faultSeed, ops)),
        { seed: SEED, numRuns: RUNS, endOnFailure: !process.env.FAULT_SHRINK },
      );
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `\nCaused by: ${err.cause.message}` : '';
      throw new Error(`Sync fault property failed with FAULT_SEED=${SEED} (rerun: FAULT_SEED=${SEED} npx vitest run --project unit tests/unit/sync-faults.test.ts)${cause}\n${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const injected = totals.dropRequest + totals.dropResponse + totals.duplicate + totals.lateDelivery + totals.delay;
    console.log(`[sync-faults] FAULT_SEED=${SEED}: ${totals.runs} runs, ${totals.requests} requests, ${injected} faults injected + ${totals.restarts} server restarts in ${Date.now() - started} ms`, JSON.stringify(totals));
    if (RUNS >= 28) expect(injected + totals.restarts).toBeGreaterThanOrEqual(MIN_FAULTS);
  }, 240_000);
  // -------------------------------------------------------------------------------------------------------------
  // The bugs the property found, each as the smallest deterministic case; all fixed, kept as regressions. The test
  // names say what the bug was.

  /** The manager converts Anna's lead first; Anna converts it too; both sync: Anna's conversion is refused. */
  async function refusedConversion() {
    const copy = await openCopy();
    const { manager, anna } = copy.desk;
    const leadId = one<{ id: string }>(anna.file, `select id from leads where status = 'new' and assignee_user_id = ? order by id limit 1`, anna.userId)!.id;
    const first = await ok<{ clientId: string }>(manager.core.call('w', 'leads.convert', { leadId, client: { firstName: 'Olga', lastName: 'Pierwsza', email: 'olga1@example.com' } }));
    const second = await ok<{ clientId: string }>(anna.core.call('w', 'leads.convert', { leadId, client: { firstName: 'Olga', lastName: 'Druga', email: 'olga2@example.com' } }));
    for (const desk of [manager, anna, manager]) expect(await syncClean(desk)).toMatchObject({ pending: 0, lastError: null });
    // The refusal itself works: Anna's desktop shows the lead converted into the manager's client.
    expect(leadField(anna, leadId, 'client_id')).toBe(first.clientId);
    return { copy, manager, anna, leadId, first, second };
  }

  it('bug A (fixed): a refused conversion leaves its client with the lead-received time only on that desktop', async () => {
    const { copy, manager, anna, second } = await refusedConversion();
    try {
      const receivedAt = (desk: Desk) => one<{ v: number | null }>(desk.file, 'select lead_received_at as v from clients where id = ?', second.clientId)!.v;
      // The server and the manager: Anna's client has no lead (its link was refused). Anna's desktop deleted the
      // link but kept the time its insert trigger wrote (migration 0013 has no trigger for a deleted link).
      expect(receivedAt(manager)).toBeNull();
      expect(receivedAt(anna)).toBe(receivedAt(manager));
    } finally {
      await copy.close();
    }
  });

  it('bug D (fixed): a lead that arrives converted before its client gets no conversion row in the source report', async () => {
    const { copy, manager, anna, leadId } = await refusedConversion();
    try {
      const conversion = (desk: Desk) => query(desk.file, 'select lead_id, client_id, received_at, minutes from lead_conversions where lead_id = ?', leadId);
      // The refusal hands Anna the server's lead (converted into the manager's client) before she has that client:
      // leads_report_update finds no client_outcomes row, and the client's insert later adds nothing (0015).
      expect(conversion(manager)).toHaveLength(1);
      expect(conversion(anna)).toEqual(conversion(manager));
    } finally {
      await copy.close();
    }
  });

  it('bug B (fixed): a refusal whose answer was lost is never told again, and the desktop keeps the refused value', async () => {
    let dropNextPushAnswer = false;
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (dropNextPushAnswer && new URL(String(input)).pathname === '/v1/sync/push') {
        dropNextPushAnswer = false;
        await res.text();
        throw new TypeError('fetch failed (test: the answer was lost)');
      }
      return res;
    };
    const copy = await openCopy((u) => (u === 'anna' ? lossy : undefined));
    const { manager, anna, piotr } = copy.desk;
    try {
      const leadId = one<{ id: string }>(anna.file, `select id from leads where status = 'new' and assignee_user_id is null and priority = 'standard' order by id limit 1`)!.id;
      await ok(manager.core.call('w', 'leads.assign', { ids: [leadId], assigneeId: piotr.userId }));
      await syncClean(manager);
      // Anna has not pulled: on her desktop the lead is still unassigned, so she may change it. The server refuses.
      await ok(anna.core.call('w', 'leads.setPriority', { ids: [leadId], priority: 'urgent' }));
      dropNextPushAnswer = true;
      expect((await ok<SyncStatus>(anna.core.call('w', 'sync.now', {}))).lastError).toMatch(/cannot be reached/);
      expect(await syncClean(anna)).toMatchObject({ pending: 0, lastError: null });
      expect(serverLead(copy, leadId).data.priority).toBe('standard');
      expect(leadField(anna, leadId, 'assignee_user_id')).toBe(piotr.userId);
      // The repeated push is acknowledged without its rejection (sync-service.ts skips pushSeq <= last_push_seq), so
      // the desktop neither takes the server's row back nor tells Anna.
      expect(leadField(anna, leadId, 'priority')).toBe('standard');
    } finally {
      await copy.close();
    }
  });

  it('bug C (fixed): an edit made while a pull is on its way, older than the one pulled, stays on that desktop', async () => {
    const gate = gatedFetch((url) => url.pathname === '/v1/sync/pull');
    const copy = await openCopy((u) => (u === 'manager' ? gate.fetch : undefined));
    const { manager, anna } = copy.desk;
    try {
      const leadId = one<{ id: string }>(anna.file, `select id from leads where status = 'new' and assignee_user_id is null and priority = 'standard' order by id limit 1`)!.id;
      // The manager's sync has pushed (nothing) and its pull is on the way...
      const pulling = manager.core.call('w', 'sync.now', {});
      await gate.holding();
      // ...when the manager edits the lead, and a little later Anna edits it too and syncs.
      await ok(manager.core.call('w', 'leads.setPriority', { ids: [leadId], priority: 'important' }));
      await sleep(3);
      await ok(anna.core.call('w', 'leads.setPriority', { ids: [leadId], priority: 'urgent' }));
      await syncClean(anna);
      // The pull reaches the server now and brings Anna's edit, which the manager's desktop skips (its own edit of
      // that field is unpushed: apply-pulled.ts pendingFields). Its own edit is older, so the server keeps Anna's
      // and records nothing: no later pull ever brings 'urgent' back.
      gate.release();
      await ok(pulling);
      for (const desk of [manager, anna, manager]) expect(await syncClean(desk)).toMatchObject({ pending: 0, lastError: null });
      expect(serverLead(copy, leadId).data.priority).toBe('urgent');
      expect(leadField(anna, leadId, 'priority')).toBe('urgent');
      expect(leadField(manager, leadId, 'priority')).toBe('urgent');
    } finally {
      await copy.close();
    }
  });

  it('bug E (fixed): a refused deletion is undone only in the fields the server row carries', async () => {
    const copy = await openCopy();
    const { manager, anna, piotr } = copy.desk;
    try {
      const sourceId = one<{ id: string }>(piotr.file, 'select id from sources where active = 1 order by id limit 1')!.id;
      const lead = await ok<{ id: string }>(piotr.core.call('w', 'leads.create', { sourceId, lastName: 'Usunięty', phone: '+48 600 700 800' }));
      await syncClean(piotr);
      await syncClean(manager);
      await ok(manager.core.call('w', 'leads.assign', { ids: [lead.id], assigneeId: anna.userId }));
      await syncClean(manager);
      // Piotr has not pulled: the lead is his on his desktop, so he deletes it. The server refuses (it is Anna's).
      const reasonId = one<{ id: string }>(piotr.file, 'select id from deletion_reasons where active = 1 order by id limit 1')!.id;
      await ok(piotr.core.call('w', 'leads.delete', { ids: [lead.id], reasonId }));
      expect(await syncClean(piotr)).toMatchObject({ pending: 0, lastError: null });
      expect(leadField(piotr, lead.id, 'status')).toBe('new');
      expect(leadField(piotr, lead.id, 'assignee_user_id')).toBe(anna.userId);
      // The server's row came from leads.create's insert, which did not name deletion_reason_id / deleted_at /
      // deleted_by (insertSynced records the values given, not the stored row), so the undo leaves them as refused.
      const deletion = (desk: Desk) => one(desk.file, 'select deletion_reason_id, deleted_at, deleted_by from leads where id = ?', lead.id);
      expect(deletion(piotr)).toEqual(deletion(manager));
    } finally {
      await copy.close();
    }
  });

  it('a notification written on one desktop reaches its recipient on theirs (regression: notices were local)', async () => {
    const copy = await openCopy();
    const { manager, anna } = copy.desk;
    try {
      const leadId = one<{ id: string }>(manager.file, `select id from leads where status = 'new' and assignee_user_id is null order by id limit 1`)!.id;
      const clientId = one<{ id: string }>(manager.file, `select id from clients where owner_user_id = ? and deleted_at is null order by id limit 1`, anna.userId)!.id;
      // The manager links a new inquiry to Anna's client: Anna is notified (and mailed).
      const linked = await ok<{ notified: string | null }>(manager.core.call('w', 'leads.link', { leadId, clientId }));
      expect(linked.notified).not.toBeNull();
      for (const desk of [manager, anna]) expect(await syncClean(desk)).toMatchObject({ pending: 0, lastError: null });
      const notices = (desk: Desk) => query(desk.file, `select id, user_id, kind, read_at from notifications where kind = 'lead.linked' and lead_id = ?`, leadId);
      expect(notices(manager)).toHaveLength(1);
      expect(notices(anna)).toEqual(notices(manager));
      // Anna reads it at her desktop; the manager's copy is read too.
      await ok(anna.core.call('w', 'notifications.markRead', {}));
      for (const desk of [anna, manager]) expect(await syncClean(desk)).toMatchObject({ pending: 0, lastError: null });
      expect(notices(manager)[0]).toMatchObject({ read_at: expect.any(Number) });
      expect(differencesBetween(contentOf(manager.file), contentOf(anna.file))).toEqual([]);
    } finally {
      await copy.close();
    }
  });

  it('bug F (fixed): reading the notice of a refused change syncs like any notification, and every desktop syncs on', async () => {
    const { copy, manager, anna } = await refusedConversion();
    try {
      const notice = one<{ id: string }>(anna.file, `select id from notifications where kind = 'sync.rejected' and user_id = ? limit 1`, anna.userId);
      expect(notice).toBeDefined();
      // Anna reads the notice; her desktop records the read mark as a change of a row the server never had.
      await ok(anna.core.call('w', 'notifications.markRead', {}));
      expect(await syncClean(anna)).toMatchObject({ pending: 0, lastError: null });
      const record = serverRecords(copy.office.file).find((r) => r.entity === 'notifications' && r.id === notice!.id);
      // The notice is an ordinary (synced) notification of Anna's, so the server holds all of it, read; the manager's
      // desktop (which once failed at every pull on a half record) syncs on. An update of a row the server never
      // received is refused, as the hostile-requests test shows.
      expect(record?.data).toMatchObject({ id: notice!.id, userId: anna.userId, kind: 'sync.rejected', readAt: expect.any(Number) });
      expect((await syncClean(manager)).lastError).toBeNull();
    } finally {
      await copy.close();
    }
  });

  // -------------------------------------------------------------------------------------------------------------
  // A desktop killed in a burst of writes

  it('a desktop killed (SIGKILL) in a burst of writes keeps every committed change, and its next sync completes', async () => {
    const copy = await openCopy();
    const anna = copy.desk.anna;
    const dataDir = join(copy.dir, 'anna');
    const file = join(dataDir, 'lead-desk.sqlite');
    // The child process takes Anna's data folder: this process lets go of it first. It reaches the server through a
    // proxy here, which can kill it right after the server applied a push (an answer it never reads).
    anna.reader.close();
    anna.core.close();
    const proxy = await startProxy(() => copy.office.server!.url);
    const setUrl = new Database(file);
    setUrl.prepare(`update sync_state set value = ? where key = 'url'`).run(proxy.url);
    setUrl.close();
    const random = seededRandom(SEED);
    const created: string[] = [];
    const priorities = new Map<string, string>();
    const deviceId = one<{ value: string }>(file, `select value from sync_state where key = 'deviceId'`)!.value;
    try {
      type Plan = { label: string; arm: (child: Burst) => void };
      const afterWrites = (n: number, delayMs = 0): Plan => ({
        label: `after ${n} writes${delayMs ? ` + ${delayMs} ms` : ''}`,
        arm: (child) => child.onLine((_line, writes) => writes >= n && child.kill(delayMs)),
      });
      const plans: Plan[] = [
        afterWrites(5 + Math.floor(random() * 40)),
        { label: 'once the server applied a push', arm: (child) => proxy.onPushApplied(() => child.kill(0)) },
        { label: 'just after a sync started', arm: (child) => child.onLine((line) => line === 'sync-start' && child.kill(Math.floor(random() * 8))) },
        afterWrites(5 + Math.floor(random() * 60), Math.floor(random() * 5)),
        { label: 'once the server applied a push', arm: (child) => proxy.onPushApplied(() => child.kill(0)) },
        afterWrites(5 + Math.floor(random() * 30), 1),
      ];
      for (const [round, plan] of plans.entries()) {
        const child = startBurst(dataDir, `k${round}`);
        plan.arm(child);
        const run = await child.done;
        expect(run.signal, `round ${round} (${plan.label}) was killed, not finished: ${run.stderr}`).toBe('SIGKILL');
        for (const line of run.lines) {
          const [what, id, value] = line.split(' ');
          if (what === 'created') created.push(id!);
          if (what === 'priority') priorities.set(id!, value!);
        }
        // Every change printed (its call returned: committed) is there with its change record; nothing is half
        // written: every burst lead has exactly its insert record and audit entry; the counts follow the rows.
        const db = new Database(file);
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          const present = new Set(db.prepare(`select id from leads where first_name = 'Burst'`).pluck().all() as string[]);
          for (const id of created) expect(present.has(id), `committed lead ${id} survived round ${round} (${plan.label})`).toBe(true);
          const records = db.prepare(`select entity_id as id, op, data from change_log where entity = 'leads'`).all() as { id: string; op: string; data: string }[];
          for (const id of present) {
            expect(records.filter((r) => r.id === id && r.op === 'insert'), `lead ${id} has its insert record`).toHaveLength(1);
            expect(db.prepare(`select count(*) from audit_log where entity_id = ? and action = 'lead.created'`).pluck().get(id)).toBe(1);
          }
          for (const [id, priority] of priorities) {
            expect(records.some((r) => r.id === id && r.op === 'update' && (JSON.parse(r.data) as { priority?: string }).priority === priority), `priority ${priority} of ${id} recorded`).toBe(true);
          }
          const counts = db.prepare('select status, n from lead_status_counts where n > 0 order by status').all();
          expect(counts).toEqual(db.prepare('select status, count(*) as n from leads group by status order by status').all());
          if (plan.label.startsWith('once the server applied')) {
            // The server took changes this desktop still holds as unpushed: the next push repeats them.
            const acked = one<{ n: number }>(copy.office.file, 'select last_push_seq as n from devices where id = ?', deviceId)!.n;
            const pushedHere = db.prepare('select coalesce(max(seq), 0) from change_log where pushed_at is not null').pluck().get() as number;
            expect(acked).toBeGreaterThan(pushedHere);
          }
        } finally {
          db.close();
        }
      }
      expect(created.length).toBeGreaterThan(20);

      // The desktop starts again: its next sync completes, and the server holds everything it committed.
      const core = openDesktop(dataDir);
      try {
        await ok(core.call('w', 'auth.signIn', { username: 'anna', password: PASSWORD }));
        const status = await ok<SyncStatus>(core.call('w', 'sync.now', {}));
        expect(status).toMatchObject({ pending: 0, lastError: null });
        const records = serverRecords(copy.office.file);
        const onServer = new Set(records.filter((r) => r.entity === 'leads').map((r) => r.id));
        for (const id of created) expect(onServer.has(id), `committed lead ${id} reached the server`).toBe(true);
        expect(differencesFromServer(contentOf(core.databaseFile), records)).toEqual([]);
        expect(lostAcknowledged(acknowledgedChanges(core.databaseFile, new Set()), records)).toEqual([]);
        // Another desktop takes it all.
        const manager = copy.desk.manager;
        expect(await syncClean(manager)).toMatchObject({ pending: 0, lastError: null });
        expect(differencesBetween(contentOf(core.databaseFile), contentOf(manager.file))).toEqual([]);
      } finally {
        core.close();
      }
    } finally {
      await proxy.close();
      await copy.close();
    }
  }, 90_000);

  // -------------------------------------------------------------------------------------------------------------
  // Malformed and hostile requests

  it('answers malformed and hostile requests with a 4xx that says why, and changes nothing', async () => {
    const copy = await openCopy();
    const other = await startOffice(join(freshDir(), 'other.db'));
    try {
      const url = copy.office.server!.url;
      const plain = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION), 'content-type': 'application/json' };
      const as = (token: string) => ({ ...plain, authorization: `Bearer ${token}` });
      const post = (path: string, body: BodyInit, headers: Record<string, string>) => fetch(`${url}${path}`, { method: 'POST', headers, body });
      const signIn = async (base: string, username: string, password: string) => {
        const res = await fetch(`${base}/v1/devices`, { method: 'POST', headers: plain, body: JSON.stringify({ username, password, deviceName: 'script' }) });
        expect(res.status).toBe(200);
        return (await res.json()) as { token: string; deviceId: string };
      };

      // Set-up (allowed requests): a script device of the manager's that pushes one change; a device of Anna's that
      // is signed out by an administrator; a device signed in to another office's server.
      const admin = await signIn(url, ADMIN.username, ADMIN.password);
      const script = await signIn(url, 'manager', PASSWORD);
      const leadId = one<{ id: string }>(copy.desk.manager.file, `select id from leads where status = 'new' order by id limit 1`)!.id;
      const change = (pushSeq: number, fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
        pushSeq,
        entity: 'leads',
        id: leadId,
        op: 'update',
        fields,
        hlc: `${String(Date.now() + pushSeq).padStart(15, '0')}:00000:script`,
        ...extra,
      });
      const applied = await post('/v1/sync/push', JSON.stringify({ changes: [change(5, { priority: 'urgent' })] }), as(script.token));
      expect(await applied.json()).toEqual({ acked: 5, rejected: [] });
      const revoked = await signIn(url, 'anna', PASSWORD);
      const annaDesk = copy.desk.anna.token;
      const notMine = await fetch(`${url}/v1/devices/${revoked.deviceId}`, { method: 'DELETE', headers: as(copy.desk.piotr.token) });
      expect([notMine.status, ((await notMine.json()) as { error: { message: string } }).error.message]).toEqual([403, 'Only an administrator can sign out another desktop.']);
      const signOut = await fetch(`${url}/v1/devices/${revoked.deviceId}`, { method: 'DELETE', headers: as(admin.token) });
      expect(signOut.status).toBe(200);
      await createAdmin(other.store, { username: 'szef', displayName: 'Inne Biuro', password: 'other-office-1' });
      const stranger = await signIn(other.server!.url, 'szef', 'other-office-1');

      const snapshot = () => ({
        changes: serverChangeCount(copy.office.file),
        records: query(copy.office.file, 'select entity, id, data, clocks, deleted, seq from records order by entity, id'),
        pushSeqs: query(copy.office.file, 'select id, last_push_seq from devices order by id'),
        accounts: query(copy.office.file, 'select id, username, role, active, password_hash from accounts order by id'),
      });
      const before = snapshot();
      const big = 'x'.repeat(4 * 1024 * 1024 + 10);
      const tooMany = Array.from({ length: 501 }, (_, i) => change(100 + i, { priority: 'standard' }));
      const cases: [string, () => Promise<Response>, number, RegExp][] = [
        ['bad JSON', () => post('/v1/sync/push', '{"changes": [', as(script.token)), 400, /^The request body is not valid JSON\.$/],
        ['an empty body', () => post('/v1/sync/push', '', as(script.token)), 400, /not valid JSON/],
        ['JSON null', () => post('/v1/sync/push', 'null', as(script.token)), 400, /^request: /],
        ['changes not a list', () => post('/v1/sync/push', JSON.stringify({ changes: 'all' }), as(script.token)), 400, /^changes: /],
        ['no changes', () => post('/v1/sync/push', JSON.stringify({ changes: [] }), as(script.token)), 400, /^changes: /],
        ['over 500 changes', () => post('/v1/sync/push', JSON.stringify({ changes: tooMany }), as(script.token)), 400, /^changes: /],
        ['an unknown key', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { priority: 'standard' })], deviceId: 'x' }), as(script.token)), 400, /deviceId|[Uu]nrecognized/],
        ['pushSeq as text', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, {}, { pushSeq: '6' })] }), as(script.token)), 400, /^changes\.0\.pushSeq: /],
        ['pushSeq zero', () => post('/v1/sync/push', JSON.stringify({ changes: [change(0, { priority: 'standard' })] }), as(script.token)), 400, /^changes\.0\.pushSeq: /],
        ['pushSeq fractional', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6.5, { priority: 'standard' })] }), as(script.token)), 400, /^changes\.0\.pushSeq: /],
        ['an unknown entity', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, {}, { entity: 'passwords' })] }), as(script.token)), 400, /^changes\.0\.entity: /],
        ['the change log as entity', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, {}, { entity: 'change_log' })] }), as(script.token)), 400, /^changes\.0\.entity: /],
        ['an unknown op', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, {}, { op: 'drop' })] }), as(script.token)), 400, /^changes\.0\.op: /],
        ['a bad clock', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { priority: 'standard' }, { hlc: '9999-01-01' })] }), as(script.token)), 400, /hybrid logical clock/],
        ['an empty id', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { priority: 'standard' }, { id: '' })] }), as(script.token)), 400, /^changes\.0\.id: /],
        ['fields as a list', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, {}, { fields: ['priority'] })] }), as(script.token)), 400, /^changes\.0\.fields: /],
        ['a field named with a dash', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { 'priority-x': 'urgent' })] }), as(script.token)), 400, /^changes\.0\.fields/],
        ['a field named like SQL', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { 'status = 1; --': 'x' })] }), as(script.token)), 400, /^changes\.0\.fields/],
        ['a text over 200,000 characters', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { message: 'y'.repeat(200_001) })] }), as(script.token)), 400, /^changes\.0\.fields\.message: /],
        ['a body over 4 MB', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { message: big })] }), as(script.token)), 413, /at most 4 MB/],
        ['a sign-in over 4 MB', () => post('/v1/devices', JSON.stringify({ username: big, password: 'x', deviceName: 'x' }), plain), 413, /at most 4 MB/],
        ['a push without a token', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { priority: 'standard' })] }), plain), 401, /^Sign this desktop in/],
        ['an unknown token', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { priority: 'standard' })] }), as('forged-token')), 401, /unknown token/],
        ['a Basic authorization', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { priority: 'standard' })] }), { ...plain, authorization: `Basic ${script.token}` }), 401, /^Sign this desktop in/],
        ['a signed-out device', () => post('/v1/sync/push', JSON.stringify({ changes: [change(1, { priority: 'standard' })] }), as(revoked.token)), 401, /signed out of the office server by an administrator/],
        ['a signed-out device pulling', () => fetch(`${url}/v1/sync/pull?after=0`, { headers: as(revoked.token) }), 401, /signed out/],
        ["another office's device", () => post('/v1/sync/push', JSON.stringify({ changes: [change(1, { priority: 'standard' })] }), as(stranger.token)), 401, /unknown token/],
        ["another office's device pulling", () => fetch(`${url}/v1/sync/pull?after=0`, { headers: as(stranger.token) }), 401, /unknown token/],
        ["another office's administrator signing in", () => post('/v1/devices', JSON.stringify({ username: 'szef', password: 'other-office-1', deviceName: 'x' }), plain), 401, /^Wrong username or password/],
        ['a wrong password', () => post('/v1/devices', JSON.stringify({ username: 'anna', password: 'guess', deviceName: 'x' }), plain), 401, /^Wrong username or password/],
        ['a sign-in with wrong types', () => post('/v1/devices', JSON.stringify({ username: 7, password: ['x'], deviceName: 'x' }), plain), 400, /^username: /],
        ['an old app', () => post('/v1/sync/push', JSON.stringify({ changes: [change(6, { priority: 'standard' })] }), { ...as(script.token), [PROTOCOL_HEADER]: '0' }), 426, /^Update Lead Desk/],
        ['no protocol header', () => fetch(`${url}/v1/sync/pull?after=0`, { headers: { authorization: `Bearer ${script.token}` } }), 426, /did not say which it speaks/],
        ['a negative cursor', () => fetch(`${url}/v1/sync/pull?after=-1`, { headers: as(script.token) }), 400, /^after: /],
        ['a cursor that is not a number', () => fetch(`${url}/v1/sync/pull?after=abc`, { headers: as(script.token) }), 400, /^after: /],
        ['a page too large', () => fetch(`${url}/v1/sync/pull?after=0&limit=100000`, { headers: as(script.token) }), 400, /^limit: /],
        ['an unknown query key', () => fetch(`${url}/v1/sync/pull?after=0&entity=users`, { headers: as(script.token) }), 400, /entity|[Uu]nrecognized/],
        ['an unknown endpoint', () => fetch(`${url}/v1/sync/everything`, { headers: as(script.token) }), 404, /^No such endpoint/],
        ['push by GET', () => fetch(`${url}/v1/sync/push`, { headers: as(script.token) }), 404, /^No such endpoint/],
        ['signing out an unknown device', () => fetch(`${url}/v1/devices/no-such-device`, { method: 'DELETE', headers: as(admin.token) }), 404, /^No such signed-in desktop/],
      ];
      const answers: { name: string; status: number; message: string }[] = [];
      for (const [name, send] of cases) {
        const res = await send();
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        answers.push({ name, status: res.status, message: body?.error?.message ?? `(no error message: ${JSON.stringify(body)?.slice(0, 100)})` });
      }
      const expected = cases.map(([name, , status, message]) => ({ name, status, message: expect.stringMatching(message) }));
      expect(answers).toEqual(expected);

      // A push that goes back in pushSeq (already applied): acknowledged as it stands, nothing applied.
      const backwards = await post('/v1/sync/push', JSON.stringify({ changes: [change(3, { priority: 'standard' })] }), as(script.token));
      expect([backwards.status, await backwards.json()]).toEqual([200, { acked: 5, rejected: [] }]);
      // Anna's real desktop is untouched by the sign-out of her other device.
      const pull = await fetch(`${url}/v1/sync/pull?after=0&limit=1`, { headers: as(annaDesk) });
      expect(pull.status).toBe(200);
      expect(((await pull.json()) as PullResult).changes).toHaveLength(1);

      expect(snapshot()).toEqual(before);
      expect(serverLead(copy, leadId).data.priority).toBe('urgent');
    } finally {
      await stopOffice(other);
      await copy.close();
    }
  }, 60_000);

  it('bug G (fixed): a body over 4 MB sent without a length is cut off instead of answered 413', async () => {
    const copy = await openCopy();
    try {
      const token = copy.desk.manager.token;
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 5 * 1024 * 1024) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      // http.ts readJson rejects, then destroys the request's socket before the 413 can be written.
      const res = await fetch(`${copy.office.server!.url}/v1/sync/push`, {
        method: 'POST',
        headers: { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION), 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    } finally {
      await copy.close();
    }
  });

  it('bug H (fixed): a value the desktops cannot store is refused by the server, naming the field, and desktops sync on', async () => {
    const copy = await openCopy();
    try {
      const { manager } = copy.desk;
      const leadId = one<{ id: string }>(manager.file, `select id from leads where status = 'new' order by id limit 1`)!.id;
      const url = copy.office.server!.url;
      const plain = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION), 'content-type': 'application/json' };
      const before = serverChangeCount(copy.office.file);
      // A priority of the wrong type from a (tampered) desktop of the manager's: the server stores any JSON value.
      const device = (await (await fetch(`${url}/v1/devices`, { method: 'POST', headers: plain, body: JSON.stringify({ username: 'manager', password: PASSWORD, deviceName: 'script' }) })).json()) as { token: string };
      const res = await fetch(`${url}/v1/sync/push`, {
        method: 'POST',
        headers: { ...plain, authorization: `Bearer ${device.token}` },
        body: JSON.stringify({ changes: [{ pushSeq: 1, entity: 'leads', id: leadId, op: 'update', fields: { priority: 42 }, hlc: `${String(Date.now()).padStart(15, '0')}:00000:script` }] }),
      });
      // Refused change by change (a whole-push 400 would wedge that desktop's queue): the refusal names the field, the
      // server's row keeps its value (a correcting change carries it back), and every desktop pulls on.
      const result = (await res.json()) as { acked: number; rejected: { code: string; message: string }[] };
      expect({ status: res.status, acked: result.acked, codes: result.rejected.map((r) => r.code) }).toEqual({ status: 200, acked: 1, codes: ['VALIDATION'] });
      expect(result.rejected[0]!.message).toContain('priority must be text');
      const stored = serverRecords(copy.office.file).find((r) => r.entity === 'leads' && r.id === leadId);
      expect((stored?.data as { priority?: unknown } | undefined)?.priority).not.toBe(42);
      expect(serverChangeCount(copy.office.file) - before).toBeLessThanOrEqual(1);
      expect((await syncClean(copy.desk.anna)).lastError).toBeNull();
    } finally {
      await copy.close();
    }
  });
  it('bug I (fixed): a field named __proto__ is refused with 400', async () => {
    const copy = await openCopy();
    try {
      const url = copy.office.server!.url;
      const plain = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION), 'content-type': 'application/json' };
      const device = (await (await fetch(`${url}/v1/devices`, { method: 'POST', headers: plain, body: JSON.stringify({ username: 'manager', password: PASSWORD, deviceName: 'script' }) })).json()) as { token: string };
      const leadId = one<{ id: string }>(copy.desk.manager.file, `select id from leads order by id limit 1`)!.id;
      const hlc = `${String(Date.now()).padStart(15, '0')}:00000:script`;
      // JSON.parse makes "__proto__" an own key; zod's record drops it instead of checking it against the field-name
      // pattern, so the change passes as one with no fields, and its pushSeq is used up.
      const body = `{"changes":[{"pushSeq":1,"entity":"leads","id":"${leadId}","op":"update","fields":{"__proto__":{"admin":true}},"hlc":"${hlc}"}]}`;
      const res = await fetch(`${url}/v1/sync/push`, { method: 'POST', headers: { ...plain, authorization: `Bearer ${device.token}` }, body });
      expect(res.status).toBe(400);
    } finally {
      await copy.close();
    }
  });
});

const BURST = resolve('tests/helpers/desktop-burst.ts');

interface Burst {
  /** Calls `fn` with every line and the count of writes so far (leads created and priorities set). */
  onLine(fn: (line: string, writes: number) => unknown): void;
  /** SIGKILL, now or after `delayMs`. */
  kill(delayMs: number): void;
  done: Promise<{ lines: string[]; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts the burst child (desktop-burst.ts) as Anna on a data folder. */
function startBurst(dataDir: string, tag: string): Burst {
  // node itself with tsx's loader (not the tsx command, which runs the script in a grandchild the kill would miss).
  const child = spawn(process.execPath, ['--import', 'tsx', BURST, dataDir, MIGRATIONS_DIR, 'anna', PASSWORD, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners: ((line: string, writes: number) => unknown)[] = [];
  let buffer = '';
  let stderr = '';
  let writes = 0;
  let killing = false;
  const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    // A line cut by the kill (no newline yet) is not a committed change.
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      if (line.startsWith('created ') || line.startsWith('priority ')) writes++;
      for (const fn of listeners) fn(line, writes);
    }
  });
  const done = new Promise<{ lines: string[]; signal: NodeJS.Signals | null; stderr: string }>((resolveDone, fail) => {
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      resolveDone({ lines, signal, stderr });
    });
  });
  return {
    onLine: (fn) => listeners.push(fn),
    kill(delayMs) {
      if (killing) return;
      killing = true;
      if (delayMs) setTimeout(() => child.kill('SIGKILL'), delayMs);
      else child.kill('SIGKILL');
    },
    done,
  };
}

/** A loopback proxy to the office server that can call `fn` once a push was applied, and then drop the answer. */
async function startProxy(target: () => string) {
  let pushApplied: (() => void) | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'authorization', PROTOCOL_HEADER]) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      fetch(`${target()}${req.url ?? '/'}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (upstream) => {
          const text = await upstream.text();
          if (pushApplied && req.url === '/v1/sync/push' && upstream.ok) {
            const fn = pushApplied;
            pushApplied = null;
            fn();
            res.destroy();
            return;
          }
          res.writeHead(upstream.status, { 'content-type': 'application/json' });
          res.end(text);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    onPushApplied: (fn: () => void) => (pushApplied = fn),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
