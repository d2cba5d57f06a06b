import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../src-shared/api/contract';
import type { LeadCounts, LeadPage, LeadRow } from '../../src-shared/leads/types';
import type { SessionUser } from '../../src-shared/users/types';
import { ok, tempDir, testCore } from '../helpers/temp';

async function demoCore(dataDir = tempDir()) {
  const core = testCore(dataDir);
  const demo = await ok<DemoSummary>(core.call('setup', 'setup.loadDemo', {}));
  return { core, demo, dataDir };
}

function rawDb(core: { databaseFile: string }) {
  return new Database(core.databaseFile, { readonly: true });
}

describe('the dispatcher', () => {
  it('names the unknown method and lists the known ones', async () => {
    const result = await testCore().call('w1', 'leads.explode', {});
    expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: expect.stringMatching(/^Unknown method "leads.explode". Known methods: app.info, .*leads.list/) } });
  });

  it('returns a validation error naming each bad field', async () => {
    const result = await testCore().call('w1', 'auth.signIn', { username: '', password: 5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.issues?.map((i) => i.field)).toEqual(['username', 'password']);
    expect(result.error.issues?.[0]?.message).toBe('Enter your user name');
  });

  it('rejects fields the contract does not know', async () => {
    const result = await testCore().call('w1', 'auth.signIn', { username: 'a', password: 'b', role: 'admin' });
    expect(result.ok ? null : result.error.code).toBe('VALIDATION');
  });

  it('refuses signed-in methods to an anonymous window', async () => {
    const result = await testCore().call('w1', 'leads.list', {});
    expect(result).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in first: this action needs a signed-in user.' } });
  });
});

