/**
 * Extra helpers for the users / roles / grants / unlink / audit tests, on top of lead-fixtures.ts and
 * client-fixtures.ts: a footprint that also covers users, grants and link rows, grant confirmations,
 * sign-ins on windows of their own, paging through clients and the audit log, and a small CSV reader.
 */
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { MethodInput } from '../../src-shared/api/contract';
import type { ApiError, ApiResult, ErrorCode } from '../../src-shared/api/errors';
import type { AuditFilters, AuditRow } from '../../src-shared/audit/types';
import type { ClientRow } from '../../src-shared/clients/types';
import type { GrantRow } from '../../src-shared/users/admin';
import { wideFootprint, withWriter } from './client-fixtures';
import { count, refused, type Caller, type Office } from './lead-fixtures';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Everything any protected method could write: the wide footprint plus users, grants, links and lead states. */
export function accessFootprint(db: Database.Database) {
  return {
    ...wideFootprint(db),
    users: db.prepare('select * from users order by id').all(),
    grants: db.prepare('select * from permission_grants order by id').all(),
    linkRows: db.prepare('select * from lead_client_links order by id').all(),
    leadStates: db.prepare('select id, status, client_id, assignee_user_id, updated_at from leads order by id').all(),
    clientStates: db.prepare('select id, owner_user_id, deleted_at, updated_at from clients order by id').all(),
    activityStates: db.prepare('select id, state, updated_at from activities order by id').all(),
    lastAudit: db.prepare('select id from audit_log order by rowid desc limit 1').pluck().get(),
    lastChange: count(db, 'select coalesce(max(seq), 0) from change_log'),
  };
}

/** Expects the call to be refused with `code` and to leave every table as it was. */
export async function refusedUntouched(office: Office, call: () => Promise<ApiResult<unknown>>, code: ErrorCode): Promise<ApiError> {
  const before = accessFootprint(office.db);
  const error = await refused(call(), code);
  expect(accessFootprint(office.db), `${code} must write nothing`).toEqual(before);
  return error;
}

/** Expects the call to succeed and to write nothing at all (a read). */
export async function readsOnly<T>(office: Office, call: () => Promise<T>): Promise<T> {
  const before = accessFootprint(office.db);
  const value = await call();
  expect(accessFootprint(office.db), 'a read must write nothing').toEqual(before);
  return value;
}

type GrantInput = MethodInput<'grants.grant'>;

/** A decision-maker's confirmation, an hour ago. */
export function confirmation(overrides: Partial<GrantInput> = {}): Omit<GrantInput, 'userId'> {
  return {
    permission: 'lead.unlink',
    confirmedByName: 'Jan Zarządca',
    confirmedByEmail: 'zarzad@zielonetarasy.pl',
    confirmedAt: Date.now() - HOUR,
    reference: 'Mail z 12.03, temat: odłączanie leadów',
    ...overrides,
  };
}

/** `admin` grants lead.unlink to `userId`. */
export function grantUnlink(admin: Caller, userId: string, overrides: Partial<GrantInput> = {}): Promise<GrantRow> {
  return admin.ok('grants.grant', { userId, ...confirmation(overrides) });
}

/** Signs in on a window of its own (not cached like Office.as). */
export function signIn(office: Office, clientKey: string, username: string, password: string): Promise<ApiResult<unknown>> {
  return office.core.call(clientKey, 'auth.signIn', { username, password });
}

