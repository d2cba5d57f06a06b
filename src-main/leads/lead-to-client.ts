import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import type { ClientFields, ConversionResult } from '../../src-shared/clients/types';
import { canAssignToOthers, leadActionRefusal, STATUS_LABELS, type LeadAction } from '../../src-shared/leads/rules';
import type { LeadStatus } from '../../src-shared/leads/types';
import type { CountryCode } from 'libphonenumber-js';
import type { SessionUser } from '../../src-shared/users/types';
import { signedInUser, type CallContext } from '../app/context';
import { audit } from '../audit/audit';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { activities, clients, leadClientLinks, leads, users } from '../db/schema';
import { checkClientReferences, clientPersonColumns, clientPhone, invalidField } from '../clients/client-fields';
import { notifyUser } from '../notifications/notify';
import { readOfficeSettings } from '../settings/office-settings';
import { insertSynced, updateSynced } from '../sync/change-log';

interface LeadForClient {
  id: string;
  status: LeadStatus;
  assigneeId: string | null;
  sourceId: string;
  investmentId: string | null;
  firstName: string | null;
  lastName: string | null;
  clientId: string | null;
}

const fullName = (p: { firstName: string | null; lastName: string | null }) => [p.firstName, p.lastName].filter(Boolean).join(' ');
const minute = (at: number) => new Date(at).toISOString().slice(11, 16);

/**
 * Linking a lead to a client and converting a lead into a new client. Each runs in one IMMEDIATE transaction
 * that re-reads the lead first: when two advisors act on the same lead, the second finds it no longer New and
 * gets a CONFLICT naming who was first; nothing of theirs is written.
 */
