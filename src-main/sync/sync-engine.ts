import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/api/errors';
import {
  MAX_PUSH_CHANGES,
  PROTOCOL_HEADER,
  SYNC_PROTOCOL_VERSION,
  type DeviceSignInResult,
  type PullResult,
  type PushChange,
  type PushResult,
  type ServerError,
} from '../../src-shared/sync/protocol';
import type { SyncStatus } from '../../src-shared/sync/status';
import { newId } from '../db/ids';
import { applyPulled, isSyncedTable, observeClock } from './apply-pulled';

type Fetch = typeof fetch;
type State = Partial<Record<'url' | 'token' | 'deviceId' | 'userId' | 'officeId' | 'cursor' | 'lastSyncAt' | 'lastError' | 'lastAttemptAt', string>>;

export interface SyncEngineOptions {
  sqlite: Database.Database;
  /** Told which entities a pull changed, to refresh the windows. */
  onPulled?: (touched: Map<string, Set<string>>) => void;
  onStatus?: (status: SyncStatus) => void;
  /** These users got notifications (refused changes). */
  onNotified?: (userIds: string[]) => void;
  fetch?: Fetch | undefined;
  timeoutMs?: number;
}

/**
 * Runs `fn` in one transaction with foreign keys off: rows arrive in the server's order, and a row refused elsewhere
 * (or not pulled yet) must not stop this desktop from taking the rest. The server's data is the reference.
 */
function withoutForeignKeys<T>(sqlite: Database.Database, fn: () => T): T {
  sqlite.pragma('foreign_keys = OFF');
  try {
    return sqlite.transaction(fn)();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

class ServerFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ServerError,
  ) {
    super(error.message);
  }
}

/**
 * The desktop half of sync (docs/sync.md): pushes the change log in order, pulls the server's changes after a cursor
 * that moves only once they are committed here, and reports status. One run at a time.
 */
