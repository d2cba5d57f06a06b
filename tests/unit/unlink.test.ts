/**
 * Undoing a wrong link (leads.unlinkPreview, leads.unlink): only for holders of the lead.unlink grant, even
 * admins; the link row is closed (history kept), the lead goes back to New, and a client made from that lead
 * alone is kept or deleted on request (deleting only while nothing was done with the client).
 */
import { describe, expect, it } from 'vitest';
import type { UnlinkPreview } from '../../src-shared/clients/types';
import type { LeadCounts, LeadStatus } from '../../src-shared/leads/types';
import { allClients, demoLead, fullLinkRows, grantUnlink, insertDoneActivity, refusedUntouched } from './access-fixtures';
import { auditRows, changesSince, lastSeq, uniqueEmail } from './client-fixtures';
import { createLead, freshOffice, leadRow, listAll, refused, uniquePhone, type Caller, type Office } from './lead-fixtures';

const REASON = 'Połączony z niewłaściwą osobą';

/** A fresh office where anna holds the lead.unlink grant. */
async function office() {
  const o = await freshOffice();
  const [admin, manager, anna] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna')]);
  await grantUnlink(admin, anna.user.id);
  return { o, admin, manager, anna };
}

/** What the preview should say, from SQL. */
function expectedPreview(o: Office, leadId: string): UnlinkPreview {
  const r = o.db
    .prepare(
      `select k.kind, k.client_id as clientId, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as clientName,
         (select count(*) from leads x where x.client_id = k.client_id and x.id <> k.lead_id) as others,
         (select count(*) from activities a where a.client_id = k.client_id and a.state = 'done') as done,
         (select count(*) from activities a where a.client_id = k.client_id and a.state = 'planned') as planned
       from lead_client_links k join clients c on c.id = k.client_id where k.lead_id = ? and k.unlinked_at is null`,
    )
    .get(leadId) as { kind: string; clientId: string; clientName: string; others: number; done: number; planned: number };
  const ask = r.kind === 'converted' && r.others === 0;
  return { leadId, clientId: r.clientId, clientName: r.clientName, askAboutClient: ask, canDeleteClient: ask && r.done === 0, doneActivities: r.done, plannedActivities: r.planned };
}

/** Leads per status from SQL: all of them, or what an advisor sees (unassigned + their own). */
function sqlCounts(o: Office, advisorId?: string): LeadCounts {
  const counts: LeadCounts = { new: 0, linked: 0, converted: 0, deleted: 0 };
  const rows = advisorId
    ? o.db.prepare('select status, count(*) as n from leads where assignee_user_id is null or assignee_user_id = ? group by status').all(advisorId)
    : o.db.prepare('select status, count(*) as n from leads group by status').all();
  for (const r of rows as { status: LeadStatus; n: number }[]) counts[r.status] = r.n;
  return counts;
}

/** A New lead of anna's converted by her into a client of her own (with a phone: one planned call). */
async function convertedLead(o: Office, manager: Caller, anna: Caller, lastName = 'Odłączalski') {
  const lead = await createLead(manager, o, { firstName: 'Teodor', lastName, assigneeId: anna.user.id });
  const conversion = await anna.ok('leads.convert', { leadId: lead.id, client: { firstName: 'Teodor', lastName, phone: uniquePhone(), email: uniqueEmail('teodor') } });
  expect(conversion.plannedCall).not.toBeNull();
  return { leadId: lead.id, clientId: conversion.clientId, plannedCallId: conversion.plannedCall!.activityId };
}

const activityState = (o: Office, id: string) => o.db.prepare('select state from activities where id = ?').pluck().get(id) as string;
const clientDeletedAt = (o: Office, id: string) => o.db.prepare('select deleted_at from clients where id = ?').pluck().get(id) as number | null;

