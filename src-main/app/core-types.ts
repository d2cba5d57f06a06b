import type { ApiResult, EventMap, EventName } from '../../src-shared';

export interface CoreOptions {
  /** Folder that holds the SQLite file and its backups. */
  dataDir: string;
  /** Folder with drizzle-kit's SQL migrations and meta/_journal.json. */
  migrationsDir: string;
  mode: 'electron' | 'browser';
  appVersion: string;
  /** How sync reaches the office server (tests put a faulty network here); global fetch by default. */
  syncFetch?: typeof fetch;
  /** Milliseconds between automatic syncs; 0 turns them off (tests drive sync.now). Default 30 s. */
  syncIntervalMs?: number;
}

/** Receives server-push events. clientKey null means "every client". */
export type EventListener = <E extends EventName>(clientKey: string | null, event: E, payload: EventMap[E]) => void;

/**
 * The headless application: every service behind one dispatcher. Transports (Electron IPC, browser-mode HTTP)
 * only translate to and from call(). A clientKey names one window (Electron webContents id, or a browser
 * session cookie); the core keeps that window's signed-in user, so the renderer never asserts an identity.
 */
export interface Core {
  call(clientKey: string, method: string, input: unknown): Promise<ApiResult<unknown>>;
  subscribe(listener: EventListener): () => void;
  /** Drops a window's session (window closed). */
  forgetClient(clientKey: string): void;
  readonly databaseFile: string;
  close(): void;
}
