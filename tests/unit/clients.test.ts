import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../src-shared/api/contract';
import { clientDerivedFields } from '../../src-shared/clients/match-keys';
import type { ClientCandidate } from '../../src-shared/clients/types';
import { DERIVED_VERSION } from '../../src-main/db/derived';
import { testCore } from '../helpers/temp';
import { auditRows, clientRow, clientWhere, ownedClient, refusedNothingWritten, retyped, uniqueEmail, withWriter, type ClientDbRow } from './client-fixtures';
import { count, createLead, freshOffice, logCounts, refused, sharedOffice, uniquePhone, type Caller, type Office } from './lead-fixtures';

const candidatesOf = async (caller: Caller, leadId: string): Promise<ClientCandidate[]> => (await caller.ok('clients.candidates', { leadId })).candidates;
const fullName = (c: { first_name: string | null; last_name: string | null }) => [c.first_name, c.last_name].filter(Boolean).join(' ');

/** A demo client with a mobile number that no other client, and no other client's lead, has. */
function clientWithOwnPhone(db: Database.Database): ClientDbRow {
  return clientWhere(
    db,
    `c.phone_e164 like '+48%' and length(c.phone_e164) = 12 and substr(c.phone_e164, 4, 1) in ('5', '6', '7', '8')
     and (select count(*) from clients x where x.phone_tail = c.phone_tail) = 1
     and not exists (select 1 from leads l where l.phone_tail = c.phone_tail and l.client_id <> c.id)`,
  );
}

/** The same for an e-mail address (stored in lower case). */
function clientWithOwnEmail(db: Database.Database, extra = '1 = 1'): ClientDbRow {
  return clientWhere(
    db,
    `c.email is not null and c.email = lower(c.email) and ${extra}
     and (select count(*) from clients x where x.email_key = c.email_key) = 1
     and not exists (select 1 from leads l where l.email_key = c.email_key and l.client_id <> c.id)`,
  );
}

/** A client-form input that keeps everything of the client as it is, with `changes` on top. */
function formOf(c: ClientDbRow, changes: Partial<MethodInput<'clients.update'>['client']> = {}): MethodInput<'clients.update'>['client'] {
  return {
    firstName: c.first_name ?? undefined,
    lastName: c.last_name ?? undefined,
    phone: c.phone_raw ?? undefined,
    email: c.email ?? undefined,
    originSourceId: c.origin_source_id ?? undefined,
    preferredInvestmentId: c.preferred_investment_id ?? undefined,
    description: c.description ?? undefined,
    consentDataProcessing: c.consent_data_processing === 1,
    consentMarketingEmail: c.consent_marketing_email === 1,
    consentMarketingPhone: c.consent_marketing_phone === 1,
    ...changes,
  };
}

