import type Database from 'better-sqlite3';
import type { InferInsertModel } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import { leadActionRefusal, type LeadAction } from '../../src-shared/leads/rules';
import type { LeadChangeResult, LeadPriority, LeadQualification, LeadStatus } from '../../src-shared/leads/types';
import { signedInUser, type CallContext } from '../app/context';
import { audit } from '../audit/audit';
import { leads } from '../db/schema';
import { updateSynced } from '../sync/change-log';

export interface LeadState {
  id: string;
  status: LeadStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  priority: LeadPriority;
  qualification: LeadQualification | null;
  reasonLabel: string | null;
}

/** What one lead's change writes, or null when the lead is already as asked (nothing written, nothing audited). */
type Change = { patch: Partial<InferInsertModel<typeof leads>>; action: string; details: Record<string, unknown> } | null;

/**
 * Applies one triage action to a selection of leads, all or nothing: every lead is checked against the rules
 * first; one refusal refuses the whole call and nothing is written. Each change lands with its change-log
 * record and audit entry in the same transaction.
 */
export function createLeadMutator(sqlite: Database.Database) {
  const statesOf = sqlite.prepare<[string], LeadState>(
    `select l.id, l.status, l.assignee_user_id as assigneeId, u.display_name as assigneeName, l.priority, l.qualification,
       r.label as reasonLabel
     from leads l left join users u on u.id = l.assignee_user_id left join deletion_reasons r on r.id = l.deletion_reason_id
     where l.id in (select value from json_each(?))`,
  );

  return function mutate(
    ctx: CallContext,
    ids: string[],
    action: LeadAction,
    change: (lead: LeadState, now: number) => Change,
    assigneeId?: string | null,
  ): LeadChangeResult {
    const me = signedInUser(ctx);
    const unique = [...new Set(ids)];
    const changed = ctx.db.transaction(
      (tx) => {
        const found = statesOf.all(JSON.stringify(unique));
        if (found.length !== unique.length) {
          const missing = unique.length - found.length;
          throw new AppError('NOT_FOUND', unique.length === 1 ? 'This lead no longer exists.' : `${missing} of the ${unique.length} selected leads no longer exist; reload the list. Nothing was changed.`);
        }
        const refusals = found.map((lead) => leadActionRefusal(me, lead, action, assigneeId)).filter((r) => r !== null);
        const first = refusals[0];
        if (first) {
          throw new AppError(first.code, unique.length === 1 ? first.message : `${refusals.length} of the ${unique.length} selected leads cannot be changed, so none was. ${first.message}`);
        }
        const now = Date.now();
        const done: string[] = [];
        for (const lead of found) {
          const c = change(lead, now);
          if (!c) continue;
          updateSynced(tx, leads, lead.id, { ...c.patch, updatedAt: now }, me.id);
          audit(tx, { userId: me.id, action: c.action, entity: 'leads', entityId: lead.id, details: c.details }, now);
          done.push(lead.id);
        }
        return done;
      },
      { behavior: 'immediate' },
    );
    if (changed.length) ctx.emit('leads.changed', { ids: changed });
    return { changed };
  };
}

export type LeadMutator = ReturnType<typeof createLeadMutator>;
