import { describe, expect, it, vi } from 'vitest';
import type { EventMap, EventName } from '../../src-shared/api/contract';
import type { ClientFieldsInput } from '../../src-shared/clients/types';
import { emailKey, nameSearchKey } from '../../src-shared/text/normalize';
import { blockingKeys, nameKey } from '../../src-shared/clients/matching';
import {
  auditRows,
  changesSince,
  clientRow,
  failInserts,
  lastSeq,
  linkRows,
  ownedClient,
  refusedNothingWritten,
  uniqueEmail,
} from './client-fixtures';
import { count, createLead, freshOffice, leadRow, leadWhere, logCounts, uniquePhone, type Office } from './lead-fixtures';

const MINUTE = 60_000;

/** A fresh demo office with the people signed in, New leads of known owners and a demo client of anna's and of piotr's. */
async function office() {
  const o = await freshOffice();
  const [manager, admin, anna, piotr, kasia] = await Promise.all([o.as('manager'), o.as('admin'), o.as('anna'), o.as('piotr'), o.as('kasia')]);
  const annasLead = await createLead(manager, o, { firstName: 'Bronisław', lastName: 'Pietruszka', assigneeId: o.user('anna').id });
  const piotrsLead = await createLead(manager, o, { firstName: 'Celina', lastName: 'Rzodkiewka', assigneeId: o.user('piotr').id });
  const unassigned = await createLead(manager, o, { firstName: 'Dobromir', lastName: 'Szczypiorek' });
  return {
    o,
    manager,
    admin,
    anna,
    piotr,
    kasia,
    lead: { annas: annasLead.id, piotrs: piotrsLead.id, unassigned: unassigned.id },
    client: { annas: ownedClient(o.db, o.user('anna').id), piotrs: ownedClient(o.db, o.user('piotr').id) },
  };
}

const fullName = (c: { first_name: string | null; last_name: string | null }) => [c.first_name, c.last_name].filter(Boolean).join(' ');
const notificationsOf = (o: Office, userId: string) => count(o.db, 'select count(*) from notifications where user_id = ?', userId);
const outboxTo = (o: Office, address: string) =>
  o.db.prepare('select to_address as toAddress, subject, body, kind, status from outbox where to_address = ?').all(address) as {
    toAddress: string;
    subject: string;
    body: string;
    kind: string;
    status: string;
  }[];