describe('clients.candidates on the demo office', () => {
  const office = sharedOffice();

  it('finds the client whose phone the lead gives in another format, first, with a phone reason', async () => {
    const o = office();
    const manager = await o.as('manager');
    const client = clientWithOwnPhone(o.db);
    for (const style of ['zeros', 'parens', 'dashes'] as const) {
      const lead = await createLead(manager, o, { firstName: 'Wincenty', lastName: 'Kormoran', phone: retyped(client.phone_e164!, style) });
      const candidates = await candidatesOf(manager, lead.id);
      expect(candidates[0], style).toEqual({
        clientId: client.id,
        firstName: client.first_name,
        lastName: client.last_name,
        phoneE164: client.phone_e164,
        phoneRaw: client.phone_raw,
        email: client.email,
        ownerId: client.owner_user_id,
        ownerName: expect.any(String),
        stage: client.stage,
        createdAt: client.created_at,
        leadCount: count(o.db, 'select count(*) from leads where client_id = ?', client.id),
        score: 50,
        strong: true,
        reasons: [{ kind: 'phone', via: 'client' }],
      });
    }
  });

  it("finds the client by e-mail typed in upper case, and by a Gmail variant of it (not exact)", async () => {
    const o = office();
    const anna = await o.as('anna');
    const client = clientWithOwnEmail(o.db);
    const upper = await createLead(anna, o, { firstName: 'Wincenty', lastName: 'Kormoran', phone: undefined, email: client.email!.toUpperCase() });
    const [first] = await candidatesOf(anna, upper.id);
    expect(first).toMatchObject({ clientId: client.id, strong: true, score: 50, reasons: [{ kind: 'email', exact: true, via: 'client' }] });

    const gmail = clientWithOwnEmail(o.db, `c.email like '%.%@gmail.com'`);
    const [local] = gmail.email!.split('@');
    const variant = await createLead(anna, o, { firstName: 'Wincenty', lastName: 'Kormoran', phone: undefined, email: `${local!.replace(/\./g, '')}+oferta@googlemail.com` });
    expect((await candidatesOf(anna, variant.id))[0]).toMatchObject({ clientId: gmail.id, strong: true, reasons: [{ kind: 'email', exact: false, via: 'client' }] });
  });

  it('finds a client from swapped names alone, as a weak candidate', async () => {
    const o = office();
    const manager = await o.as('manager');
    const client = ownedClient(o.db, o.user('kasia').id);
    const lead = await createLead(manager, o, { firstName: client.last_name!, lastName: client.first_name! });
    const candidates = await candidatesOf(manager, lead.id);
    expect(candidates.find((c) => c.clientId === client.id)).toMatchObject({
      strong: false,
      reasons: [{ kind: 'swapped', lead: `${client.last_name} ${client.first_name}`, client: fullName(client) }],
    });
    expect(candidates.filter((c) => c.strong)).toEqual([]);
  });

  it("finds a client through the phone or e-mail of one of the client's other (linked) leads", async () => {
    const o = office();
    const manager = await o.as('manager');
    const firstPhone = uniquePhone();
    const first = await createLead(manager, o, { firstName: 'Teodor', lastName: 'Wielgus', phone: firstPhone });
    const { clientId } = await manager.ok('leads.convert', { leadId: first.id, client: { firstName: 'Teodor', lastName: 'Wielgus', phone: firstPhone } });
    const otherPhone = uniquePhone();
    const otherEmail = `teodor.wielgus.${Date.now()}@gmail.com`;
    const second = await createLead(manager, o, { firstName: 'Teodor', lastName: 'Wielgus', phone: otherPhone, email: otherEmail });
    await manager.ok('leads.link', { leadId: second.id, clientId });

    const byPhone = await createLead(manager, o, { firstName: 'Xawery', lastName: 'Pstrąg', phone: retyped(otherPhone, 'parens') });
    expect(await candidatesOf(manager, byPhone.id)).toEqual([
      expect.objectContaining({ clientId, strong: true, score: 45, leadCount: 2, reasons: [{ kind: 'phone', via: 'lead' }] }),
    ]);
    const byMail = await createLead(manager, o, { firstName: 'Xawery', lastName: 'Pstrąg', phone: undefined, email: otherEmail.replace(/^(.*)@/, (_, local: string) => `${local.replace(/\./g, '').toUpperCase()}+x@`) });
    expect(await candidatesOf(manager, byMail.id)).toEqual([expect.objectContaining({ clientId, strong: true, reasons: [{ kind: 'email', exact: false, via: 'lead' }] })]);
    // A lead does not find its own client through itself.
    expect((await candidatesOf(manager, second.id)).find((c) => c.clientId === clientId)?.reasons).toEqual([
      { kind: 'name', how: 'same', lead: 'Teodor Wielgus', client: 'Teodor Wielgus' },
    ]);
  });

  it('ranks a phone match above a name-only match', async () => {
    const o = office();
    const manager = await o.as('manager');
    const byPhone = clientWithOwnPhone(o.db);
    const byName = clientWhere(
      o.db,
      `c.id <> ? and c.first_key <> '' and c.last_key <> '' and (select count(*) from clients x where x.first_key = c.first_key and x.last_key = c.last_key) = 1`,
      byPhone.id,
    );
    const lead = await createLead(manager, o, { firstName: byName.first_name!, lastName: byName.last_name!, phone: retyped(byPhone.phone_e164!) });
    const candidates = await candidatesOf(manager, lead.id);
    expect(candidates[0]).toMatchObject({ clientId: byPhone.id, strong: true });
    const nameIndex = candidates.findIndex((c) => c.clientId === byName.id);
    expect(nameIndex).toBeGreaterThan(0);
    expect(candidates[nameIndex]).toMatchObject({ strong: false, reasons: [{ kind: 'name', how: 'same' }] });
    // Strongest first; strong before weak.
    expect(candidates.map((c) => c.score)).toEqual([...candidates.map((c) => c.score)].sort((a, b) => b - a));
    expect(candidates.findIndex((c) => !c.strong)).toBeGreaterThan(candidates.findLastIndex((c) => c.strong));
  });

  it('has no candidates for a brand-new person', async () => {
    const o = office();
    const manager = await o.as('manager');
    const lead = await createLead(manager, o, { firstName: 'Zenobiusz', lastName: 'Qwertyński', email: uniqueEmail('zenobiusz') });
    expect(await candidatesOf(manager, lead.id)).toEqual([]);
    await refused(manager.call('clients.candidates', { leadId: 'no-such-lead' }), 'NOT_FOUND');
  });

  it('lists and searches clients by name without diacritics, phone in another format, e-mail', async () => {
    const o = office();
    const manager = await o.as('manager');
    const phone = uniquePhone();
    const email = uniqueEmail('bozydar.zdzblowski');
    const lead = await createLead(manager, o, { firstName: 'Bożydar', lastName: 'Źdźbłowski', phone });
    const { clientId } = await manager.ok('leads.convert', { leadId: lead.id, client: { firstName: 'Bożydar', lastName: 'Źdźbłowski', phone, email } });
    const search = async (text: string) => (await manager.ok('clients.list', { search: text })).rows.map((r) => r.id);

    expect(await search('bozydar zdzblowski')).toEqual([clientId]);
    expect(await search('ZDZBLOW')).toEqual([clientId]);
    expect(await search('Źdźbłowski Bożydar')).toEqual([clientId]);
    expect(await search(retyped(phone, 'zeros'))).toEqual([clientId]);
    expect(await search(retyped(phone, 'parens'))).toEqual([clientId]);
    expect(await search(`+48${phone.replace(/\s/g, '')}`)).toEqual([clientId]);
    expect(await search(email)).toEqual([clientId]);
    expect(await search(email.toUpperCase())).toEqual([clientId]);
    expect(await search('bozydar zdzblowska-nie')).toEqual([]);

    // Without a search: newest first, and ours is the newest.
    const page = await manager.ok('clients.list', { limit: 5 });
    expect(page.rows[0]).toMatchObject({ id: clientId, firstName: 'Bożydar', lastName: 'Źdźbłowski', ownerName: 'Małgorzata Zielińska', stage: 'new' });
    expect(page.nextCursor).not.toBeNull();
  });
});

