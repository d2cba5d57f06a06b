import type { Store } from './store';

/**
 * The backend's own tables. Replicated rows live generically in `records` (row JSON + per-field clocks), so the
 * desktop's schema can grow without server migrations; `changes` is the pull log; accounts and devices are the
 * server's view of users (projected from the replicated users rows) and of the desktops signed in.
 */
const TABLES = (serial: string, big: string) => [
  `create table if not exists meta (key text primary key, value text not null)`,
  `create table if not exists accounts (id text primary key, username text not null, display_name text not null, role text not null,
     password_hash text not null, active integer not null, updated_at ${big} not null)`,
  `create unique index if not exists accounts_username_unique on accounts (lower(username))`,
  `create table if not exists devices (id text primary key, account_id text not null references accounts (id), token_hash text not null unique,
     name text not null, created_at ${big} not null, last_seen_at ${big}, revoked_at ${big}, last_push_seq ${big} not null default 0)`,
  `create table if not exists records (entity text not null, id text not null, data text not null, clocks text not null,
     deleted integer not null default 0, seq ${big} not null, primary key (entity, id))`,
  `create table if not exists rejections (device_id text not null, push_seq ${big} not null, entity text not null, id text not null,
     code text not null, message text not null, primary key (device_id, push_seq))`,
  `create table if not exists changes (seq ${serial}, entity text not null, id text not null, fields text, deleted integer not null,
     hlc text not null, device_id text, at ${big} not null)`,
];

export const SERVER_SCHEMA_VERSION = 1;

export async function migrate(store: Store): Promise<void> {
  const statements = store.dialect === 'postgres' ? TABLES('bigserial primary key', 'bigint') : TABLES('integer primary key autoincrement', 'integer');
  await store.transaction(async (q) => {
    for (const sql of statements) await q.run(sql);
    await q.run(`insert into meta (key, value) values ('schema_version', ?) on conflict (key) do nothing`, [String(SERVER_SCHEMA_VERSION)]);
  });
}
