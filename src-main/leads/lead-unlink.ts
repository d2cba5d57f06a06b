import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import type { UnlinkPreview } from '../../src-shared/clients/types';
import type { CallContext } from '../app/context';
import { audit } from '../audit/audit';
import { activities, clients, leadClientLinks, leads } from '../db/schema';
import { updateSynced } from '../sync/change-log';
import { requireCapability } from '../users/require-role';
import { readOfficeSettings } from '../settings/office-settings';
import { canSeeLead } from '../../src-shared/users/permissions';
import type { SessionUser } from '../../src-shared/users/types';

interface LinkState {
  linkId: string;
  kind: 'linked' | 'converted';
  clientId: string;
  clientName: string;
  otherLeads: number;
  doneActivities: number;
  plannedActivities: number;
}

/**
 * Undoing a wrong link: only for users granted 'lead.unlink'. The link row is closed (history kept), the lead
 * goes back to New with all its data, and a client made from that lead alone may be kept or removed.
 */
export function createLeadUnlink(sqlite: Database.Database) {
  const linkState = sqlite.prepare<[string], LinkState>(
    `select k.id as linkId, k.kind, k.client_id as clientId,
       trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as clientName,
       (select count(*) from leads o where o.client_id = k.client_id and o.id <> k.lead_id) as otherLeads,
       (select count(*) from activities a where a.client_id = k.client_id and a.state = 'done') as doneActivities,
       (select count(*) from activities a where a.client_id = k.client_id and a.state = 'planned') as plannedActivities
     from lead_client_links k join clients c on c.id = k.client_id
     where k.lead_id = ? and k.unlinked_at is null order by k.linked_at desc limit 1`,
  );

  const assigneeOf = sqlite.prepare<[string], { assigneeId: string | null }>('select assignee_user_id as assigneeId from leads where id = ?');
  /** The permission does not widen what an advisor sees: another advisor's lead stays out of reach. */
  function mustSee(ctx: CallContext, me: SessionUser, leadId: string): void {
    const lead = assigneeOf.get(leadId);
    if (!lead) throw new AppError('NOT_FOUND', 'This lead no longer exists.');
    if (!canSeeLead(me, lead, readOfficeSettings(ctx.db))) throw new AppError('FORBIDDEN', 'This lead is assigned to another advisor.');
  }

  function current(leadId: string): LinkState {
    const state = linkState.get(leadId);
    if (!state) throw new AppError('CONFLICT', 'This lead is not linked to a client.');
    return state;
  }

  const preview = (leadId: string, state: LinkState): UnlinkPreview => ({
    leadId,
    clientId: state.clientId,
    clientName: state.clientName,
    askAboutClient: state.kind === 'converted' && state.otherLeads === 0,
    canDeleteClient: state.kind === 'converted' && state.otherLeads === 0 && state.doneActivities === 0,
    doneActivities: state.doneActivities,
    plannedActivities: state.plannedActivities,
  });

  return {
    preview(ctx: CallContext, leadId: string): UnlinkPreview {
      const me = requireCapability(ctx, 'lead.unlink', 'unlink a lead from a client');
      mustSee(ctx, me, leadId);
      return preview(leadId, current(leadId));
    },

    unlink(ctx: CallContext, args: { leadId: string; reason: string; clientAction?: 'keep' | 'delete' }): UnlinkPreview {
      const me = requireCapability(ctx, 'lead.unlink', 'unlink a lead from a client');
      mustSee(ctx, me, args.leadId);
      const now = Date.now();
      const result = ctx.db.transaction(
        (tx) => {
          const state = current(args.leadId);
          const p = preview(args.leadId, state);
          if (p.askAboutClient && !args.clientAction) {
            throw new AppError('VALIDATION', `The client ${state.clientName} was created from this lead only: keep it or delete it?`, [
              { field: 'clientAction', message: 'Choose whether to keep or delete the client' },
            ]);
          }
          const deleteClient = p.askAboutClient && args.clientAction === 'delete';
          if (deleteClient && !p.canDeleteClient) {
            throw new AppError('CONFLICT', `The client ${state.clientName} already has done activities; keep the client.`);
          }
          updateSynced(tx, leadClientLinks, state.linkId, { unlinkedAt: now, unlinkedBy: me.id, unlinkReason: args.reason, updatedAt: now }, me.id);
          updateSynced(tx, leads, args.leadId, { status: 'new', clientId: null, updatedAt: now }, me.id);
          audit(tx, { userId: me.id, action: 'lead.unlinked', entity: 'leads', entityId: args.leadId, details: { client: state.clientName, clientId: state.clientId, reason: args.reason } }, now);
          if (deleteClient) {
            // Planned work for a client that never was goes with it; the row stays (soft delete) for history.
            const planned = tx
              .select({ id: activities.id })
              .from(activities)
              .where(and(eq(activities.clientId, state.clientId), eq(activities.state, 'planned')))
              .all();
            for (const a of planned) updateSynced(tx, activities, a.id, { state: 'cancelled', updatedAt: now }, me.id);
            updateSynced(tx, clients, state.clientId, { deletedAt: now, updatedAt: now }, me.id);
            audit(tx, { userId: me.id, action: 'client.deleted', entity: 'clients', entityId: state.clientId, details: { name: state.clientName, reason: args.reason, cancelledActivities: planned.length } }, now);
          }
          return p;
        },
        { behavior: 'immediate' },
      );
      ctx.emit('leads.changed', { ids: [args.leadId] });
      ctx.emit('clients.changed', { ids: [result.clientId] });
      return result;
    },
  };
}
