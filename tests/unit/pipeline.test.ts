/**
 * The sales pipeline: clients.setStage (the clients row, its stage history, change records and audit entry in one
 * write; lost reasons from the office's list; the feedback request a won client gets; who may move whose client)
 * and the cold flag that clients.get and clients.list compute from the last done activity and coldAfterDays.
 * Every write is checked for what it stores; every refusal for writing nothing.
 */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventMap, EventName, MethodInput } from '../../src-shared/api/contract';
import type { ApiResult, ErrorCode } from '../../src-shared/api/errors';
import type { ClientDetail, PipelineStage } from '../../src-shared/clients/types';
import { HOUR, MINUTE, allClients, readsOnly, refusedUntouched } from './access-fixtures';
import { auditRows, changesSince, clientRow, clientWhere, clockAt, failInserts, lastSeq, ownedClient, teamOffice, uniqueEmail, withWriter } from './client-fixtures';
import { count, createLead, type Caller, type Office } from './lead-fixtures';

const DAY = 24 * HOUR;

afterEach(() => {
  vi.useRealTimers();
});

const office = teamOffice;
type World = Awaited<ReturnType<typeof office>>;

/**
 * A new client of anna's, converted from a lead by the manager now: stage new, no done activity, and (with a
 * phone) the planned first call. Names no demo person has, so a search finds this client only.
 */
async function newClient(w: World, client: { lastName: string; email?: string; phone?: boolean }) {
  const lead = await createLead(w.manager, w.o, { firstName: 'Sławomir', lastName: client.lastName, assigneeId: w.id.anna });
  const phone = client.phone === false ? undefined : (lead.phone ?? undefined);
  const { clientId } = await w.manager.ok('leads.convert', { leadId: lead.id, client: { firstName: 'Sławomir', lastName: client.lastName, phone, email: client.email } });
  return clientId;
}

interface StageDbRow {
  from_stage: string;
  to_stage: string;
  lost_reason: string | null;
  user_id: string | null;
  at: number;
}

/** The stored stage changes of a client, oldest first. */
const stageRows = (db: Database.Database, clientId: string) =>
  db.prepare('select from_stage, to_stage, lost_reason, user_id, at from client_stage_changes where client_id = ? order by at, rowid').all(clientId) as StageDbRow[];

const stageOf = (db: Database.Database, clientId: string) => clientRow(db, clientId).stage;

const lastAudit = (db: Database.Database, clientId: string) => auditRows(db, 'clients', clientId).at(-1);

interface OutboxDbRow {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}
const outboxTo = (db: Database.Database, address: string) => db.prepare('select * from outbox where to_address = ? order by created_at, rowid').all(address) as OutboxDbRow[];

/** What the pipeline tables hold, beyond the access footprint: every stage change, every stage, every queued e-mail. */
const pipelineTables = (db: Database.Database) => ({
  stageChanges: db.prepare('select * from client_stage_changes order by id').all(),
  stages: db.prepare('select id, stage, updated_at from clients order by id').all(),
  outbox: db.prepare('select * from outbox order by id').all(),
});

/** Expects the call to be refused with `code` and to leave every table, the pipeline ones included, as it was. */
async function refusedClean(o: Office, call: () => Promise<ApiResult<unknown>>, code: ErrorCode) {
  const before = pipelineTables(o.db);
  const error = await refusedUntouched(o, call, code);
  expect(pipelineTables(o.db), `${code} must write no stage change or e-mail`).toEqual(before);
  return error;
}

/** Expects the call to succeed and to write nothing at all. */
async function untouched<T>(o: Office, call: () => Promise<T>): Promise<T> {
  const before = pipelineTables(o.db);
  const value = await readsOnly(o, call);
  expect(pipelineTables(o.db)).toEqual(before);
  return value;
}

function setStage(caller: Caller, id: string, stage: PipelineStage, lostReason?: string): Promise<ClientDetail> {
  const input: MethodInput<'clients.setStage'> = lostReason === undefined ? { id, stage } : { id, stage, lostReason };
  return caller.ok('clients.setStage', input);
}

// ---------------------------------------------------------------------------------------------------------

