import { DEFAULT_OFFICE_SETTINGS } from '../../src-shared/settings/types';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../src-shared/api/errors';
import { count, createLead, footprint, freshOffice, ids, leadRow, listAll, logCounts, refused, refusedUnchanged, type Office } from './lead-fixtures';

/** A create call that must be refused with VALIDATION on exactly `fields`, writing nothing. */
async function refusedOn(o: Office, call: () => Promise<ApiResult<unknown>>, fields: string[]) {
  const error = await refusedUnchanged(o, call, 'VALIDATION');
  expect(error.issues?.map((i) => i.field)).toEqual(fields);
  return error;
}

describe('leads.create (manual entry)', () => {
  it('needs a source that exists and is active', async () => {
    const o = await freshOffice();
    const manager = await o.as('manager');
    const missing = await refusedOn(o, () => manager.call('leads.create', { phone: '600 100 200' }), ['sourceId']);
    expect(missing.issues?.[0]?.message).toBe('Choose where the lead came from');
    await refusedOn(o, () => manager.call('leads.create', { sourceId: '', phone: '600 100 200' }), ['sourceId']);
    await refusedOn(o, () => manager.call('leads.create', { sourceId: 'no-such-source', phone: '600 100 200' }), ['sourceId']);

    const writer = new Database(o.core.databaseFile);
    writer.prepare(`update sources set active = 0 where name = 'Walk-in'`).run();
    writer.close();
    await refusedOn(o, () => manager.call('leads.create', { sourceId: o.sourceId('Walk-in'), phone: '600 100 200' }), ['sourceId']);
    await refusedOn(o, () => manager.call('leads.create', { sourceId: o.sourceId('Phone'), phone: '600 100 200', investmentId: 'nope' }), ['investmentId']);
  });

  it('needs a phone or an e-mail, and names both fields when neither is given', async () => {
    const o = await freshOffice();
    const anna = await o.as('anna');
    const sourceId = o.sourceId('Phone');
    const error = await refusedOn(o, () => anna.call('leads.create', { sourceId, firstName: 'Jan' }), ['phone', 'email']);
    expect(error.issues?.[0]?.message).toBe('Give a phone number or an e-mail address, so someone can answer');
    await refusedOn(o, () => anna.call('leads.create', { sourceId, phone: '   ', email: '' }), ['phone', 'email']);
    await refusedOn(o, () => anna.call('leads.create', { sourceId, email: 'not-an-address' }), ['email']);

    expect((await anna.ok('leads.create', { sourceId, email: ' Jan.Kowalski@Example.COM ' })).email).toBe('Jan.Kowalski@Example.COM');
    expect((await anna.ok('leads.create', { sourceId, phone: '601 202 303' })).phoneE164).toBe('+48601202303');
  });

  it('refuses a phone that cannot be a number, on the phone field', async () => {
    const o = await freshOffice();
    const anna = await o.as('anna');
    for (const phone of ['12', 'abc', '6001', '60-01-0', '+48 600 100 200 300 400']) {
      const error = await refusedOn(o, () => anna.call('leads.create', { sourceId: o.sourceId('Phone'), phone }), ['phone']);
      expect(error.message, phone).toContain(`"${phone}" is not a phone number we can call`);
    }
  });

  it('stores the phone as typed and as E.164, in every common notation', async () => {
    const o = await freshOffice();
    const manager = await o.as('manager');
    for (const typed of ['602 303 404', '602-303-404', '+48 602 303 404', '0048602303404', '(+48) 602 303 404', '48 602303404']) {
      const lead = await createLead(manager, o, { phone: typed });
      expect(lead, typed).toMatchObject({ phone: typed, phoneE164: '+48602303404' });
      expect(leadRow(o.db, lead.id)).toMatchObject({ phone_raw: typed, phone_e164: '+48602303404' });
    }
    expect((await createLead(manager, o, { phone: '(22) 555 12 34' })).phoneE164).toBe('+48225551234');
  });

  it("reads national numbers with the office's phone region once an admin changes it", async () => {
    const o = await freshOffice();
    const [admin, anna] = await Promise.all([o.as('admin'), o.as('anna')]);
    const german = { sourceId: o.sourceId('Phone'), phone: '030 12345678' };
    // Under the default region (PL) this is no number.
    await refusedOn(o, () => anna.call('leads.create', german), ['phone']);

    const before = logCounts(o.db);
    expect(await admin.ok('settings.update', { phoneRegion: ' de ' })).toEqual({ ...DEFAULT_OFFICE_SETTINGS, phoneRegion: 'DE' });
    expect(logCounts(o.db)).toEqual({ changeLog: before.changeLog + 2, auditLog: before.auditLog + 1 });
    expect((await anna.ok('lookups.get', {})).settings).toEqual({ ...DEFAULT_OFFICE_SETTINGS, phoneRegion: 'DE' });

    const lead = await anna.ok('leads.create', german);
    expect(lead).toMatchObject({ phone: '030 12345678', phoneE164: '+493012345678' });
    // Numbers with a country code are still read as such.
    expect((await createLead(anna, o, { phone: '+48 600 100 200' })).phoneE164).toBe('+48600100200');
    // The search reads the typed number with the same region.
    expect(ids(await listAll(anna, { filters: { search: '030 1234 5678' } }))).toEqual([lead.id]);
  });

  it('lets only an admin change office settings, and only to a known country', async () => {
    const o = await freshOffice();
    const [admin, manager, anna] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna')]);
    for (const caller of [manager, anna]) {
      const error = await refusedUnchanged(o, () => caller.call('settings.update', { phoneRegion: 'DE' }), 'FORBIDDEN');
      expect(error.message).toBe('Only an administrator can change office settings.');
    }
    await refusedUnchanged(o, () => admin.call('settings.update', { phoneRegion: 'XX' }), 'VALIDATION');
    await refusedUnchanged(o, () => admin.call('settings.update', { phoneRegion: 'Deutschland' }), 'VALIDATION');
    expect((await anna.ok('lookups.get', {})).settings).toEqual({ ...DEFAULT_OFFICE_SETTINGS, phoneRegion: 'PL' });
  });

  it("assigns an advisor's lead to them by default; a manager's stays unassigned unless they choose", async () => {
    const o = await freshOffice();
    const [manager, anna] = await Promise.all([o.as('manager'), o.as('anna')]);
    const annas = await createLead(anna, o);
    expect(annas).toMatchObject({ assigneeId: o.user('anna').id, assigneeName: 'Anna Nowak', status: 'new', sourceName: 'Phone' });
    expect((await createLead(manager, o)).assigneeId).toBeNull();
    expect((await createLead(manager, o, { assigneeId: o.user('kasia').id })).assigneeName).toBe('Katarzyna Dąbrowska');
    // An advisor cannot enter a lead for someone else.
    await refusedUnchanged(o, () => anna.call('leads.create', { sourceId: o.sourceId('Phone'), phone: '601 000 111', assigneeId: o.user('piotr').id }), 'FORBIDDEN');
    // Nor can anyone assign it to an inactive user.
    const writer = new Database(o.core.databaseFile);
    writer.prepare(`update users set active = 0 where username = 'kasia'`).run();
    writer.close();
    await refusedOn(o, () => manager.call('leads.create', { sourceId: o.sourceId('Phone'), phone: '601 000 111', assigneeId: o.user('kasia').id }), ['assigneeId']);
  });

  it('writes the lead, its change record and a lead.created audit entry together, and folds the name for search', async () => {
    const o = await freshOffice();
    const anna = await o.as('anna');
    const before = { ...logCounts(o.db), leads: count(o.db, 'select count(*) from leads') };
    const lead = await createLead(anna, o, {
      firstName: '  Łukasz ',
      lastName: 'Szymański',
      email: 'lukasz@example.com',
      investmentId: o.investmentId('Zielone Tarasy'),
      message: 'Proszę o cennik',
      priority: 'important',
      qualification: 'warm',
      consentDataProcessing: true,
    });
    expect(logCounts(o.db)).toEqual({ changeLog: before.changeLog + 2, auditLog: before.auditLog + 1 });
    expect(count(o.db, 'select count(*) from leads')).toBe(before.leads + 1);
    expect(count(o.db, `select count(*) from change_log where entity = 'leads' and entity_id = ? and op = 'insert'`, lead.id)).toBe(1);
    expect(lead).toMatchObject({
      firstName: 'Łukasz',
      lastName: 'Szymański',
      investmentName: 'Zielone Tarasy',
      message: 'Proszę o cennik',
      priority: 'important',
      qualification: 'warm',
      consentDataProcessing: true,
      consentMarketingEmail: false,
    });
    expect(lead.history).toEqual([{ at: lead.receivedAt, action: 'lead.created', userName: 'Anna Nowak', details: { manual: true, source: 'Phone' } }]);
    expect(leadRow(o.db, lead.id)).toMatchObject({ name_search: 'lukasz szymanski', email_normalized: 'lukasz@example.com' });
    for (const typed of ['lukasz szymanski', 'Szymanski', 'ŁUKASZ']) {
      expect(ids(await listAll(anna, { filters: { search: typed } })), typed).toContain(lead.id);
    }
  });

  it('leaves nothing behind when the audit entry cannot be written', async () => {
    const o = await freshOffice();
    const anna = await o.as('anna');
    const writer = new Database(o.core.databaseFile);
    writer.exec(`create trigger audit_fails before insert on audit_log when new.action = 'lead.created' begin select raise(abort, 'audit is down'); end`);
    writer.close();
    const before = { ...footprint(o.db), search: count(o.db, 'select count(*) from lead_search') };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await refused(anna.call('leads.create', { sourceId: o.sourceId('Phone'), phone: '601 999 888' }), 'INTERNAL');
    } finally {
      quiet.mockRestore();
    }
    expect({ ...footprint(o.db), search: count(o.db, 'select count(*) from lead_search') }).toEqual(before);
  });
});

