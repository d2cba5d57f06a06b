/**
 * Users administration: creating, changing, deactivating users and setting passwords, with the guards
 * (unique user names, no self-deactivation, always one active admin) and the audit entries.
 */
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src-shared/users/types';
import { refusedUntouched, signIn } from './access-fixtures';
import { auditRows, changesSince, lastSeq, ownedClient } from './client-fixtures';
import { count, DEMO_PASSWORD, freshOffice, refused, type Office } from './lead-fixtures';

const DEACTIVATED = 'This account is deactivated. Ask an administrator.';
const WRONG = 'Wrong user name or password.';
const LAST_ADMIN = /at least one active administrator/;

const userRow = (o: Office, id: string) =>
  o.db.prepare('select username, display_name as displayName, email, role, languages, active, password_hash as passwordHash from users where id = ?').get(id) as {
    username: string;
    displayName: string;
    email: string | null;
    role: string;
    languages: string;
    active: number;
    passwordHash: string;
  };

async function office() {
  const o = await freshOffice();
  const [admin, manager, anna] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna')]);
  return { o, admin, manager, anna };
}

describe('users.create', () => {
  it('creates a user who can sign in, lists them without secrets, and audits user.created', async () => {
    const { o, admin } = await office();
    const seq = lastSeq(o.db);
    const created = await admin.ok('users.create', {
      username: 'Jan.Kowalski',
      displayName: '  Jan Kowalski ',
      email: 'jan.kowalski@zielonetarasy.pl',
      role: 'advisor',
      languages: ['PL', 'en'],
      password: 'pierwsze-haslo',
    });
    expect(created).toMatchObject({
      username: 'Jan.Kowalski',
      displayName: 'Jan Kowalski',
      email: 'jan.kowalski@zielonetarasy.pl',
      role: 'advisor',
      languages: ['pl', 'en'],
      active: true,
      permissions: [],
    });
    const listed = await admin.ok('users.list', {});
    expect(listed.map((u) => u.username).sort()).toEqual(['Jan.Kowalski', 'admin', 'anna', 'kasia', 'manager', 'piotr'].sort());
    expect(listed.find((u) => u.id === created.id)).toEqual(created);
    for (const u of listed) expect(Object.keys(u)).not.toContain('passwordHash');
    expect(userRow(o, created.id).passwordHash).toMatch(/^scrypt\$/);

    expect(auditRows(o.db, 'users', created.id)).toEqual([{ action: 'user.created', userId: admin.user.id, details: { username: 'Jan.Kowalski', role: 'advisor' } }]);
    expect(changesSince(o.db, seq).map((c) => `${c.entity}:${c.op}`)).toEqual(['users:insert', 'audit_log:insert']);

    // Sign-in is case-insensitive on the user name.
    const session = await signIn(o, 'jan-window', 'jan.kowalski', 'pierwsze-haslo');
    expect(session.ok && (session.value as SessionUser)).toMatchObject({ id: created.id, role: 'advisor', permissions: [] });
    expect((await o.core.call('jan-window', 'auth.me', {})).ok).toBe(true);
    // Lookups (the pickers) know the new user.
    expect((await admin.ok('lookups.get', {})).users.find((u) => u.id === created.id)).toMatchObject({ displayName: 'Jan Kowalski', active: true });
  });

  it.each(['anna', 'ANNA', 'Anna', 'aNnA'])('refuses the taken user name "%s" (CONFLICT, case-insensitively) and writes nothing', async (username) => {
    const { o, admin } = await office();
    const error = await refusedUntouched(o, () => admin.call('users.create', { username, displayName: 'Druga Anna', role: 'advisor', password: 'tajne-haslo' }), 'CONFLICT');
    expect(error.issues).toEqual([{ field: 'username', message: 'Already taken' }]);
  });

  it('validates the user name, e-mail and password', async () => {
    const { o, admin } = await office();
    const base = { username: 'nowy', displayName: 'Nowy', role: 'advisor', password: 'tajne-haslo' };
    for (const [patch, field] of [
      [{ username: 'ab' }, 'username'],
      [{ username: 'jan kowalski' }, 'username'],
      [{ email: 'not-an-email' }, 'email'],
      [{ password: 'short' }, 'password'],
      [{ role: 'owner' }, 'role'],
      [{ displayName: '   ' }, 'displayName'],
    ] as const) {
      const error = await refusedUntouched(o, () => admin.call('users.create', { ...base, ...patch }), 'VALIDATION');
      expect(error.issues?.map((i) => i.field)).toContain(field);
    }
  });
});

