/**
 * What each role sees: an advisor sees unassigned leads and their own, and their own clients, unless the office
 * turns on "team sees all"; managers and admins see everything. Expected sets come from SQL over the same file.
 */
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { LeadCounts, LeadStatus } from '../../src-shared/leads/types';
import { allClients } from './access-fixtures';
import { ownedClient } from './client-fixtures';
import { freshOffice, ids, leadWhere, listAll, refused, sharedOffice, type Caller, type Office, type Username } from './lead-fixtures';

const STATUSES: LeadStatus[] = ['new', 'linked', 'converted', 'deleted'];

const visibleLeadIds = (db: Database.Database, userId: string | null, where = '1 = 1', ...params: unknown[]): string[] =>
  (
    db
      .prepare(`select id from leads where ${userId ? '(assignee_user_id is null or assignee_user_id = ?) and' : ''} ${where}`)
      .pluck()
      .all(...(userId ? [userId] : []), ...params) as string[]
  ).sort();

function visibleCounts(db: Database.Database, userId: string | null): LeadCounts {
  const counts: LeadCounts = { new: 0, linked: 0, converted: 0, deleted: 0 };
  const rows = db
    .prepare(`select status, count(*) as n from leads ${userId ? 'where assignee_user_id is null or assignee_user_id = ?' : ''} group by status`)
    .all(...(userId ? [userId] : [])) as { status: LeadStatus; n: number }[];
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

const visibleClientIds = (db: Database.Database, ownerId: string | null): string[] =>
  (
    db
      .prepare(`select id from clients where deleted_at is null ${ownerId ? 'and owner_user_id = ?' : ''}`)
      .pluck()
      .all(...(ownerId ? [ownerId] : [])) as string[]
  ).sort();

/** Checks that `caller` sees exactly the leads and clients SQL says (restricted to `ownId`, or everything when null). */
async function expectSees(o: Office, caller: Caller, ownId: string | null) {
  expect(ids(await listAll(caller, {}))).toEqual(visibleLeadIds(o.db, ownId));
  for (const status of STATUSES) {
    expect(ids(await listAll(caller, { status })), status).toEqual(visibleLeadIds(o.db, ownId, 'status = ?', status));
  }
  expect(await caller.ok('leads.counts', {})).toEqual(visibleCounts(o.db, ownId));
  expect(ids(await allClients(caller))).toEqual(visibleClientIds(o.db, ownId));
}

describe('visibility with the office default (team does not see all)', () => {
  const office = sharedOffice();

  it.each(['anna', 'piotr', 'kasia'] as Username[])('%s sees unassigned leads and their own, and their own clients only', async (name) => {
    const o = office();
    const me = await o.as(name);
    const restricted = visibleLeadIds(o.db, me.user.id);
    // The demo has leads of every advisor and unassigned ones, so the restriction is visible.
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted.length).toBeLessThan(visibleLeadIds(o.db, null).length);
    await expectSees(o, me, me.user.id);
  });

  it('keeps the restriction under filters, sorts and searches', async () => {
    const o = office();
    const anna = await o.as('anna');
    const annaId = anna.user.id;
    expect(ids(await listAll(anna, { filters: { assignee: o.user('piotr').id } }))).toEqual([]);
    expect(ids(await listAll(anna, { filters: { assignee: 'unassigned' } }))).toEqual(visibleLeadIds(o.db, null, 'assignee_user_id is null'));
    expect(ids(await listAll(anna, { filters: { assignee: 'me' } }))).toEqual(visibleLeadIds(o.db, null, 'assignee_user_id = ?', annaId));
    expect(ids(await listAll(anna, { sort: { column: 'name', direction: 'asc' } }, 37))).toEqual(visibleLeadIds(o.db, annaId));
    const source = o.sourceId('Phone');
    expect(ids(await listAll(anna, { filters: { sourceId: source } }))).toEqual(visibleLeadIds(o.db, annaId, 'source_id = ?', source));
    const counts = await anna.ok('leads.counts', { filters: { sourceId: source } });
    const expected: LeadCounts = { new: 0, linked: 0, converted: 0, deleted: 0 };
    for (const id of visibleLeadIds(o.db, annaId, 'source_id = ?', source)) expected[o.db.prepare('select status from leads where id = ?').pluck().get(id) as LeadStatus] += 1;
    expect(counts).toEqual(expected);
    // A search for someone else's lead by its phone finds nothing for anna.
    const piotrs = o.db.prepare(`select phone_e164 from leads where assignee_user_id = ? and phone_e164 is not null
       and not exists (select 1 from leads x where x.phone_e164 = leads.phone_e164 and (x.assignee_user_id is null or x.assignee_user_id = ?))
       limit 1`).pluck().get(o.user('piotr').id, annaId) as string;
    expect(piotrs).toMatch(/^\+48/);
    expect(ids(await listAll(anna, { filters: { search: piotrs } }))).toEqual([]);
    expect((await listAll(await o.as('manager'), { filters: { search: piotrs } })).length).toBeGreaterThan(0);
    // Filtering clients by another owner shows none of them.
    expect(await allClients(anna, { ownerId: o.user('piotr').id })).toEqual([]);
  });

  it("refuses leads.get and clients.get of another advisor's lead or client (FORBIDDEN) and allows the own and unassigned ones", async () => {
    const o = office();
    const anna = await o.as('anna');
    const piotrsLead = leadWhere(o.db, 'assignee_user_id = ?', o.user('piotr').id);
    const piotrsClient = ownedClient(o.db, o.user('piotr').id).id;
    expect((await refused(anna.call('leads.get', { id: piotrsLead }), 'FORBIDDEN')).message).toBe('This lead is assigned to another advisor.');
    expect((await refused(anna.call('clients.get', { id: piotrsClient }), 'FORBIDDEN')).message).toMatch(/belongs to another salesperson/);

    const own = leadWhere(o.db, 'assignee_user_id = ?', anna.user.id);
    const unassigned = leadWhere(o.db, 'assignee_user_id is null');
    expect((await anna.ok('leads.get', { id: own })).id).toBe(own);
    expect((await anna.ok('leads.get', { id: unassigned })).id).toBe(unassigned);
    const annasClient = ownedClient(o.db, anna.user.id).id;
    expect((await anna.ok('clients.get', { id: annasClient })).ownerId).toBe(anna.user.id);
  });

  it.each(['manager', 'admin'] as Username[])('%s sees every lead and every client', async (name) => {
    const o = office();
    const caller = await o.as(name);
    await expectSees(o, caller, null);
    expect((await caller.ok('leads.get', { id: leadWhere(o.db, 'assignee_user_id = ?', o.user('piotr').id) })).assigneeId).toBe(o.user('piotr').id);
    expect((await caller.ok('clients.get', { id: ownedClient(o.db, o.user('kasia').id).id })).ownerId).toBe(o.user('kasia').id);
  });
});

