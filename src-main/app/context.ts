import type { EventMap, EventName, MethodArgs, MethodName, MethodResult } from '../../src-shared/api/contract';
import type { SessionUser } from '../../src-shared/users/types';
import type { Db } from '../db/open';
import type Database from 'better-sqlite3';
import type { SyncEngine } from '../sync/sync-engine';

/** Everything a service needs; built once per core. */
export interface Services {
  db: Db;
  sqlite: Database.Database;
  databaseFile: string;
  dataDir: string;
  mode: 'electron' | 'browser';
  appVersion: string;
  sessions: Map<string, string>;
  /** Sync with the office server (idle until this desktop is connected). */
  sync: SyncEngine;
  emit<E extends EventName>(event: E, payload: EventMap[E], clientKey?: string | null): void;
}

/** One call: the services plus who is calling. */
export interface CallContext extends Services {
  clientKey: string;
  /** The signed-in user of this window, or null. Resolved by the core from its own session table. */
  user: SessionUser | null;
}

export type Handler<M extends MethodName> = (args: MethodArgs<M>, ctx: CallContext) => MethodResult<M> | Promise<MethodResult<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

/** Narrows ctx.user for 'signedIn' methods (the dispatcher has already refused anonymous callers). */
export function signedInUser(ctx: CallContext): SessionUser {
  if (!ctx.user) throw new Error('signedInUser() called on an anonymous context');
  return ctx.user;
}
