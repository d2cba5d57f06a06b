import type { ErrorCode } from '../api/errors';
import type { Role } from '../users/types';
import type { LeadStatus } from './types';

/** The lead triage rules, pure, so the service enforces them and the UI can grey out what would be refused. */
export type LeadAction = 'delete' | 'restore' | 'assign' | 'setPriority' | 'setQualification' | 'link' | 'convert';

export interface Actor {
  id: string;
  role: Role;
}

export interface LeadState {
  status: LeadStatus;
  assigneeId: string | null;
}

export interface Refusal {
  code: Extract<ErrorCode, 'CONFLICT' | 'FORBIDDEN'>;
  message: string;
}

export const STATUS_LABELS: Record<LeadStatus, string> = { new: 'New', linked: 'Linked', converted: 'Converted', deleted: 'Deleted' };

const canManageEveryone = (actor: Actor) => actor.role === 'manager' || actor.role === 'admin';

function statusRefusal(lead: LeadState, action: LeadAction): Refusal | null {
  if (action === 'delete' && lead.status !== 'new') {
    return { code: 'CONFLICT', message: `Only New leads can be deleted; this one is ${STATUS_LABELS[lead.status]}.` };
  }
  if (action === 'restore' && lead.status !== 'deleted') {
    return { code: 'CONFLICT', message: `Only Deleted leads can be restored; this one is ${STATUS_LABELS[lead.status]}.` };
  }
  if ((action === 'link' || action === 'convert') && lead.status !== 'new') {
    return { code: 'CONFLICT', message: `This lead is already ${STATUS_LABELS[lead.status]}; only a New lead goes to a client.` };
  }
  if (action !== 'delete' && action !== 'restore' && lead.status === 'deleted') {
    return { code: 'CONFLICT', message: 'A Deleted lead cannot be changed; restore it first.' };
  }
  return null;
}

/**
 * Why `actor` may not do `action` to `lead`, or null when allowed. For 'assign', `assigneeId` is the new
 * assignee (null = unassign). Advisors act on unassigned leads and their own; managers and admins on any.
 */
export function leadActionRefusal(actor: Actor, lead: LeadState, action: LeadAction, assigneeId?: string | null): Refusal | null {
  const byStatus = statusRefusal(lead, action);
  if (byStatus || canManageEveryone(actor)) return byStatus;
  if (lead.assigneeId !== null && lead.assigneeId !== actor.id) {
    return { code: 'FORBIDDEN', message: "This lead is assigned to another advisor; only a manager can change another advisor's lead." };
  }
  if (action === 'assign' && assigneeId !== actor.id && assigneeId !== null) {
    return { code: 'FORBIDDEN', message: 'Advisors can take leads for themselves only; ask a manager to assign a lead to someone else.' };
  }
  return null;
}

/** Whether the actor may pick any assignee (managers, admins) or only themselves (advisors). */
export function canAssignToOthers(actor: Actor): boolean {
  return canManageEveryone(actor);
}
