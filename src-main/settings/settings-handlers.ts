import { asc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import type { Lookups } from '../../src-shared/settings/types';
import type { Handlers } from '../app/context';
import { audit } from '../audit/audit';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { deletionReasons, investments, sources, users } from '../db/schema';
import { insertSynced, updateSynced } from '../sync/change-log';
import { requireRole } from '../users/require-role';
import { ensureReportCalendar } from '../reports/report-calendar';
import { readOfficeSettings, writeOfficeSettings } from './office-settings';

export function readLookups(db: Db): Lookups {
  return {
    sources: db.select({ id: sources.id, name: sources.name, kind: sources.kind, active: sources.active }).from(sources).orderBy(asc(sources.name)).all(),
    investments: db
      .select({ id: investments.id, name: investments.name, city: investments.city, active: investments.active })
      .from(investments)
      .orderBy(asc(investments.name))
      .all(),
    users: db.select({ id: users.id, displayName: users.displayName, role: users.role, active: users.active }).from(users).orderBy(asc(users.displayName)).all(),
    deletionReasons: db
      .select({ id: deletionReasons.id, label: deletionReasons.label, sortOrder: deletionReasons.sortOrder, active: deletionReasons.active })
      .from(deletionReasons)
      .orderBy(asc(deletionReasons.sortOrder), asc(deletionReasons.label))
      .all(),
    settings: readOfficeSettings(db),
  };
}

export const settingsHandlers: Pick<Handlers, 'lookups.get' | 'settings.update' | 'deletionReasons.save'> = {
  'lookups.get'(_args, ctx) {
    return readLookups(ctx.db);
  },

  'settings.update'(patch, ctx) {
    const me = requireRole(ctx, ['admin'], 'change office settings');
    ctx.db.transaction((tx) => {
      writeOfficeSettings(tx, patch, me.id);
      audit(tx, { userId: me.id, action: 'settings.changed', entity: 'settings', details: patch });
      // Reports count days in the office's zone: a new zone recounts them (seconds at a million leads).
      if (patch.timeZone) ensureReportCalendar(ctx.sqlite, patch.timeZone);
    });
    ctx.emit('lookups.changed', {});
    return readOfficeSettings(ctx.db);
  },

  'deletionReasons.save'({ id, label, active, sortOrder }, ctx) {
    const me = requireRole(ctx, ['admin'], 'edit the deletion reasons');
    const now = Date.now();
    const savedId = ctx.db.transaction((tx) => {
      // Compared in JS: SQLite's lower() folds ASCII only, so "BŁĘDNE DANE" would pass next to "Błędne dane".
      const key = label.toLocaleLowerCase('pl');
      const clash = tx
        .select({ id: deletionReasons.id, label: deletionReasons.label })
        .from(deletionReasons)
        .all()
        .some((r) => r.id !== id && r.label.toLocaleLowerCase('pl') === key);
      if (clash) throw new AppError('CONFLICT', `The reason "${label}" is already on the list.`, [{ field: 'label', message: 'Already on the list' }]);
      if (id) {
        const existing = tx.select().from(deletionReasons).where(eq(deletionReasons.id, id)).get();
        if (!existing) throw new AppError('NOT_FOUND', 'This deletion reason no longer exists; reload the list.');
        const patch = { label, ...(active === undefined ? {} : { active }), ...(sortOrder === undefined ? {} : { sortOrder }), updatedAt: now };
        updateSynced(tx, deletionReasons, id, patch, me.id);
        audit(tx, { userId: me.id, action: 'deletionReason.changed', entity: 'deletion_reasons', entityId: id, details: { from: existing.label, to: label, active: active ?? existing.active } }, now);
        return id;
      }
      const next = tx.select({ max: sql<number | null>`max(${deletionReasons.sortOrder})` }).from(deletionReasons).get()?.max ?? -1;
      const newReasonId = newId();
      insertSynced(tx, deletionReasons, { id: newReasonId, label, active: active ?? true, sortOrder: sortOrder ?? next + 1, createdAt: now, updatedAt: now }, me.id);
      audit(tx, { userId: me.id, action: 'deletionReason.added', entity: 'deletion_reasons', entityId: newReasonId, details: { label } }, now);
      return newReasonId;
    });
    ctx.emit('lookups.changed', {});
    return readLookups(ctx.db).deletionReasons.find((r) => r.id === savedId)!;
  },
};