export function createSyncEngine(opts: SyncEngineOptions) {
  const { sqlite } = opts;
  const doFetch = opts.fetch ?? fetch;
  const read = (): State => Object.fromEntries((sqlite.prepare('select key, value from sync_state').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  const write = (patch: State) => {
    const put = sqlite.prepare('insert into sync_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value');
    const drop = sqlite.prepare('delete from sync_state where key = ?');
    sqlite.transaction(() => {
      for (const [k, v] of Object.entries(patch)) v === undefined ? drop.run(k) : put.run(k, v);
    })();
  };
  const pendingCount = sqlite.prepare('select count(*) from change_log where pushed_at is null').pluck();
  let running: Promise<SyncStatus> | null = null;
  let progress: { pulled: number; head: number } | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  function status(): SyncStatus {
    const s = read();
    return {
      connected: !!s.token,
      url: s.url ?? null,
      lastSyncAt: s.lastSyncAt ? Number(s.lastSyncAt) : null,
      lastAttemptAt: s.lastAttemptAt ? Number(s.lastAttemptAt) : null,
      online: !!s.token && !s.lastError,
      lastError: s.lastError ?? null,
      pending: pendingCount.get() as number,
      running: running !== null,
      progress,
    };
  }
  const announce = () => opts.onStatus?.(status());

  async function request<T>(url: string, init: RequestInit & { token?: string }): Promise<T> {
    const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION), 'content-type': 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let res: Response;
    try {
      res = await doFetch(url, { ...init, headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
    } catch (err) {
      throw new ServerFailure(0, { code: 'INTERNAL', message: `The office server cannot be reached (${err instanceof Error ? err.message : String(err)}).` });
    }
    const body = (await res.json().catch(() => null)) as ({ error?: ServerError } & T) | null;
    if (!res.ok || !body) throw new ServerFailure(res.status, body?.error ?? { code: 'INTERNAL', message: `The office server answered ${res.status}.` });
    return body;
  }

  async function pushAll(s: State): Promise<void> {
    const unpushed = sqlite.prepare(`select seq, entity, entity_id as id, op, data, hlc from change_log where pushed_at is null order by seq limit ${MAX_PUSH_CHANGES}`);
    const markPushed = sqlite.prepare('update change_log set pushed_at = ? where seq <= ? and pushed_at is null');
    for (;;) {
      const rows = unpushed.all() as { seq: number; entity: string; id: string; op: PushChange['op']; data: string | null; hlc: string }[];
      if (rows.length === 0) return;
      const changes: PushChange[] = rows
        .filter((r) => isSyncedTable(r.entity))
        .map((r) => ({ pushSeq: r.seq, entity: r.entity as PushChange['entity'], id: r.id, op: r.op, fields: r.data ? (JSON.parse(r.data) as PushChange['fields']) : null, hlc: r.hlc }));
      const last = rows[rows.length - 1]!.seq;
      if (changes.length === 0) {
        markPushed.run(Date.now(), last);
        continue;
      }
      const result = await request<PushResult>(`${s.url}/v1/sync/push`, { method: 'POST', token: s.token!, body: JSON.stringify({ changes }) });
      withoutForeignKeys(sqlite, () => {
        markPushed.run(Date.now(), result.acked);
        // A refused change is undone here by taking the server's row back, and the user is told why.
        for (const r of result.rejected) {
          if (r.current) applyPulled(sqlite, [{ seq: 0, entity: r.entity, id: r.id, fields: r.current.fields, deleted: r.current.deleted, hlc: '' }]);
          else sqlite.prepare(`delete from ${r.entity} where ${r.entity === 'settings' ? 'key' : 'id'} = ?`).run(r.id);
          if (s.userId) {
            // A notification like any other (synced with its change record), so reading it on any desktop works.
            const now = Date.now();
            const notice = {
              id: newId(),
              userId: s.userId,
              kind: 'sync.rejected',
              data: { entity: r.entity, id: r.id, code: r.code, message: r.message },
              leadId: r.entity === 'leads' && r.current ? r.id : null,
              clientId: r.entity === 'clients' && r.current ? r.id : null,
              readAt: null,
              createdAt: now,
              updatedAt: now,
            };
            sqlite
              .prepare(`insert into notifications (id, user_id, kind, data, lead_id, client_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)`)
              .run(notice.id, notice.userId, notice.kind, JSON.stringify(notice.data), notice.leadId, notice.clientId, now, now);
            sqlite
              .prepare(`insert into change_log (entity, entity_id, op, data, user_id, at) values ('notifications', ?, 'insert', ?, ?, ?)`)
              .run(notice.id, JSON.stringify(notice), s.userId, now);
          }
        }
      });
      if (result.rejected.length) {
        opts.onPulled?.(new Map(result.rejected.map((r) => [r.entity, new Set([r.id])])));
        if (s.userId) opts.onNotified?.([s.userId]);
      }
      if (result.acked < last) throw new ServerFailure(500, { code: 'INTERNAL', message: `The office server acknowledged up to ${result.acked} of ${last}.` });
    }
  }

  async function pullAll(s: State): Promise<void> {
    let cursor = Number(s.cursor ?? 0);
    for (;;) {
      const page = await request<PullResult>(`${s.url}/v1/sync/pull?after=${cursor}&limit=1000`, { method: 'GET', token: s.token! });
      if (page.changes.length) {
        const touched = withoutForeignKeys(sqlite, () => {
          const t = applyPulled(sqlite, page.changes);
          observeClock(sqlite, page.changes.map((c) => c.hlc));
          sqlite.prepare(`insert into sync_state (key, value) values ('cursor', ?) on conflict (key) do update set value = excluded.value`).run(String(page.last));
          return t;
        });
        opts.onPulled?.(touched);
      }
      cursor = page.last;
      progress = { pulled: cursor, head: page.head };
      announce();
      if (!page.more) return;
    }
  }

  async function runOnce(): Promise<SyncStatus> {
    const s = read();
    if (!s.token || !s.url) throw new AppError('CONFLICT', 'This desktop is not connected to an office server.');
    write({ lastAttemptAt: String(Date.now()) });
    try {
      await pushAll(s);
      await pullAll(s);
      write({ lastSyncAt: String(Date.now()), lastError: undefined });
    } catch (err) {
      write({ lastError: err instanceof Error ? err.message : String(err) });
      if (err instanceof ServerFailure && err.status === 401) write({ token: undefined });
    } finally {
      progress = null;
    }
    return status();
  }

  return {
    status,

    /** Signs this desktop in to the office server and takes the office's data. */
    async connect(input: { url: string; username: string; password: string; deviceName: string }): Promise<SyncStatus> {
      const url = input.url.replace(/\/+$/, '');
      let result: DeviceSignInResult;
      try {
        result = await request<DeviceSignInResult>(`${url}/v1/devices`, { method: 'POST', body: JSON.stringify({ username: input.username, password: input.password, deviceName: input.deviceName }) });
      } catch (err) {
        const e = err instanceof ServerFailure ? err.error : { code: 'INTERNAL', message: String(err) };
        throw new AppError(e.code === 'UNAUTHENTICATED' ? 'VALIDATION' : 'CONFLICT', e.message);
      }
      const known = read().officeId;
      if (known && known !== result.officeId) throw new AppError('CONFLICT', 'This desktop holds another office’s data; it cannot join this office server.');
      write({ url, token: result.token, deviceId: result.deviceId, userId: result.userId, officeId: result.officeId, lastError: undefined });
      return this.syncNow();
    },

    /** One push-and-pull; concurrent calls share the run in progress. */
    syncNow(): Promise<SyncStatus> {
      if (!running) {
        running = runOnce()
          .finally(() => {
            running = null;
            announce();
          })
          // The status once the run is over (runOnce's own is taken while it still counts as running).
          .then(() => status());
        announce();
      }
      return running;
    },

    disconnect(): SyncStatus {
      write({ token: undefined, lastError: undefined });
      announce();
      return status();
    },

    start(intervalMs: number): void {
      this.stop();
      timer = setInterval(() => {
        if (read().token) void this.syncNow();
      }, intervalMs);
      timer.unref?.();
    },

    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
