import type { Role } from '../src-shared/users/types';
import type { SyncedEntity } from '../src-shared/sync/protocol';
import type { Queries } from './store';

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

type Row = Record<string, unknown>;
export interface Refusal {
  code: 'FORBIDDEN' | 'CONFLICT';
  message: string;
}

const forbid = (message: string): Refusal => ({ code: 'FORBIDDEN', message });
const ADMIN_ONLY: SyncedEntity[] = ['investments', 'sources', 'deletion_reasons', 'settings', 'permission_grants'];
/** Rows written once by whoever did the act (history, notices, mail to send). */
const APPEND_ONLY: SyncedEntity[] = ['audit_log', 'client_stage_changes', 'outbox'];
const HANDLED = new Set(['linked', 'converted']);

async function record(q: Queries, entity: SyncedEntity, id: unknown): Promise<Row | null> {
  if (typeof id !== 'string') return null;
  const r = await q.get<{ data: string; deleted: number }>('select data, deleted from records where entity = ? and id = ?', [entity, id]);
  return r && !r.deleted ? (JSON.parse(r.data) as Row) : null;
}

async function holdsGrant(q: Queries, userId: string, permission: string): Promise<boolean> {
  const rows = await q.all<{ data: string }>(`select data from records where entity = 'permission_grants' and deleted = 0`);
  return rows.map((r) => JSON.parse(r.data) as Row).some((g) => g.userId === userId && g.permission === permission && !g.revokedAt);
}

/**
 * What the server refuses of a pushed change, judged on the row before it and the merged row after it: the same
 * rules the desktop's services apply (an advisor works on unassigned or own leads and own clients, only admins
 * change the office's lists, users and grants), plus the transitions that merging must not produce.
 */
export async function refusalOf(q: Queries, account: Account, entity: SyncedEntity, before: Row | null, after: Row | null, taken: Row): Promise<Refusal | null> {
  const isAdmin = account.role === 'admin';
  const isManager = account.role === 'manager' || isAdmin;
  if (ADMIN_ONLY.includes(entity) && !isAdmin) return forbid(`Only an administrator can change ${entity.replace('_', ' ')}.`);
  if (APPEND_ONLY.includes(entity) && before) return forbid(`${entity.replace(/_/g, ' ')} rows are never changed once written.`);

  switch (entity) {
    case 'users': {
      if (isAdmin) return null;
      const ownLanguage = before && before.id === account.id && Object.keys(taken).every((k) => k === 'uiLanguage' || k === 'updatedAt');
      return ownLanguage ? null : forbid('Only an administrator can change users.');
    }
    case 'source_costs':
      return isManager ? null : forbid('Only a manager or an administrator can enter marketing spend.');
    case 'leads': {
      if (before && HANDLED.has(String(before.status)) && 'clientId' in taken && after && after.clientId !== null && after.clientId !== before.clientId) {
        const by = await record(q, 'users', before.assigneeUserId);
        return {
          code: 'CONFLICT',
          message: `This lead was already ${String(before.status)} to another client${by ? ` (${String(by.displayName)})` : ''}; your change was not applied.`,
        };
      }
      if (before && HANDLED.has(String(before.status)) && after?.status === 'new' && !(await holdsGrant(q, account.id, 'lead.unlink'))) {
        return forbid('Only a user granted the unlink permission can unlink a lead.');
      }
      if (isManager) return null;
      const mayHold = (row: Row | null) => !row || row.assigneeUserId === null || row.assigneeUserId === undefined || row.assigneeUserId === account.id;
      return mayHold(before) && mayHold(after) ? null : forbid("This lead belongs to another advisor; only a manager can change another advisor's lead.");
    }
    case 'clients': {
      if (isManager) return null;
      const own = (row: Row | null) => !row || row.ownerUserId === account.id;
      return own(before) && own(after) ? null : forbid("This client belongs to another salesperson; only a manager can change another salesperson's client.");
    }
    case 'activities': {
      if (isManager || !before) return null;
      if (before.userId === account.id || before.createdBy === account.id) return null;
      const client = await record(q, 'clients', before.clientId);
      return client?.ownerUserId === account.id ? null : forbid("This activity is on another salesperson's client.");
    }
    case 'lead_client_links': {
      if (!before) {
        // A link to a client other than the one the lead already has is the second half of a refused conversion.
        const lead = await record(q, 'leads', after?.leadId);
        if (lead && HANDLED.has(String(lead.status)) && lead.clientId !== after?.clientId && after?.unlinkedAt == null) {
          return { code: 'CONFLICT', message: 'This lead is already linked to another client; the new link was not applied.' };
        }
        return null;
      }
      return (await holdsGrant(q, account.id, 'lead.unlink')) ? null : forbid('Only a user granted the unlink permission can unlink a lead.');
    }
    case 'notifications':
      return !before || before.userId === account.id || isAdmin ? null : forbid("Only its recipient marks a notification read.");
    default:
      return null;
  }
}
