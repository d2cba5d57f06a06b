/**
 * The audit log: audit.list filters and keyset paging against SQL, the actions list, the CSV export (quoting,
 * formula guard, BOM), and the append-only guarantee of the table itself (SQLite triggers).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditFilters, AuditRow } from '../../src-shared/audit/types';
import { allAudit, auditSql, csvCells, insertAuditRows, readsOnly, signIn, type AuditDbRow } from './access-fixtures';
import { withWriter } from './client-fixtures';
import { count, createLead, freshOffice, refused, sharedOffice, type Caller, type Office } from './lead-fixtures';

/** Display names that a spreadsheet would read as formulas, and quotes to double. */
const NAMES = { anna: '=1+1 "Ania"', piotr: '@Piotr', kasia: '+Kasia', manager: '-Marek "Szef"' } as const;
const TIE_AT = 1_700_000_000_000;

interface World {
  o: Office;
  admin: Caller;
  manager: Caller;
  anna: Caller;
  tieIds: string[];
}

/** One office for the file (read by every list and export test): some acts by several people on top of the demo,
 * renamed users, and rows sharing one time. */
const office = sharedOffice();
let w: World;
beforeAll(async () => {
  const o = office();
  const [admin, manager, anna] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna')]);
  for (const [username, displayName] of Object.entries(NAMES)) await admin.ok('users.update', { id: o.user(username as keyof typeof NAMES).id, displayName });
  const lead = await createLead(anna, o, { firstName: 'Audytowana', lastName: 'Osoba' });
  await manager.ok('leads.assign', { ids: [lead.id], assigneeId: o.user('piotr').id });
  await admin.ok('settings.update', { teamSeesAll: true, firstCallDueMinutes: 20 });
  await signIn(o, 'stranger', 'anna', 'zle-haslo');
  // Nine rows at the very same millisecond, so ties straddle page boundaries.
  const tieIds = Array.from({ length: 9 }, (_, i) => `tie-${String(i).padStart(2, '0')}`);
  insertAuditRows(
    o,
    tieIds.map((id, i) => ({ id, at: TIE_AT, userId: i % 2 ? o.user('kasia').id : null, action: 'test.tie', details: { n: i, note: 'cytat "w środku"' } })),
  );
  w = { o, admin, manager, anna, tieIds };
});

const asRow = (r: AuditDbRow): AuditRow => ({
  id: r.id,
  at: r.at,
  userId: r.user_id,
  userName: r.userName,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
});