/** Every client the caller's list shows, paging with `limit`; fails on a repeated row. */
export async function allClients(caller: Caller, input: Omit<MethodInput<'clients.list'>, 'cursor' | 'limit'> = {}, limit = 200): Promise<ClientRow[]> {
  const rows: ClientRow[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await caller.ok('clients.list', { ...input, limit, cursor });
    rows.push(...page.rows);
    if (!page.nextCursor) {
      expect(new Set(rows.map((r) => r.id)).size, 'a client was listed twice').toBe(rows.length);
      return rows;
    }
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

/** Every audit row the list shows for `filters`, paging with `limit`; fails on a repeated row or an over-long page. */
export async function allAudit(caller: Caller, filters: AuditFilters = {}, limit = 500): Promise<{ rows: AuditRow[]; pages: number; actions: string[] }> {
  const rows: AuditRow[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages < 10_000; pages++) {
    const page = await caller.ok('audit.list', { filters, limit, cursor });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.rows);
    if (!page.nextCursor) {
      expect(new Set(rows.map((r) => r.id)).size, 'an audit row was listed twice').toBe(rows.length);
      return { rows, pages, actions: page.actions };
    }
    expect(page.rows).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

export interface AuditDbRow {
  id: string;
  at: number;
  user_id: string | null;
  userName: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: string | null;
}

/** The audit rows for `filters`, computed in SQL (newest first, ties by id). */
export function auditSql(db: Database.Database, filters: AuditFilters = {}): AuditDbRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.userId !== undefined) where.push('a.user_id = ?'), params.push(filters.userId);
  if (filters.action !== undefined) where.push('a.action = ?'), params.push(filters.action);
  if (filters.from !== undefined) where.push('a.at >= ?'), params.push(filters.from);
  if (filters.to !== undefined) where.push('a.at < ?'), params.push(filters.to);
  return db
    .prepare(
      `select a.id, a.at, a.user_id, u.display_name as userName, a.action, a.entity, a.entity_id, a.details
       from audit_log a left join users u on u.id = a.user_id ${where.length ? `where ${where.join(' and ')}` : ''}
       order by a.at desc, a.id desc`,
    )
    .all(...params) as AuditDbRow[];
}

/** Appends audit rows behind the services' back (inserting is allowed; only changing and deleting are not). */
export function insertAuditRows(office: Office, rows: { id: string; at: number; userId: string | null; action: string; details?: unknown }[]): void {
  withWriter(office, (db) => {
    const insert = db.prepare('insert into audit_log (id, at, user_id, action, entity, entity_id, details) values (?, ?, ?, ?, null, null, ?)');
    for (const r of rows) insert.run(r.id, r.at, r.userId, r.action, r.details === undefined ? null : JSON.stringify(r.details));
  });
}

/** Splits one CSV line whose every cell is quoted ("a","b ""c"""), undoing the doubled quotes. */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '"') throw new Error(`unquoted cell at ${i} in ${line}`);
    let cell = '';
    i += 1;
    for (;;) {
      if (i >= line.length) throw new Error(`unterminated cell in ${line}`);
      if (line[i] === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        i += 1;
        break;
      }
      cell += line[i];
      i += 1;
    }
    cells.push(cell);
    if (i < line.length) {
      if (line[i] !== ',') throw new Error(`expected a comma at ${i} in ${line}`);
      i += 1;
    }
  }
  return cells;
}

/** The current link row of a lead, with everything an unlink writes. */
export function fullLinkRows(db: Database.Database, leadId: string) {
  return db
    .prepare(
      `select id, client_id as clientId, kind, linked_by as linkedBy, unlinked_at as unlinkedAt, unlinked_by as unlinkedBy, unlink_reason as unlinkReason
       from lead_client_links where lead_id = ? order by linked_at, rowid`,
    )
    .all(leadId) as { id: string; clientId: string; kind: string; linkedBy: string | null; unlinkedAt: number | null; unlinkedBy: string | null; unlinkReason: string | null }[];
}

/** A demo lead in `status` assigned to `assigneeId` (newest first, skipping `except`). */
export function demoLead(db: Database.Database, status: string, assigneeId: string, except: string[] = []): string {
  const id = db
    .prepare(
      `select id from leads where status = ? and assignee_user_id = ? and id not in (select value from json_each(?))
       order by received_at desc limit 1`,
    )
    .pluck()
    .get(status, assigneeId, JSON.stringify(except)) as string | undefined;
  if (!id) throw new Error(`no demo lead ${status} of ${assigneeId}`);
  return id;
}

/** A done activity on a client, written behind the services' back. */
export function insertDoneActivity(office: Office, clientId: string, userId: string, id = `done-${clientId}`): string {
  const now = Date.now();
  withWriter(office, (db) =>
    db
      .prepare(
        `insert into activities (id, client_id, lead_id, type, state, user_id, due_at, done_at, outcome, notes, created_by, created_at, updated_at)
         values (?, ?, null, 'phone', 'done', ?, ?, ?, 'Rozmowa odbyta', null, ?, ?, ?)`,
      )
      .run(id, clientId, userId, now - HOUR, now - HOUR, userId, now - HOUR, now - HOUR),
  );
  return id;
}
