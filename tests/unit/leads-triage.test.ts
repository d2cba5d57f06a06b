import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import type { EventMap, EventName } from '../../src-shared/api/contract';
import type { LeadDetail } from '../../src-shared/leads/types';
import {
  createLead,
  footprint,
  freshOffice,
  leadRow,
  leadWhere,
  logCounts,
  refused,
  refusedUnchanged,
  type Office,
} from './lead-fixtures';

/**
 * A fresh demo office with the people signed in and a few leads of known state:
 * New leads of anna, of piotr and unassigned; a Deleted one; and demo leads that are Linked and Converted.
 */
async function triageOffice() {
  const o = await freshOffice();
  const [manager, anna, piotr] = await Promise.all([o.as('manager'), o.as('anna'), o.as('piotr')]);
  const annas = await createLead(manager, o, { firstName: 'Anny', lastName: 'Klient', assigneeId: o.user('anna').id });
  const piotrs = await createLead(manager, o, { firstName: 'Piotra', lastName: 'Klient', assigneeId: o.user('piotr').id });
  const unassigned = await createLead(manager, o, { firstName: 'Niczyj', lastName: 'Klient' });
  const deleted = await createLead(manager, o, { assigneeId: o.user('anna').id });
  await manager.ok('leads.delete', { ids: [deleted.id], reasonId: o.reasonId('Spam') });
  return {
    o,
    manager,
    anna,
    piotr,
    lead: {
      annas: annas.id,
      piotrs: piotrs.id,
      unassigned: unassigned.id,
      deleted: deleted.id,
      linked: leadWhere(o.db, `status = 'linked'`),
      converted: leadWhere(o.db, `status = 'converted'`),
    },
  };
}

/** Runs a successful mutation and checks what it wrote to the logs: one change record per lead plus the audit entry's own. */
async function expectLogged(o: Office, leadsChanged: number, act: () => Promise<unknown>) {
  const before = logCounts(o.db);
  const result = await act();
  expect(logCounts(o.db)).toEqual({ changeLog: before.changeLog + 2 * leadsChanged, auditLog: before.auditLog + leadsChanged });
  return result;
}

