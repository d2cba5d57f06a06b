/**
 * Who may call which protected method: every method as an advisor, a manager and an administrator, first
 * without and then with the lead.unlink grant. Refused calls are FORBIDDEN and write nothing; allowed reads
 * write nothing either; allowed writes leave an audit entry.
 */
import { describe, expect, it } from 'vitest';
import type { MethodName } from '../../src-shared/api/contract';
import type { Role } from '../../src-shared/users/types';
import { can, canSeeClient, canSeeLead } from '../../src-shared/users/permissions';
import { accessFootprint, demoLead, grantUnlink, readsOnly, refusedUntouched } from './access-fixtures';
import { freshOffice, logCounts, type Caller, type Office } from './lead-fixtures';

type Phase = 'without' | 'with';

interface Setup {
  o: Office;
  admin: Caller;
  manager: Caller;
  anna: Caller;
  /** Grants made in setup, for the revoke rows: one per phase. */
  revocable: Record<Phase, string>;
  /** A linked (kind 'linked') demo lead per role, each visible to that caller. */
  linkedLead: Record<Role, string>;
}

interface Rule {
  method: MethodName;
  /** Reads write nothing even when allowed. */
  read: boolean;
  allowed(role: Role, granted: boolean): boolean;
  input(s: Setup, phase: Phase, role: Role): unknown;
}

const adminOnly = (role: Role) => role === 'admin';
const managerOrAdmin = (role: Role) => role === 'manager' || role === 'admin';
const grantHolders = (_role: Role, granted: boolean) => granted;

const RULES: Rule[] = [
  { method: 'users.list', read: true, allowed: adminOnly, input: () => ({}) },
  {
    method: 'users.create',
    read: false,
    allowed: adminOnly,
    input: (_s, phase, role) => ({ username: `nowy.${phase}.${role}`, displayName: `Nowy ${phase} ${role}`, role: 'advisor', password: 'tajne-haslo-1' }),
  },
  { method: 'users.update', read: false, allowed: adminOnly, input: (s, phase, role) => ({ id: s.o.user('kasia').id, displayName: `Kasia ${phase} ${role}` }) },
  { method: 'users.setPassword', read: false, allowed: adminOnly, input: (s, phase, role) => ({ id: s.o.user('kasia').id, password: `haslo-${phase}-${role}` }) },
  { method: 'grants.list', read: true, allowed: managerOrAdmin, input: () => ({}) },
  {
    method: 'grants.grant',
    read: false,
    allowed: adminOnly,
    input: (s, phase) => ({
      userId: s.o.user(phase === 'without' ? 'kasia' : 'piotr').id,
      permission: 'lead.unlink',
      confirmedByName: 'Jan Zarządca',
      confirmedByEmail: 'zarzad@zielonetarasy.pl',
      confirmedAt: Date.now() - 60_000,
    }),
  },
  { method: 'grants.revoke', read: false, allowed: adminOnly, input: (s, phase) => ({ id: s.revocable[phase] }) },
  { method: 'leads.unlinkPreview', read: true, allowed: grantHolders, input: (s, _phase, role) => ({ leadId: s.linkedLead[role] }) },
  { method: 'leads.unlink', read: false, allowed: grantHolders, input: (s, _phase, role) => ({ leadId: s.linkedLead[role], reason: 'Połączony z niewłaściwą osobą' }) },
  { method: 'audit.list', read: true, allowed: managerOrAdmin, input: () => ({ limit: 20 }) },
  { method: 'audit.exportCsv', read: true, allowed: managerOrAdmin, input: () => ({}) },
  { method: 'settings.update', read: false, allowed: adminOnly, input: (_s, phase) => ({ firstCallDueMinutes: phase === 'without' ? 30 : 45 }) },
  { method: 'deletionReasons.save', read: false, allowed: adminOnly, input: (_s, phase, role) => ({ label: `Powód ${phase} ${role}` }) },
];

async function setup(withRevocable = true): Promise<Setup> {
  const o = await freshOffice();
  const [admin, manager, anna] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna')]);
  // Grants to revoke (kasia's in the first phase, piotr's in the second), made before anything is measured.
  // Left out for grants.grant, which grants to kasia and then to piotr.
  const kasias = withRevocable ? (await grantUnlink(admin, o.user('kasia').id)).id : 'none';
  const piotrs = withRevocable ? (await grantUnlink(admin, o.user('piotr').id)).id : 'none';
  return {
    o,
    admin,
    manager,
    anna,
    revocable: { without: kasias, with: piotrs },
    linkedLead: {
      advisor: demoLead(o.db, 'linked', o.user('anna').id),
      manager: demoLead(o.db, 'linked', o.user('piotr').id),
      admin: demoLead(o.db, 'linked', o.user('kasia').id),
    },
  };
}