describe('unlinking a linked lead', () => {
  it('closes the link (history kept), sends the lead back to New, audits lead.unlinked and records the changes', async () => {
    const { o, manager, anna } = await office();
    const annaId = anna.user.id;
    const leadId = demoLead(o.db, 'linked', annaId);
    const before = leadRow(o.db, leadId);
    const [link] = fullLinkRows(o.db, leadId);
    const clientId = link!.clientId;

    const preview = await anna.ok('leads.unlinkPreview', { leadId });
    expect(preview).toEqual(expectedPreview(o, leadId));
    expect(preview).toMatchObject({ clientId, askAboutClient: false, canDeleteClient: false });

    const seq = lastSeq(o.db);
    const t0 = Date.now();
    const result = await anna.ok('leads.unlink', { leadId, reason: `  ${REASON}  ` });
    expect(result).toEqual(preview);

    expect(leadRow(o.db, leadId)).toMatchObject({ status: 'new', assignee_user_id: before.assignee_user_id, phone_raw: before.phone_raw, email: before.email });
    expect(o.db.prepare('select client_id from leads where id = ?').pluck().get(leadId)).toBeNull();
    const rows = fullLinkRows(o.db, leadId);
    expect(rows).toEqual([{ ...link, unlinkedAt: expect.any(Number), unlinkedBy: annaId, unlinkReason: REASON }]);
    expect(rows[0]!.unlinkedAt).toBeGreaterThanOrEqual(t0);
    expect(auditRows(o.db, 'leads', leadId).at(-1)).toEqual({
      action: 'lead.unlinked',
      userId: annaId,
      details: { client: preview.clientName, clientId, reason: REASON },
    });
    expect(changesSince(o.db, seq).map((c) => `${c.entity}:${c.op}:${c.entityId === leadId ? 'lead' : c.entityId === link!.id ? 'link' : 'other'}`)).toEqual([
      'lead_client_links:update:link',
      'leads:update:lead',
      'audit_log:insert:other',
    ]);
    const leadChange = changesSince(o.db, seq).find((c) => c.entity === 'leads')!;
    expect(JSON.parse(leadChange.data!)).toMatchObject({ status: 'new', clientId: null });

    // What the services show now.
    const detail = await anna.ok('leads.get', { id: leadId });
    expect(detail).toMatchObject({ status: 'new', clientId: null, clientName: null });
    expect(detail.history.at(-1)).toMatchObject({ action: 'lead.unlinked', userName: anna.user.displayName, details: { reason: REASON } });
    expect((await anna.ok('clients.get', { id: clientId })).leads.map((l) => l.id)).not.toContain(leadId);
    expect(await manager.ok('leads.counts', {})).toEqual(sqlCounts(o));
    expect(await anna.ok('leads.counts', {})).toEqual(sqlCounts(o, annaId));

    // Nothing to unlink any more.
    await refusedUntouched(o, () => anna.call('leads.unlink', { leadId, reason: REASON }), 'CONFLICT');
  });

  it('lets the lead be linked again afterwards, and unlinked again, keeping every link row', async () => {
    const { o, anna } = await office();
    const leadId = demoLead(o.db, 'linked', anna.user.id);
    const clientId = fullLinkRows(o.db, leadId)[0]!.clientId;
    await anna.ok('leads.unlink', { leadId, reason: REASON });

    expect(await anna.ok('leads.link', { leadId, clientId })).toMatchObject({ leadId, clientId });
    expect(leadRow(o.db, leadId).status).toBe('linked');
    let rows = fullLinkRows(o.db, leadId);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ unlinkReason: REASON, unlinkedBy: anna.user.id });
    expect(rows[1]).toMatchObject({ clientId, kind: 'linked', linkedBy: anna.user.id, unlinkedAt: null, unlinkReason: null });
    // The client card shows the lead once.
    expect((await anna.ok('clients.get', { id: clientId })).leads.filter((l) => l.id === leadId)).toHaveLength(1);
    expect((await anna.ok('leads.unlinkPreview', { leadId })).clientId).toBe(clientId);

    // The inbox timer stops at the open link's time, not the first (closed) one's.
    const openLinkedAt = o.db.prepare('select linked_at from lead_client_links where lead_id = ? and unlinked_at is null').pluck().get(leadId) as number;
    expect((await anna.ok('leads.get', { id: leadId })).handledAt).toBe(openLinkedAt);
    expect((await listAll(anna, { status: 'linked' })).find((r) => r.id === leadId)?.handledAt).toBe(openLinkedAt);

    await anna.ok('leads.unlink', { leadId, reason: 'Jednak inna osoba' });
    expect((await anna.ok('leads.get', { id: leadId })).handledAt).toBeNull();
    rows = fullLinkRows(o.db, leadId);
    expect(rows.map((r) => r.unlinkReason)).toEqual([REASON, 'Jednak inna osoba']);
    expect(rows.every((r) => r.unlinkedAt !== null)).toBe(true);
  });

  it('refuses a lead that is not linked (CONFLICT) and a bad reason or action (VALIDATION), writing nothing', async () => {
    const { o, manager, anna } = await office();
    const fresh = await createLead(manager, o, { assigneeId: anna.user.id });
    await refusedUntouched(o, () => anna.call('leads.unlinkPreview', { leadId: fresh.id }), 'CONFLICT');
    const error = await refusedUntouched(o, () => anna.call('leads.unlink', { leadId: fresh.id, reason: REASON }), 'CONFLICT');
    expect(error.message).toBe('This lead is not linked to a client.');
    await refusedUntouched(o, () => anna.call('leads.unlink', { leadId: demoLead(o.db, 'deleted', anna.user.id), reason: REASON }), 'CONFLICT');

    const linked = demoLead(o.db, 'linked', anna.user.id);
    for (const reason of ['', 'ab', '  ab  ', 'x'.repeat(1001)]) {
      const refusal = await refusedUntouched(o, () => anna.call('leads.unlink', { leadId: linked, reason }), 'VALIDATION');
      expect(refusal.issues?.map((i) => i.field)).toEqual(['reason']);
    }
    await refusedUntouched(o, () => anna.call('leads.unlink', { leadId: linked }), 'VALIDATION');
    await refusedUntouched(o, () => anna.call('leads.unlink', { leadId: linked, reason: REASON, clientAction: 'archive' }), 'VALIDATION');
    expect(leadRow(o.db, linked).status).toBe('linked');
  });
});