/** What the CONFLICT says for a lead already taken to a client: which client, who, and when (UTC minute). */
function alreadyTakenMessage(o: Office, leadId: string): RegExp {
  const link = o.db
    .prepare(
      `select k.kind, c.first_name, c.last_name, u.display_name as byName, k.linked_at as at from lead_client_links k
       join clients c on c.id = k.client_id left join users u on u.id = k.linked_by where k.lead_id = ? and k.unlinked_at is null`,
    )
    .get(leadId) as { kind: string; first_name: string | null; last_name: string | null; byName: string; at: number };
  const label = link.kind === 'converted' ? 'Converted' : 'Linked';
  const hhmm = new Date(link.at).toISOString().slice(11, 16);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^This lead is already ${label} to client ${escape(fullName(link))} by ${escape(link.byName)} at ${hhmm} UTC`);
}

describe('leads.link', () => {
  it('links a New lead to the client: status, client_id, link row, audit, change records, all in one go', async () => {
    const { o, manager, lead, client } = await office();
    const managerId = o.user('manager').id;
    const seq = lastSeq(o.db);
    const logs = logCounts(o.db);

    const result = await manager.ok('leads.link', { leadId: lead.annas, clientId: client.piotrs.id });
    expect(result).toEqual({ leadId: lead.annas, clientId: client.piotrs.id, notified: 'Piotr Wiśniewski' });

    expect(leadRow(o.db, lead.annas)).toMatchObject({ status: 'linked', assignee_user_id: o.user('anna').id });
    expect(o.db.prepare('select client_id from leads where id = ?').pluck().get(lead.annas)).toBe(client.piotrs.id);
    expect(linkRows(o.db, lead.annas)).toEqual([{ clientId: client.piotrs.id, kind: 'linked', linkedBy: managerId, unlinkedAt: null }]);
    expect(auditRows(o.db, 'leads', lead.annas).at(-1)).toEqual({
      action: 'lead.linked',
      userId: managerId,
      details: { client: fullName(client.piotrs), clientId: client.piotrs.id },
    });

    // Change records for the lead's update, the link row, the audit entry, and the owner's notification and its
    // e-mail (synced: Piotr may sit at another desktop, and the office server sends the mail); one audit entry.
    expect(logCounts(o.db)).toEqual({ changeLog: logs.changeLog + 5, auditLog: logs.auditLog + 1 });
    const changes = changesSince(o.db, seq);
    expect(changes.map(({ entity, op, entityId }) => ({ entity, op, entityId }))).toEqual([
      { entity: 'leads', op: 'update', entityId: lead.annas },
      { entity: 'lead_client_links', op: 'insert', entityId: expect.any(String) },
      { entity: 'audit_log', op: 'insert', entityId: expect.any(String) },
      { entity: 'notifications', op: 'insert', entityId: expect.any(String) },
      { entity: 'outbox', op: 'insert', entityId: expect.any(String) },
    ]);
    expect(JSON.parse(changes[0]!.data!)).toMatchObject({ status: 'linked', clientId: client.piotrs.id });
    expect(JSON.parse(changes[1]!.data!)).toMatchObject({ leadId: lead.annas, clientId: client.piotrs.id, kind: 'linked' });

    // The client card lists the lead.
    const card = await manager.ok('clients.get', { id: client.piotrs.id });
    expect(card.leads.find((l) => l.id === lead.annas)).toMatchObject({ status: 'linked', linkKind: 'linked', linkedByName: 'Małgorzata Zielińska' });
  });

  it("notifies the client's owner in the app and by e-mail", async () => {
    const { o, manager, piotr, lead, client } = await office();
    const before = await piotr.ok('notifications.list', {});
    await manager.ok('leads.link', { leadId: lead.annas, clientId: client.piotrs.id });

    const after = await piotr.ok('notifications.list', {});
    expect(after.unread).toBe(before.unread + 1);
    expect(after.items[0]).toEqual({
      id: expect.any(String),
      kind: 'lead.linked',
      data: { leadName: 'Bronisław Pietruszka', clientName: fullName(client.piotrs), byName: 'Małgorzata Zielińska' },
      leadId: lead.annas,
      clientId: client.piotrs.id,
      readAt: null,
      createdAt: expect.any(Number),
    });
    expect(outboxTo(o, 'piotr@zielonetarasy.pl')).toEqual([
      {
        toAddress: 'piotr@zielonetarasy.pl',
        subject: `New inquiry from your client ${fullName(client.piotrs)}`,
        body: `Małgorzata Zielińska linked a new inquiry (Bronisław Pietruszka) to your client ${fullName(client.piotrs)} in Lead Desk.`,
        kind: 'lead.linked',
        status: 'queued',
      },
    ]);
    // Nobody else hears of it.
    expect(count(o.db, 'select count(*) from notifications where user_id <> ?', o.user('piotr').id)).toBe(0);
    expect((await manager.ok('notifications.list', {})).unread).toBe(0);
  });

  it('does not notify when asked not to, nor an owner who links the lead themselves', async () => {
    const { o, manager, anna, lead, client } = await office();
    const quiet = await manager.ok('leads.link', { leadId: lead.piotrs, clientId: client.annas.id, notifyOwner: false });
    expect(quiet.notified).toBeNull();
    expect(notificationsOf(o, o.user('anna').id)).toBe(0);

    const own = await anna.ok('leads.link', { leadId: lead.annas, clientId: client.annas.id });
    expect(own.notified).toBeNull();
    expect(notificationsOf(o, o.user('anna').id)).toBe(0);
    expect(count(o.db, 'select count(*) from outbox')).toBe(0);
    expect(leadRow(o.db, lead.annas).status).toBe('linked');
  });

  it("announces the owner's new notification ('notifications.changed'), so their bell updates", async () => {
    const { o, manager, lead, client } = await office();
    const seen: { event: EventName; payload: EventMap[EventName] }[] = [];
    const unsubscribe = o.core.subscribe((_key, event, payload) => seen.push({ event, payload }));
    try {
      await manager.ok('leads.link', { leadId: lead.annas, clientId: client.piotrs.id });
    } finally {
      unsubscribe();
    }
    expect(seen.map((s) => s.event)).toEqual(expect.arrayContaining(['leads.changed', 'clients.changed']));
    expect(seen).toContainEqual({ event: 'notifications.changed', payload: { userIds: [o.user('piotr').id] } });
  });

  it('lets an advisor link an unassigned lead, which becomes theirs', async () => {
    const { o, kasia, lead, client } = await office();
    await kasia.ok('leads.link', { leadId: lead.unassigned, clientId: client.annas.id });
    expect(leadRow(o.db, lead.unassigned)).toMatchObject({ status: 'linked', assignee_user_id: o.user('kasia').id });
    expect(notificationsOf(o, o.user('anna').id)).toBe(1);
  });

  it('refuses a lead already Linked or Converted with a CONFLICT naming the client and who took it; nothing written', async () => {
    const { o, manager, anna, client } = await office();
    for (const status of ['linked', 'converted']) {
      const id = leadWhere(o.db, `status = ?`, status);
      const error = await refusedNothingWritten(o, () => manager.call('leads.link', { leadId: id, clientId: client.annas.id }), 'CONFLICT', [id]);
      expect(error.message).toMatch(alreadyTakenMessage(o, id));
      // Whoever asks, and whichever way (convert too).
      await refusedNothingWritten(o, () => anna.call('leads.link', { leadId: id, clientId: client.annas.id }), 'CONFLICT', [id]);
      const convert = await refusedNothingWritten(o, () => manager.call('leads.convert', { leadId: id, client: { lastName: 'Ktoś', email: uniqueEmail() } }), 'CONFLICT', [id]);
      expect(convert.message).toMatch(alreadyTakenMessage(o, id));
    }
  });

  it('names the first advisor when a second one links the same lead', async () => {
    const { o, anna, manager, lead, client } = await office();
    await anna.ok('leads.link', { leadId: lead.annas, clientId: client.annas.id });
    const error = await refusedNothingWritten(o, () => manager.call('leads.link', { leadId: lead.annas, clientId: client.piotrs.id }), 'CONFLICT', [lead.annas]);
    expect(error.message).toMatch(alreadyTakenMessage(o, lead.annas));
    expect(error.message).toContain(`Linked to client ${fullName(client.annas)} by Anna Nowak`);
    expect(linkRows(o.db, lead.annas)).toHaveLength(1);
  });

  it("refuses an advisor linking another advisor's lead (FORBIDDEN), an unknown client or lead (NOT_FOUND), a Deleted lead (CONFLICT)", async () => {
    const { o, manager, anna, lead, client } = await office();
    await refusedNothingWritten(o, () => anna.call('leads.link', { leadId: lead.piotrs, clientId: client.annas.id }), 'FORBIDDEN', [lead.piotrs]);
    const noClient = await refusedNothingWritten(o, () => manager.call('leads.link', { leadId: lead.annas, clientId: 'no-such-client' }), 'NOT_FOUND', [lead.annas]);
    expect(noClient.message).toBe('This client no longer exists; search again.');
    await refusedNothingWritten(o, () => manager.call('leads.link', { leadId: 'no-such-lead', clientId: client.annas.id }), 'NOT_FOUND');

    await manager.ok('leads.delete', { ids: [lead.unassigned], reasonId: o.reasonId('Spam') });
    const deleted = await refusedNothingWritten(o, () => manager.call('leads.link', { leadId: lead.unassigned, clientId: client.annas.id }), 'CONFLICT', [lead.unassigned]);
    expect(deleted.message).toMatch(/Deleted/);
    await refusedNothingWritten(o, () => manager.call('leads.convert', { leadId: lead.unassigned, client: { lastName: 'Ktoś', email: uniqueEmail() } }), 'CONFLICT', [lead.unassigned]);
  });

  it('writes nothing when a step fails midway (the notification insert)', async () => {
    const { o, manager, lead, client } = await office();
    failInserts(o, 'notifications');
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await refusedNothingWritten(o, () => manager.call('leads.link', { leadId: lead.annas, clientId: client.piotrs.id }), 'INTERNAL', [lead.annas], [client.piotrs.id]);
    } finally {
      quiet.mockRestore();
    }
    expect(leadRow(o.db, lead.annas).status).toBe('new');
    expect(linkRows(o.db, lead.annas)).toEqual([]);
  });
});

describe('leads.convert', () => {
  const input = (extra: Partial<ClientFieldsInput> = {}): ClientFieldsInput => ({
    firstName: 'Bronisław',
    lastName: 'Pietruszka-Żurek',
    phone: uniquePhone(),
    email: ` ${uniqueEmail('B.Pietruszka')} `,
    description: 'Szuka 3 pokoi.',
    consentDataProcessing: true,
    consentMarketingPhone: true,
    ...extra,
  });

  it('creates the client, converts the lead, links them, audits both and plans the first call, in one transaction', async () => {
    const { o, manager, lead } = await office();
    const annaId = o.user('anna').id;
    const managerId = o.user('manager').id;
    const leadBefore = leadRow(o.db, lead.annas);
    const investmentId = o.db.prepare('select investment_id from leads where id = ?').pluck().get(lead.annas) as string | null;
    const phone = uniquePhone();
    const email = uniqueEmail('B.Pietruszka');
    const fields = input({ phone, email: ` ${email} ` });
    const logs = logCounts(o.db);
    const clients = count(o.db, 'select count(*) from clients');

    const result = await manager.ok('leads.convert', { leadId: lead.annas, client: fields });

    const client = clientRow(o.db, result.clientId);
    const phoneE164 = `+48${phone.replace(/\D/g, '')}`;
    expect(client).toMatchObject({
      first_name: 'Bronisław',
      last_name: 'Pietruszka-Żurek',
      phone_raw: phone,
      phone_e164: phoneE164,
      email,
      email_normalized: email.toLowerCase(),
      owner_user_id: annaId, // the lead's assignee
      origin_source_id: leadBefore.source_id,
      preferred_investment_id: investmentId,
      consent_data_processing: 1,
      consent_marketing_email: 0,
      consent_marketing_phone: 1,
      description: 'Szuka 3 pokoi.',
      stage: 'new',
      created_by: managerId,
      // The derived keys duplicate detection reads.
      name_search: nameSearchKey('Bronisław', 'Pietruszka-Żurek'),
      first_key: 'bronislaw',
      last_key: 'pietruszka-zurek', // no g/kh/y to fold here
      email_key: emailKey(email),
      phone_tail: phoneE164.slice(-9),
    });
    expect([client.name_k1, client.name_k2, client.name_k3, client.name_k4]).toEqual(blockingKeys(nameKey('Bronisław'), nameKey('Pietruszka-Żurek')));
    expect(count(o.db, 'select count(*) from clients')).toBe(clients + 1);

    expect(leadRow(o.db, lead.annas)).toMatchObject({ status: 'converted', assignee_user_id: annaId });
    expect(o.db.prepare('select client_id from leads where id = ?').pluck().get(lead.annas)).toBe(result.clientId);
    expect(linkRows(o.db, lead.annas)).toEqual([{ clientId: result.clientId, kind: 'converted', linkedBy: managerId, unlinkedAt: null }]);
    expect(auditRows(o.db, 'clients', result.clientId)).toEqual([
      { action: 'client.created', userId: managerId, details: { fromLead: lead.annas, name: 'Bronisław Pietruszka-Żurek' } },
    ]);
    expect(auditRows(o.db, 'leads', lead.annas).at(-1)).toEqual({
      action: 'lead.converted',
      userId: managerId,
      details: { client: 'Bronisław Pietruszka-Żurek', clientId: result.clientId },
    });

    const activities = o.db.prepare('select * from activities where client_id = ?').all(result.clientId) as Record<string, unknown>[];
    expect(activities).toEqual([
      expect.objectContaining({ lead_id: lead.annas, type: 'phone', state: 'planned', user_id: annaId, created_by: managerId, due_at: client.created_at + 15 * MINUTE }),
    ]);
    expect(result).toEqual({ clientId: result.clientId, plannedCall: { activityId: activities[0]!.id, userName: 'Anna Nowak', dueAt: client.created_at + 15 * MINUTE } });
    // client, lead, link, activity and the two audit entries each have their change record.
    expect(logCounts(o.db)).toEqual({ changeLog: logs.changeLog + 6, auditLog: logs.auditLog + 2 });
  });

  it("makes the converter the owner of an unassigned lead's client, and the lead theirs", async () => {
    const { o, manager, kasia } = await office();
    const forManager = await createLead(manager, o, { firstName: 'Ewelina', lastName: 'Brukselka' });
    const byManager = await manager.ok('leads.convert', { leadId: forManager.id, client: input({ firstName: 'Ewelina', lastName: 'Brukselka' }) });
    expect(clientRow(o.db, byManager.clientId).owner_user_id).toBe(o.user('manager').id);
    expect(leadRow(o.db, forManager.id).assignee_user_id).toBe(o.user('manager').id);
    expect(byManager.plannedCall?.userName).toBe('Małgorzata Zielińska');

    const forKasia = await createLead(manager, o, { firstName: 'Feliks', lastName: 'Kalarepa' });
    const byKasia = await kasia.ok('leads.convert', { leadId: forKasia.id, client: input({ firstName: 'Feliks', lastName: 'Kalarepa' }) });
    expect(clientRow(o.db, byKasia.clientId).owner_user_id).toBe(o.user('kasia').id);
    expect(leadRow(o.db, forKasia.id).assignee_user_id).toBe(o.user('kasia').id);
  });

  it('lets a manager choose the owner; an advisor may not give the client to someone else', async () => {
    const { o, manager, anna, lead } = await office();
    const chosen = await manager.ok('leads.convert', { leadId: lead.unassigned, client: input({ ownerUserId: o.user('kasia').id }) });
    expect(clientRow(o.db, chosen.clientId).owner_user_id).toBe(o.user('kasia').id);
    expect(chosen.plannedCall?.userName).toBe('Katarzyna Dąbrowska');

    await refusedNothingWritten(o, () => anna.call('leads.convert', { leadId: lead.annas, client: input({ ownerUserId: o.user('piotr').id }) }), 'FORBIDDEN', [lead.annas]);
    await refusedNothingWritten(o, () => anna.call('leads.convert', { leadId: lead.piotrs, client: input() }), 'FORBIDDEN', [lead.piotrs]);
  });

  it('plans no call for a client without a phone', async () => {
    const { o, manager, lead } = await office();
    const activities = count(o.db, 'select count(*) from activities');
    const result = await manager.ok('leads.convert', { leadId: lead.annas, client: input({ phone: undefined }) });
    expect(result.plannedCall).toBeNull();
    expect(count(o.db, 'select count(*) from activities')).toBe(activities);
    expect(clientRow(o.db, result.clientId)).toMatchObject({ phone_raw: null, phone_e164: null, phone_tail: null });
  });

  it('plans the first call after the office setting (firstCallDueMinutes)', async () => {
    const { o, admin, manager, lead } = await office();
    expect((await admin.ok('settings.update', { firstCallDueMinutes: 90 })).firstCallDueMinutes).toBe(90);
    const t0 = Date.now();
    const result = await manager.ok('leads.convert', { leadId: lead.annas, client: input() });
    const t1 = Date.now();
    const createdAt = clientRow(o.db, result.clientId).created_at;
    expect(result.plannedCall!.dueAt).toBe(createdAt + 90 * MINUTE);
    expect(result.plannedCall!.dueAt).toBeGreaterThanOrEqual(t0 + 90 * MINUTE);
    expect(result.plannedCall!.dueAt).toBeLessThanOrEqual(t1 + 90 * MINUTE);
    expect(o.db.prepare('select due_at from activities where id = ?').pluck().get(result.plannedCall!.activityId)).toBe(createdAt + 90 * MINUTE);

    await admin.ok('settings.update', { firstCallDueMinutes: 0 });
    const now = await manager.ok('leads.convert', { leadId: lead.piotrs, client: input() });
    expect(now.plannedCall!.dueAt).toBe(clientRow(o.db, now.clientId).created_at);
  });

  it("refuses a phone that cannot be called (VALIDATION on 'client.phone'); nothing written", async () => {
    const { o, manager, lead } = await office();
    const error = await refusedNothingWritten(o, () => manager.call('leads.convert', { leadId: lead.annas, client: input({ phone: '12 34' }) }), 'VALIDATION', [lead.annas]);
    expect(error.issues).toEqual([{ field: 'client.phone', message: expect.stringContaining('"12 34" is not a phone number') }]);
    // Schema-level problems too: no name, no contact.
    const empty = await refusedNothingWritten(o, () => manager.call('leads.convert', { leadId: lead.annas, client: { description: 'x' } }), 'VALIDATION', [lead.annas]);
    expect(empty.issues?.map((i) => i.field).sort()).toEqual(['client.email', 'client.lastName', 'client.phone']);
  });

  it('leaves nothing of the conversion when a step fails midway (planned call insert)', async () => {
    const { o, manager, lead } = await office();
    failInserts(o, 'activities');
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const error = await refusedNothingWritten(o, () => manager.call('leads.convert', { leadId: lead.annas, client: input({ lastName: 'Nieudany' }) }), 'INTERNAL', [lead.annas]);
      expect(error.message).toMatch(/disk on fire/);
    } finally {
      quiet.mockRestore();
    }
    expect(count(o.db, `select count(*) from clients where last_name = 'Nieudany'`)).toBe(0);
    expect(leadRow(o.db, lead.annas)).toMatchObject({ status: 'new' });
    expect(o.db.prepare('select client_id from leads where id = ?').pluck().get(lead.annas)).toBeNull();
    expect(linkRows(o.db, lead.annas)).toEqual([]);
    expect(auditRows(o.db, 'leads', lead.annas).map((a) => a.action)).not.toContain('lead.converted');
    expect(count(o.db, `select count(*) from audit_log where action = 'client.created'`)).toBe(0);
  });

  it('converts a lead once: a second conversion is a CONFLICT and only one client exists', async () => {
    const { o, manager, anna, lead } = await office();
    const first = await anna.ok('leads.convert', { leadId: lead.annas, client: input({ lastName: 'Jedynak' }) });
    const error = await refusedNothingWritten(o, () => manager.call('leads.convert', { leadId: lead.annas, client: input({ lastName: 'Jedynak' }) }), 'CONFLICT', [lead.annas]);
    expect(error.message).toMatch(/^This lead is already Converted to client Bronisław Jedynak by Anna Nowak at \d\d:\d\d UTC/);
    expect(count(o.db, `select count(*) from clients where last_name = 'Jedynak'`)).toBe(1);
    expect(o.db.prepare('select client_id from leads where id = ?').pluck().get(lead.annas)).toBe(first.clientId);

    // Two at once: exactly one wins.
    const results = await Promise.all([
      manager.call('leads.convert', { leadId: lead.unassigned, client: input({ lastName: 'Bliźniak' }) }),
      anna.call('leads.convert', { leadId: lead.unassigned, client: input({ lastName: 'Bliźniak' }) }),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    expect(count(o.db, `select count(*) from clients where last_name = 'Bliźniak'`)).toBe(1);
    expect(linkRows(o.db, lead.unassigned)).toHaveLength(1);
  });
});
