import type { PullResult, PushChange, PushRejection, PushResult, SyncedEntity } from '../src-shared/sync/protocol';
import { fieldProblem } from '../src-main/db/synced-tables';
import { refusalOf, type Account } from './rules';
import type { Queries, Store } from './store';

type Row = Record<string, unknown>;
/** Per-field clocks of a record; `$deleted` is the clock of its deletion (a tombstone). */
type Clocks = Record<string, string>;

export interface DeviceSession {
  deviceId: string;
  account: Account;
}

/** Keeps the server's accounts (used to sign devices in) in step with the replicated users rows. */
async function projectAccount(q: Queries, row: Row, deleted: boolean): Promise<void> {
  if (deleted) {
    await q.run('update accounts set active = 0 where id = ?', [row.id]);
    return;
  }
  await q.run(
    `insert into accounts (id, username, display_name, role, password_hash, active, updated_at) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (id) do update set username = excluded.username, display_name = excluded.display_name, role = excluded.role,
       password_hash = excluded.password_hash, active = excluded.active, updated_at = excluded.updated_at`,
    [row.id, row.username, row.displayName, row.role, row.passwordHash, row.active === false || row.active === 0 ? 0 : 1, Date.now()],
  );
}

async function appendChange(q: Queries, entity: SyncedEntity, id: string, fields: Row | null, deleted: boolean, hlc: string, deviceId: string | null): Promise<number> {
  const r = await q.get<{ seq: number | string }>('insert into changes (entity, id, fields, deleted, hlc, device_id, at) values (?, ?, ?, ?, ?, ?, ?) returning seq', [
    entity,
    id,
    fields ? JSON.stringify(fields) : null,
    deleted ? 1 : 0,
    hlc,
    deviceId,
    Date.now(),
  ]);
  return Number(r!.seq);
}

async function writeRecord(q: Queries, entity: SyncedEntity, id: string, data: Row, clocks: Clocks, deleted: boolean, seq: number): Promise<void> {
  await q.run(
    `insert into records (entity, id, data, clocks, deleted, seq) values (?, ?, ?, ?, ?, ?)
     on conflict (entity, id) do update set data = excluded.data, clocks = excluded.clocks, deleted = excluded.deleted, seq = excluded.seq`,
    [entity, id, JSON.stringify(data), JSON.stringify(clocks), deleted ? 1 : 0, seq],
  );
}

/**
 * Applies one pushed change: per field, last writer wins by hybrid logical clock; a deletion is a tombstone that an
 * older edit cannot undo. The merged row must pass the rules, or nothing of the change is written. Returns the
 * refusal, if any.
 */
type Refusal = Omit<PushRejection, 'pushSeq' | 'entity' | 'id' | 'current'>;
/** What became of a change: refused, or applied with `lost` fields (older than the stored ones) left out. */
type Outcome = { refusal: Refusal } | { lost: string[]; staleDelete?: boolean } | null;

export async function applyChange(q: Queries, session: DeviceSession | null, change: PushChange, account: Account | null): Promise<Outcome> {
  for (const [field, value] of Object.entries(change.fields ?? {})) {
    const problem = fieldProblem(change.entity, field, value);
    if (problem) return { refusal: { code: 'VALIDATION', message: `The office server cannot store this change: ${problem}.` } };
  }
  const stored = await q.get<{ data: string; clocks: string; deleted: number }>('select data, clocks, deleted from records where entity = ? and id = ?', [change.entity, change.id]);
  const data: Row = stored ? JSON.parse(stored.data) : {};
  const clocks: Clocks = stored ? JSON.parse(stored.clocks) : {};
  const wasDeleted = !!stored?.deleted;
  const before = stored && !wasDeleted ? data : null;
  // An update of a row the office never received cannot make a whole row (its other fields are unknown).
  if (change.op === 'update' && !stored) return { refusal: { code: 'CONFLICT', message: `The office server has no such ${change.entity.replace(/_/g, ' ')} row; the change was not applied.` } };

  if (change.op === 'delete') {
    if (wasDeleted && (clocks.$deleted ?? '') >= change.hlc) return null;
    const refusal = account ? await refusalOf(q, account, change.entity, before, null, {}) : null;
    if (refusal) return { refusal };
    clocks.$deleted = change.hlc;
    const seq = await appendChange(q, change.entity, change.id, null, true, change.hlc, session?.deviceId ?? null);
    await writeRecord(q, change.entity, change.id, data, clocks, true, seq);
    if (change.entity === 'users') await projectAccount(q, data, true);
    return null;
  }

  // An edit older than the row's deletion stays deleted; a newer insert brings it back.
  if (wasDeleted && (clocks.$deleted ?? '') >= change.hlc) return { lost: [], staleDelete: true };
  const taken: Row = {};
  const lost: string[] = [];
  for (const [field, value] of Object.entries(change.fields ?? {})) {
    if (!clocks[field] || clocks[field]! < change.hlc) taken[field] = value;
    else lost.push(field);
  }
  if (Object.keys(taken).length === 0 && !wasDeleted) return { lost };
  const after: Row = { ...data, ...taken, id: change.id };
  const refusal = account ? await refusalOf(q, account, change.entity, before, after, taken) : null;
  if (refusal) return { refusal };
  for (const field of Object.keys(taken)) clocks[field] = change.hlc;
  if (wasDeleted) delete clocks.$deleted;
  const seq = await appendChange(q, change.entity, change.id, wasDeleted ? after : taken, false, change.hlc, session?.deviceId ?? null);
  await writeRecord(q, change.entity, change.id, after, clocks, false, seq);
  if (change.entity === 'users') await projectAccount(q, after, false);
  return lost.length ? { lost } : null;
}

