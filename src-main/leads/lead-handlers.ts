import { and, eq } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/api/errors';
import { DEFAULT_INBOX_VIEW, inboxViewSchema } from '../../src-shared/leads/types';
import type { Handlers } from '../app/context';
import { signedInUser, type CallContext } from '../app/context';
import { deletionReasons, users } from '../db/schema';
import { phoneRegionOf, readOfficeSettings } from '../settings/office-settings';
import { can, canSeeLead } from '../../src-shared/users/permissions';
import { readPreference, writePreference } from '../users/preferences';
import { createInboxQuery, type QueryScope } from './inbox-query';
import { createLeadMutator } from './lead-commands';
import { createManualLead } from './lead-create';
import { createLeadDetailQuery } from './lead-detail';
import { createLeadToClient } from './lead-to-client';
import { createLeadUnlink } from './lead-unlink';

const INBOX_VIEW_KEY = 'inbox.view';

type LeadMethods =
  | 'leads.list'
  | 'leads.counts'
  | 'leads.get'
  | 'leads.create'
  | 'leads.delete'
  | 'leads.restore'
  | 'leads.assign'
  | 'leads.setPriority'
  | 'leads.setQualification'
  | 'leads.link'
  | 'leads.convert'
  | 'leads.unlinkPreview'
  | 'leads.unlink'
  | 'leads.getView'
  | 'leads.saveView';

export function leadHandlers(sqlite: Database.Database): Pick<Handlers, LeadMethods> {
  const inbox = createInboxQuery(sqlite);
  const detail = createLeadDetailQuery(sqlite);
  const mutate = createLeadMutator(sqlite);
  const toClient = createLeadToClient(sqlite);
  const unlinker = createLeadUnlink(sqlite);
  const scopeOf = (ctx: CallContext): QueryScope => {
    const me = signedInUser(ctx);
    return { userId: me.id, phoneRegion: () => phoneRegionOf(ctx.db), restricted: !can(me, 'everything.view', me.role === 'advisor' ? readOfficeSettings(ctx.db) : undefined) };
  };

  return {
    'leads.list': ({ status, filters, sort, limit, cursor }, ctx) => inbox.page({ status, filters, sort, limit, cursor }, scopeOf(ctx)),
    'leads.counts': ({ filters }, ctx) => inbox.counts(filters, scopeOf(ctx)),
    'leads.get'({ id }, ctx) {
      const lead = detail(id);
      const me = signedInUser(ctx);
      if (!canSeeLead(me, lead, readOfficeSettings(ctx.db))) throw new AppError('FORBIDDEN', 'This lead is assigned to another advisor.');
      return lead;
    },

    'leads.create'(input, ctx) {
      return detail(createManualLead(ctx, input));
    },

    'leads.delete'({ ids, reasonId, comment }, ctx) {
      const reason = ctx.db.select().from(deletionReasons).where(and(eq(deletionReasons.id, reasonId), eq(deletionReasons.active, true))).get();
      if (!reason) throw new AppError('VALIDATION', 'Choose a reason from the list.', [{ field: 'reasonId', message: 'Choose a reason from the list' }]);
      return mutate(ctx, ids, 'delete', (_lead, now) => ({
        patch: { status: 'deleted', deletionReasonId: reason.id, deletionComment: comment || null, deletedAt: now, deletedBy: signedInUser(ctx).id },
        action: 'lead.deleted',
        details: { reason: reason.label, ...(comment ? { comment } : {}) },
      }));
    },

    'leads.restore'({ ids }, ctx) {
      return mutate(ctx, ids, 'restore', (lead) => ({
        patch: { status: 'new', deletionReasonId: null, deletionComment: null, deletedAt: null, deletedBy: null },
        action: 'lead.restored',
        details: { previousReason: lead.reasonLabel },
      }));
    },

    'leads.assign'({ ids, assigneeId }, ctx) {
      const target = assigneeId ? ctx.db.select().from(users).where(and(eq(users.id, assigneeId), eq(users.active, true))).get() : null;
      if (assigneeId && !target) throw new AppError('VALIDATION', 'Choose an active user to assign to.', [{ field: 'assigneeId', message: 'Not an active user' }]);
      return mutate(
        ctx,
        ids,
        'assign',
        (lead) =>
          lead.assigneeId === assigneeId
            ? null
            : { patch: { assigneeUserId: assigneeId }, action: 'lead.assigned', details: { from: lead.assigneeName, to: target?.displayName ?? null } },
        assigneeId,
      );
    },

    'leads.setPriority'({ ids, priority }, ctx) {
      return mutate(ctx, ids, 'setPriority', (lead) =>
        lead.priority === priority ? null : { patch: { priority }, action: 'lead.priorityChanged', details: { from: lead.priority, to: priority } },
      );
    },

    'leads.setQualification'({ ids, qualification }, ctx) {
      return mutate(ctx, ids, 'setQualification', (lead) =>
        lead.qualification === qualification
          ? null
          : { patch: { qualification }, action: 'lead.qualified', details: { from: lead.qualification, to: qualification } },
      );
    },

    'leads.link': (args, ctx) => toClient.link(ctx, args),
    'leads.convert': (args, ctx) => toClient.convert(ctx, args),
    'leads.unlinkPreview': ({ leadId }, ctx) => unlinker.preview(ctx, leadId),
    'leads.unlink': (args, ctx) => unlinker.unlink(ctx, args),

    'leads.getView'(_args, ctx) {
      const stored = inboxViewSchema.safeParse(readPreference(ctx.db, signedInUser(ctx).id, INBOX_VIEW_KEY));
      // A view saved by another version, or naming a filter this one does not know, starts over from the default.
      return stored.success ? stored.data : DEFAULT_INBOX_VIEW;
    },

    'leads.saveView'(view, ctx) {
      writePreference(ctx.db, signedInUser(ctx).id, INBOX_VIEW_KEY, view);
      return view;
    },
  };
}