describe('users.update', () => {
  it('changes role, languages and e-mail, audits user.updated with the changes, and the user feels it on the next call', async () => {
    const { o, admin } = await office();
    const kasia = await o.as('kasia');
    const kasiaId = kasia.user.id;
    await refused(kasia.call('audit.list', {}), 'FORBIDDEN');

    const updated = await admin.ok('users.update', { id: kasiaId, role: 'manager', languages: ['pl', 'uk'], email: 'kasia.nowa@zielonetarasy.pl' });
    expect(updated).toMatchObject({ id: kasiaId, role: 'manager', languages: ['pl', 'uk'], email: 'kasia.nowa@zielonetarasy.pl', active: true });
    expect(userRow(o, kasiaId)).toMatchObject({ role: 'manager', languages: '["pl","uk"]', email: 'kasia.nowa@zielonetarasy.pl' });
    expect(auditRows(o.db, 'users', kasiaId).at(-1)).toEqual({
      action: 'user.updated',
      userId: admin.user.id,
      details: { username: 'kasia', role: 'manager', languages: ['pl', 'uk'], email: 'kasia.nowa@zielonetarasy.pl' },
    });
    // Same window, no new sign-in: the new role applies.
    expect((await kasia.ok('auth.me', {}))!.role).toBe('manager');
    expect((await kasia.ok('audit.list', { limit: 1 })).rows).toHaveLength(1);

    // Clearing the e-mail is a change too.
    await admin.ok('users.update', { id: kasiaId, email: null });
    expect(userRow(o, kasiaId).email).toBeNull();
    expect(auditRows(o.db, 'users', kasiaId).at(-1)!.details).toEqual({ username: 'kasia', email: null });
  });

  it('writes nothing for an update that changes nothing', async () => {
    const { o, admin } = await office();
    const piotr = o.db.prepare("select id, role, email, languages from users where username = 'piotr'").get() as { id: string; role: 'advisor'; email: string; languages: string };
    const audits = count(o.db, 'select count(*) from audit_log');
    const seq = lastSeq(o.db);
    await admin.ok('users.update', { id: piotr.id, role: piotr.role, email: piotr.email, languages: JSON.parse(piotr.languages) as string[], active: true });
    expect(count(o.db, 'select count(*) from audit_log')).toBe(audits);
    expect(lastSeq(o.db)).toBe(seq);
  });

  it('refuses an unknown user (NOT_FOUND) and bad fields (VALIDATION) without writing', async () => {
    const { o, admin } = await office();
    await refusedUntouched(o, () => admin.call('users.update', { id: 'no-such-user', role: 'manager' }), 'NOT_FOUND');
    await refusedUntouched(o, () => admin.call('users.update', { id: o.user('anna').id, email: 'nope' }), 'VALIDATION');
    await refusedUntouched(o, () => admin.call('users.update', { id: o.user('anna').id, languages: ['polish'] }), 'VALIDATION');
    await refusedUntouched(o, () => admin.call('users.update', { id: o.user('anna').id, passwordHash: 'x' }), 'VALIDATION');
  });
});

