/**
 * The activities service: logging something done, planning, completing, rescheduling and cancelling, who may
 * do it on whose client, the offer follow-ups, "My day", and the SLA figures of the client card that the done
 * activities feed. Every write is checked for its change record and audit entry; every refusal for writing nothing.
 */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventMap, EventName, MethodInput } from '../../src-shared/api/contract';
import { HOUR, MINUTE, refusedUntouched } from './access-fixtures';
import { auditRows, changesSince, clientRow, clockAt, failInserts, lastSeq, teamOffice, withWriter } from './client-fixtures';
import { count, createLead, leadRow, type Caller } from './lead-fixtures';

const DAY = 24 * HOUR;

afterEach(() => {
  vi.useRealTimers();
});

const office = teamOffice;

interface ActivityDbRow {
  id: string;
  client_id: string;
  lead_id: string | null;
  type: string;
  state: string;
  user_id: string | null;
  due_at: number | null;
  done_at: number | null;
  outcome: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

function activityRow(db: Database.Database, id: string): ActivityDbRow {
  const row = db.prepare('select * from activities where id = ?').get(id) as ActivityDbRow | undefined;
  if (!row) throw new Error(`activity ${id} not in the database`);
  return row;
}

/** The planned phone follow-ups on a client, oldest due first. */
const followUps = (db: Database.Database, clientId: string) =>
  db
    .prepare(`select type, state, user_id as userId, due_at as dueAt, notes, created_by as createdBy from activities where client_id = ? and notes like 'Follow-up on the offer%' order by due_at`)
    .all(clientId) as { type: string; state: string; userId: string; dueAt: number; notes: string; createdBy: string }[];

const lastAudit = (db: Database.Database, clientId: string) => auditRows(db, 'clients', clientId).at(-1);

function plan(caller: Caller, clientId: string, extra: Partial<Extract<MethodInput<'activities.create'>, { state: 'planned' }>> = {}) {
  return caller.ok('activities.create', { state: 'planned', clientId, type: 'phone', dueAt: Date.now() + DAY, ...extra });
}

// ---------------------------------------------------------------------------------------------------------

describe('activities.create', () => {
  it('logs something done: doneAt defaults to now, done by the caller, with its change record and audit entry', async () => {
    const { o, anna, id, client } = await office();
    const seq = lastSeq(o.db);
    const before = Date.now();
    const { id: activityId } = await anna.ok('activities.create', { state: 'done', clientId: client.annas.id, type: 'phone', outcome: ' Rozmowa odbyta ', notes: '' });
    const after = Date.now();

    const row = activityRow(o.db, activityId);
    expect(row).toMatchObject({ client_id: client.annas.id, type: 'phone', state: 'done', user_id: id.anna, due_at: null, outcome: 'Rozmowa odbyta', notes: null, created_by: id.anna });
    expect(row.done_at).toBeGreaterThanOrEqual(before);
    expect(row.done_at).toBeLessThanOrEqual(after);

    const changes = changesSince(o.db, seq);
    expect(changes.map(({ entity, op, entityId }) => ({ entity, op, entityId }))).toEqual([
      { entity: 'activities', op: 'insert', entityId: activityId },
      { entity: 'audit_log', op: 'insert', entityId: expect.any(String) },
    ]);
    expect(lastAudit(o.db, client.annas.id)).toEqual({ action: 'activity.done', userId: id.anna, details: { type: 'phone', activityId } });
  });

  it('keeps a past doneAt and refuses a future one (VALIDATION on doneAt), writing nothing', async () => {
    const { o, anna, client } = await office();
    const past = Date.now() - 3 * HOUR;
    const { id: activityId } = await anna.ok('activities.create', { state: 'done', clientId: client.annas.id, type: 'meeting', doneAt: past });
    expect(activityRow(o.db, activityId).done_at).toBe(past);

    const error = await refusedUntouched(
      o,
      () => anna.call('activities.create', { state: 'done', clientId: client.annas.id, type: 'meeting', doneAt: Date.now() + HOUR }),
      'VALIDATION',
    );
    expect(error.issues?.map((f) => f.field)).toContain('doneAt');
  });

  it('plans: dueAt is required, userId defaults to the caller; change record and activity.planned audit entry', async () => {
    const { o, anna, id, client } = await office();
    await refusedUntouched(o, () => anna.call('activities.create', { state: 'planned', clientId: client.annas.id, type: 'phone' }), 'VALIDATION');
    // A planned activity has no doneAt, and a done one no dueAt.
    await refusedUntouched(o, () => anna.call('activities.create', { state: 'planned', clientId: client.annas.id, type: 'phone', dueAt: Date.now(), doneAt: Date.now() }), 'VALIDATION');

    const seq = lastSeq(o.db);
    const dueAt = Date.now() + 2 * DAY;
    const { id: activityId } = await anna.ok('activities.create', { state: 'planned', clientId: client.annas.id, type: 'email', dueAt, notes: 'Wysłać rzuty' });
    expect(activityRow(o.db, activityId)).toMatchObject({ state: 'planned', type: 'email', user_id: id.anna, due_at: dueAt, done_at: null, notes: 'Wysłać rzuty', created_by: id.anna });
    expect(changesSince(o.db, seq).map(({ entity, op, entityId }) => ({ entity, op, entityId }))).toEqual([
      { entity: 'activities', op: 'insert', entityId: activityId },
      { entity: 'audit_log', op: 'insert', entityId: expect.any(String) },
    ]);
    expect(lastAudit(o.db, client.annas.id)).toEqual({ action: 'activity.planned', userId: id.anna, details: { type: 'email', activityId } });
  });

  it("lets an advisor plan for themselves or the client's owner only; a manager for anyone", async () => {
    const { o, admin, manager, anna, id, client } = await office();
    // On her own client: herself yes, another advisor no.
    expect(activityRow(o.db, (await plan(anna, client.annas.id, { userId: id.anna })).id).user_id).toBe(id.anna);
    await refusedUntouched(o, () => anna.call('activities.create', { state: 'planned', clientId: client.annas.id, type: 'phone', dueAt: Date.now() + DAY, userId: id.piotr }), 'FORBIDDEN');

    // When the team sees all, on piotr's client: for piotr (the owner) or herself, not for kasia.
    await admin.ok('settings.update', { teamSeesAll: true });
    expect(activityRow(o.db, (await plan(anna, client.piotrs.id, { userId: id.piotr })).id).user_id).toBe(id.piotr);
    expect(activityRow(o.db, (await plan(anna, client.piotrs.id)).id).user_id).toBe(id.anna);
    await refusedUntouched(o, () => anna.call('activities.create', { state: 'planned', clientId: client.piotrs.id, type: 'phone', dueAt: Date.now() + DAY, userId: id.kasia }), 'FORBIDDEN');

    // A manager plans for anyone on anyone's client.
    expect(activityRow(o.db, (await plan(manager, client.annas.id, { userId: id.kasia })).id)).toMatchObject({ user_id: id.kasia, created_by: id.manager });
  });

  it('refuses an inactive or unknown user to do it (VALIDATION on userId), writing nothing', async () => {
    const { o, admin, manager, id, client } = await office();
    await admin.ok('users.update', { id: id.kasia, active: false });
    const error = await refusedUntouched(
      o,
      () => manager.call('activities.create', { state: 'planned', clientId: client.annas.id, type: 'phone', dueAt: Date.now() + DAY, userId: id.kasia }),
      'VALIDATION',
    );
    expect(error.issues).toEqual([{ field: 'userId', message: expect.any(String) }]);
    await refusedUntouched(o, () => manager.call('activities.create', { state: 'planned', clientId: client.annas.id, type: 'phone', dueAt: Date.now() + DAY, userId: 'no-such-user' }), 'VALIDATION');
  });

  it("refuses an advisor on another advisor's client (FORBIDDEN) and a deleted or unknown client (NOT_FOUND)", async () => {
    const { o, manager, anna, client } = await office();
    await refusedUntouched(o, () => anna.call('activities.create', { state: 'done', clientId: client.piotrs.id, type: 'phone' }), 'FORBIDDEN');
    await refusedUntouched(o, () => anna.call('activities.create', { state: 'planned', clientId: client.piotrs.id, type: 'phone', dueAt: Date.now() + DAY }), 'FORBIDDEN');
    await manager.ok('activities.create', { state: 'done', clientId: client.piotrs.id, type: 'note', notes: 'Dzwonił w sprawie parkingu' });

    withWriter(o, (db) => db.prepare('update clients set deleted_at = ? where id = ?').run(Date.now(), client.annas.id));
    await refusedUntouched(o, () => anna.call('activities.create', { state: 'done', clientId: client.annas.id, type: 'phone' }), 'NOT_FOUND');
    await refusedUntouched(o, () => manager.call('activities.create', { state: 'done', clientId: 'no-such-client', type: 'phone' }), 'NOT_FOUND');
  });

  it('writes the activity, its change record and the audit entry in one transaction (a failing audit insert leaves nothing)', async () => {
    const { o, anna, client } = await office();
    failInserts(o, 'audit_log');
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await refusedUntouched(o, () => anna.call('activities.create', { state: 'done', clientId: client.annas.id, type: 'offer', doneAt: Date.now() - HOUR }), 'INTERNAL');
      await refusedUntouched(o, () => anna.call('activities.create', { state: 'planned', clientId: client.annas.id, type: 'phone', dueAt: Date.now() + DAY }), 'INTERNAL');
    } finally {
      quiet.mockRestore();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('activities.complete / reschedule / cancel', () => {
  it('completes a planned activity: done at doneAt (default now), with change record and activity.done audit entry', async () => {
    const { o, anna, id, client } = await office();
    const { id: a } = await plan(anna, client.annas.id, { notes: 'Zadzwonić' });
    const { id: b } = await plan(anna, client.annas.id, { type: 'meeting' });

    let seq = lastSeq(o.db);
    const doneAt = Date.now() - 20 * MINUTE;
    await anna.ok('activities.complete', { id: a, doneAt, outcome: 'Zainteresowany' });
    expect(activityRow(o.db, a)).toMatchObject({ state: 'done', done_at: doneAt, outcome: 'Zainteresowany', notes: 'Zadzwonić', user_id: id.anna });
    expect(changesSince(o.db, seq).map(({ entity, op, entityId }) => ({ entity, op, entityId }))).toEqual([
      { entity: 'activities', op: 'update', entityId: a },
      { entity: 'audit_log', op: 'insert', entityId: expect.any(String) },
    ]);
    expect(lastAudit(o.db, client.annas.id)).toEqual({ action: 'activity.done', userId: id.anna, details: { type: 'phone', activityId: a } });

    seq = lastSeq(o.db);
    const before = Date.now();
    await anna.ok('activities.complete', { id: b, notes: 'Oglądali M3' });
    const row = activityRow(o.db, b);
    expect(row).toMatchObject({ state: 'done', notes: 'Oglądali M3', outcome: null });
    expect(row.done_at).toBeGreaterThanOrEqual(before);
    expect(row.done_at).toBeLessThanOrEqual(Date.now());
    expect(changesSince(o.db, seq)).toHaveLength(2);
  });

  it('reschedules a planned activity, with change record and activity.rescheduled audit entry (from, to)', async () => {
    const { o, anna, id, client } = await office();
    const dueAt = Date.now() + DAY;
    const { id: a } = await plan(anna, client.annas.id, { dueAt });
    const seq = lastSeq(o.db);
    const to = dueAt + 3 * DAY;
    await anna.ok('activities.reschedule', { id: a, dueAt: to });
    expect(activityRow(o.db, a)).toMatchObject({ state: 'planned', due_at: to });
    expect(changesSince(o.db, seq).map(({ entity, op, entityId }) => ({ entity, op, entityId }))).toEqual([
      { entity: 'activities', op: 'update', entityId: a },
      { entity: 'audit_log', op: 'insert', entityId: expect.any(String) },
    ]);
    expect(lastAudit(o.db, client.annas.id)).toEqual({ action: 'activity.rescheduled', userId: id.anna, details: { type: 'phone', activityId: a, from: dueAt, to } });
  });

  it('cancels a planned activity, with change record and activity.cancelled audit entry (reason)', async () => {
    const { o, anna, id, client } = await office();
    const { id: a } = await plan(anna, client.annas.id);
    const { id: b } = await plan(anna, client.annas.id, { type: 'email' });
    const seq = lastSeq(o.db);
    await anna.ok('activities.cancel', { id: a, reason: 'Klient zrezygnował' });
    expect(activityRow(o.db, a)).toMatchObject({ state: 'cancelled', outcome: 'Klient zrezygnował', done_at: null });
    expect(changesSince(o.db, seq).map(({ entity, op, entityId }) => ({ entity, op, entityId }))).toEqual([
      { entity: 'activities', op: 'update', entityId: a },
      { entity: 'audit_log', op: 'insert', entityId: expect.any(String) },
    ]);
    expect(lastAudit(o.db, client.annas.id)).toEqual({ action: 'activity.cancelled', userId: id.anna, details: { type: 'phone', activityId: a, reason: 'Klient zrezygnował' } });

    await anna.ok('activities.cancel', { id: b });
    expect(lastAudit(o.db, client.annas.id)).toEqual({ action: 'activity.cancelled', userId: id.anna, details: { type: 'email', activityId: b, reason: null } });
  });

  it('works on planned activities only: CONFLICT for done or cancelled ones, writing nothing', async () => {
    const { o, anna, manager, client } = await office();
    const { id: completed } = await plan(anna, client.annas.id);
    await anna.ok('activities.complete', { id: completed });
    const { id: cancelled } = await plan(anna, client.annas.id);
    await anna.ok('activities.cancel', { id: cancelled });
    const { id: loggedDone } = await anna.ok('activities.create', { state: 'done', clientId: client.annas.id, type: 'email' });

    for (const id of [completed, cancelled, loggedDone]) {
      for (const caller of [anna, manager]) {
        await refusedUntouched(o, () => caller.call('activities.complete', { id }), 'CONFLICT');
        await refusedUntouched(o, () => caller.call('activities.reschedule', { id, dueAt: Date.now() + DAY }), 'CONFLICT');
        await refusedUntouched(o, () => caller.call('activities.cancel', { id, reason: 'x' }), 'CONFLICT');
      }
    }
    await refusedUntouched(o, () => anna.call('activities.complete', { id: 'no-such-activity' }), 'NOT_FOUND');
  });

  it('refuses completing with a future doneAt (VALIDATION), writing nothing', async () => {
    const { o, anna, client } = await office();
    const { id } = await plan(anna, client.annas.id);
    await refusedUntouched(o, () => anna.call('activities.complete', { id, doneAt: Date.now() + HOUR }), 'VALIDATION');
    expect(activityRow(o.db, id).state).toBe('planned');
  });

  it("refuses an advisor on another advisor's client (FORBIDDEN) unless the activity is assigned to them; a manager may", async () => {
    const { o, manager, anna, piotr, id, client } = await office();
    const { id: piotrs } = await plan(piotr, client.piotrs.id);
    await refusedUntouched(o, () => anna.call('activities.complete', { id: piotrs }), 'FORBIDDEN');
    await refusedUntouched(o, () => anna.call('activities.reschedule', { id: piotrs, dueAt: Date.now() + 2 * DAY }), 'FORBIDDEN');
    await refusedUntouched(o, () => anna.call('activities.cancel', { id: piotrs }), 'FORBIDDEN');

    // Planned for anna by the manager on piotr's client: anna may work on it.
    const { id: forAnna } = await plan(manager, client.piotrs.id, { userId: id.anna });
    await anna.ok('activities.reschedule', { id: forAnna, dueAt: Date.now() + 2 * DAY });
    await anna.ok('activities.complete', { id: forAnna, outcome: 'Przekazane' });
    expect(activityRow(o.db, forAnna)).toMatchObject({ state: 'done', user_id: id.anna, outcome: 'Przekazane' });

    // The manager works on anyone's.
    await manager.ok('activities.reschedule', { id: piotrs, dueAt: Date.now() + 3 * DAY });
    await manager.ok('activities.cancel', { id: piotrs, reason: 'Zmiana planu' });
    expect(activityRow(o.db, piotrs).state).toBe('cancelled');
    expect(lastAudit(o.db, client.piotrs.id)).toMatchObject({ action: 'activity.cancelled', userId: id.manager });
  });

  it('refuses working on an activity of a deleted client (NOT_FOUND, as create does), even when assigned to the caller', async () => {
    const { o, anna, client } = await office();
    const { id } = await plan(anna, client.annas.id, { type: 'offer' });
    withWriter(o, (db) => db.prepare('update clients set deleted_at = ? where id = ?').run(Date.now(), client.annas.id));
    await refusedUntouched(o, () => anna.call('activities.complete', { id }), 'NOT_FOUND');
    await refusedUntouched(o, () => anna.call('activities.reschedule', { id, dueAt: Date.now() + 2 * DAY }), 'NOT_FOUND');
    await refusedUntouched(o, () => anna.call('activities.cancel', { id }), 'NOT_FOUND');
  });

  it('emits activities.changed (and clients.changed) with the clientId after every write', async () => {
    const { o, anna, client } = await office();
    const seen: { event: EventName; payload: EventMap[EventName] }[] = [];
    const unsubscribe = o.core.subscribe((_key, event, payload) => seen.push({ event, payload }));
    try {
      const clientId = client.annas.id;
      const expectEvent = async (write: () => Promise<unknown>) => {
        seen.length = 0;
        await write();
        expect(seen).toContainEqual({ event: 'activities.changed', payload: { clientIds: [clientId] } });
        expect(seen).toContainEqual({ event: 'clients.changed', payload: { ids: [clientId] } });
      };
      await expectEvent(() => anna.ok('activities.create', { state: 'done', clientId, type: 'phone' }));
      let planned = '';
      await expectEvent(async () => (planned = (await plan(anna, clientId)).id));
      await expectEvent(() => anna.ok('activities.reschedule', { id: planned, dueAt: Date.now() + 2 * DAY }));
      await expectEvent(() => anna.ok('activities.complete', { id: planned }));
      const { id: other } = await plan(anna, clientId);
      await expectEvent(() => anna.ok('activities.cancel', { id: other }));

      // A refusal announces nothing.
      seen.length = 0;
      await anna.call('activities.cancel', { id: other });
      expect(seen).toEqual([]);
    } finally {
      unsubscribe();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('offer follow-ups', () => {
  it("plans phone follow-ups at doneAt + 2, 7 and 14 days for the client's owner when an offer is logged as done", async () => {
    const { o, manager, id, client } = await office();
    const doneAt = Date.now() - 2 * HOUR;
    const seq = lastSeq(o.db);
    await manager.ok('activities.create', { state: 'done', clientId: client.annas.id, type: 'offer', doneAt });
    expect(followUps(o.db, client.annas.id)).toEqual(
      [2, 7, 14].map((d) => ({ type: 'phone', state: 'planned', userId: id.anna, dueAt: doneAt + d * DAY, notes: `Follow-up on the offer (+${d} d)`, createdBy: id.manager })),
    );
    // Each follow-up has its change record, in the same write.
    const inserted = changesSince(o.db, seq).filter((c) => c.entity === 'activities' && c.op === 'insert');
    expect(inserted).toHaveLength(4);
  });

  it('plans them when a planned offer is completed, from its doneAt', async () => {
    const { o, anna, id, client } = await office();
    const { id: offer } = await plan(anna, client.annas.id, { type: 'offer', dueAt: Date.now() + HOUR });
    expect(followUps(o.db, client.annas.id)).toEqual([]);
    const doneAt = Date.now() - 5 * MINUTE;
    await anna.ok('activities.complete', { id: offer, doneAt });
    expect(followUps(o.db, client.annas.id).map((f) => ({ userId: f.userId, dueAt: f.dueAt, type: f.type, state: f.state }))).toEqual(
      [2, 7, 14].map((d) => ({ userId: id.anna, dueAt: doneAt + d * DAY, type: 'phone', state: 'planned' })),
    );
  });

  it('follows the followUpDays setting ([1, 3] after settings.update), and plans none for other types', async () => {
    const { o, admin, manager, id, client } = await office();
    await admin.ok('settings.update', { followUpDays: [1, 3] });
    const doneAt = Date.now() - HOUR;
    await manager.ok('activities.create', { state: 'done', clientId: client.piotrs.id, type: 'offer', doneAt });
    expect(followUps(o.db, client.piotrs.id).map((f) => ({ userId: f.userId, dueAt: f.dueAt }))).toEqual([
      { userId: id.piotr, dueAt: doneAt + 1 * DAY },
      { userId: id.piotr, dueAt: doneAt + 3 * DAY },
    ]);

    const activities = count(o.db, 'select count(*) from activities');
    await manager.ok('activities.create', { state: 'done', clientId: client.annas.id, type: 'meeting' });
    await manager.ok('activities.create', { state: 'done', clientId: client.annas.id, type: 'contract' });
    expect(count(o.db, 'select count(*) from activities')).toBe(activities + 2);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('activities.myDay', () => {
  it("splits the caller's planned activities into overdue, today and upcoming (7 days); not others', not done/cancelled, not deleted clients", async () => {
    const { o, manager, anna, id, client } = await office();
    const now = Date.now();
    const endOfToday = now + 5 * HOUR;
    const annas = client.annas.id;
    const mine = {
      overdue: (await plan(anna, annas, { dueAt: now - 2 * HOUR, notes: 'Oddzwonić' })).id,
      today: (await plan(anna, annas, { dueAt: now + HOUR, type: 'meeting' })).id,
      upcoming: (await plan(anna, annas, { dueAt: endOfToday + 6 * DAY })).id,
      tooFar: (await plan(anna, annas, { dueAt: endOfToday + 7 * DAY + MINUTE })).id,
    };
    const excluded = [
      mine.tooFar,
      (await plan(manager, client.piotrs.id, { dueAt: now + HOUR })).id, // someone else's
      (await plan(manager, annas, { dueAt: now + HOUR, userId: id.piotr })).id, // on her client, for piotr
    ];
    const toComplete = (await plan(anna, annas, { dueAt: now + HOUR })).id;
    await anna.ok('activities.complete', { id: toComplete });
    const toCancel = (await plan(anna, annas, { dueAt: now + HOUR })).id;
    await anna.ok('activities.cancel', { id: toCancel });
    excluded.push(toComplete, toCancel);
    // A client of anna's that is deleted afterwards.
    const other = o.db.prepare('select id from clients where owner_user_id = ? and id <> ? and deleted_at is null limit 1').pluck().get(id.anna, annas) as string;
    const onDeleted = (await plan(anna, other, { dueAt: now + HOUR })).id;
    withWriter(o, (db) => db.prepare('update clients set deleted_at = ? where id = ?').run(Date.now(), other));
    excluded.push(onDeleted);

    const t0 = Date.now();
    const day = await anna.ok('activities.myDay', { endOfToday });
    const t1 = Date.now();

    // The independent answer, from SQL (the demo has planned activities of anna's too).
    const rows = o.db
      .prepare(
        `select a.id, a.due_at as dueAt from activities a join clients c on c.id = a.client_id
         where a.user_id = ? and a.state = 'planned' and c.deleted_at is null and a.due_at < ? order by a.due_at`,
      )
      .all(id.anna, endOfToday + 7 * DAY) as { id: string; dueAt: number }[];
    expect(rows.some((r) => r.dueAt >= t0 && r.dueAt <= t1), 'a due time falls within the call').toBe(false);
    expect(day.overdue.map((i) => i.id)).toEqual(rows.filter((r) => r.dueAt < t0).map((r) => r.id));
    expect(day.today.map((i) => i.id)).toEqual(rows.filter((r) => r.dueAt >= t0 && r.dueAt < endOfToday).map((r) => r.id));
    expect(day.upcoming.map((i) => i.id)).toEqual(rows.filter((r) => r.dueAt >= endOfToday).map((r) => r.id));

    expect(day.overdue.map((i) => i.id)).toContain(mine.overdue);
    expect(day.today.map((i) => i.id)).toContain(mine.today);
    expect(day.upcoming.map((i) => i.id)).toContain(mine.upcoming);
    const all = [...day.overdue, ...day.today, ...day.upcoming];
    for (const x of excluded) expect(all.map((i) => i.id)).not.toContain(x);
    for (const list of [day.overdue, day.today, day.upcoming]) expect(list.map((i) => i.dueAt)).toEqual([...list.map((i) => i.dueAt)].sort((a, b) => a - b));

    const name = [client.annas.first_name, client.annas.last_name].filter(Boolean).join(' ');
    expect(day.overdue.find((i) => i.id === mine.overdue)).toEqual({ id: mine.overdue, type: 'phone', dueAt: now - 2 * HOUR, clientId: annas, clientName: name, clientPhone: client.annas.phone_e164, notes: 'Oddzwonić' });
    expect(day.today.find((i) => i.id === mine.today)).toMatchObject({ type: 'meeting', notes: null });
  });

  it('shows the caller only their own: piotr sees his, anna none of his', async () => {
    const { manager, anna, piotr, id, client } = await office();
    const { id: forPiotr } = await plan(manager, client.annas.id, { dueAt: Date.now() + HOUR, userId: id.piotr });
    const endOfToday = Date.now() + 3 * HOUR;
    const piotrs = await piotr.ok('activities.myDay', { endOfToday });
    expect(piotrs.today.map((i) => i.id)).toContain(forPiotr);
    const annas = await anna.ok('activities.myDay', { endOfToday });
    expect([...annas.overdue, ...annas.today, ...annas.upcoming].map((i) => i.id)).not.toContain(forPiotr);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('clients.get sla', () => {
  async function converted() {
    const w = await office();
    const lead = await createLead(w.manager, w.o, { firstName: 'Sławomir', lastName: 'Rabarbar', assigneeId: w.id.anna });
    const result = await w.manager.ok('leads.convert', { leadId: lead.id, client: { firstName: 'Sławomir', lastName: 'Rabarbar', phone: lead.phone ?? undefined } });
    expect(result.plannedCall).not.toBeNull();
    const created = clientRow(w.o.db, result.clientId).created_at;
    return { ...w, leadId: lead.id, clientId: result.clientId, callId: result.plannedCall!.activityId, created };
  }

  it('starts running: the converted lead received_at, the client created_at, no first call yet', async () => {
    const { o, anna, leadId, clientId, created } = await converted();
    const card = await anna.ok('clients.get', { id: clientId });
    expect(card.sla).toEqual({ leadReceivedAt: leadRow(o.db, leadId).received_at, clientCreatedAt: created, firstCallAt: null, firstEmailAt: null, firstMeetingAt: null });
  });

  it('completing the planned call at clientCreatedAt + 7 min makes firstCallAt exactly that: 7 minutes', async () => {
    const { anna, clientId, callId, created } = await converted();
    clockAt(created + 10 * MINUTE);
    await anna.ok('activities.complete', { id: callId, doneAt: created + 7 * MINUTE, outcome: 'Rozmowa odbyta' });
    vi.useRealTimers();
    const { sla } = await anna.ok('clients.get', { id: clientId });
    expect(sla.firstCallAt).toBe(created + 7 * MINUTE);
    expect(Math.floor((sla.firstCallAt! - sla.clientCreatedAt) / 60_000)).toBe(7);
  });

  it('fills firstEmailAt / firstMeetingAt with the earliest done time; planned and cancelled ones do not count', async () => {
    const { anna, clientId, callId, created } = await converted();
    clockAt(created + 3 * HOUR);
    // The first call cancelled: still no first call.
    await anna.ok('activities.cancel', { id: callId, reason: 'Nie odbiera' });
    const { id: cancelledMail } = await plan(anna, clientId, { type: 'email', dueAt: created + 5 * MINUTE });
    await anna.ok('activities.cancel', { id: cancelledMail });
    await plan(anna, clientId, { type: 'meeting', dueAt: created + 10 * MINUTE });
    await anna.ok('activities.create', { state: 'done', clientId, type: 'email', doneAt: created + 50 * MINUTE });
    await anna.ok('activities.create', { state: 'done', clientId, type: 'email', doneAt: created + 20 * MINUTE });
    await anna.ok('activities.create', { state: 'done', clientId, type: 'meeting', doneAt: created + 2 * HOUR });
    const { id: laterMeeting } = await plan(anna, clientId, { type: 'meeting', dueAt: created + 4 * HOUR });
    await anna.ok('activities.complete', { id: laterMeeting, doneAt: created + 150 * MINUTE });
    vi.useRealTimers();

    const { sla } = await anna.ok('clients.get', { id: clientId });
    expect(sla).toMatchObject({ clientCreatedAt: created, firstCallAt: null, firstEmailAt: created + 20 * MINUTE, firstMeetingAt: created + 2 * HOUR });
  });
});