describe('clients.get', () => {
  it('shows the client with its leads (link kind and status) and the planned call', async () => {
    const o = await freshOffice();
    const [manager, anna] = await Promise.all([o.as('manager'), o.as('anna')]);
    const converted = await createLead(manager, o, { firstName: 'Halina', lastName: 'Groszek', assigneeId: o.user('anna').id, investmentId: o.investmentId('Przystań Oliwa') });
    const phone = uniquePhone();
    const { clientId, plannedCall } = await manager.ok('leads.convert', {
      leadId: converted.id,
      client: { firstName: 'Halina', lastName: 'Groszek', phone, consentDataProcessing: true },
    });
    const repeat = await createLead(manager, o, { firstName: 'Halina', lastName: 'Groszek', sourceId: o.sourceId('Facebook') });
    await anna.ok('leads.link', { leadId: repeat.id, clientId });

    const card = await anna.ok('clients.get', { id: clientId });
    expect(card).toMatchObject({
      id: clientId,
      firstName: 'Halina',
      lastName: 'Groszek',
      phoneRaw: phone,
      phoneE164: `+48${phone.replace(/\s/g, '')}`,
      email: null,
      ownerId: o.user('anna').id,
      ownerName: 'Anna Nowak',
      stage: 'new',
      originSourceName: 'Phone',
      preferredInvestmentName: 'Przystań Oliwa',
      consentDataProcessing: true,
      consentMarketingEmail: false,
      createdByName: 'Małgorzata Zielińska',
    });
    expect(card.leads).toHaveLength(2);
    expect(card.leads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: converted.id, status: 'converted', linkKind: 'converted', linkedByName: 'Małgorzata Zielińska', sourceName: 'Phone', investmentName: 'Przystań Oliwa' }),
        expect.objectContaining({ id: repeat.id, status: 'linked', linkKind: 'linked', linkedByName: 'Anna Nowak', sourceName: 'Facebook' }),
      ]),
    );
    expect(card.activities).toEqual([
      expect.objectContaining({ id: plannedCall!.activityId, type: 'phone', state: 'planned', userName: 'Anna Nowak', dueAt: plannedCall!.dueAt, doneAt: null }),
    ]);
    await refused(anna.call('clients.get', { id: 'no-such-client' }), 'NOT_FOUND');
  });
});