describe('deactivation', () => {
  it('stops sign-in and the open session, keeps their leads and clients, audits user.deactivated; reactivation undoes it', async () => {
    const { o, admin, anna } = await office();
    const annaId = anna.user.id;
    const annasLeads = () => o.db.prepare('select id from leads where assignee_user_id = ? order by id').pluck().all(annaId);
    const annasClients = () => o.db.prepare('select id from clients where owner_user_id = ? and deleted_at is null order by id').pluck().all(annaId);
    const leadsBefore = annasLeads();
    const clientsBefore = annasClients();
    expect(leadsBefore.length).toBeGreaterThan(0);
    expect(clientsBefore.length).toBeGreaterThan(0);
    expect((await anna.ok('leads.counts', {})).new).toBeGreaterThan(0);

    const updated = await admin.ok('users.update', { id: annaId, active: false });
    expect(updated.active).toBe(false);
    expect(userRow(o, annaId).active).toBe(0);
    expect(auditRows(o.db, 'users', annaId).at(-1)).toEqual({ action: 'user.deactivated', userId: admin.user.id, details: { username: 'anna', active: false } });

    // Her open window: the next call finds no session.
    await refused(anna.call('leads.counts', {}), 'UNAUTHENTICATED');
    expect(await anna.ok('auth.me', {})).toBeNull();
    // Signing in again: the right password says why; a wrong one does not give away that the account exists.
    expect((await refused(signIn(o, 'anna-again', 'anna', DEMO_PASSWORD), 'UNAUTHENTICATED')).message).toBe(DEACTIVATED);
    expect((await refused(signIn(o, 'anna-again', 'anna', 'zle-haslo'), 'UNAUTHENTICATED')).message).toBe(WRONG);
    expect((await refused(o.core.call('anna-again', 'leads.counts', {}), 'UNAUTHENTICATED')).message).toMatch(/Sign in/);
    const failures = o.db.prepare("select details from audit_log where action = 'auth.signInFailed' and user_id = ? order by rowid").pluck().all(annaId) as string[];
    expect(failures.map((d) => JSON.parse(d) as unknown)).toEqual([
      { username: 'anna', reason: 'inactive' },
      { username: 'anna', reason: 'bad_credentials' },
    ]);

    // Everything she had stays hers.
    expect(annasLeads()).toEqual(leadsBefore);
    expect(annasClients()).toEqual(clientsBefore);
    const manager = await o.as('manager');
    expect((await manager.ok('clients.get', { id: ownedClient(o.db, annaId).id })).ownerName).toBe(anna.user.displayName);
    expect((await admin.ok('lookups.get', {})).users.find((u) => u.id === annaId)).toMatchObject({ active: false });

    // Reactivated: she signs in again.
    await admin.ok('users.update', { id: annaId, active: true });
    expect(auditRows(o.db, 'users', annaId).at(-1)).toMatchObject({ action: 'user.reactivated', details: { username: 'anna', active: true } });
    const again = await signIn(o, 'anna-again', 'anna', DEMO_PASSWORD);
    expect(again.ok).toBe(true);
    expect((await o.core.call('anna-again', 'leads.counts', {})).ok).toBe(true);
  });

  it('refuses to let an admin deactivate themselves (CONFLICT), even with another admin around', async () => {
    const { o, admin } = await office();
    await admin.ok('users.create', { username: 'admin2', displayName: 'Druga Administratorka', role: 'admin', password: 'tajne-haslo' });
    const error = await refusedUntouched(o, () => admin.call('users.update', { id: admin.user.id, active: false }), 'CONFLICT');
    expect(error.message).toMatch(/cannot deactivate yourself/);
    // Demoting themselves is fine while another admin remains.
    expect((await admin.ok('users.update', { id: admin.user.id, role: 'manager' })).role).toBe('manager');
    await refused(admin.call('users.list', {}), 'FORBIDDEN');
  });

  it('keeps at least one active administrator (CONFLICT on demoting or deactivating the last one)', async () => {
    const { o, admin } = await office();
    const adminId = admin.user.id;
    expect((await refusedUntouched(o, () => admin.call('users.update', { id: adminId, role: 'manager' }), 'CONFLICT')).message).toMatch(LAST_ADMIN);
    expect((await refusedUntouched(o, () => admin.call('users.update', { id: adminId, role: 'advisor' }), 'CONFLICT')).message).toMatch(LAST_ADMIN);
    expect((await refusedUntouched(o, () => admin.call('users.update', { id: adminId, active: false }), 'CONFLICT')).message).toMatch(LAST_ADMIN);

    // An inactive admin does not count.
    const dormant = await admin.ok('users.create', { username: 'admin3', displayName: 'Uśpiony Admin', role: 'admin', password: 'tajne-haslo' });
    await admin.ok('users.update', { id: dormant.id, active: false });
    expect((await refusedUntouched(o, () => admin.call('users.update', { id: adminId, role: 'manager' }), 'CONFLICT')).message).toMatch(LAST_ADMIN);

    // With a second active admin, that one can deactivate the first; then the second is the last.
    const second = await admin.ok('users.create', { username: 'admin2', displayName: 'Druga Administratorka', role: 'admin', password: 'tajne-haslo' });
    expect((await signIn(o, 'admin2-window', 'admin2', 'tajne-haslo')).ok).toBe(true);
    const deactivated = await o.core.call('admin2-window', 'users.update', { id: adminId, active: false });
    expect(deactivated.ok).toBe(true);
    await refused(admin.call('users.list', {}), 'UNAUTHENTICATED');
    for (const patch of [{ role: 'manager' }, { active: false }]) {
      const error = await refusedUntouched(o, () => o.core.call('admin2-window', 'users.update', { id: second.id, ...patch }), 'CONFLICT');
      expect(error.message).toMatch(LAST_ADMIN);
    }
  });
});

