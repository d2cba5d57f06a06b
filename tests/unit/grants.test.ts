/**
 * Granted rights (for now: lead.unlink): an admin records who confirmed it, when and how; the grantee's next
 * call has it; revoking takes it away on the next call; the list keeps current and past grants; all audited.
 */
import { describe, expect, it } from 'vitest';
import { confirmation, demoLead, grantUnlink, HOUR, MINUTE, refusedUntouched } from './access-fixtures';
import { auditRows, changesSince, lastSeq } from './client-fixtures';
import { freshOffice } from './lead-fixtures';

async function office() {
  const o = await freshOffice();
  const [admin, manager, anna] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna')]);
  return { o, admin, manager, anna };
}

describe('grants.grant', () => {
  it('records the confirmation, audits permission.granted, and the grantee has the right on their next call', async () => {
    const { o, admin, anna } = await office();
    const annaId = anna.user.id;
    expect((await anna.ok('auth.me', {}))!.permissions).toEqual([]);
    const confirmedAt = Date.now() - 2 * HOUR;
    const seq = lastSeq(o.db);

    const grant = await admin.ok('grants.grant', {
      userId: annaId,
      permission: 'lead.unlink',
      confirmedByName: '  Jan Zarządca ',
      confirmedByEmail: 'zarzad@zielonetarasy.pl',
      confirmedAt,
      reference: 'Mail z 12.03',
    });
    expect(grant).toMatchObject({
      userId: annaId,
      userName: anna.user.displayName,
      permission: 'lead.unlink',
      grantedByName: admin.user.displayName,
      confirmedByName: 'Jan Zarządca',
      confirmedByEmail: 'zarzad@zielonetarasy.pl',
      confirmedAt,
      reference: 'Mail z 12.03',
      revokedAt: null,
      revokedByName: null,
    });
    expect(grant.grantedAt).toBeGreaterThan(confirmedAt);
    expect(o.db.prepare('select user_id, permission, granted_by, revoked_at from permission_grants where id = ?').get(grant.id)).toEqual({
      user_id: annaId,
      permission: 'lead.unlink',
      granted_by: admin.user.id,
      revoked_at: null,
    });
    expect(auditRows(o.db, 'users', annaId).at(-1)).toEqual({
      action: 'permission.granted',
      userId: admin.user.id,
      details: { permission: 'lead.unlink', user: anna.user.displayName, confirmedBy: 'Jan Zarządca', confirmedByEmail: 'zarzad@zielonetarasy.pl', confirmedAt, reference: 'Mail z 12.03' },
    });
    expect(changesSince(o.db, seq).map((c) => `${c.entity}:${c.op}`)).toEqual(['permission_grants:insert', 'audit_log:insert']);

    // Anna's open window: the next call carries the right, and the service honours it.
    expect((await anna.ok('auth.me', {}))!.permissions).toEqual(['lead.unlink']);
    const linked = demoLead(o.db, 'linked', annaId);
    expect((await anna.ok('leads.unlinkPreview', { leadId: linked })).leadId).toBe(linked);
    // The admin sees it on the user too.
    expect((await admin.ok('users.list', {})).find((u) => u.id === annaId)!.permissions).toEqual(['lead.unlink']);
  });

  it('validates the confirmation: an e-mail address, a name, a time not in the future; writes nothing when refused', async () => {
    const { o, admin, anna } = await office();
    const userId = anna.user.id;
    const cases: [Record<string, unknown>, string][] = [
      [{ confirmedByEmail: 'Jan Zarządca' }, 'confirmedByEmail'],
      [{ confirmedByEmail: '' }, 'confirmedByEmail'],
      [{ confirmedByName: '' }, 'confirmedByName'],
      [{ confirmedByName: '   ' }, 'confirmedByName'],
      [{ confirmedByName: undefined }, 'confirmedByName'],
      [{ confirmedAt: Date.now() + 10 * MINUTE }, 'confirmedAt'],
      [{ confirmedAt: Date.now() + 24 * HOUR }, 'confirmedAt'],
      [{ confirmedAt: 0 }, 'confirmedAt'],
      [{ confirmedAt: undefined }, 'confirmedAt'],
      [{ permission: 'users.manage' }, 'permission'],
    ];
    for (const [patch, field] of cases) {
      const input = { userId, ...confirmation(), ...patch };
      const error = await refusedUntouched(o, () => admin.call('grants.grant', input), 'VALIDATION');
      expect(error.issues?.map((i) => i.field), JSON.stringify(patch)).toContain(field);
    }
    // A deactivated or unknown user cannot be granted anything.
    await admin.ok('users.update', { id: o.user('kasia').id, active: false });
    await refusedUntouched(o, () => admin.call('grants.grant', { userId: o.user('kasia').id, ...confirmation() }), 'VALIDATION');
    await refusedUntouched(o, () => admin.call('grants.grant', { userId: 'no-such-user', ...confirmation() }), 'VALIDATION');
    expect((await anna.ok('auth.me', {}))!.permissions).toEqual([]);
    // A confirmation from a moment ago is fine.
    expect((await admin.ok('grants.grant', { userId, ...confirmation({ confirmedAt: Date.now() }) })).revokedAt).toBeNull();
  });

  it('refuses a second active grant of the same permission (CONFLICT) but allows one after a revoke', async () => {
    const { o, admin, anna } = await office();
    const first = await grantUnlink(admin, anna.user.id);
    const error = await refusedUntouched(o, () => admin.call('grants.grant', { userId: anna.user.id, ...confirmation({ confirmedByName: 'Ktoś Inny' }) }), 'CONFLICT');
    expect(error.message).toContain(anna.user.displayName);
    await admin.ok('grants.revoke', { id: first.id });
    const second = await grantUnlink(admin, anna.user.id);
    expect(second.id).not.toBe(first.id);
    expect((await anna.ok('auth.me', {}))!.permissions).toEqual(['lead.unlink']);
  });
});