function lastChange(o: Office, entityId: string) {
  const row = o.db.prepare(`select entity, op, data, user_id as userId from change_log where entity = 'leads' and entity_id = ? order by seq desc limit 1`).get(entityId) as
    | { entity: string; op: string; data: string; userId: string }
    | undefined;
  return row && { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
}

function lastAudit(o: Office, entityId: string) {
  const row = o.db.prepare(`select action, user_id as userId, details from audit_log where entity = 'leads' and entity_id = ? order by at desc, rowid desc limit 1`).get(entityId) as
    | { action: string; userId: string; details: string }
    | undefined;
  return row && { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
}

describe('triage rules: a refused call returns its code and changes nothing', () => {
  it('deletes only New leads (CONFLICT otherwise)', async () => {
    const { o, manager, lead } = await triageOffice();
    for (const id of [lead.linked, lead.converted, lead.deleted]) {
      const error = await refusedUnchanged(o, () => manager.call('leads.delete', { ids: [id], reasonId: o.reasonId('Spam') }), 'CONFLICT', [id]);
      expect(error.message).toMatch(/^Only New leads can be deleted; this one is (Linked|Converted|Deleted)\.$/);
    }
  });

  it('restores only Deleted leads (CONFLICT otherwise)', async () => {
    const { o, manager, lead } = await triageOffice();
    for (const id of [lead.unassigned, lead.linked, lead.converted]) {
      const error = await refusedUnchanged(o, () => manager.call('leads.restore', { ids: [id] }), 'CONFLICT', [id]);
      expect(error.message).toMatch(/^Only Deleted leads can be restored/);
    }
  });

  it('does not assign, prioritise or qualify a Deleted lead, even for a manager (CONFLICT)', async () => {
    const { o, manager, lead } = await triageOffice();
    const ids = [lead.deleted];
    await refusedUnchanged(o, () => manager.call('leads.assign', { ids, assigneeId: o.user('kasia').id }), 'CONFLICT', ids);
    await refusedUnchanged(o, () => manager.call('leads.assign', { ids, assigneeId: null }), 'CONFLICT', ids);
    await refusedUnchanged(o, () => manager.call('leads.setPriority', { ids, priority: 'urgent' }), 'CONFLICT', ids);
    const error = await refusedUnchanged(o, () => manager.call('leads.setQualification', { ids, qualification: 'hot' }), 'CONFLICT', ids);
    expect(error.message).toBe('A Deleted lead cannot be changed; restore it first.');
  });

  it("keeps an advisor's hands off another advisor's lead (FORBIDDEN)", async () => {
    const { o, anna, piotr, lead } = await triageOffice();
    const ids = [lead.piotrs];
    await refusedUnchanged(o, () => anna.call('leads.delete', { ids, reasonId: o.reasonId('Spam') }), 'FORBIDDEN', ids);
    await refusedUnchanged(o, () => anna.call('leads.assign', { ids, assigneeId: o.user('anna').id }), 'FORBIDDEN', ids);
    await refusedUnchanged(o, () => anna.call('leads.assign', { ids, assigneeId: null }), 'FORBIDDEN', ids);
    await refusedUnchanged(o, () => anna.call('leads.setPriority', { ids, priority: 'urgent' }), 'FORBIDDEN', ids);
    await refusedUnchanged(o, () => anna.call('leads.setQualification', { ids, qualification: 'cold' }), 'FORBIDDEN', ids);
    // Nor restore one: the Deleted lead here is anna's, piotr asks.
    const error = await refusedUnchanged(o, () => piotr.call('leads.restore', { ids: [lead.deleted] }), 'FORBIDDEN', [lead.deleted]);
    expect(error.message).toBe("This lead is assigned to another advisor; only a manager can change another advisor's lead.");
  });

  it('lets an advisor take an unassigned lead, but not give one (or their own) to someone else', async () => {
    const { o, anna, lead } = await triageOffice();
    const piotrId = o.user('piotr').id;
    await refusedUnchanged(o, () => anna.call('leads.assign', { ids: [lead.unassigned], assigneeId: piotrId }), 'FORBIDDEN', [lead.unassigned]);
    const error = await refusedUnchanged(o, () => anna.call('leads.assign', { ids: [lead.annas], assigneeId: piotrId }), 'FORBIDDEN', [lead.annas]);
    expect(error.message).toMatch(/^Advisors can take leads for themselves only/);

    await expectLogged(o, 1, () => anna.ok('leads.assign', { ids: [lead.unassigned], assigneeId: o.user('anna').id }));
    expect(leadRow(o.db, lead.unassigned).assignee_user_id).toBe(o.user('anna').id);
    // And can hand their own back to the pool.
    await expectLogged(o, 1, () => anna.ok('leads.assign', { ids: [lead.unassigned], assigneeId: null }));
    expect(leadRow(o.db, lead.unassigned).assignee_user_id).toBeNull();
  });

  it("lets a manager assign anyone's lead to anyone, and unassign it", async () => {
    const { o, manager, lead } = await triageOffice();
    const kasia = o.user('kasia');
    const result = await expectLogged(o, 3, () => manager.ok('leads.assign', { ids: [lead.annas, lead.piotrs, lead.linked], assigneeId: kasia.id }));
    expect(result).toEqual({ changed: expect.arrayContaining([lead.annas, lead.piotrs, lead.linked]) });
    for (const id of [lead.annas, lead.piotrs, lead.linked]) expect(leadRow(o.db, id).assignee_user_id).toBe(kasia.id);
    expect(lastAudit(o, lead.piotrs)).toEqual({ action: 'lead.assigned', userId: o.user('manager').id, details: { from: 'Piotr Wiśniewski', to: kasia.displayName } });
    await expectLogged(o, 1, () => manager.ok('leads.assign', { ids: [lead.annas], assigneeId: null }));
    expect(leadRow(o.db, lead.annas).assignee_user_id).toBeNull();
  });

  it('changes none of a selection when one lead of it may not change (all or nothing)', async () => {
    const { o, manager, anna, lead } = await triageOffice();
    const mix = [lead.annas, lead.unassigned, lead.piotrs, lead.linked];
    const error = await refusedUnchanged(o, () => manager.call('leads.delete', { ids: mix, reasonId: o.reasonId('Test') }), 'CONFLICT', mix);
    expect(error.message).toMatch(/^1 of the 4 selected leads cannot be changed, so none was\./);
    // An advisor's selection with someone else's lead in it: FORBIDDEN, nothing changed.
    const advisorMix = [lead.annas, lead.unassigned, lead.piotrs];
    await refusedUnchanged(o, () => anna.call('leads.setPriority', { ids: advisorMix, priority: 'important' }), 'FORBIDDEN', advisorMix);
    // A lead that no longer exists: NOT_FOUND, nothing changed.
    const withGhost = [lead.annas, 'no-such-lead'];
    const notFound = await refusedUnchanged(o, () => manager.call('leads.setPriority', { ids: withGhost, priority: 'urgent' }), 'NOT_FOUND', withGhost);
    expect(notFound.message).toMatch(/^1 of the 2 selected leads no longer exist/);
  });

  it('refuses an unknown deletion reason and an unknown or inactive assignee (VALIDATION)', async () => {
    const { o, manager, lead } = await triageOffice();
    const ids = [lead.annas];
    const reason = await refusedUnchanged(o, () => manager.call('leads.delete', { ids, reasonId: 'no-such-reason' }), 'VALIDATION', ids);
    expect(reason.issues).toEqual([{ field: 'reasonId', message: 'Choose a reason from the list' }]);
    await refusedUnchanged(o, () => manager.call('leads.assign', { ids, assigneeId: 'no-such-user' }), 'VALIDATION', ids);

    const writer = new Database(o.core.databaseFile);
    writer.prepare(`update users set active = 0 where username = 'kasia'`).run();
    writer.close();
    const inactive = await refusedUnchanged(o, () => manager.call('leads.assign', { ids, assigneeId: o.user('kasia').id }), 'VALIDATION', ids);
    expect(inactive.issues).toEqual([{ field: 'assigneeId', message: 'Not an active user' }]);
  });

  it('refuses malformed input at the boundary (VALIDATION)', async () => {
    const { o, manager, lead } = await triageOffice();
    await refusedUnchanged(o, () => manager.call('leads.delete', { ids: [], reasonId: o.reasonId('Spam') }), 'VALIDATION');
    await refusedUnchanged(o, () => manager.call('leads.setPriority', { ids: [lead.annas], priority: 'critical' }), 'VALIDATION', [lead.annas]);
    await refusedUnchanged(o, () => manager.call('leads.setQualification', { ids: [lead.annas], qualification: 'lukewarm' }), 'VALIDATION', [lead.annas]);
    await refusedUnchanged(o, () => manager.call('leads.assign', { ids: [lead.annas] }), 'VALIDATION', [lead.annas]);
    await refusedUnchanged(o, () => manager.call('leads.delete', { ids: Array.from({ length: 501 }, (_, i) => `id-${i}`), reasonId: 'x' }), 'VALIDATION');
  });
});

describe('triage writes: the row, its change record and its audit entry', () => {
  it('deletes with a reason and comment, then restores', async () => {
    const { o, anna, lead } = await triageOffice();
    const annaId = o.user('anna').id;
    const ids = [lead.annas, lead.unassigned];
    const result = await expectLogged(o, 2, () => anna.ok('leads.delete', { ids, reasonId: o.reasonId('Duplicate inquiry'), comment: '  Already called  ' }));
    expect(result).toEqual({ changed: expect.arrayContaining(ids) });
    for (const id of ids) {
      const row = leadRow(o.db, id);
      expect(row).toMatchObject({ status: 'deleted', deletion_reason_id: o.reasonId('Duplicate inquiry'), deletion_comment: 'Already called', deleted_by: annaId });
      expect(row.deleted_at).toEqual(expect.any(Number));
      // The inbox timer stopped when it was deleted.
      expect((await anna.ok('leads.get', { id })).handledAt).toBe(row.deleted_at);
      expect(lastChange(o, id)).toMatchObject({ op: 'update', userId: annaId, data: { status: 'deleted', deletionReasonId: o.reasonId('Duplicate inquiry') } });
      expect(lastAudit(o, id)).toEqual({ action: 'lead.deleted', userId: annaId, details: { reason: 'Duplicate inquiry', comment: 'Already called' } });
    }

    await expectLogged(o, 2, () => anna.ok('leads.restore', { ids }));
    for (const id of ids) {
      expect(leadRow(o.db, id)).toMatchObject({ status: 'new', deletion_reason_id: null, deletion_comment: null, deleted_at: null, deleted_by: null });
      expect((await anna.ok('leads.get', { id })).handledAt).toBeNull();
      expect(lastChange(o, id)).toMatchObject({ op: 'update', data: { status: 'new', deletionReasonId: null } });
      expect(lastAudit(o, id)).toEqual({ action: 'lead.restored', userId: annaId, details: { previousReason: 'Duplicate inquiry' } });
    }
  });

  it('sets priority and qualification, logging from and to; a no-op writes nothing', async () => {
    const { o, manager, lead } = await triageOffice();
    const managerId = o.user('manager').id;
    await expectLogged(o, 2, () => manager.ok('leads.setPriority', { ids: [lead.annas, lead.converted], priority: 'urgent' }));
    expect(leadRow(o.db, lead.annas).priority).toBe('urgent');
    expect(lastAudit(o, lead.annas)).toEqual({ action: 'lead.priorityChanged', userId: managerId, details: { from: 'standard', to: 'urgent' } });
    expect(lastChange(o, lead.annas)).toMatchObject({ op: 'update', data: { priority: 'urgent' } });

    await expectLogged(o, 1, () => manager.ok('leads.setQualification', { ids: [lead.annas], qualification: 'warm' }));
    expect(leadRow(o.db, lead.annas).qualification).toBe('warm');
    expect(lastAudit(o, lead.annas)).toEqual({ action: 'lead.qualified', userId: managerId, details: { from: null, to: 'warm' } });
    await expectLogged(o, 1, () => manager.ok('leads.setQualification', { ids: [lead.annas], qualification: null }));
    expect(leadRow(o.db, lead.annas).qualification).toBeNull();

    // Already as asked: nothing written, nothing audited, nothing reported changed.
    const before = footprint(o.db, [lead.annas]);
    expect(await manager.ok('leads.setPriority', { ids: [lead.annas], priority: 'urgent' })).toEqual({ changed: [] });
    expect(await manager.ok('leads.assign', { ids: [lead.piotrs], assigneeId: o.user('piotr').id })).toEqual({ changed: [] });
    expect(footprint(o.db, [lead.annas])).toEqual(before);
    // A mixed selection reports only the leads that changed.
    expect(await expectLogged(o, 1, () => manager.ok('leads.setPriority', { ids: [lead.annas, lead.piotrs], priority: 'urgent' }))).toEqual({ changed: [lead.piotrs] });
  });

  it('lists every act in the history, with who did it', async () => {
    const { o, manager, anna } = await triageOffice();
    const created = await createLead(manager, o, { firstName: 'Historia', lastName: 'Testowa' });
    await anna.ok('leads.assign', { ids: [created.id], assigneeId: o.user('anna').id });
    await anna.ok('leads.setPriority', { ids: [created.id], priority: 'important' });
    await anna.ok('leads.setQualification', { ids: [created.id], qualification: 'hot' });
    await anna.ok('leads.delete', { ids: [created.id], reasonId: o.reasonId('Wrong number'), comment: 'Nie ten numer' });

    const deleted = await anna.ok('leads.get', { id: created.id });
    expect(deleted).toMatchObject({ status: 'deleted', deletionReason: 'Wrong number', deletionComment: 'Nie ten numer', deletedByName: 'Anna Nowak', assigneeName: 'Anna Nowak' });
    await manager.ok('leads.restore', { ids: [created.id] });

    const detail = await manager.ok('leads.get', { id: created.id });
    expect(detail).toMatchObject({ status: 'new', deletionReason: null, deletionComment: null, deletedAt: null, deletedByName: null, priority: 'important', qualification: 'hot' });
    const history = detail.history.map(({ action, userName, details }) => ({ action, userName, details }));
    expect(history).toHaveLength(6);
    expect(history).toEqual(
      expect.arrayContaining([
        { action: 'lead.created', userName: 'Małgorzata Zielińska', details: { manual: true, source: 'Phone' } },
        { action: 'lead.assigned', userName: 'Anna Nowak', details: { from: null, to: 'Anna Nowak' } },
        { action: 'lead.priorityChanged', userName: 'Anna Nowak', details: { from: 'standard', to: 'important' } },
        { action: 'lead.qualified', userName: 'Anna Nowak', details: { from: null, to: 'hot' } },
        { action: 'lead.deleted', userName: 'Anna Nowak', details: { reason: 'Wrong number', comment: 'Nie ten numer' } },
        { action: 'lead.restored', userName: 'Małgorzata Zielińska', details: { previousReason: 'Wrong number' } },
      ]),
    );
    expect(detail.history.every((h, i, all) => i === 0 || all[i - 1]!.at <= h.at)).toBe(true);
  });

  it('starts the history of an intake lead with its arrival', async () => {
    const { o, manager } = await triageOffice();
    const id = leadWhere(o.db, `status = 'new' and json_extract(raw_payload, '$.channel') is null`);
    const detail: LeadDetail = await manager.ok('leads.get', { id });
    expect(detail.history[0]).toEqual({ at: detail.receivedAt, action: 'lead.received', userName: null, details: { source: detail.sourceName } });
    await refused(manager.call('leads.get', { id: 'no-such-lead' }), 'NOT_FOUND');
  });

  it('writes the lead change and its audit entry in one transaction: a failing audit write undoes the change', async () => {
    const { o, manager, lead } = await triageOffice();
    const writer = new Database(o.core.databaseFile);
    writer.exec(`create trigger audit_fails before insert on audit_log when new.action = 'lead.priorityChanged' begin select raise(abort, 'audit is down'); end`);
    writer.close();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const ids = [lead.annas, lead.piotrs];
      await refusedUnchanged(o, () => manager.call('leads.setPriority', { ids, priority: 'urgent' }), 'INTERNAL', ids);
      // The first lead's update ran before the audit insert failed; it must be rolled back too.
      expect(leadRow(o.db, lead.annas).priority).toBe('standard');
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('events', () => {
  it("announces 'leads.changed' with the changed ids, and nothing for a refused call", async () => {
    const { o, manager, lead } = await triageOffice();
    const seen: { clientKey: string | null; event: EventName; payload: EventMap[EventName] }[] = [];
    const unsubscribe = o.core.subscribe((clientKey, event, payload) => seen.push({ clientKey, event, payload }));

    await manager.ok('leads.delete', { ids: [lead.annas, lead.unassigned], reasonId: o.reasonId('Spam') });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ clientKey: null, event: 'leads.changed' });
    expect(((seen[0]!.payload as EventMap['leads.changed']).ids ?? []).sort()).toEqual([lead.annas, lead.unassigned].sort());

    await refused(manager.call('leads.delete', { ids: [lead.linked], reasonId: o.reasonId('Spam') }), 'CONFLICT');
    await manager.ok('leads.setPriority', { ids: [lead.piotrs], priority: 'standard' }); // already standard: no change
    expect(seen).toHaveLength(1);

    const created = await createLead(manager, o);
    expect(seen[1]).toEqual({ clientKey: null, event: 'leads.changed', payload: { ids: [created.id] } });

    unsubscribe();
    await manager.ok('leads.restore', { ids: [lead.annas] });
    expect(seen).toHaveLength(2);
  });
});