describe('first run', () => {
  it('reports an empty database as needing setup, and not after demo data', async () => {
    const core = testCore();
    expect((await ok<{ needsSetup: boolean }>(core.call('w', 'app.info', {}))).needsSetup).toBe(true);
    await ok(core.call('w', 'setup.loadDemo', {}));
    expect((await ok<{ needsSetup: boolean }>(core.call('w', 'app.info', {}))).needsSetup).toBe(false);
  });

  it('loads the demo office into the real file: users, sources, investments, leads in every status', async () => {
    const { core, demo } = await demoCore();
    expect(demo.users.map((u) => `${u.username}:${u.role}`)).toEqual(['admin:admin', 'manager:manager', 'anna:advisor', 'piotr:advisor', 'kasia:advisor']);
    const db = rawDb(core);
    expect(db.prepare('select count(*) from leads').pluck().get()).toBe(demo.leads);
    expect(demo.leads).toBe(300);
    expect(demo.clients).toBeGreaterThanOrEqual(80);
    expect(db.prepare('select group_concat(name, \', \') from (select name from sources order by name)').pluck().get()).toBe(
      'Facebook, Obido, Phone, Tabela Ofert, Walk-in, Website form, rynekpierwotny.pl',
    );
    expect(db.prepare('select count(*) from investments').pluck().get()).toBe(3);
    const statuses = db.prepare('select status, count(*) n from leads group by status').all() as { status: string; n: number }[];
    expect(statuses.map((s) => s.status).sort()).toEqual(['converted', 'deleted', 'linked', 'new']);
    expect(statuses.every((s) => s.n >= 10)).toBe(true);
    // Names with Polish diacritics, and phones written in more than one way.
    expect(db.prepare(`select count(*) from leads where first_name || last_name glob '*[ąćęłńóśźżŁŚŻ]*'`).pluck().get()).toBeGreaterThan(20);
    expect(db.prepare(`select count(distinct substr(phone_raw, 1, 3)) from leads where phone_raw is not null`).pluck().get()).toBeGreaterThan(5);
    // Every linked or converted lead points to its client, and deleted ones carry a reason.
    expect(db.prepare(`select count(*) from leads where status in ('linked','converted') and client_id is null`).pluck().get()).toBe(0);
    expect(db.prepare(`select count(*) from leads where status = 'deleted' and deletion_reason_id is null`).pluck().get()).toBe(0);
    expect(db.prepare('select count(*) from activities').pluck().get()).toBe(demo.activities);
    db.close();
  });

  it('writes a change record for every synced row, in the same transaction', async () => {
    const { core } = await demoCore();
    const db = rawDb(core);
    for (const table of ['users', 'investments', 'sources', 'deletion_reasons', 'clients', 'leads', 'lead_client_links', 'activities', 'audit_log']) {
      const missing = db
        .prepare(`select count(*) from ${table} t where not exists (select 1 from change_log c where c.entity = ? and c.entity_id = t.id and c.op = 'insert')`)
        .pluck()
        .get(table);
      expect(missing, table).toBe(0);
    }
    db.close();
  });

  it('refuses to load demo data or create a first admin into a database that has users', async () => {
    const { core } = await demoCore();
    expect(await core.call('w', 'setup.loadDemo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await core.call('w', 'setup.createFirstAdmin', { username: 'boss', displayName: 'Boss', password: 'long-enough' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('creates the first admin and signs them in', async () => {
    const core = testCore();
    const user = await ok<SessionUser>(core.call('w', 'setup.createFirstAdmin', { username: 'szef', displayName: 'Jan Szef', password: 'bardzo-tajne' }));
    expect(user).toMatchObject({ username: 'szef', role: 'admin' });
    expect(await ok(core.call('w', 'auth.me', {}))).toEqual(user);
    expect(await ok(core.call('other-window', 'auth.me', {}))).toBeNull();
  });
});

describe('sign-in', () => {
  it('signs in with the demo password, per window, and signs out', async () => {
    const { core } = await demoCore();
    const anna = await ok<SessionUser>(core.call('w1', 'auth.signIn', { username: 'Anna', password: 'demo2026' }));
    expect(anna).toMatchObject({ username: 'anna', displayName: 'Anna Nowak', role: 'advisor' });
    expect(await ok(core.call('w1', 'auth.me', {}))).toEqual(anna);
    expect(await ok(core.call('w2', 'auth.me', {}))).toBeNull();
    await ok(core.call('w1', 'auth.signOut', {}));
    expect(await ok(core.call('w1', 'auth.me', {}))).toBeNull();
  });

  it('refuses a wrong password and an unknown user with the same message, and audits both', async () => {
    const { core } = await demoCore();
    const wrong = await core.call('w', 'auth.signIn', { username: 'anna', password: 'demo2025' });
    const unknown = await core.call('w', 'auth.signIn', { username: 'nobody', password: 'demo2026' });
    expect(wrong).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Wrong user name or password.' } });
    expect(unknown).toEqual(wrong);
    expect(await ok(core.call('w', 'auth.me', {}))).toBeNull();
    const db = rawDb(core);
    const failures = db.prepare(`select details from audit_log where action = 'auth.signInFailed' order by at`).pluck().all() as string[];
    expect(failures.map((d) => JSON.parse(d).username)).toEqual(['anna', 'nobody']);
    db.close();
  });

  it('ends the session of a user deactivated after signing in, and refuses their next sign-in', async () => {
    const { core } = await demoCore();
    await ok(core.call('w', 'auth.signIn', { username: 'piotr', password: 'demo2026' }));
    const db = new Database(core.databaseFile);
    db.prepare(`update users set active = 0 where username = 'piotr'`).run();
    db.close();
    expect(await core.call('w', 'leads.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await core.call('w', 'auth.signIn', { username: 'piotr', password: 'demo2026' })).toMatchObject({
      ok: false,
      error: { message: 'This account is deactivated. Ask an administrator.' },
    });
  });

  it('remembers the language a user chose', async () => {
    const { core } = await demoCore();
    await ok(core.call('w', 'auth.signIn', { username: 'kasia', password: 'demo2026' }));
    expect(await ok(core.call('w', 'users.setLanguage', { language: 'en' }))).toMatchObject({ uiLanguage: 'en' });
    await ok(core.call('w', 'auth.signOut', {}));
    expect(await ok(core.call('w', 'auth.signIn', { username: 'kasia', password: 'demo2026' }))).toMatchObject({ uiLanguage: 'en' });
    expect(await core.call('w', 'users.setLanguage', { language: 'de' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('the inbox', () => {
  async function signedIn() {
    const ctx = await demoCore();
    await ok(ctx.core.call('w', 'auth.signIn', { username: 'manager', password: 'demo2026' }));
    return ctx;
  }

  it('pages through every New lead exactly once, newest first', async () => {
    const { core } = await signedIn();
    const seen: LeadRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok<LeadPage>(core.call('w', 'leads.list', { status: 'new', limit: 7, cursor }));
      expect(page.rows.length).toBeLessThanOrEqual(7);
      seen.push(...page.rows);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const db = rawDb(core);
    const expected = db.prepare(`select id from leads where status = 'new' order by received_at desc, id desc`).pluck().all();
    db.close();
    expect(seen.map((r) => r.id)).toEqual(expected);
    expect(seen.every((r) => r.status === 'new' && r.sourceName.length > 0)).toBe(true);
  });

  it('shows the names of the source, investment and assignee', async () => {
    const { core } = await signedIn();
    const page = await ok<LeadPage>(core.call('w', 'leads.list', { limit: 500 }));
    expect(page.rows).toHaveLength(300);
    expect(page.nextCursor).toBeNull();
    const db = rawDb(core);
    const row = page.rows.find((r) => r.assigneeId && r.investmentId)!;
    const expected = db
      .prepare(`select s.name source, i.name investment, u.display_name assignee from leads l join sources s on s.id = l.source_id
        join investments i on i.id = l.investment_id join users u on u.id = l.assignee_user_id where l.id = ?`)
      .get(row.id);
    db.close();
    expect({ source: row.sourceName, investment: row.investmentName, assignee: row.assigneeName }).toEqual(expected);
  });

  it('counts leads per status as the database does', async () => {
    const { core } = await signedIn();
    const counts = await ok<LeadCounts>(core.call('w', 'leads.counts', {}));
    const db = rawDb(core);
    for (const status of ['new', 'linked', 'converted', 'deleted'] as const) {
      expect(counts[status]).toBe(db.prepare('select count(*) from leads where status = ?').pluck().get(status));
    }
    db.close();
  });

  it('rejects a forged cursor with a validation error', async () => {
    const { core } = await signedIn();
    expect(await core.call('w', 'leads.list', { cursor: 'bm90IGEgY3Vyc29y' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ field: 'cursor' }] } });
    expect(await core.call('w', 'leads.list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ field: 'limit' }] } });
  });

  it('reports a locked database as DB_LOCKED and keeps the data whole', async () => {
    const { core } = await signedIn();
    const holder = new Database(core.databaseFile);
    holder.exec('begin exclusive');
    try {
      const result = await core.call('w', 'users.setLanguage', { language: 'en' });
      expect(result).toMatchObject({ ok: false, error: { code: 'DB_LOCKED', message: expect.stringMatching(/is locked by another program/) } });
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    expect(await ok(core.call('w', 'auth.me', {}))).toMatchObject({ uiLanguage: 'pl' });
  });
});
