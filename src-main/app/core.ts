import { openDatabase } from '../db/open';
import { demoHandlers } from '../demo/demo-handlers';
import { createInboxQuery } from '../leads/inbox-query';
import { leadHandlers } from '../leads/lead-handlers';
import { authHandlers } from '../users/auth-handlers';
import { findUserById, toSessionUser } from '../users/user-store';
import { appHandlers } from './app-handlers';
import type { Handlers, Services } from './context';
import type { Core, CoreOptions, EventListener } from './core-types';
import { dispatch } from './dispatch';

export type { Core, CoreOptions } from './core-types';

/** Opens the database (migrating it) and wires every domain's handlers into one dispatcher. Throws AppError. */
export function openCore(options: CoreOptions & { busyTimeoutMs?: number }): Core {
  const { sqlite, db, file } = openDatabase(options);
  const listeners = new Set<EventListener>();
  const services: Services = {
    db,
    sqlite,
    databaseFile: file,
    dataDir: options.dataDir,
    mode: options.mode,
    appVersion: options.appVersion,
    sessions: new Map(),
    emit(event, payload, clientKey = null) {
      for (const listener of listeners) listener(clientKey, event, payload);
    },
  };
  const handlers: Handlers = {
    ...appHandlers,
    ...authHandlers,
    ...demoHandlers,
    ...leadHandlers(createInboxQuery(sqlite)),
  };

  return {
    databaseFile: file,
    call(clientKey, method, input) {
      const userId = services.sessions.get(clientKey);
      const row = userId ? findUserById(db, userId) : undefined;
      // A user deactivated since sign-in loses the session at their next call.
      if (userId && !row?.active) services.sessions.delete(clientKey);
      const user = row?.active ? toSessionUser(row) : null;
      return dispatch(handlers, method, input, { ...services, clientKey, user });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    forgetClient(clientKey) {
      services.sessions.delete(clientKey);
    },
    close() {
      listeners.clear();
      if (sqlite.open) sqlite.close();
    },
  };
}
