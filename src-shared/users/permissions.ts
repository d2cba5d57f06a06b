import type { Permission } from '../settings/types';
import type { Role } from './types';

/**
 * Who may do what, in one pure place: the services call it on every protected method, and the UI uses it
 * to leave out what would be refused. Lead triage rules (status and assignee) live in leads/rules.ts.
 */
export interface Principal {
  id: string;
  role: Role;
  /** Rights an admin granted this user on a decision-maker's confirmation (for now: lead.unlink). */
  permissions: readonly Permission[];
}

export interface VisibilitySettings {
  /** When on, advisors see every lead and client, not only unassigned leads and their own. */
  teamSeesAll: boolean;
}

export type Capability =
  | 'users.manage'
  | 'settings.manage'
  | 'grants.manage'
  | 'grants.view'
  | 'audit.view'
  | 'reports.view'
  | 'costs.manage'
  | 'lead.unlink'
  | 'everything.view';

export function can(user: Principal, capability: Capability, office?: VisibilitySettings): boolean {
  switch (capability) {
    case 'users.manage':
    case 'settings.manage':
    case 'grants.manage':
      return user.role === 'admin';
    case 'grants.view':
    case 'audit.view':
    case 'reports.view':
    case 'costs.manage':
      return user.role === 'admin' || user.role === 'manager';
    case 'lead.unlink':
      // Deliberately a grant, not a role: even an admin unlinks only after granting it (and that is audited).
      return user.permissions.includes('lead.unlink');
    case 'everything.view':
      return user.role !== 'advisor' || !!office?.teamSeesAll;
  }
}

/** Advisors see unassigned leads and their own, unless the office lets the team see all. */
export function canSeeLead(user: Principal, lead: { assigneeId: string | null }, office: VisibilitySettings): boolean {
  return can(user, 'everything.view', office) || lead.assigneeId === null || lead.assigneeId === user.id;
}

/** Advisors see their own clients, unless the office lets the team see all. */
export function canSeeClient(user: Principal, client: { ownerId: string | null }, office: VisibilitySettings): boolean {
  return can(user, 'everything.view', office) || client.ownerId === user.id;
}