describe('clients.update', () => {
  async function updateOffice() {
    const o = await freshOffice();
    const [manager, anna] = await Promise.all([o.as('manager'), o.as('anna')]);
    return { o, manager, anna, annas: ownedClient(o.db, o.user('anna').id), piotrs: ownedClient(o.db, o.user('piotr').id) };
  }

  it("lets an advisor edit their own client, keeping the derived keys current so candidates find the new phone", async () => {
    const { o, manager, anna, annas } = await updateOffice();
    const phone = uniquePhone();
    const logs = logCounts(o.db);
    const detail = await anna.ok('clients.update', { id: annas.id, client: formOf(annas, { phone }) });
    expect(detail).toMatchObject({ id: annas.id, phoneRaw: phone, phoneE164: `+48${phone.replace(/\s/g, '')}`, ownerId: o.user('anna').id });

    const row = clientRow(o.db, annas.id);
    expect(row).toMatchObject({ phone_raw: phone, phone_tail: phone.replace(/\s/g, ''), origin_source_id: annas.origin_source_id, description: annas.description });
    expect(row.updated_at).toBeGreaterThan(annas.updated_at);
    expect(auditRows(o.db, 'clients', annas.id).at(-1)).toEqual({ action: 'client.updated', userId: o.user('anna').id, details: { fields: ['phoneRaw'] } });
    expect(logCounts(o.db)).toEqual({ changeLog: logs.changeLog + 2, auditLog: logs.auditLog + 1 });

    const lead = await createLead(manager, o, { firstName: 'Wincenty', lastName: 'Kormoran', phone: retyped(phone) });
    expect((await candidatesOf(manager, lead.id))[0]).toMatchObject({ clientId: annas.id, phoneRaw: phone, reasons: [{ kind: 'phone', via: 'client' }] });
  });

  it('recomputes the name keys on a rename, and writes nothing for an unchanged form', async () => {
    const { o, manager, annas } = await updateOffice();
    await manager.ok('clients.update', { id: annas.id, client: formOf(annas, { firstName: 'Олена', lastName: 'Шевченко' }) });
    const row = clientRow(o.db, annas.id);
    expect(row).toMatchObject({ first_key: 'olena', last_key: 'shevchenko', name_search: 'olena shevchenko', name_k1: 'she|o', name_k2: 'ole|s', name_k3: 'enko|ol' });
    expect(auditRows(o.db, 'clients', annas.id).at(-1)?.details).toEqual({ fields: ['firstName', 'lastName'] });

    const lead = await createLead(manager, o, { firstName: 'Olena', lastName: 'Shevchenko' });
    expect((await candidatesOf(manager, lead.id)).find((c) => c.clientId === annas.id)).toMatchObject({ strong: false, reasons: [{ kind: 'name', how: 'diacritics' }] });
    expect(await manager.ok('clients.list', { search: 'shevchenko olena' })).toMatchObject({ rows: [expect.objectContaining({ id: annas.id })] });

    const before = logCounts(o.db);
    await manager.ok('clients.update', { id: annas.id, client: formOf(clientRow(o.db, annas.id)) });
    expect(logCounts(o.db)).toEqual(before);
  });

  it("refuses an advisor editing another's client or giving theirs away (FORBIDDEN), and an unknown client (NOT_FOUND)", async () => {
    const { o, anna, manager, annas, piotrs } = await updateOffice();
    await refusedNothingWritten(o, () => anna.call('clients.update', { id: piotrs.id, client: formOf(piotrs, { description: 'mine now' }) }), 'FORBIDDEN', [], [piotrs.id]);
    await refusedNothingWritten(o, () => anna.call('clients.update', { id: annas.id, client: formOf(annas, { ownerUserId: o.user('piotr').id }) }), 'FORBIDDEN', [], [annas.id]);
    await refusedNothingWritten(o, () => anna.call('clients.update', { id: annas.id, client: formOf(annas, { phone: '12 34' }) }), 'VALIDATION', [], [annas.id]);
    await refusedNothingWritten(o, () => manager.call('clients.update', { id: 'no-such-client', client: formOf(annas) }), 'NOT_FOUND');

    // A manager may change anyone's client and its owner.
    await manager.ok('clients.update', { id: piotrs.id, client: formOf(piotrs, { ownerUserId: o.user('anna').id }) });
    expect(clientRow(o.db, piotrs.id).owner_user_id).toBe(o.user('anna').id);
  });
});