describe('deletionReasons.save', () => {
  it('lets an admin add, rename, deactivate and reactivate a reason', async () => {
    const o = await freshOffice();
    const [admin, manager] = await Promise.all([o.as('admin'), o.as('manager')]);
    const reasons = async () => (await admin.ok('lookups.get', {})).deletionReasons;

    let before = logCounts(o.db);
    const added = await admin.ok('deletionReasons.save', { label: '  Rezygnacja  ' });
    expect(added).toEqual({ id: expect.any(String), label: 'Rezygnacja', sortOrder: 5, active: true });
    expect(logCounts(o.db)).toEqual({ changeLog: before.changeLog + 2, auditLog: before.auditLog + 1 });
    expect((await reasons()).map((r) => r.label)).toEqual(['Spam', 'Test', 'Duplicate inquiry', 'Wrong number', 'Other', 'Rezygnacja']);

    before = logCounts(o.db);
    expect(await admin.ok('deletionReasons.save', { id: added.id, label: 'Klient zrezygnował' })).toEqual({ ...added, label: 'Klient zrezygnował' });
    expect(logCounts(o.db)).toEqual({ changeLog: before.changeLog + 2, auditLog: before.auditLog + 1 });

    const lead = await createLead(manager, o);
    expect(await admin.ok('deletionReasons.save', { id: added.id, label: 'Klient zrezygnował', active: false })).toMatchObject({ active: false });
    expect((await reasons()).find((r) => r.id === added.id)).toMatchObject({ active: false });
    // A switched-off reason cannot be used to delete.
    const error = await refusedUnchanged(o, () => manager.call('leads.delete', { ids: [lead.id], reasonId: added.id }), 'VALIDATION', [lead.id]);
    expect(error.issues).toEqual([{ field: 'reasonId', message: 'Choose a reason from the list' }]);

    await admin.ok('deletionReasons.save', { id: added.id, label: 'Klient zrezygnował', active: true });
    await manager.ok('leads.delete', { ids: [lead.id], reasonId: added.id });
    expect((await manager.ok('leads.get', { id: lead.id })).deletionReason).toBe('Klient zrezygnował');
  });

  it('refuses a label already on the list, ignoring case and spaces (CONFLICT)', async () => {
    const o = await freshOffice();
    const admin = await o.as('admin');
    for (const label of ['Spam', 'spam', ' SPAM ', 'wrong NUMBER']) {
      const error = await refusedUnchanged(o, () => admin.call('deletionReasons.save', { label }), 'CONFLICT');
      expect(error.issues, label).toEqual([{ field: 'label', message: 'Already on the list' }]);
    }
    // Renaming onto another reason's label is a clash too; renaming a reason to itself in other case is not.
    await refusedUnchanged(o, () => admin.call('deletionReasons.save', { id: o.reasonId('Test'), label: 'Other' }), 'CONFLICT');
    expect(await admin.ok('deletionReasons.save', { id: o.reasonId('Test'), label: 'TEST' })).toMatchObject({ label: 'TEST' });
    await refusedUnchanged(o, () => admin.call('deletionReasons.save', { id: 'no-such-reason', label: 'Nowy' }), 'NOT_FOUND');
    await refusedUnchanged(o, () => admin.call('deletionReasons.save', { label: '   ' }), 'VALIDATION');
  });

  it('refuses a label already on the list in other case when it has Polish letters (CONFLICT)', async () => {
    const o = await freshOffice();
    const admin = await o.as('admin');
    await admin.ok('deletionReasons.save', { label: 'Błędne dane' });
    await refusedUnchanged(o, () => admin.call('deletionReasons.save', { label: 'BŁĘDNE DANE' }), 'CONFLICT');
  });

  it('is for admins only (FORBIDDEN)', async () => {
    const o = await freshOffice();
    const [manager, anna] = await Promise.all([o.as('manager'), o.as('anna')]);
    for (const caller of [manager, anna]) {
      const error = await refusedUnchanged(o, () => caller.call('deletionReasons.save', { label: 'Nowy powód' }), 'FORBIDDEN');
      expect(error.message).toBe('Only an administrator can edit the deletion reasons.');
      await refusedUnchanged(o, () => caller.call('deletionReasons.save', { id: o.reasonId('Spam'), label: 'Spam', active: false }), 'FORBIDDEN');
    }
    await refused(o.core.call('anonymous', 'deletionReasons.save', { label: 'Nowy powód' }), 'UNAUTHENTICATED');
  });
});
