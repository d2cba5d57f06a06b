import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from '../src-main/users/passwords';
import { HybridClock } from '../src-shared/sync/hlc';
import type { DeviceSignInResult } from '../src-shared/sync/protocol';
import type { Role } from '../src-shared/users/types';
import type { Account } from './rules';
import type { Store } from './store';
import { applyChange, type DeviceSession } from './sync-service';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
const serverClock = new HybridClock('server');

export class ServerError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'VALIDATION' | 'FORBIDDEN' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

export async function officeId(store: Store): Promise<string> {
  const existing = await store.read.get<{ value: string }>(`select value from meta where key = 'office_id'`);
  if (existing) return existing.value;
  await store.transaction((q) => q.run(`insert into meta (key, value) values ('office_id', ?) on conflict (key) do nothing`, [randomUUID()]));
  return (await store.read.get<{ value: string }>(`select value from meta where key = 'office_id'`))!.value;
}

/** A user signs a desktop in: a new device with its own revocable token (only its hash is kept). */
export async function signInDevice(store: Store, input: { username: string; password: string; deviceName: string }): Promise<DeviceSignInResult> {
  const account = await store.read.get<{ id: string; password_hash: string; active: number }>('select id, password_hash, active from accounts where lower(username) = lower(?)', [input.username]);
  // The same answer for an unknown user and a wrong password, after the same work.
  const ok = account ? await verifyPassword(input.password, account.password_hash) : (await hashPassword(input.password), false);
  if (!account || !ok || !account.active) throw new ServerError('UNAUTHENTICATED', 'Wrong username or password, or the account is switched off.');
  const token = randomBytes(32).toString('base64url');
  const deviceId = randomUUID();
  await store.transaction((q) =>
    q.run('insert into devices (id, account_id, token_hash, name, created_at, last_push_seq) values (?, ?, ?, ?, ?, 0)', [deviceId, account.id, tokenHash(token), input.deviceName, Date.now()]),
  );
  return { deviceId, token, userId: account.id, officeId: await officeId(store) };
}

/** The device and its user behind a bearer token; refused when revoked or the user is switched off. */
export async function authenticate(store: Store, token: string | undefined): Promise<DeviceSession> {
  if (!token) throw new ServerError('UNAUTHENTICATED', 'Sign this desktop in to the office server first.');
  const row = await store.read.get<{ device_id: string; revoked_at: number | null; id: string; username: string; display_name: string; role: Role; active: number }>(
    `select d.id as device_id, d.revoked_at, a.id, a.username, a.display_name, a.role, a.active
     from devices d join accounts a on a.id = d.account_id where d.token_hash = ?`,
    [tokenHash(token)],
  );
  if (!row) throw new ServerError('UNAUTHENTICATED', 'This desktop is not signed in to the office server (unknown token).');
  if (row.revoked_at) throw new ServerError('UNAUTHENTICATED', 'This desktop was signed out of the office server by an administrator.');
  if (!row.active) throw new ServerError('UNAUTHENTICATED', 'Your account is switched off; ask an administrator.');
  const account: Account = { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
  return { deviceId: row.device_id, account };
}

export async function revokeDevice(store: Store, session: DeviceSession, deviceId: string): Promise<void> {
  if (session.account.role !== 'admin' && session.deviceId !== deviceId) throw new ServerError('FORBIDDEN', 'Only an administrator can sign out another desktop.');
  const r = await store.transaction((q) => q.run('update devices set revoked_at = ? where id = ? and revoked_at is null', [Date.now(), deviceId]));
  if (r.changes !== 1) throw new ServerError('NOT_FOUND', 'No such signed-in desktop.');
}

/** The first administrator, written as a replicated users row so every desktop receives it (and can sign in offline). */
export async function createAdmin(store: Store, input: { username: string; displayName: string; password: string }): Promise<string> {
  if (input.password.length < 8) throw new ServerError('VALIDATION', 'The password needs at least 8 characters.');
  const taken = await store.read.get('select id from accounts where lower(username) = lower(?)', [input.username]);
  if (taken) throw new ServerError('VALIDATION', `The username "${input.username}" is taken.`);
  const id = randomUUID();
  const now = Date.now();
  const fields = {
    id, username: input.username, displayName: input.displayName, email: null, role: 'admin', languages: ['pl'], uiLanguage: 'pl',
    passwordHash: await hashPassword(input.password), active: true, createdAt: now, updatedAt: now,
  };
  await store.transaction((q) => applyChange(q, null, { pushSeq: 1, entity: 'users', id, op: 'insert', fields, hlc: serverClock.tick() }, null));
  return id;
}
