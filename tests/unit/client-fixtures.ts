/**
 * Extra helpers for the duplicate-detection, linking and conversion tests, on top of lead-fixtures.ts:
 * a wider footprint (clients, links, activities, notifications, outbox), raw writes to the same database file,
 * demo clients picked by SQL, and names, phones and e-mails that no demo row has.
 */
import Database from 'better-sqlite3';
import { expect, vi } from 'vitest';
import type { ApiError, ApiResult, ErrorCode } from '../../src-shared/api/errors';
import { count, footprint, freshOffice, refused, type Office } from './lead-fixtures';

/** Runs `fn` with a writable connection to the office's database file (closed afterwards). */
export function withWriter<T>(office: Office, fn: (db: Database.Database) => T): T {
  const writer = new Database(office.core.databaseFile);
  try {
    return fn(writer);
  } finally {
    writer.close();
  }
}

/** A trigger that makes every insert into `table` fail, added behind the services' back. */
export function failInserts(office: Office, table: string, message = 'disk on fire'): void {
  withWriter(office, (db) => db.exec(`create trigger fail_${table} before insert on ${table} begin select raise(abort, '${message}'); end`));
}

/** Everything linking or converting writes: the lead footprint plus the client-side tables. */
export function wideFootprint(db: Database.Database, leadIds: string[] = [], clientIds: string[] = []) {
  return {
    ...footprint(db, leadIds),
    clientRows: db.prepare('select * from clients where id in (select value from json_each(?)) order by id').all(JSON.stringify(clientIds)),
    clients: count(db, 'select count(*) from clients'),
    links: count(db, 'select count(*) from lead_client_links'),
    activities: count(db, 'select count(*) from activities'),
    notifications: count(db, 'select count(*) from notifications'),
    outbox: count(db, 'select count(*) from outbox'),
  };
}

/** Expects the call to be refused with `code` and to write nothing at all (leads, clients, links, logs, ...). */
export async function refusedNothingWritten(
  office: Office,
  call: () => Promise<ApiResult<unknown>>,
  code: ErrorCode,
  leadIds: string[] = [],
  clientIds: string[] = [],
): Promise<ApiError> {
  const before = wideFootprint(office.db, leadIds, clientIds);
  const error = await refused(call(), code);
  expect(wideFootprint(office.db, leadIds, clientIds)).toEqual(before);
  return error;
}

export interface ClientDbRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  phone_raw: string | null;
  phone_e164: string | null;
  email: string | null;
  email_normalized: string | null;
  owner_user_id: string | null;
  origin_source_id: string | null;
  preferred_investment_id: string | null;
  consent_data_processing: number;
  consent_marketing_email: number;
  consent_marketing_phone: number;
  description: string | null;
  stage: string;
  name_search: string;
  first_key: string;
  last_key: string;
  email_key: string | null;
  phone_tail: string | null;
  name_k1: string | null;
  name_k2: string | null;
  name_k3: string | null;
  name_k4: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

const CLIENT_COLUMNS = `*`; // the generated columns (name_k1..k3, search_body) are part of *

export function clientRow(db: Database.Database, id: string): ClientDbRow {
  const row = db.prepare(`select ${CLIENT_COLUMNS} from clients where id = ?`).get(id) as ClientDbRow | undefined;
  if (!row) throw new Error(`client ${id} not in the database`);
  return row;
}

/** One demo client matching a SQL condition over `clients c` (newest first). */
export function clientWhere(db: Database.Database, where: string, ...params: unknown[]): ClientDbRow {
  const row = db.prepare(`select ${CLIENT_COLUMNS} from clients c where ${where} order by c.created_at desc, c.id limit 1`).get(...params) as ClientDbRow | undefined;
  if (!row) throw new Error(`no demo client where ${where}`);
  return row;
}

/** A demo client of `ownerId` with a full name that no other client shares. */
export function ownedClient(db: Database.Database, ownerId: string): ClientDbRow {
  return clientWhere(
    db,
    `c.owner_user_id = ? and c.first_key <> '' and c.last_key <> ''
     and (select count(*) from clients x where x.first_key = c.first_key and x.last_key = c.last_key) = 1`,
    ownerId,
  );
}

export function linkRows(db: Database.Database, leadId: string) {
  return db.prepare('select client_id as clientId, kind, linked_by as linkedBy, unlinked_at as unlinkedAt from lead_client_links where lead_id = ?').all(leadId) as {
    clientId: string;
    kind: string;
    linkedBy: string | null;
    unlinkedAt: number | null;
  }[];
}

export function auditRows(db: Database.Database, entity: string, entityId: string) {
  return (
    db.prepare('select action, user_id as userId, details from audit_log where entity = ? and entity_id = ? order by at, rowid').all(entity, entityId) as {
      action: string;
      userId: string | null;
      details: string | null;
    }[]
  ).map((r) => ({ ...r, details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>) }));
}

/** The change-log rows written after `seq`, as entity/op/id. */
export function changesSince(db: Database.Database, seq: number) {
  return db.prepare('select entity, op, entity_id as entityId, data from change_log where seq > ? order by seq').all(seq) as {
    entity: string;
    op: string;
    entityId: string;
    data: string | null;
  }[];
}

export const lastSeq = (db: Database.Database): number => count(db, 'select coalesce(max(seq), 0) from change_log');

/** "600100200"-style national digits of an E.164 Polish number, written another way: "0048 600-100-200". */
export function retyped(e164OrDigits: string, style: 'zeros' | 'parens' | 'dashes' = 'zeros'): string {
  const d = e164OrDigits.replace(/\D/g, '').slice(-9);
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  if (style === 'parens') return `(+48) ${a} ${b} ${c}`;
  if (style === 'dashes') return `${a}-${b}-${c}`;
  return `0048 ${a}-${b}-${c}`;
}

let mailSerial = 0;
/** An e-mail address no demo row has. */
export function uniqueEmail(local = 'klient'): string {
  mailSerial += 1;
  return `${local}.${mailSerial}@example.org`;
}

/** A fresh demo office with a session for each of its people, their ids and names, and a client of anna's and piotr's. */
export async function teamOffice() {
  const o = await freshOffice();
  const [admin, manager, anna, piotr, kasia] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna'), o.as('piotr'), o.as('kasia')]);
  const id = { admin: o.user('admin').id, manager: o.user('manager').id, anna: o.user('anna').id, piotr: o.user('piotr').id, kasia: o.user('kasia').id };
  const name = { admin: o.user('admin').displayName, manager: o.user('manager').displayName, anna: o.user('anna').displayName };
  return { o, admin, manager, anna, piotr, kasia, id, name, client: { annas: ownedClient(o.db, id.anna), piotrs: ownedClient(o.db, id.piotr) } };
}

/** Freezes Date at `at` (timers and I/O keep running); undo with vi.useRealTimers(). */
export function clockAt(at: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
}
