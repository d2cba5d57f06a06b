import { AppError } from '../../src-shared/api/errors';
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