describe('clients.setStage: what a change writes', () => {
  it('writes the stage, a stage-change row, its change records and a client.stageChanged audit entry; returns the card', async () => {
    const w = await office();
    const { o, anna, id, name } = w;
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    expect(stageOf(o.db, clientId)).toBe('new');

    const seq = lastSeq(o.db);
    const at = Date.now() + 5 * MINUTE;
    clockAt(at);
    const card = await setStage(anna, clientId, 'in_progress');

    expect(clientRow(o.db, clientId)).toMatchObject({ stage: 'in_progress', updated_at: at });
    expect(stageRows(o.db, clientId)).toEqual([{ from_stage: 'new', to_stage: 'in_progress', lost_reason: null, user_id: id.anna, at }]);

    const changes = changesSince(o.db, seq);
    expect(changes.map(({ entity, op, entityId }) => ({ entity, op, entityId }))).toEqual([
      { entity: 'clients', op: 'update', entityId: clientId },
      { entity: 'client_stage_changes', op: 'insert', entityId: expect.any(String) },
      { entity: 'audit_log', op: 'insert', entityId: expect.any(String) },
    ]);
    expect(JSON.parse(changes[0]!.data!)).toEqual({ stage: 'in_progress', updatedAt: at });
    const stageChangeId = o.db.prepare('select id from client_stage_changes where client_id = ?').pluck().get(clientId);
    expect(changes[1]!.entityId).toBe(stageChangeId);
    expect(JSON.parse(changes[1]!.data!)).toMatchObject({ clientId, fromStage: 'new', toStage: 'in_progress', lostReason: null, at, userId: id.anna });
    expect(lastAudit(o.db, clientId)).toEqual({ action: 'client.stageChanged', userId: id.anna, details: { from: 'new', to: 'in_progress' } });

    // The answer is the client card, already in its new stage.
    expect(card).toMatchObject({ id: clientId, stage: 'in_progress', updatedAt: at });
    expect(card.stageHistory).toEqual([{ fromStage: 'new', toStage: 'in_progress', lostReason: null, at, userName: name.anna }]);
  });

  it('writes lost with its reason (trimmed) into the stage-change row, the change record and the audit entry', async () => {
    const { o, anna, id, client } = await office();
    const clientId = client.annas.id;
    await setStage(anna, clientId, 'offer');
    const seq = lastSeq(o.db);
    await setStage(anna, clientId, 'lost', '  Chose another developer ');

    expect(stageOf(o.db, clientId)).toBe('lost');
    expect(stageRows(o.db, clientId).at(-1)).toMatchObject({ from_stage: 'offer', to_stage: 'lost', lost_reason: 'Chose another developer', user_id: id.anna });
    const changes = changesSince(o.db, seq);
    expect(changes.map((c) => c.entity)).toEqual(['clients', 'client_stage_changes', 'audit_log']);
    expect(JSON.parse(changes[1]!.data!)).toMatchObject({ toStage: 'lost', lostReason: 'Chose another developer' });
    expect(lastAudit(o.db, clientId)).toEqual({ action: 'client.stageChanged', userId: id.anna, details: { from: 'offer', to: 'lost', reason: 'Chose another developer' } });
  });

  it('writes everything in one transaction: a failing insert into any of its tables leaves nothing (INTERNAL)', async () => {
    for (const table of ['client_stage_changes', 'audit_log', 'change_log', 'outbox']) {
      const { o, anna, id } = await office();
      // A client of anna's with an e-mail that is not won yet, so winning writes into every table.
      const target = clientWhere(o.db, `c.owner_user_id = ? and c.email is not null and c.stage not in ('won', 'lost')`, id.anna);
      failInserts(o, table);
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        await refusedClean(o, () => anna.call('clients.setStage', { id: target.id, stage: 'won' }), 'INTERNAL');
      } finally {
        quiet.mockRestore();
      }
      expect(stageOf(o.db, target.id), `after a failing insert into ${table}`).toBe(target.stage);
      expect(stageRows(o.db, target.id)).toEqual([]);
      expect(outboxTo(o.db, target.email!)).toEqual([]);
    }
  });

  it("emits clients.changed with the client's id", async () => {
    const { o, anna, client } = await office();
    const seen: { event: EventName; payload: EventMap[EventName] }[] = [];
    const unsubscribe = o.core.subscribe((_key, event, payload) => seen.push({ event, payload }));
    try {
      await setStage(anna, client.annas.id, client.annas.stage === 'postponed' ? 'offer' : 'postponed');
      expect(seen).toContainEqual({ event: 'clients.changed', payload: { ids: [client.annas.id] } });
      seen.length = 0;
      await anna.call('clients.setStage', { id: client.piotrs.id, stage: 'offer' });
      expect(seen).toEqual([]);
    } finally {
      unsubscribe();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('clients.setStage: lost reasons', () => {
  it("refuses lost without a reason, or with one not on the office's list (VALIDATION on lostReason), writing nothing", async () => {
    const { o, anna, manager, client } = await office();
    const clientId = client.annas.id;
    await setStage(anna, clientId, 'offer');
    for (const lostReason of [undefined, '', '   ', 'price', 'Too expensive', 'Other reason']) {
      const input = lostReason === undefined ? { id: clientId, stage: 'lost' } : { id: clientId, stage: 'lost', lostReason };
      for (const caller of [anna, manager]) {
        const error = await refusedClean(o, () => caller.call('clients.setStage', input), 'VALIDATION');
        expect(error.issues).toEqual([{ field: 'lostReason', message: 'Choose why the client was lost, from the list.' }]);
      }
    }
    // Longer than any reason may be: refused by the input schema.
    const long = await refusedClean(o, () => anna.call('clients.setStage', { id: clientId, stage: 'lost', lostReason: 'x'.repeat(81) }), 'VALIDATION');
    expect(long.issues?.map((i) => i.field)).toEqual(['lostReason']);
    expect(stageOf(o.db, clientId)).toBe('offer');

    // Every reason on the default list is taken.
    const { settings } = await anna.ok('lookups.get', {});
    expect(settings.lostReasons).toEqual(['Price', 'Location', 'Chose another developer', 'No financing', 'Stopped looking', 'Other']);
    await setStage(anna, clientId, 'lost', 'Price');
    expect(stageRows(o.db, clientId).at(-1)).toMatchObject({ to_stage: 'lost', lost_reason: 'Price' });
  });

  it('follows the list changed by settings.update: a new reason is accepted, a removed one refused; history keeps the old', async () => {
    const { o, admin, manager, anna, client } = await office();
    const [first, second] = [client.annas.id, ownedClient(o.db, o.user('kasia').id).id];
    await setStage(anna, first, 'offer');
    await setStage(anna, first, 'lost', 'Price');

    // Only an admin changes the list.
    await refusedClean(o, () => manager.call('settings.update', { lostReasons: ['Za drogo'] }), 'FORBIDDEN');
    const updated = await admin.ok('settings.update', { lostReasons: ['Za drogo', 'Kupił u konkurencji'] });
    expect(updated.lostReasons).toEqual(['Za drogo', 'Kupił u konkurencji']);

    await setStage(manager, second, 'offer');
    const error = await refusedClean(o, () => manager.call('clients.setStage', { id: second, stage: 'lost', lostReason: 'Price' }), 'VALIDATION');
    expect(error.issues?.map((i) => i.field)).toEqual(['lostReason']);
    const card = await setStage(manager, second, 'lost', 'Kupił u konkurencji');
    expect(card.stageHistory[0]).toMatchObject({ fromStage: 'offer', toStage: 'lost', lostReason: 'Kupił u konkurencji' });
    expect(stageRows(o.db, second).at(-1)).toMatchObject({ to_stage: 'lost', lost_reason: 'Kupił u konkurencji' });

    // The earlier loss keeps the reason it was given.
    expect((await anna.ok('clients.get', { id: first })).stageHistory[0]).toMatchObject({ toStage: 'lost', lostReason: 'Price' });
  });

  it('ignores a reason given with any other stage: stored as null, not in the audit entry', async () => {
    const { o, anna, id, client } = await office();
    const clientId = client.annas.id;
    const from = client.annas.stage;
    const to: PipelineStage = from === 'reservation' ? 'offer' : 'reservation';
    const card = await setStage(anna, clientId, to, 'Price');
    expect(card.stage).toBe(to);
    expect(stageRows(o.db, clientId)).toEqual([{ from_stage: from, to_stage: to, lost_reason: null, user_id: id.anna, at: expect.any(Number) }]);
    expect(lastAudit(o.db, clientId)).toEqual({ action: 'client.stageChanged', userId: id.anna, details: { from, to } });
    expect(card.stageHistory[0]!.lostReason).toBeNull();
  });

  it('refuses an unknown stage (VALIDATION on stage), writing nothing', async () => {
    const { o, anna, client } = await office();
    const error = await refusedClean(o, () => anna.call('clients.setStage', { id: client.annas.id, stage: 'closed' }), 'VALIDATION');
    expect(error.issues?.map((i) => i.field)).toEqual(['stage']);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('clients.setStage: the same stage again', () => {
  it('is a no-op: ok, the card as it was, nothing written (no stage change, change record or audit entry)', async () => {
    const { o, anna, manager, client } = await office();
    const clientId = client.annas.id;
    await setStage(anna, clientId, 'offer');
    const before = await anna.ok('clients.get', { id: clientId });
    const card = await untouched(o, () => setStage(anna, clientId, 'offer'));
    expect(card).toEqual(before);
    await untouched(o, () => setStage(manager, clientId, 'offer'));
    expect(stageRows(o.db, clientId)).toHaveLength(1);
  });

  it('lost again: still needs a listed reason (VALIDATION); the same reason is a no-op, another one corrects it (recorded)', async () => {
    const { o, anna, client } = await office();
    const clientId = client.annas.id;
    await setStage(anna, clientId, 'offer');
    await setStage(anna, clientId, 'lost', 'Price');
    await refusedClean(o, () => anna.call('clients.setStage', { id: clientId, stage: 'lost' }), 'VALIDATION');
    await untouched(o, () => setStage(anna, clientId, 'lost', 'Price'));
    const card = await setStage(anna, clientId, 'lost', 'Location');
    expect(card.stage).toBe('lost');
    expect(card.stageHistory[0]).toMatchObject({ fromStage: 'lost', toStage: 'lost', lostReason: 'Location' });
    expect(stageRows(o.db, clientId).map((r) => r.lost_reason)).toEqual([null, 'Price', 'Location']);
    expect(auditRows(o.db, 'clients', clientId).at(-1)).toMatchObject({ action: 'client.stageChanged', details: { from: 'lost', to: 'lost', reason: 'Location' } });
  });

  it('won again queues no second feedback request', async () => {
    const w = await office();
    const email = uniqueEmail('wygrany');
    const clientId = await newClient(w, { lastName: 'Rabarbar', email });
    await setStage(w.anna, clientId, 'won');
    await untouched(w.o, () => setStage(w.anna, clientId, 'won'));
    expect(outboxTo(w.o.db, email)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('clients.setStage: won asks for feedback', () => {
  it("queues one feedback request to the client's e-mail, signed by whoever marked it won, in the same write", async () => {
    const w = await office();
    const { o, anna, name } = w;
    const email = uniqueEmail('wygrany');
    const clientId = await newClient(w, { lastName: 'Rabarbar', email });
    const outboxBefore = count(o.db, 'select count(*) from outbox');

    // Other stages queue nothing.
    await setStage(anna, clientId, 'offer');
    await setStage(anna, clientId, 'reservation');
    expect(count(o.db, 'select count(*) from outbox')).toBe(outboxBefore);

    const at = Date.now() + MINUTE;
    clockAt(at);
    await setStage(anna, clientId, 'won');
    expect(outboxTo(o.db, email)).toEqual([
      {
        id: expect.any(String),
        to_address: email,
        subject: 'How did we do?',
        body: `Dear Sławomir Rabarbar,\n\nthank you for choosing us. Would you tell us how our office looked after you?\n\n${name.anna}`,
        kind: 'client.feedbackRequest',
        status: 'queued',
        attempts: 0,
        last_error: null,
        created_at: at,
        updated_at: at,
      },
    ]);
    expect(count(o.db, 'select count(*) from outbox')).toBe(outboxBefore + 1);
    expect(stageRows(o.db, clientId).at(-1)).toMatchObject({ from_stage: 'reservation', to_stage: 'won', at });
  });

  it("signs with the manager's name when the manager marks the client won", async () => {
    const w = await office();
    const email = uniqueEmail('wygrany');
    const clientId = await newClient(w, { lastName: 'Szczawiowy', email });
    await setStage(w.manager, clientId, 'won');
    expect(outboxTo(w.o.db, email).map((m) => m.body)).toEqual([
      `Dear Sławomir Szczawiowy,\n\nthank you for choosing us. Would you tell us how our office looked after you?\n\n${w.name.manager}`,
    ]);
  });

  it('a client without an e-mail is still won (stage, history, audit), but nothing is queued', async () => {
    const w = await office();
    const { o, anna, id } = w;
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    expect(clientRow(o.db, clientId).email).toBeNull();
    const outboxBefore = o.db.prepare('select * from outbox order by id').all();
    const seq = lastSeq(o.db);
    const card = await setStage(anna, clientId, 'won');
    expect(card.stage).toBe('won');
    expect(stageRows(o.db, clientId)).toEqual([{ from_stage: 'new', to_stage: 'won', lost_reason: null, user_id: id.anna, at: expect.any(Number) }]);
    expect(changesSince(o.db, seq).map((c) => c.entity)).toEqual(['clients', 'client_stage_changes', 'audit_log']);
    expect(lastAudit(o.db, clientId)).toEqual({ action: 'client.stageChanged', userId: id.anna, details: { from: 'new', to: 'won' } });
    expect(o.db.prepare('select * from outbox order by id').all()).toEqual(outboxBefore);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('clients.setStage: who may', () => {
  it("lets an advisor move their own client, not another advisor's (FORBIDDEN), even when the team sees all", async () => {
    const { o, admin, anna, kasia, id, client } = await office();
    const annas = client.annas.id;
    const to: PipelineStage = client.annas.stage === 'offer' ? 'reservation' : 'offer';
    await setStage(anna, annas, to);
    expect(stageRows(o.db, annas)).toMatchObject([{ to_stage: to, user_id: id.anna }]);

    for (const input of [
      { id: client.piotrs.id, stage: client.piotrs.stage === 'offer' ? 'reservation' : 'offer' },
      { id: client.piotrs.id, stage: 'won' },
      { id: client.piotrs.id, stage: 'lost', lostReason: 'Price' },
    ]) {
      await refusedClean(o, () => anna.call('clients.setStage', input), 'FORBIDDEN');
    }
    await refusedClean(o, () => kasia.call('clients.setStage', { id: annas, stage: 'postponed' }), 'FORBIDDEN');

    // Seeing every client is not changing them.
    await admin.ok('settings.update', { teamSeesAll: true });
    expect((await anna.ok('clients.get', { id: client.piotrs.id })).id).toBe(client.piotrs.id);
    await refusedClean(o, () => anna.call('clients.setStage', { id: client.piotrs.id, stage: 'postponed' }), 'FORBIDDEN');
    expect(stageOf(o.db, client.piotrs.id)).toBe(client.piotrs.stage);
  });

  it("lets a manager (and an admin) move anyone's client, recorded as theirs", async () => {
    const { o, admin, manager, id, name, client } = await office();
    const piotrs = client.piotrs.id;
    const first: PipelineStage = client.piotrs.stage === 'offer' ? 'reservation' : 'offer';
    await setStage(manager, piotrs, first);
    const card = await setStage(admin, piotrs, 'postponed');
    expect(stageRows(o.db, piotrs).map((r) => ({ to: r.to_stage, user: r.user_id }))).toEqual([
      { to: first, user: id.manager },
      { to: 'postponed', user: id.admin },
    ]);
    expect(card.stageHistory.map((h) => h.userName)).toEqual([name.admin, name.manager]);
    expect(lastAudit(o.db, piotrs)).toMatchObject({ action: 'client.stageChanged', userId: id.admin });
    // The client stays piotr's.
    expect(clientRow(o.db, piotrs).owner_user_id).toBe(id.piotr);
  });

  it('refuses an unknown or deleted client (NOT_FOUND), writing nothing', async () => {
    const { o, anna, manager, client } = await office();
    await refusedClean(o, () => manager.call('clients.setStage', { id: 'no-such-client', stage: 'offer' }), 'NOT_FOUND');
    await refusedClean(o, () => manager.call('clients.setStage', { id: 'no-such-client', stage: 'lost', lostReason: 'Price' }), 'NOT_FOUND');
    withWriter(o, (db) => db.prepare('update clients set deleted_at = ? where id = ?').run(Date.now(), client.annas.id));
    await refusedClean(o, () => anna.call('clients.setStage', { id: client.annas.id, stage: 'won' }), 'NOT_FOUND');
    await refusedClean(o, () => manager.call('clients.setStage', { id: client.annas.id, stage: 'won' }), 'NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('clients.get stageHistory', () => {
  it('lists every change, newest first, with from, to, reason, time and who', async () => {
    const w = await office();
    const { anna, manager, piotr, name } = w;
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    const t0 = Date.now() + MINUTE;
    const steps: [Caller, PipelineStage, string | undefined][] = [
      [anna, 'in_progress', undefined],
      [manager, 'offer', undefined],
      [anna, 'lost', 'No financing'],
      [manager, 'postponed', 'Other'], // a reason with another stage is dropped
      [anna, 'won', undefined],
    ];
    for (const [i, [caller, stage, reason]] of steps.entries()) {
      clockAt(t0 + i * HOUR);
      await setStage(caller, clientId, stage, reason);
    }
    vi.useRealTimers();

    const expected = [
      { fromStage: 'postponed', toStage: 'won', lostReason: null, at: t0 + 4 * HOUR, userName: name.anna },
      { fromStage: 'lost', toStage: 'postponed', lostReason: null, at: t0 + 3 * HOUR, userName: name.manager },
      { fromStage: 'offer', toStage: 'lost', lostReason: 'No financing', at: t0 + 2 * HOUR, userName: name.anna },
      { fromStage: 'in_progress', toStage: 'offer', lostReason: null, at: t0 + HOUR, userName: name.manager },
      { fromStage: 'new', toStage: 'in_progress', lostReason: null, at: t0, userName: name.anna },
    ];
    const card = await anna.ok('clients.get', { id: clientId });
    expect(card.stage).toBe('won');
    expect(card.stageHistory).toEqual(expected);
    expect((await manager.ok('clients.get', { id: clientId })).stageHistory).toEqual(expected);
    // Only those who may see the client see its history.
    await refusedClean(w.o, () => piotr.call('clients.get', { id: clientId }), 'FORBIDDEN');
  });

  it('is empty for a client whose stage never changed', async () => {
    const w = await office();
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    expect((await w.anna.ok('clients.get', { id: clientId })).stageHistory).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('the cold flag', () => {
  /** anna's row in her clients list, found by search. */
  async function listed(caller: Caller, clientId: string, lastName: string) {
    const page = await caller.ok('clients.list', { search: lastName });
    const rows = page.rows.filter((r) => r.id === clientId);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }
  const coldIn = async (caller: Caller, clientId: string, lastName: string) => {
    const card = await caller.ok('clients.get', { id: clientId });
    const row = await listed(caller, clientId, lastName);
    expect(row.cold, 'clients.list and clients.get agree').toBe(card.cold);
    expect(row.lastContactAt).toBe(card.lastContactAt);
    return { cold: card.cold, lastContactAt: card.lastContactAt };
  };

  it('counts from creation when nothing was done: cold only after more than 30 days; a planned activity does not count', async () => {
    const w = await office();
    const { anna } = w;
    const created = Date.now();
    clockAt(created);
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    expect(clientRow(w.o.db, clientId).created_at).toBe(created);
    // The first call planned at conversion, and one more, both overdue by then.
    await anna.ok('activities.create', { state: 'planned', clientId, type: 'meeting', dueAt: created + DAY });

    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: false, lastContactAt: null });
    clockAt(created + 30 * DAY);
    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: false, lastContactAt: null });
    clockAt(created + 30 * DAY + 1);
    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: true, lastContactAt: null });
    const card = await anna.ok('clients.get', { id: clientId });
    expect(card.activities.map((a) => a.state)).toEqual(['planned', 'planned']);
  });

  it('a done activity within the window warms the client up; the window then runs from its doneAt', async () => {
    const w = await office();
    const { anna } = w;
    const created = Date.now();
    clockAt(created);
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    clockAt(created + 40 * DAY);
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(true);

    // A cancelled activity is no contact either.
    const { id: cancelled } = await anna.ok('activities.create', { state: 'planned', clientId, type: 'phone', dueAt: Date.now() + HOUR });
    await anna.ok('activities.cancel', { id: cancelled, reason: 'Nie odbiera' });
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(true);

    // A call logged as done 29 days ago (11 days after creation): warm.
    const doneAt = created + 11 * DAY;
    await anna.ok('activities.create', { state: 'done', clientId, type: 'phone', doneAt });
    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: false, lastContactAt: doneAt });
    clockAt(doneAt + 30 * DAY);
    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: false, lastContactAt: doneAt });
    clockAt(doneAt + 30 * DAY + 1);
    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: true, lastContactAt: doneAt });

    // Completing a planned one counts from the time it was done.
    const { id: planned } = await anna.ok('activities.create', { state: 'planned', clientId, type: 'meeting', dueAt: Date.now() + HOUR });
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(true);
    const later = Date.now() - 2 * DAY;
    await anna.ok('activities.complete', { id: planned, doneAt: later });
    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: false, lastContactAt: later });
  });

  it('is never set on won or lost clients, and comes back when they return to the pipeline', async () => {
    const w = await office();
    const { anna } = w;
    const created = Date.now();
    clockAt(created);
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    clockAt(created + 100 * DAY);
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(true);
    for (const stage of ['in_progress', 'offer', 'reservation', 'postponed'] as const) {
      expect((await setStage(anna, clientId, stage)).cold, stage).toBe(true);
    }
    expect((await setStage(anna, clientId, 'won')).cold).toBe(false);
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(false);
    expect((await setStage(anna, clientId, 'lost', 'Price')).cold).toBe(false);
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(false);
    // A stage change is not a contact: back in the pipeline it is cold again.
    expect((await setStage(anna, clientId, 'in_progress')).cold).toBe(true);
    expect(await coldIn(anna, clientId, 'Rabarbar')).toEqual({ cold: true, lastContactAt: null });
  });

  it('follows coldAfterDays changed by settings.update', async () => {
    const w = await office();
    const { o, admin, manager, anna } = w;
    const created = Date.now();
    clockAt(created);
    const clientId = await newClient(w, { lastName: 'Rabarbar' });
    clockAt(created + 10 * DAY + MINUTE);
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(false);

    await refusedClean(o, () => manager.call('settings.update', { coldAfterDays: 10 }), 'FORBIDDEN');
    await refusedClean(o, () => admin.call('settings.update', { coldAfterDays: 0 }), 'VALIDATION');
    expect((await admin.ok('settings.update', { coldAfterDays: 10 })).coldAfterDays).toBe(10);
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(true);
    expect((await coldIn(manager, clientId, 'Rabarbar')).cold).toBe(true);

    await admin.ok('settings.update', { coldAfterDays: 11 });
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(false);
    await admin.ok('settings.update', { coldAfterDays: 1 });
    expect((await coldIn(anna, clientId, 'Rabarbar')).cold).toBe(true);
  });

  it('matches, for every client in the list, no done activity for more than coldAfterDays and neither won nor lost', async () => {
    const { o, admin, manager } = await office();
    const check = async (days: number) => {
      const now = Date.now();
      clockAt(now);
      const expected = new Map(
        (
          o.db
            .prepare(
              `select c.id, c.stage not in ('won', 'lost')
                 and coalesce((select max(a.done_at) from activities a where a.client_id = c.id and a.state = 'done'), c.created_at) < ? as cold
               from clients c where c.deleted_at is null`,
            )
            .all(now - days * DAY) as { id: string; cold: number }[]
        ).map((r) => [r.id, r.cold === 1]),
      );
      const rows = await allClients(manager);
      expect(rows).toHaveLength(expected.size);
      expect(new Map(rows.map((r) => [r.id, r.cold]))).toEqual(expected);
      vi.useRealTimers();
      return [...expected.values()].filter(Boolean).length;
    };
    const coldAt30 = await check(30);
    await admin.ok('settings.update', { coldAfterDays: 3 });
    const coldAt3 = await check(3);
    // The demo has both kinds, and a shorter window makes more clients cold.
    expect(coldAt30).toBeGreaterThan(0);
    expect(coldAt3).toBeGreaterThan(coldAt30);
  });
});