describe('unlinking a lead that became a client', () => {
  it('asks about a client made from this lead alone; refuses to guess (VALIDATION) and writes nothing', async () => {
    const { o, manager, anna } = await office();
    const c = await convertedLead(o, manager, anna);
    const preview = await anna.ok('leads.unlinkPreview', { leadId: c.leadId });
    expect(preview).toEqual({ leadId: c.leadId, clientId: c.clientId, clientName: 'Teodor Odłączalski', askAboutClient: true, canDeleteClient: true, doneActivities: 0, plannedActivities: 1 });
    expect(preview).toEqual(expectedPreview(o, c.leadId));
    const error = await refusedUntouched(o, () => anna.call('leads.unlink', { leadId: c.leadId, reason: REASON }), 'VALIDATION');
    expect(error.issues).toEqual([{ field: 'clientAction', message: 'Choose whether to keep or delete the client' }]);
  });

  it("with 'keep' the client stays, with its planned call", async () => {
    const { o, manager, anna } = await office();
    const c = await convertedLead(o, manager, anna);
    await anna.ok('leads.unlink', { leadId: c.leadId, reason: REASON, clientAction: 'keep' });
    expect(leadRow(o.db, c.leadId).status).toBe('new');
    const client = await anna.ok('clients.get', { id: c.clientId });
    expect(client.leads).toEqual([]);
    expect(client.activities.map((a) => [a.id, a.state])).toEqual([[c.plannedCallId, 'planned']]);
    expect(clientDeletedAt(o, c.clientId)).toBeNull();
    expect((await allClients(anna)).map((r) => r.id)).toContain(c.clientId);
    expect(auditRows(o.db, 'clients', c.clientId).map((a) => a.action)).toEqual(['client.created']);
  });

  it("with 'delete' the client disappears, its planned activities are cancelled, audited as client.deleted", async () => {
    const { o, manager, anna } = await office();
    const c = await convertedLead(o, manager, anna);
    const seq = lastSeq(o.db);
    const result = await anna.ok('leads.unlink', { leadId: c.leadId, reason: REASON, clientAction: 'delete' });
    expect(result).toMatchObject({ askAboutClient: true, canDeleteClient: true, plannedActivities: 1 });

    expect(leadRow(o.db, c.leadId).status).toBe('new');
    expect(clientDeletedAt(o, c.clientId)).toEqual(expect.any(Number));
    expect(activityState(o, c.plannedCallId)).toBe('cancelled');
    expect(await anna.ok('leads.counts', {})).toEqual(sqlCounts(o, anna.user.id));
    for (const caller of [anna, manager]) {
      await refused(caller.call('clients.get', { id: c.clientId }), 'NOT_FOUND');
      expect((await allClients(caller)).map((r) => r.id)).not.toContain(c.clientId);
      expect((await caller.ok('clients.list', { search: 'Odłączalski' })).rows).toEqual([]);
    }
    expect(auditRows(o.db, 'clients', c.clientId).at(-1)).toEqual({
      action: 'client.deleted',
      userId: anna.user.id,
      details: { name: 'Teodor Odłączalski', reason: REASON, cancelledActivities: 1 },
    });
    expect(auditRows(o.db, 'leads', c.leadId).at(-1)).toMatchObject({ action: 'lead.unlinked', details: { clientId: c.clientId, reason: REASON } });
    expect(changesSince(o.db, seq).map((ch) => `${ch.entity}:${ch.op}`)).toEqual([
      'lead_client_links:update',
      'leads:update',
      'audit_log:insert',
      'activities:update',
      'clients:update',
      'audit_log:insert',
    ]);
    // The history stays: the closed link row still names the (soft-deleted) client.
    expect(fullLinkRows(o.db, c.leadId)).toMatchObject([{ clientId: c.clientId, kind: 'converted', unlinkReason: REASON }]);

    // The lead can become a client again.
    const again = await anna.ok('leads.convert', { leadId: c.leadId, client: { firstName: 'Teodor', lastName: 'Odłączalski', email: uniqueEmail('teodor') } });
    expect(again.clientId).not.toBe(c.clientId);
    expect(leadRow(o.db, c.leadId).status).toBe('converted');
  });

  it("refuses 'delete' (CONFLICT, nothing written) once the client has a done activity; 'keep' still works", async () => {
    const { o, manager, anna } = await office();
    const c = await convertedLead(o, manager, anna);
    insertDoneActivity(o, c.clientId, anna.user.id);
    const preview = await anna.ok('leads.unlinkPreview', { leadId: c.leadId });
    expect(preview).toMatchObject({ askAboutClient: true, canDeleteClient: false, doneActivities: 1, plannedActivities: 1 });
    expect(preview).toEqual(expectedPreview(o, c.leadId));
    const error = await refusedUntouched(o, () => anna.call('leads.unlink', { leadId: c.leadId, reason: REASON, clientAction: 'delete' }), 'CONFLICT');
    expect(error.message).toMatch(/already has done activities/);
    await anna.ok('leads.unlink', { leadId: c.leadId, reason: REASON, clientAction: 'keep' });
    expect(clientDeletedAt(o, c.clientId)).toBeNull();
    expect(activityState(o, c.plannedCallId)).toBe('planned');
  });

  it('does not ask about a client that has other leads, and never deletes it', async () => {
    const { o, manager, anna } = await office();
    const c = await convertedLead(o, manager, anna);
    const other = await createLead(manager, o, { assigneeId: anna.user.id });
    await anna.ok('leads.link', { leadId: other.id, clientId: c.clientId });

    expect(await anna.ok('leads.unlinkPreview', { leadId: c.leadId })).toMatchObject({ askAboutClient: false, canDeleteClient: false });
    expect(await anna.ok('leads.unlinkPreview', { leadId: other.id })).toMatchObject({ askAboutClient: false, canDeleteClient: false });
    // No clientAction needed; a stray 'delete' does not remove a client that still has a lead.
    await anna.ok('leads.unlink', { leadId: c.leadId, reason: REASON, clientAction: 'delete' });
    expect(clientDeletedAt(o, c.clientId)).toBeNull();
    expect(activityState(o, c.plannedCallId)).toBe('planned');
    expect((await anna.ok('clients.get', { id: c.clientId })).leads.map((l) => l.id)).toEqual([other.id]);
    expect(leadRow(o.db, other.id).status).toBe('linked');
    // The remaining lead was linked, not converted: still no question about the client.
    expect(await anna.ok('leads.unlinkPreview', { leadId: other.id })).toMatchObject({ askAboutClient: false });

    // The same holds for demo data: a converted lead whose client has further leads.
    const demo = o.db
      .prepare(
        `select l.id from leads l where l.status = 'converted' and l.assignee_user_id = ?
         and (select count(*) from leads x where x.client_id = l.client_id) > 1 limit 1`,
      )
      .pluck()
      .get(anna.user.id) as string;
    expect(await anna.ok('leads.unlinkPreview', { leadId: demo })).toEqual({ ...expectedPreview(o, demo), askAboutClient: false });
  });
});

