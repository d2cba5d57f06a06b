import { AppError } from '../../src-shared/api/errors';
import { can, type Capability } from '../../src-shared/users/permissions';
import type { Role, SessionUser } from '../../src-shared/users/types';
import { signedInUser, type CallContext } from '../app/context';

const ROLE_NAMES: Record<Role, string> = { advisor: 'an advisor', manager: 'a manager', admin: 'an administrator' };

/** The signed-in user, if their role is one of `roles`; otherwise a FORBIDDEN error naming who may do `what`. */
export function requireRole(ctx: CallContext, roles: Role[], what: string): SessionUser {
  const user = signedInUser(ctx);
  if (!roles.includes(user.role)) {
    throw new AppError('FORBIDDEN', `Only ${roles.map((r) => ROLE_NAMES[r]).join(' or ')} can ${what}.`);
  }
  return user;
}

const WHO_MAY: Record<Capability, string> = {
  'users.manage': 'an administrator',
  'settings.manage': 'an administrator',
  'grants.manage': 'an administrator',
  'grants.view': 'a manager or an administrator',
  'audit.view': 'a manager or an administrator',
  'reports.view': 'a manager or an administrator',
  'costs.manage': 'a manager or an administrator',
  'lead.unlink': 'a user granted the unlink permission (an administrator grants it after a decision-maker confirms)',
  'everything.view': 'a manager or an administrator',
};

/** The signed-in user, if `can()` lets them; otherwise FORBIDDEN saying who may. */
export function requireCapability(ctx: CallContext, capability: Capability, what: string): SessionUser {
  const user = signedInUser(ctx);
  if (!can(user, capability)) throw new AppError('FORBIDDEN', `Only ${WHO_MAY[capability]} can ${what}.`);
  return user;
}