export function createSyncService(store: Store) {
  return {
    /** Applies a device's changes in pushSeq order, each exactly once (a repeated push is acknowledged, not re-applied). */
    async push(session: DeviceSession, changes: PushChange[]): Promise<PushResult> {
      return store.transaction(async (q) => {
        const device = await q.get<{ last: number | string }>('select last_push_seq as last from devices where id = ?', [session.deviceId]);
        let last = Number(device?.last ?? 0);
        const rejected: PushRejection[] = [];
        const currentOf = async (change: PushChange) => {
          const stored = await q.get<{ data: string; deleted: number }>('select data, deleted from records where entity = ? and id = ?', [change.entity, change.id]);
          return stored ? { fields: JSON.parse(stored.data) as Row, deleted: !!stored.deleted } : null;
        };
        /**
         * What a desktop kept of a refused change, or of fields that lost to later edits, must come back to the
         * server's values: a correcting change in the pull log (so it arrives even when this answer is lost), with
         * the server's row (or its fields that lost), or a deletion when the server has no such row.
         */
        const correct = async (change: PushChange, fields: string[] | 'all') => {
          const current = await currentOf(change);
          const live = current && !current.deleted;
          const values = live ? (fields === 'all' ? current.fields : Object.fromEntries(fields.map((f) => [f, current.fields[f] ?? null]))) : null;
          await appendChange(q, change.entity, change.id, values, !live, change.hlc, null);
          return current;
        };
        for (const change of [...changes].sort((a, b) => a.pushSeq - b.pushSeq)) {
          if (change.pushSeq <= last) {
            // Applied before, its answer lost: tell a refusal again (the correction is already in the pull log).
            const earlier = await q.get<{ code: PushRejection['code']; message: string }>('select code, message from rejections where device_id = ? and push_seq = ?', [session.deviceId, change.pushSeq]);
            if (earlier) rejected.push({ pushSeq: change.pushSeq, entity: change.entity, id: change.id, ...earlier, current: await currentOf(change) });
            continue;
          }
          const outcome = await applyChange(q, session, change, session.account);
          if (outcome && 'refusal' in outcome) {
            const current = await correct(change, 'all');
            rejected.push({ pushSeq: change.pushSeq, entity: change.entity, id: change.id, ...outcome.refusal, current });
            await q.run('insert into rejections (device_id, push_seq, entity, id, code, message) values (?, ?, ?, ?, ?, ?)', [
              session.deviceId,
              change.pushSeq,
              change.entity,
              change.id,
              outcome.refusal.code,
              outcome.refusal.message,
            ]);
          } else if (outcome && (outcome.lost.length || outcome.staleDelete)) {
            await correct(change, outcome.staleDelete ? 'all' : outcome.lost);
          }
          last = change.pushSeq;
        }
        await q.run('update devices set last_push_seq = ?, last_seen_at = ? where id = ?', [last, Date.now(), session.deviceId]);
        return { acked: last, rejected };
      });
    },

    async pull(after: number, limit: number): Promise<PullResult> {
      const rows = await store.read.all<{ seq: number | string; entity: SyncedEntity; id: string; fields: string | null; deleted: number; hlc: string }>(
        'select seq, entity, id, fields, deleted, hlc from changes where seq > ? order by seq limit ?',
        [after, limit + 1],
      );
      const head = Number((await store.read.get<{ head: number | string | null }>('select max(seq) as head from changes'))?.head ?? 0);
      const page = rows.slice(0, limit);
      return {
        changes: page.map((r) => ({ seq: Number(r.seq), entity: r.entity, id: r.id, fields: r.fields ? (JSON.parse(r.fields) as Row) : null, deleted: !!r.deleted, hlc: r.hlc })),
        last: page.length ? Number(page[page.length - 1]!.seq) : after,
        more: rows.length > limit,
        head,
      };
    },
  };
}
export type SyncService = ReturnType<typeof createSyncService>;
