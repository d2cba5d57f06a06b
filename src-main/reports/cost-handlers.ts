import { and, between, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import type { SourceCost } from '../../src-shared/reports/source-report';
import type { Handlers } from '../app/context';
import { audit } from '../audit/audit';
import { newId } from '../db/ids';
import { sourceCosts, sources } from '../db/schema';
import { insertSynced, recordChange, updateSynced } from '../sync/change-log';
import { requireCapability } from '../users/require-role';

const monthInt = (month: string) => Number(month.replace('-', ''));
const monthText = (m: number) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;

/** Marketing spend per source and month, which the source reports divide by leads, clients and contracts. */
export const costHandlers: Pick<Handlers, 'costs.list' | 'costs.set'> = {
  'costs.list'({ from, to }, ctx) {
    requireCapability(ctx, 'reports.view', 'see marketing spend');
    return ctx.db
      .select({ sourceId: sourceCosts.sourceId, month: sourceCosts.month, amountMinor: sourceCosts.amountMinor })
      .from(sourceCosts)
      .where(between(sourceCosts.month, monthInt(from), monthInt(to)))
      .all()
      .map((r): SourceCost => ({ ...r, month: monthText(r.month) }));
  },

  'costs.set'({ sourceId, month, amountMinor }, ctx) {
    const me = requireCapability(ctx, 'costs.manage', 'enter marketing spend');
    const m = monthInt(month);
    const now = Date.now();
    ctx.db.transaction((tx) => {
      if (!tx.select({ id: sources.id }).from(sources).where(eq(sources.id, sourceId)).get()) {
        throw new AppError('VALIDATION', 'This source does not exist; reload the list.', [{ field: 'sourceId', message: 'Unknown source' }]);
      }
      const existing = tx.select().from(sourceCosts).where(and(eq(sourceCosts.sourceId, sourceId), eq(sourceCosts.month, m))).get();
      if ((existing?.amountMinor ?? null) === amountMinor) return;
      if (amountMinor === null) {
        tx.delete(sourceCosts).where(eq(sourceCosts.id, existing!.id)).run();
        recordChange(tx, { entity: 'source_costs', entityId: existing!.id, op: 'delete', data: null, userId: me.id }, now);
      } else if (existing) {
        updateSynced(tx, sourceCosts, existing.id, { amountMinor, updatedBy: me.id, updatedAt: now }, me.id);
      } else {
        insertSynced(tx, sourceCosts, { id: newId(), sourceId, month: m, amountMinor, updatedBy: me.id, createdAt: now, updatedAt: now }, me.id);
      }
      audit(tx, { userId: me.id, action: 'sourceCost.set', entity: 'sources', entityId: sourceId, details: { month, from: existing?.amountMinor ?? null, to: amountMinor } }, now);
    });
    return amountMinor === null ? null : { sourceId, month, amountMinor };
  },
};