describe('the permission matrix', () => {
  it.each(RULES.map((r) => [r.method, r] as const))('%s: advisor, manager, admin, without and with the lead.unlink grant', async (_name, rule) => {
    const s = await setup(rule.method === 'grants.revoke');
    const callers: [Role, Caller][] = [
      ['advisor', s.anna],
      ['manager', s.manager],
      ['admin', s.admin],
    ];
    for (const phase of ['without', 'with'] as Phase[]) {
      if (phase === 'with') {
        for (const [, caller] of callers) await grantUnlink(s.admin, caller.user.id);
        // The grant takes effect on the next call, without signing in again.
        for (const [, caller] of callers) expect((await caller.ok('auth.me', {}))!.permissions).toEqual(['lead.unlink']);
      }
      for (const [role, caller] of callers) {
        const input = rule.input(s, phase, role);
        const label = `${rule.method} as ${role} ${phase} the grant`;
        if (!rule.allowed(role, phase === 'with')) {
          const error = await refusedUntouched(s.o, () => caller.call(rule.method, input), 'FORBIDDEN');
          expect(error.message, label).toMatch(/^Only /);
          continue;
        }
        if (rule.read) {
          const result = await readsOnly(s.o, () => caller.call(rule.method, input));
          expect(result.ok, `${label}: ${result.ok ? '' : result.error.message}`).toBe(true);
        } else {
          const before = logCounts(s.o.db);
          const result = await caller.call(rule.method, input);
          expect(result.ok, `${label}: ${result.ok ? '' : result.error.message}`).toBe(true);
          const after = logCounts(s.o.db);
          expect(after.auditLog, `${label} is audited`).toBeGreaterThan(before.auditLog);
          expect(after.changeLog, `${label} is recorded for sync`).toBeGreaterThan(before.changeLog);
        }
      }
    }
  });

  it('an advisor holding the lead.unlink grant gains nothing else from it', async () => {
    const s = await setup();
    await grantUnlink(s.admin, s.anna.user.id);
    for (const rule of RULES.filter((r) => r.method !== 'leads.unlinkPreview' && r.method !== 'leads.unlink')) {
      await refusedUntouched(s.o, () => s.anna.call(rule.method, rule.input(s, 'with', 'advisor')), 'FORBIDDEN');
    }
    // ...but the grant itself works.
    expect((await s.anna.ok('leads.unlinkPreview', { leadId: s.linkedLead.advisor })).leadId).toBe(s.linkedLead.advisor);
  });

  it('a window nobody signed in on gets UNAUTHENTICATED from every protected method and writes nothing', async () => {
    const s = await setup();
    for (const rule of RULES) {
      const error = await refusedUntouched(s.o, () => s.o.core.call('nobody', rule.method, rule.input(s, 'with', 'admin')), 'UNAUTHENTICATED');
      expect(error.message).toMatch(/Sign in/);
    }
  });

  it('a signed-out window loses its rights at once', async () => {
    const s = await setup();
    await s.admin.ok('auth.signOut', {});
    await refusedUntouched(s.o, () => s.admin.call('users.list', {}), 'UNAUTHENTICATED');
    expect(accessFootprint(s.o.db).users).toHaveLength(5);
  });
});

describe('can() and the visibility rules (pure)', () => {
  const advisor = { id: 'a', role: 'advisor' as const, permissions: [] };
  const manager = { id: 'm', role: 'manager' as const, permissions: [] };
  const admin = { id: 'x', role: 'admin' as const, permissions: [] };
  const off = { teamSeesAll: false };
  const on = { teamSeesAll: true };

  it('gives each capability to the roles the rules name', () => {
    const table = (['users.manage', 'settings.manage', 'grants.manage', 'grants.view', 'audit.view', 'lead.unlink', 'everything.view'] as const).map((c) => [
      c,
      [advisor, manager, admin].map((u) => can(u, c, off)),
    ]);
    expect(Object.fromEntries(table)).toEqual({
      'users.manage': [false, false, true],
      'settings.manage': [false, false, true],
      'grants.manage': [false, false, true],
      'grants.view': [false, true, true],
      'audit.view': [false, true, true],
      'lead.unlink': [false, false, false],
      'everything.view': [false, true, true],
    });
    expect([advisor, manager, admin].map((u) => can({ ...u, permissions: ['lead.unlink'] }, 'lead.unlink'))).toEqual([true, true, true]);
    expect(can(advisor, 'everything.view', on)).toBe(true);
    expect(can(advisor, 'everything.view')).toBe(false);
  });

  it('lets an advisor see unassigned leads and their own, and their own clients, unless the team sees all', () => {
    expect([null, 'a', 'b'].map((assigneeId) => canSeeLead(advisor, { assigneeId }, off))).toEqual([true, true, false]);
    expect([null, 'a', 'b'].map((ownerId) => canSeeClient(advisor, { ownerId }, off))).toEqual([false, true, false]);
    expect([null, 'a', 'b'].map((assigneeId) => canSeeLead(advisor, { assigneeId }, on))).toEqual([true, true, true]);
    expect([null, 'a', 'b'].map((ownerId) => canSeeClient(advisor, { ownerId }, on))).toEqual([true, true, true]);
    for (const u of [manager, admin]) {
      expect(canSeeLead(u, { assigneeId: 'b' }, off)).toBe(true);
      expect(canSeeClient(u, { ownerId: 'b' }, off)).toBe(true);
    }
  });
});