describe('team sees all', () => {
  it('lets advisors see everything once an admin turns it on, and restricts them again when it is off', async () => {
    const o = await freshOffice();
    const [admin, anna, manager] = await Promise.all([o.as('admin'), o.as('anna'), o.as('manager')]);
    const piotrsLead = leadWhere(o.db, 'assignee_user_id = ?', o.user('piotr').id);
    const piotrsClient = ownedClient(o.db, o.user('piotr').id).id;
    await refused(anna.call('leads.get', { id: piotrsLead }), 'FORBIDDEN');

    expect(await admin.ok('settings.update', { teamSeesAll: true })).toMatchObject({ teamSeesAll: true });
    expect((await anna.ok('lookups.get', {})).settings.teamSeesAll).toBe(true);
    // The advisor's next call sees the change: no new sign-in needed.
    await expectSees(o, anna, null);
    expect((await anna.ok('leads.get', { id: piotrsLead })).id).toBe(piotrsLead);
    expect((await anna.ok('clients.get', { id: piotrsClient })).id).toBe(piotrsClient);
    expect(await allClients(anna, { ownerId: o.user('piotr').id })).toHaveLength(visibleClientIds(o.db, null).filter((id) => o.db.prepare('select owner_user_id from clients where id = ?').pluck().get(id) === o.user('piotr').id).length);

    expect(await admin.ok('settings.update', { teamSeesAll: false })).toMatchObject({ teamSeesAll: false });
    await expectSees(o, anna, anna.user.id);
    await refused(anna.call('leads.get', { id: piotrsLead }), 'FORBIDDEN');
    await refused(anna.call('clients.get', { id: piotrsClient }), 'FORBIDDEN');
    // Managers saw everything throughout.
    await expectSees(o, manager, null);
  });

  it('a lead assigned to an advisor shows up in their list on the next call, and leaves the others\' lists', async () => {
    const o = await freshOffice();
    const [manager, anna, piotr] = await Promise.all([o.as('manager'), o.as('anna'), o.as('piotr')]);
    const unassigned = leadWhere(o.db, "assignee_user_id is null and status = 'new'");
    expect(ids(await listAll(piotr, { status: 'new' }))).toContain(unassigned);
    await manager.ok('leads.assign', { ids: [unassigned], assigneeId: anna.user.id });
    expect(ids(await listAll(anna, { status: 'new' }))).toContain(unassigned);
    expect(ids(await listAll(piotr, { status: 'new' }))).not.toContain(unassigned);
    await refused(piotr.call('leads.get', { id: unassigned }), 'FORBIDDEN');
    expect(await piotr.ok('leads.counts', {})).toEqual(visibleCounts(o.db, piotr.user.id));
  });
});
