import { refreshDerivedColumns } from '../db/derived';
import { ensureReportCalendar } from '../reports/report-calendar';
import { readOfficeSettings } from '../settings/office-settings';
import { openDatabase } from '../db/open';
import { clientHandlers } from '../clients/client-handlers';
import { notificationHandlers } from '../notifications/notification-handlers';
import { auditHandlers } from '../audit/audit-handlers';
import { activityHandlers } from '../activities/activity-handlers';
import { slaReportHandlers } from '../reports/sla-report';
import { sourceReportHandlers } from '../reports/source-report';
import { costHandlers } from '../reports/cost-handlers';
import { announcePulled, SYNC_INTERVAL_MS, syncHandlers } from '../sync/sync-handlers';
import { createSyncEngine } from '../sync/sync-engine';
import { grantHandlers } from '../users/grant-handlers';
import { userAdminHandlers } from '../users/user-admin-handlers';
import { demoHandlers } from '../demo/demo-handlers';
import { leadHandlers } from '../leads/lead-handlers';
import { settingsHandlers } from '../settings/settings-handlers';
import { authHandlers } from '../users/auth-handlers';
import type { SessionUser } from '../../src-shared/users/types';
import { appHandlers } from './app-handlers';
import type { Handlers, Services } from './context';
import type { Core, CoreOptions, EventListener } from './core-types';
import { dispatch } from './dispatch';

export type { Core, CoreOptions } from './core-types';

/** Opens the database (migrating it) and wires every domain's handlers into one dispatcher. Throws AppError. */
export function openCore(options: CoreOptions & { busyTimeoutMs?: number }): Core {
  const { sqlite, db, file } = openDatabase(options);
  refreshDerivedColumns(sqlite);
  ensureReportCalendar(sqlite, readOfficeSettings(db).timeZone);
  const listeners = new Set<EventListener>();
  const emit: Services['emit'] = (event, payload, clientKey = null) => {
    for (const listener of listeners) listener(clientKey, event, payload);
  };
  const sync = createSyncEngine({
    sqlite,
    fetch: options.syncFetch,
    onPulled: (touched) => announcePulled(emit, touched),
    onStatus: (status) => emit('sync.changed', status),
    onNotified: (userIds) => emit('notifications.changed', { userIds }),
  });
  if (options.syncIntervalMs !== 0) sync.start(options.syncIntervalMs ?? SYNC_INTERVAL_MS);
  const services: Services = {
    db,
    sqlite,
    databaseFile: file,
    dataDir: options.dataDir,
    mode: options.mode,
    appVersion: options.appVersion,
    sessions: new Map(),
    sync,
    emit,
  };
  // Every call resolves its window's user; a prepared statement keeps that off the query builder's path.
  const activeSessionUser = sqlite.prepare<[string], Omit<SessionUser, 'permissions'> & { permissions: string }>(
    `select id, username, display_name as displayName, role, ui_language as uiLanguage,
       (select json_group_array(distinct permission) from permission_grants g where g.user_id = u.id and g.revoked_at is null) as permissions
     from users u where id = ? and active = 1`,
  );
  const handlers: Handlers = {
    ...appHandlers,
    ...authHandlers,
    ...demoHandlers,
    ...settingsHandlers,
    ...leadHandlers(sqlite),
    ...clientHandlers(sqlite),
    ...notificationHandlers,
    ...userAdminHandlers,
    ...grantHandlers,
    ...auditHandlers(sqlite),
    ...activityHandlers(sqlite),
    ...slaReportHandlers(sqlite),
    ...sourceReportHandlers(sqlite),
    ...costHandlers,
    ...syncHandlers,
  };

  return {
    databaseFile: file,
    call(clientKey, method, input) {
      const userId = services.sessions.get(clientKey);
      const row = userId ? activeSessionUser.get(userId) : undefined;
      const user: SessionUser | null = row ? { ...row, permissions: JSON.parse(row.permissions) as SessionUser['permissions'] } : null;
      // A user deactivated since sign-in loses the session at their next call.
      if (userId && !user) services.sessions.delete(clientKey);
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
      sync.stop();
      listeners.clear();
      if (sqlite.open) sqlite.close();
    },
  };
}