describe('users.setPassword', () => {
  it('lets the user sign in with the new password and not the old one; audits user.passwordSet without the password', async () => {
    const { o, admin } = await office();
    const piotrId = o.user('piotr').id;
    const oldHash = userRow(o, piotrId).passwordHash;
    const seq = lastSeq(o.db);
    expect(await admin.ok('users.setPassword', { id: piotrId, password: 'nowe-haslo-2026' })).toBeNull();
    expect(userRow(o, piotrId).passwordHash).not.toBe(oldHash);
    expect(auditRows(o.db, 'users', piotrId).at(-1)).toEqual({ action: 'user.passwordSet', userId: admin.user.id, details: { username: 'piotr' } });
    expect(changesSince(o.db, seq).map((c) => `${c.entity}:${c.op}`)).toEqual(['users:update', 'audit_log:insert']);
    expect(JSON.stringify(auditRows(o.db, 'users', piotrId))).not.toContain('nowe-haslo');
    expect(o.db.prepare("select count(*) from change_log where data like '%nowe-haslo%'").pluck().get()).toBe(0);

    expect((await refused(signIn(o, 'piotr-old', 'piotr', DEMO_PASSWORD), 'UNAUTHENTICATED')).message).toBe(WRONG);
    const signedIn = await signIn(o, 'piotr-new', 'piotr', 'nowe-haslo-2026');
    expect(signedIn.ok && (signedIn.value as SessionUser).id).toBe(piotrId);
  });

  it('refuses a short password (VALIDATION) and an unknown user (NOT_FOUND) without writing', async () => {
    const { o, admin } = await office();
    await refusedUntouched(o, () => admin.call('users.setPassword', { id: o.user('piotr').id, password: 'krotkie' }), 'VALIDATION');
    await refusedUntouched(o, () => admin.call('users.setPassword', { id: 'no-such-user', password: 'dlugie-haslo' }), 'NOT_FOUND');
    expect((await signIn(o, 'piotr-still', 'piotr', DEMO_PASSWORD)).ok).toBe(true);
  });
});
