import { AppError } from '../../src-shared/api/errors';
import type { Handlers, Services } from '../app/context';
import { countUsers } from '../users/user-store';

/** How often a connected desktop pushes and pulls (also on demand: "Sync now"). */
export const SYNC_INTERVAL_MS = 30_000;

/** Tells the windows what a pull changed, by the events they already listen to. */
export function announcePulled(emit: Services['emit'], touched: Map<string, Set<string>>): void {
  const ids = (entity: string) => [...(touched.get(entity) ?? [])];
  if (touched.has('leads') || touched.has('lead_client_links')) emit('leads.changed', { ids: ids('leads') });
  if (touched.has('clients') || touched.has('client_stage_changes')) emit('clients.changed', { ids: ids('clients') });
  if (touched.has('activities')) emit('activities.changed', { clientIds: [] });
  if (touched.has('notifications')) emit('notifications.changed', { userIds: [] });
  if (['users', 'sources', 'investments', 'deletion_reasons', 'settings', 'source_costs', 'permission_grants'].some((e) => touched.has(e))) emit('lookups.changed', {});
}

export const syncHandlers: Pick<Handlers, 'sync.status' | 'sync.connect' | 'sync.now' | 'sync.disconnect'> = {
  'sync.status'(_args, ctx) {
    return ctx.sync.status();
  },

  async 'sync.connect'(input, ctx) {
    // A new desktop (no users yet) joins with any office account; one holding data joins only by its administrator,
    // as its data goes to the office.
    if (countUsers(ctx.db) > 0 && ctx.user?.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only an administrator can connect a desktop that already holds data to an office server.');
    }
    return ctx.sync.connect(input);
  },

  'sync.now'(_args, ctx) {
    if (!ctx.sync.status().connected) throw new AppError('CONFLICT', 'This desktop is not connected to an office server; an administrator connects it in Settings.');
    return ctx.sync.syncNow();
  },

  'sync.disconnect'(_args, ctx) {
    if (ctx.user?.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an administrator can disconnect this desktop from the office server.');
    return ctx.sync.disconnect();
  },
};