describe('notifications.markRead', () => {
  it("marks only the caller's notifications read", async () => {
    const o = await freshOffice();
    const [manager, anna, piotr] = await Promise.all([o.as('manager'), o.as('anna'), o.as('piotr')]);
    for (const owner of ['anna', 'piotr'] as const) {
      const lead = await createLead(manager, o, { firstName: 'Ignacy', lastName: 'Szparag' });
      await manager.ok('leads.link', { leadId: lead.id, clientId: ownedClient(o.db, o.user(owner).id).id });
    }
    const piotrs = await piotr.ok('notifications.list', {});
    expect(piotrs.unread).toBe(1);
    expect((await anna.ok('notifications.list', {})).unread).toBe(1);

    // Someone else's ids are ignored.
    await anna.ok('notifications.markRead', { ids: piotrs.items.map((n) => n.id) });
    expect((await piotr.ok('notifications.list', {})).unread).toBe(1);
    expect((await anna.ok('notifications.list', {})).unread).toBe(1);

    // No ids: all of the caller's, nobody else's.
    await anna.ok('notifications.markRead', {});
    const annas = await anna.ok('notifications.list', {});
    expect(annas.unread).toBe(0);
    expect(annas.items).toEqual([expect.objectContaining({ readAt: expect.any(Number) })]);
    expect(await piotr.ok('notifications.list', {})).toEqual(piotrs);

    await piotr.ok('notifications.markRead', { ids: [piotrs.items[0]!.id] });
    expect((await piotr.ok('notifications.list', {})).unread).toBe(0);
  });
});

describe('derived columns', () => {
  it('are recomputed at start-up when user_version is 0, and left alone when current', async () => {
    const o: Office = await freshOffice();
    const manager = await o.as('manager');
    const client = clientWithOwnPhone(o.db);
    const probe = await createLead(manager, o, { firstName: 'Wincenty', lastName: 'Kormoran', phone: retyped(client.phone_e164!) });
    const scramble = () =>
      withWriter(o, (db) => {
        db.prepare(`update clients set first_key = 'zzz', last_key = 'yyy', name_search = 'garbage', phone_tail = '000000000', email_key = 'x@y' where id = ?`).run(client.id);
        db.prepare(`update leads set phone_tail = null, email_key = null, name_search = '' where client_id = ?`).run(client.id);
      });
    const derivedOf = (row: ClientDbRow) => ({
      nameSearch: row.name_search,
      emailKey: row.email_key,
      phoneTail: row.phone_tail,
      firstKey: row.first_key,
      lastKey: row.last_key,
    });
    const expected = clientDerivedFields({ firstName: client.first_name, lastName: client.last_name, email: client.email, phoneE164: client.phone_e164, phoneRaw: client.phone_raw });
    expect(derivedOf(client)).toEqual(expected);

    scramble();
    expect(clientRow(o.db, client.id)).toMatchObject({ first_key: 'zzz', name_k1: 'yyy|z' });
    expect(await candidatesOf(manager, probe.id)).not.toContainEqual(expect.objectContaining({ clientId: client.id }));

    // Reopened with the version current: nothing recomputed.
    o.core.close();
    const same = testCore(o.dataDir);
    same.close();
    expect(clientRow(o.db, client.id).first_key).toBe('zzz');

    // user_version 0: every row recomputed once.
    withWriter(o, (db) => db.pragma('user_version = 0'));
    const reopened = testCore(o.dataDir);
    const fixed = clientRow(o.db, client.id);
    expect(derivedOf(fixed)).toEqual(expected);
    expect([fixed.name_k1, fixed.name_k2, fixed.name_k3]).not.toContain('yyy|z');
    expect(o.db.pragma('user_version', { simple: true })).toBe(DERIVED_VERSION);
    const leadKeys = o.db.prepare('select count(*) from leads where client_id = ? and name_search = \'\' and (first_name is not null or last_name is not null)').pluck().get(client.id);
    expect(leadKeys).toBe(0);

    const signIn = await reopened.call('w', 'auth.signIn', { username: 'manager', password: 'demo2026' });
    expect(signIn.ok).toBe(true);
    const after = await reopened.call('w', 'clients.candidates', { leadId: probe.id });
    expect(after.ok && (after.value as { candidates: ClientCandidate[] }).candidates[0]).toMatchObject({ clientId: client.id, reasons: [{ kind: 'phone', via: 'client' }] });
  });
});