describe('grants.revoke', () => {
  it('takes the right away on the next call, refuses unlinking then, and audits permission.revoked', async () => {
    const { o, admin, anna } = await office();
    const annaId = anna.user.id;
    const grant = await grantUnlink(admin, annaId);
    const leadId = demoLead(o.db, 'linked', annaId);
    expect((await anna.ok('leads.unlinkPreview', { leadId })).leadId).toBe(leadId);
    const seq = lastSeq(o.db);

    const revoked = await admin.ok('grants.revoke', { id: grant.id });
    expect(revoked).toMatchObject({ id: grant.id, revokedByName: admin.user.displayName, confirmedByName: grant.confirmedByName });
    expect(revoked.revokedAt).toBeGreaterThanOrEqual(grant.grantedAt);
    expect(o.db.prepare('select revoked_by from permission_grants where id = ?').pluck().get(grant.id)).toBe(admin.user.id);
    expect(auditRows(o.db, 'users', annaId).at(-1)).toEqual({ action: 'permission.revoked', userId: admin.user.id, details: { permission: 'lead.unlink', user: anna.user.displayName } });
    expect(changesSince(o.db, seq).map((c) => `${c.entity}:${c.op}`)).toEqual(['permission_grants:update', 'audit_log:insert']);

    expect((await anna.ok('auth.me', {}))!.permissions).toEqual([]);
    await refusedUntouched(o, () => anna.call('leads.unlinkPreview', { leadId }), 'FORBIDDEN');
    await refusedUntouched(o, () => anna.call('leads.unlink', { leadId, reason: 'Pomyłka przy łączeniu' }), 'FORBIDDEN');
    expect((await admin.ok('users.list', {})).find((u) => u.id === annaId)!.permissions).toEqual([]);
  });

  it('refuses revoking twice (CONFLICT) and an unknown grant (NOT_FOUND) without writing', async () => {
    const { o, admin, anna } = await office();
    const grant = await grantUnlink(admin, anna.user.id);
    await admin.ok('grants.revoke', { id: grant.id });
    await refusedUntouched(o, () => admin.call('grants.revoke', { id: grant.id }), 'CONFLICT');
    await refusedUntouched(o, () => admin.call('grants.revoke', { id: 'no-such-grant' }), 'NOT_FOUND');
  });
});

describe('grants.list', () => {
  it('shows current and past grants with the names of holder, granter and revoker, to managers too', async () => {
    const { o, admin, manager, anna } = await office();
    const kasiaId = o.user('kasia').id;
    const old = await grantUnlink(admin, anna.user.id, { confirmedByName: 'Pierwszy Prezes', reference: '' });
    await admin.ok('grants.revoke', { id: old.id });
    const current = await grantUnlink(admin, anna.user.id, { confirmedByName: 'Drugi Prezes' });
    const kasias = await grantUnlink(admin, kasiaId);

    const list = await manager.ok('grants.list', {});
    expect(list.map((g) => g.id).sort()).toEqual([old.id, current.id, kasias.id].sort());
    expect(list.map((g) => g.id).sort()).toEqual((o.db.prepare('select id from permission_grants').pluck().all() as string[]).sort());
    const byId = new Map(list.map((g) => [g.id, g]));
    expect(byId.get(old.id)).toMatchObject({ userName: anna.user.displayName, grantedByName: admin.user.displayName, confirmedByName: 'Pierwszy Prezes', reference: null, revokedByName: admin.user.displayName });
    expect(byId.get(old.id)!.revokedAt).toEqual(expect.any(Number));
    expect(byId.get(current.id)).toMatchObject({ userName: anna.user.displayName, confirmedByName: 'Drugi Prezes', revokedAt: null, revokedByName: null });
    expect(byId.get(kasias.id)).toMatchObject({ userId: kasiaId, userName: o.user('kasia').displayName, revokedAt: null });
    // Newest first.
    const times = list.map((g) => g.grantedAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The admin sees the same list.
    expect(await admin.ok('grants.list', {})).toEqual(list);
  });
});
