/**
 * The office backend and sync over real HTTP on loopback, with real SQLite files on both sides: a desktop with the
 * demo office joins the server and seeds it, a new desktop signs in and receives everything, edits travel both ways,
 * concurrent edits resolve by hybrid logical clock, a double conversion is refused and undone, and bad requests
 * are told why and change nothing.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION, type PullResult } from '../../src-shared/sync/protocol';
import type { SyncStatus } from '../../src-shared/sync/status';
import type { LeadDetail } from '../../src-shared/leads/types';
import type { ConversionResult } from '../../src-shared/clients/types';
import type { Lookups } from '../../src-shared/settings/types';
import { createAdmin } from '../../src-server/accounts';
import { startOfficeServer, type OfficeServer } from '../../src-server/http';
import { migrate } from '../../src-server/schema';
import { openPostgresStore } from '../../src-server/pg-store';
import { openSqliteStore, type Store } from '../../src-server/store';
import type { Core } from '../../src-main/app/core';
import { ok, tempDir, testCore } from '../helpers/temp';

const ADMIN = { username: 'biuro', displayName: 'Biuro Sprzedaży', password: 'office-2026' };
const servers: { server: OfficeServer; store: Store }[] = [];
afterEach(async () => {
  while (servers.length) {
    const s = servers.pop()!;
    await s.server.close();
    await s.store.close();
  }
});

/** Where the office server keeps its data: embedded SQLite always; PostgreSQL when a test database is given (CI does). */
const PG_URL = process.env.LEAD_DESK_TEST_PG_URL;
const STORES: [string, () => Promise<Store>][] = [['SQLite', async () => openSqliteStore(join(tempDir(), 'office.db'))]];
const schemas: string[] = [];
if (PG_URL) {
  STORES.push([
    'PostgreSQL',
    () => {
      const schema = `ld_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return openPostgresStore(PG_URL, { schema });
    },
  ]);
}
afterAll(async () => {
  if (!PG_URL || !schemas.length) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
});
let openStore: () => Promise<Store>;

async function officeServer() {
  const store = await openStore();
  await migrate(store);
  await createAdmin(store, ADMIN);
  const server = await startOfficeServer(store);
  servers.push({ server, store });
  return { server, store };
}

/** Reads a desktop's database on a connection of its own. */
function rows<T>(core: Core, sql: string, ...params: unknown[]): T[] {
  const db = new Database(core.databaseFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The replicated content of a desktop: every synced table's rows, by id (local bookkeeping columns left out). */
function content(core: Core): Record<string, unknown[]> {
  const tables = ['users', 'sources', 'investments', 'deletion_reasons', 'clients', 'leads', 'lead_client_links', 'activities', 'client_stage_changes', 'audit_log', 'source_costs'];
  return Object.fromEntries(tables.map((t) => [t, rows(core, `select * from ${t} order by id`)]));
}

/** A desktop with the demo office whose administrator joins the server (pushing the whole office). */
async function seededDesktop(url: string) {
  const a = testCore();
  await ok(a.call('w', 'setup.loadDemo', {}));
  await ok(a.call('w', 'auth.signIn', { username: 'admin', password: 'demo2026' }));
  const status = await ok<SyncStatus>(a.call('w', 'sync.connect', { url, username: ADMIN.username, password: ADMIN.password, deviceName: 'Recepcja' }));
  return { a, status };
}

/** A new desktop signed in to the server as `username` (a demo user, known to the server once the office was pushed). */
async function joinedDesktop(url: string, username: string) {
  const b = testCore();
  const status = await ok<SyncStatus>(b.call('w', 'sync.connect', { url, username, password: 'demo2026', deviceName: `PC ${username}` }));
  await ok(b.call('w', 'auth.signIn', { username, password: 'demo2026' }));
  return { b, status };
}

describe.each(STORES)('office server and sync, data in %s', (_name, open) => {
  beforeEach(() => {
    openStore = open;
  });

  it('takes a desktop office, hands it whole to a new desktop, and carries edits both ways', async () => {
    const { server } = await officeServer();
    const { a, status } = await seededDesktop(server.url);
    expect(status).toMatchObject({ connected: true, online: true, pending: 0, lastError: null });
    expect(rows<{ n: number }>(a, 'select count(*) as n from change_log where pushed_at is null')[0]!.n).toBe(0);

    const { b, status: joined } = await joinedDesktop(server.url, 'anna');
    expect(joined).toMatchObject({ connected: true, online: true, pending: 0 });
    // The server's own administrator arrived on both; otherwise the new desktop equals the first one.
    await ok(a.call('w', 'sync.now', {}));
    expect(content(b)).toEqual(content(a));
    expect(rows(b, 'select username from users where username = ?', ADMIN.username)).toHaveLength(1);

    // Anna adds a lead on her desktop; after both sync, the first desktop has it, searchable and counted.
    const lookups = await ok<Lookups>(b.call('w', 'lookups.get', {}));
    const lead = await ok<LeadDetail>(b.call('w', 'leads.create', { sourceId: lookups.sources[0]!.id, firstName: 'Zenon', lastName: 'Synchroniczny', phone: '+48 455 100 200' }));
    await ok(b.call('w', 'sync.now', {}));
    await ok(a.call('w', 'sync.now', {}));
    const found = await ok<{ rows: { id: string }[] }>(a.call('w', 'leads.list', { status: 'new', filters: { search: 'synchroniczny' } }));
    expect(found.rows.map((r) => r.id)).toEqual([lead.id]);
    expect(content(a)).toEqual(content(b));
  });

  it('resolves the same field edited on two desktops by the later edit, whichever syncs first', async () => {
    const { server } = await officeServer();
    const { a } = await seededDesktop(server.url);
    const { b } = await joinedDesktop(server.url, 'manager');
    const leadId = rows<{ id: string }>(a, `select id from leads where status = 'new' order by id limit 1`)[0]!.id;
    await ok(a.call('w', 'leads.setPriority', { ids: [leadId], priority: 'important' }));
    await new Promise((r) => setTimeout(r, 5));
    await ok(b.call('w', 'leads.setPriority', { ids: [leadId], priority: 'urgent' }));
    // The later edit (b's) syncs first; a's earlier one must not overwrite it.
    await ok(b.call('w', 'sync.now', {}));
    await ok(a.call('w', 'sync.now', {}));
    await ok(b.call('w', 'sync.now', {}));
    const priority = (core: Core) => rows<{ priority: string }>(core, 'select priority from leads where id = ?', leadId)[0]!.priority;
    expect([priority(a), priority(b)]).toEqual(['urgent', 'urgent']);
  });

  it('refuses the second conversion of a lead converted elsewhere, undoes it on that desktop and says so', async () => {
    const { server } = await officeServer();
    const { a } = await seededDesktop(server.url);
    const { b } = await joinedDesktop(server.url, 'anna');
    const anna = rows<{ id: string }>(b, `select id from users where username = 'anna'`)[0]!.id;
    const leadId = rows<{ id: string }>(a, `select id from leads where status = 'new' and assignee_user_id = ? order by id limit 1`, anna)[0]!.id;
    const client = (lastName: string) => ({ firstName: 'Olga', lastName, phone: '+48 455 300 400' });
    const first = await ok<ConversionResult>(a.call('w', 'leads.convert', { leadId, client: client('Pierwsza') }));
    const second = await ok<ConversionResult>(b.call('w', 'leads.convert', { leadId, client: client('Druga') }));
    await ok(a.call('w', 'sync.now', {}));
    expect(await ok(b.call('w', 'sync.now', {}))).toMatchObject({ pending: 0, lastError: null, running: false });
    // Anna's desktop now shows the lead as the server has it: converted into the first client.
    expect(rows(b, 'select status, client_id as clientId from leads where id = ?', leadId)).toEqual([{ status: 'converted', clientId: first.clientId }]);
    expect(rows(b, 'select client_id as clientId from lead_client_links where lead_id = ? and unlinked_at is null', leadId)).toEqual([{ clientId: first.clientId }]);
    const notices = rows<{ data: string }>(b, `select data from notifications where user_id = ? and kind = 'sync.rejected'`, anna).map((n) => JSON.parse(n.data) as { entity: string; code: string; message: string });
    expect(notices.map((n) => [n.entity, n.code])).toEqual([
      ['leads', 'CONFLICT'],
      ['lead_client_links', 'CONFLICT'],
    ]);
    expect(notices[0]!.message).toContain('already converted');
    // The refused lead's notice points at it.
    expect(rows(b, `select lead_id as leadId from notifications where kind = 'sync.rejected' and json_extract(data, '$.entity') = 'leads'`)).toEqual([{ leadId }]);
    // Her client stays (nothing of it is lost); the office sees the lead converted once.
    await ok(a.call('w', 'sync.now', {}));
    expect(rows(a, 'select id from clients where id = ?', second.clientId)).toHaveLength(1);
    expect(rows(a, 'select count(*) as n from lead_client_links where lead_id = ? and unlinked_at is null', leadId)).toEqual([{ n: 1 }]);
  });

  it('applies a repeated push once, and tells an old app, a bad token and bad input why, changing nothing', async () => {
    const { server } = await officeServer();
    const headers = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION), 'content-type': 'application/json' };
    const signIn = await fetch(`${server.url}/v1/devices`, { method: 'POST', headers, body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password, deviceName: 'script' }) });
    const { token } = (await signIn.json()) as { token: string };
    const auth = { ...headers, authorization: `Bearer ${token}` };
    const change = { pushSeq: 1, entity: 'sources', id: 'src-1', op: 'insert', fields: { id: 'src-1', name: 'Otodom', kind: 'portal', active: true, createdAt: 1, updatedAt: 1 }, hlc: '001790000000000:00000:script' };
    const push = () => fetch(`${server.url}/v1/sync/push`, { method: 'POST', headers: auth, body: JSON.stringify({ changes: [change] }) });
    expect(await (await push()).json()).toEqual({ acked: 1, rejected: [] });
    expect(await (await push()).json()).toEqual({ acked: 1, rejected: [] });
    const pull = (await (await fetch(`${server.url}/v1/sync/pull?after=0`, { headers: auth })).json()) as PullResult;
    expect(pull.changes.filter((c) => c.entity === 'sources')).toHaveLength(1);

    const old = await fetch(`${server.url}/v1/sync/pull?after=0`, { headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: '0' } });
    expect(old.status).toBe(426);
    expect(((await old.json()) as { error: { message: string } }).error.message).toMatch(/^Update Lead Desk/);
    const stranger = await fetch(`${server.url}/v1/sync/pull?after=0`, { headers: { ...headers, authorization: 'Bearer nope' } });
    expect(stranger.status).toBe(401);
    const badJson = await fetch(`${server.url}/v1/sync/push`, { method: 'POST', headers: auth, body: '{"changes": [' });
    expect([badJson.status, ((await badJson.json()) as { error: { message: string } }).error.message]).toEqual([400, 'The request body is not valid JSON.']);
    const wrongType = await fetch(`${server.url}/v1/sync/push`, { method: 'POST', headers: auth, body: JSON.stringify({ changes: [{ ...change, pushSeq: 2, entity: 'passwords' }] }) });
    expect(wrongType.status).toBe(400);
    const huge = await fetch(`${server.url}/v1/sync/push`, { method: 'POST', headers: auth, body: JSON.stringify({ changes: [{ ...change, pushSeq: 3, fields: { name: 'x'.repeat(5 * 1024 * 1024) } }] }) });
    expect(huge.status).toBe(413);
    const after = (await (await fetch(`${server.url}/v1/sync/pull?after=0`, { headers: auth })).json()) as PullResult;
    expect(after.head).toBe(pull.head);
  });

  it('refuses an advisor what only an administrator may do, and gives the desktop the server row back', async () => {
    const { server } = await officeServer();
    await seededDesktop(server.url);
    const { b } = await joinedDesktop(server.url, 'anna');
    // Written around the services (as a tampered desktop would): an advisor renaming a source.
    const db = new Database(b.databaseFile);
    const source = db.prepare('select id, name from sources order by id limit 1').get() as { id: string; name: string };
    db.prepare('update sources set name = ? where id = ?').run('Hacked', source.id);
    db.prepare(`insert into change_log (entity, entity_id, op, data, user_id, at) values ('sources', ?, 'update', '{"name":"Hacked"}', null, ?)`).run(source.id, Date.now());
    db.close();
    const status = await ok<SyncStatus>(b.call('w', 'sync.now', {}));
    expect(status).toMatchObject({ pending: 0, lastError: null });
    expect(rows(b, 'select name from sources where id = ?', source.id)).toEqual([{ name: source.name }]);
    expect(rows<{ data: string }>(b, `select data from notifications where kind = 'sync.rejected'`).map((n) => (JSON.parse(n.data) as { code: string }).code)).toEqual(['FORBIDDEN']);
  });
});