describe('who may unlink', () => {
  it('refuses even an admin without the grant (FORBIDDEN, nothing written), and allows them once they grant it to themselves', async () => {
    const { o, admin, manager } = await office();
    const leadId = demoLead(o.db, 'linked', o.user('piotr').id);
    expect((await refusedUntouched(o, () => admin.call('leads.unlinkPreview', { leadId }), 'FORBIDDEN')).message).toMatch(/granted the unlink permission/);
    await refusedUntouched(o, () => admin.call('leads.unlink', { leadId, reason: REASON }), 'FORBIDDEN');
    await refusedUntouched(o, () => manager.call('leads.unlink', { leadId, reason: REASON }), 'FORBIDDEN');

    await grantUnlink(admin, admin.user.id);
    expect(auditRows(o.db, 'users', admin.user.id).at(-1)).toMatchObject({ action: 'permission.granted', userId: admin.user.id });
    await admin.ok('leads.unlink', { leadId, reason: REASON });
    expect(leadRow(o.db, leadId).status).toBe('new');
    expect(fullLinkRows(o.db, leadId).at(-1)).toMatchObject({ unlinkedBy: admin.user.id, unlinkReason: REASON });
  });

  it('lets a manager holding the grant unlink an advisor’s lead', async () => {
    const { o, admin, manager } = await office();
    await grantUnlink(admin, manager.user.id);
    const leadId = demoLead(o.db, 'linked', o.user('kasia').id);
    await manager.ok('leads.unlink', { leadId, reason: REASON });
    expect(leadRow(o.db, leadId)).toMatchObject({ status: 'new', assignee_user_id: o.user('kasia').id });
  });
});