describe('audit.list', () => {
  it('returns everything newest first (ties by id), each row once, for any page size', async () => {
    const expected = auditSql(w.o.db).map(asRow);
    expect(expected.length).toBeGreaterThan(500);
    for (const limit of [500, 97, 7]) {
      const { rows, pages } = await allAudit(w.manager, {}, limit);
      expect(rows).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / limit) + (expected.length % limit === 0 ? 1 : 0));
    }
  });

  it('pages through rows that share one time without losing or repeating any', async () => {
    for (const limit of [1, 2, 4, 8, 9, 10]) {
      const { rows } = await allAudit(w.admin, { action: 'test.tie' }, limit);
      expect(rows.map((r) => r.id)).toEqual([...w.tieIds].reverse());
    }
  });

  it('filters by user', async () => {
    for (const name of ['admin', 'manager', 'anna', 'piotr', 'kasia'] as const) {
      const userId = w.o.user(name).id;
      const { rows } = await allAudit(w.manager, { userId }, 50);
      expect(rows.length, name).toBeGreaterThan(0);
      expect(rows).toEqual(auditSql(w.o.db, { userId }).map(asRow));
      expect(rows.every((r) => r.userId === userId && r.userName === w.o.user(name).displayName)).toBe(true);
    }
    expect((await allAudit(w.manager, { userId: 'no-such-user' })).rows).toEqual([]);
  });

  it('filters by action, and lists every action in the log whatever the filter', async () => {
    const actions = w.o.db.prepare('select distinct action from audit_log order by action').pluck().all() as string[];
    expect(actions).toEqual(expect.arrayContaining(['lead.created', 'lead.assigned', 'settings.changed', 'user.updated', 'auth.signInFailed', 'test.tie']));
    for (const action of actions) {
      const { rows, actions: listed } = await allAudit(w.manager, { action }, 100);
      expect(rows, action).toEqual(auditSql(w.o.db, { action }).map(asRow));
      expect(listed).toEqual(actions);
    }
    const none = await w.manager.ok('audit.list', { filters: { action: 'no.such.action' } });
    expect(none).toEqual({ rows: [], nextCursor: null, actions });
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    const times = w.o.db.prepare('select distinct at from audit_log order by at').pluck().all() as number[];
    const from = times[Math.floor(times.length / 4)]!;
    const to = times[Math.floor((3 * times.length) / 4)]!;
    const cases: AuditFilters[] = [{ from }, { to }, { from, to }, { from, to: from }, { from: to, to: from }, { from: TIE_AT, to: TIE_AT + 1 }];
    for (const filters of cases) {
      const { rows } = await allAudit(w.manager, filters, 60);
      expect(rows, JSON.stringify(filters)).toEqual(auditSql(w.o.db, filters).map(asRow));
    }
    const { rows } = await allAudit(w.manager, { from, to }, 500);
    expect(rows.some((r) => r.at === from)).toBe(true);
    expect(rows.some((r) => r.at === to)).toBe(false);
    expect((await allAudit(w.manager, { from: TIE_AT, to: TIE_AT + 1 })).rows.map((r) => r.id).sort()).toEqual(w.tieIds);
  });

  it('combines filters', async () => {
    const times = w.o.db.prepare("select at from audit_log where action = 'lead.assigned' order by at").pluck().all() as number[];
    const filters: AuditFilters = { userId: w.o.user('admin').id, action: 'lead.assigned', from: times[10]!, to: times[times.length - 10]! };
    const { rows } = await allAudit(w.manager, filters, 13);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows).toEqual(auditSql(w.o.db, filters).map(asRow));
  });

  it('writes nothing itself', async () => {
    await readsOnly(w.o, () => w.manager.ok('audit.list', { limit: 500 }));
    await readsOnly(w.o, () => w.manager.ok('audit.exportCsv', {}));
  });

  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['garbage', 'not-a-cursor!'],
    ['an object', forged({ at: 1, id: 'x' })],
    ['a number', forged(42)],
    ['a one-element array', forged(['x'])],
  ])('refuses a cursor that is not one of its own (VALIDATION): %s', async (_what, cursor) => {
    const error = await refused(w.manager.call('audit.list', { cursor }), 'VALIDATION');
    expect(error.issues?.map((i) => i.field)).toEqual(['cursor']);
  });
});

describe('audit.exportCsv', () => {
  const guard = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text);
  const cellsOf = (r: AuditDbRow) => [
    new Date(r.at).toISOString(),
    guard(r.userName ?? ''),
    r.action,
    r.entity ?? '',
    r.entity_id ?? '',
    r.details === null ? '' : JSON.stringify(JSON.parse(r.details)),
  ];

  it('writes a BOM, a header and one line per row, matching the list', async () => {
    const out = await w.admin.ok('audit.exportCsv', {});
    expect(out.fileName).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(out.csv.startsWith('\uFEFF"time (UTC)","user","action","entity","entity id","details"\r\n')).toBe(true);
    expect(out.csv.endsWith('\r\n')).toBe(true);
    const lines = out.csv.slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    const expected = auditSql(w.o.db);
    expect(out.rows).toBe(expected.length);
    expect(lines).toHaveLength(expected.length + 1);
    expect(csvCells(lines[0]!)).toEqual(['time (UTC)', 'user', 'action', 'entity', 'entity id', 'details']);
    expect(lines.slice(1).map(csvCells)).toEqual(expected.map(cellsOf));
  });

  it("doubles quotes and puts a quote mark before a value a spreadsheet would run as a formula", async () => {
    const { csv } = await w.admin.ok('audit.exportCsv', { filters: { action: 'user.updated' } });
    const lines = csv.slice(1).split('\r\n').slice(1, -1);
    const annaId = w.o.user('anna').id;
    // The rename of anna is done by admin; her own acts carry her (formula-like) name.
    const renamed = lines.find((l) => l.includes(`"${annaId}"`))!;
    expect(renamed).toContain('"{""username"":""anna"",""displayName"":""=1+1 \\""Ania\\""""}"');
    expect(lines.every((l) => csvCells(l)[2] === 'user.updated')).toBe(true);
    const own = (await w.admin.ok('audit.exportCsv', { filters: { userId: annaId } })).csv.split('\r\n').slice(1, -1);
    expect(own.length).toBe(count(w.o.db, 'select count(*) from audit_log where user_id = ?', annaId));
    for (const line of own) expect(line.split(',')[1]).toBe(`"'=1+1 ""Ania"""`);
    const userCell = async (name: 'piotr' | 'kasia' | 'manager') =>
      (await w.admin.ok('audit.exportCsv', { filters: { userId: w.o.user(name).id } })).csv.split('\r\n')[1]!;
    expect(await userCell('piotr')).toContain(`,"'@Piotr",`);
    expect(await userCell('kasia')).toContain(`,"'+Kasia",`);
    expect(await userCell('manager')).toContain(`,"'-Marek ""Szef""",`);
    // Details with quotes inside JSON strings: doubled in the cell, and the cell reads back as the JSON.
    const ties = (await w.admin.ok('audit.exportCsv', { filters: { action: 'test.tie' } })).csv.slice(1).split('\r\n').slice(1, -1);
    expect(ties).toHaveLength(9);
    expect(ties[0]).toContain('"{""n"":8,""note"":""cytat \\""w środku\\""""}"');
    expect(JSON.parse(csvCells(ties[0]!)[5]!)).toEqual({ n: 8, note: 'cytat "w środku"' });
  });

  it('applies the filters (time window, user, action) as the list does', async () => {
    const times = w.o.db.prepare('select distinct at from audit_log order by at').pluck().all() as number[];
    const filters: AuditFilters = { from: times[20]!, to: times[200]! };
    const out = await w.manager.ok('audit.exportCsv', { filters });
    const expected = auditSql(w.o.db, filters);
    expect(out.rows).toBe(expected.length);
    expect(out.csv.slice(1).split('\r\n').slice(1, -1).map(csvCells)).toEqual(expected.map(cellsOf));
    const none = await w.manager.ok('audit.exportCsv', { filters: { action: 'no.such.action' } });
    expect(none.rows).toBe(0);
    expect(none.csv).toBe('\uFEFF"time (UTC)","user","action","entity","entity id","details"\r\n');
  });
});