export function createLeadToClient(sqlite: Database.Database) {
  const leadFor = sqlite.prepare<[string], LeadForClient>(
    `select id, status, assignee_user_id as assigneeId, source_id as sourceId, investment_id as investmentId,
       first_name as firstName, last_name as lastName, client_id as clientId from leads where id = ?`,
  );
  const currentLink = sqlite.prepare<[string], { clientName: string; byName: string | null; at: number }>(
    `select trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as clientName, u.display_name as byName, k.linked_at as at
     from lead_client_links k join clients c on c.id = k.client_id left join users u on u.id = k.linked_by
     where k.lead_id = ? and k.unlinked_at is null order by k.linked_at desc limit 1`,
  );

  /** The lead, if this user may take it to a client now; else the reason, with who got there first. */
  function checkedLead(me: SessionUser, leadId: string, action: LeadAction): LeadForClient {
    const lead = leadFor.get(leadId);
    if (!lead) throw new AppError('NOT_FOUND', 'This lead no longer exists.');
    const refusal = leadActionRefusal(me, lead, action);
    if (!refusal) return lead;
    const link = lead.status === 'linked' || lead.status === 'converted' ? currentLink.get(leadId) : undefined;
    if (link) {
      throw new AppError(
        'CONFLICT',
        `This lead is already ${STATUS_LABELS[lead.status]} to client ${link.clientName || '(no name)'}` +
          `${link.byName ? ` by ${link.byName}` : ''} at ${minute(link.at)} UTC; it cannot go through the wizard again.`,
      );
    }
    throw new AppError(refusal.code, refusal.message);
  }

  function recordLink(tx: Db, me: SessionUser, lead: LeadForClient, clientId: string, kind: 'linked' | 'converted', now: number): void {
    updateSynced(tx, leads, lead.id, { status: kind, clientId, assigneeUserId: lead.assigneeId ?? me.id, updatedAt: now }, me.id);
    insertSynced(tx, leadClientLinks, { id: newId(), leadId: lead.id, clientId, kind, linkedAt: now, linkedBy: me.id, createdAt: now, updatedAt: now }, me.id);
  }

  return {
    link(ctx: CallContext, args: { leadId: string; clientId: string; notifyOwner: boolean }): { leadId: string; clientId: string; notified: string | null } {
      const me = signedInUser(ctx);
      const now = Date.now();
      const owner = ctx.db.transaction(
        (tx) => {
          const lead = checkedLead(me, args.leadId, 'link');
          const client = tx.select().from(clients).where(eq(clients.id, args.clientId)).get();
          if (!client || client.deletedAt) throw new AppError('NOT_FOUND', 'This client no longer exists; search again.');
          recordLink(tx, me, lead, client.id, 'linked', now);
          const clientName = fullName(client);
          audit(tx, { userId: me.id, action: 'lead.linked', entity: 'leads', entityId: lead.id, details: { client: clientName, clientId: client.id } }, now);
          if (!args.notifyOwner || !client.ownerUserId || client.ownerUserId === me.id) return null;
          const leadName = fullName(lead) || 'A lead';
          notifyUser(
            tx,
            {
              userId: client.ownerUserId,
              kind: 'lead.linked',
              data: { leadName, clientName, byName: me.displayName },
              leadId: lead.id,
              clientId: client.id,
              email: {
                subject: `New inquiry from your client ${clientName}`,
                body: `${me.displayName} linked a new inquiry (${leadName}) to your client ${clientName} in Lead Desk.`,
              },
            },
            now,
          );
          return { id: client.ownerUserId, name: tx.select({ name: users.displayName }).from(users).where(eq(users.id, client.ownerUserId)).get()?.name ?? null };
        },
        { behavior: 'immediate' },
      );
      ctx.emit('leads.changed', { ids: [args.leadId] });
      ctx.emit('clients.changed', { ids: [args.clientId] });
      if (owner) ctx.emit('notifications.changed', { userIds: [owner.id] });
      return { leadId: args.leadId, clientId: args.clientId, notified: owner?.name ?? null };
    },

    convert(ctx: CallContext, args: { leadId: string; client: ClientFields }): ConversionResult {
      const me = signedInUser(ctx);
      const office = readOfficeSettings(ctx.db);
      const input = args.client;
      const phoneE164 = clientPhone(input, office.phoneRegion as CountryCode);
      const now = Date.now();
      const clientId = newId();
      const result = ctx.db.transaction(
        (tx) => {
          const lead = checkedLead(me, args.leadId, 'convert');
          const ownerId = input.ownerUserId ?? lead.assigneeId ?? me.id;
          if (ownerId !== me.id && !canAssignToOthers(me) && ownerId !== lead.assigneeId) {
            throw new AppError('FORBIDDEN', 'Advisors can make clients for themselves only; ask a manager to give a client to someone else.');
          }
          const owner = tx.select().from(users).where(and(eq(users.id, ownerId), eq(users.active, true))).get();
          if (!owner) throw invalidField('client.ownerUserId', 'Choose an active user as the salesperson.');
          const originSourceId = input.originSourceId ?? lead.sourceId;
          const investmentId = input.preferredInvestmentId ?? lead.investmentId;
          checkClientReferences(tx, { originSourceId, preferredInvestmentId: investmentId });
          const columns = clientPersonColumns(input, phoneE164);
          insertSynced(
            tx,
            clients,
            { id: clientId, ...columns, ownerUserId: owner.id, originSourceId, preferredInvestmentId: investmentId, stage: 'new', createdBy: me.id, createdAt: now, updatedAt: now },
            me.id,
          );
          recordLink(tx, me, { ...lead, assigneeId: lead.assigneeId ?? owner.id }, clientId, 'converted', now);
          const clientName = fullName(columns);
          audit(tx, { userId: me.id, action: 'client.created', entity: 'clients', entityId: clientId, details: { fromLead: lead.id, name: clientName } }, now);
          audit(tx, { userId: me.id, action: 'lead.converted', entity: 'leads', entityId: lead.id, details: { client: clientName, clientId } }, now);
          if (!phoneE164) return { clientId, plannedCall: null };
          // The first call: planned for the client's salesperson, due after the office's setting.
          const activityId = newId();
          const dueAt = now + office.firstCallDueMinutes * 60_000;
          insertSynced(
            tx,
            activities,
            { id: activityId, clientId, leadId: lead.id, type: 'phone', state: 'planned', userId: owner.id, dueAt, createdBy: me.id, createdAt: now, updatedAt: now },
            me.id,
          );
          return { clientId, plannedCall: { activityId, userName: owner.displayName, dueAt } };
        },
        { behavior: 'immediate' },
      );
      ctx.emit('leads.changed', { ids: [args.leadId] });
      ctx.emit('clients.changed', { ids: [clientId] });
      return result;
    },
  };
}