describe('the log is append-only', () => {
  it('refuses UPDATE and DELETE through any connection, and keeps every entry as it was', async () => {
    const o = await freshOffice();
    const all = () => o.db.prepare('select * from audit_log order by rowid').all();
    const before = all();
    const someId = (before[0] as { id: string }).id;
    withWriter(o, (db) => {
      expect(() => db.prepare("update audit_log set action = 'tampered' where id = ?").run(someId)).toThrow('Audit entries cannot be changed.');
      expect(() => db.prepare('update audit_log set details = null').run()).toThrow('Audit entries cannot be changed.');
      expect(() => db.prepare('delete from audit_log where id = ?').run(someId)).toThrow('Audit entries cannot be deleted.');
      expect(() => db.prepare('delete from audit_log').run()).toThrow('Audit entries cannot be deleted.');
      expect(() => db.prepare("insert into audit_log (id, at, action) values (?, 1, 'x') on conflict(id) do update set action = 'tampered'").run(someId)).toThrow(
        'Audit entries cannot be changed.',
      );
    });
    expect(all()).toEqual(before);
  });

  it('refuses rewriting an entry with INSERT OR REPLACE too', async () => {
    const o = await freshOffice();
    const someId = o.db.prepare('select id from audit_log order by rowid limit 1').pluck().get() as string;
    const before = o.db.prepare('select * from audit_log where id = ?').get(someId);
    let error: unknown;
    withWriter(o, (db) => {
      try {
        db.prepare("insert or replace into audit_log (id, at, user_id, action) values (?, 1, null, 'tampered')").run(someId);
      } catch (e) {
        error = e;
      }
    });
    expect(o.db.prepare('select * from audit_log where id = ?').get(someId), 'the entry was rewritten').toEqual(before);
    expect(String(error)).toMatch(/Audit entries cannot be (changed|deleted)\./);
  });

  it('leaves appending to the services: a refused act writes no entry, a done one exactly its own', async () => {
    const o = await freshOffice();
    const [admin, anna] = await Promise.all([o.as('admin'), o.as('anna')]);
    const n = count(o.db, 'select count(*) from audit_log');
    await refused(anna.call('settings.update', { teamSeesAll: true }), 'FORBIDDEN');
    expect(count(o.db, 'select count(*) from audit_log')).toBe(n);
    await admin.ok('settings.update', { teamSeesAll: true });
    const last = o.db.prepare('select action, user_id as userId, entity, details from audit_log order by rowid desc limit 1').get();
    expect(count(o.db, 'select count(*) from audit_log')).toBe(n + 1);
    expect(last).toEqual({ action: 'settings.changed', userId: admin.user.id, entity: 'settings', details: '{"teamSeesAll":true}' });
  });
});
