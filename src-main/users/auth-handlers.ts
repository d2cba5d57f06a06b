import { newId } from '../db/ids';
import { AppError } from '../../src-shared/api/errors';
import { audit } from '../audit/audit';
import type { Handlers } from '../app/context';
import { signedInUser } from '../app/context';
import { users } from '../db/schema';
import { insertSynced, updateSynced } from '../sync/change-log';
import { hashPassword, verifyPassword } from './passwords';
import { countUsers, findUserById, findUserByUsername, toSessionUser } from './user-store';

// A fixed hash to compare against when the user does not exist, so timing does not reveal user names.
const NO_SUCH_USER_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export const authHandlers: Pick<Handlers, 'auth.signIn' | 'auth.signOut' | 'auth.me' | 'setup.createFirstAdmin' | 'users.setLanguage'> = {
  async 'auth.signIn'({ username, password }, ctx) {
    const row = findUserByUsername(ctx.db, username);
    const matches = await verifyPassword(password, row?.passwordHash ?? NO_SUCH_USER_HASH);
    if (!row || !matches || !row.active) {
      ctx.db.transaction((tx) =>
        audit(tx, { userId: row?.id ?? null, action: 'auth.signInFailed', details: { username, reason: !row || !matches ? 'bad_credentials' : 'inactive' } }),
      );
      if (row && matches && !row.active) throw new AppError('UNAUTHENTICATED', 'This account is deactivated. Ask an administrator.');
      throw new AppError('UNAUTHENTICATED', 'Wrong user name or password.');
    }
    ctx.sessions.set(ctx.clientKey, row.id);
    const user = toSessionUser(ctx.db, row);
    ctx.emit('session.changed', { user }, ctx.clientKey);
    return user;
  },

  'auth.signOut'(_args, ctx) {
    ctx.sessions.delete(ctx.clientKey);
    ctx.emit('session.changed', { user: null }, ctx.clientKey);
    return null;
  },

  'auth.me'(_args, ctx) {
    return ctx.user;
  },

  async 'setup.createFirstAdmin'({ username, displayName, password }, ctx) {
    const passwordHash = await hashPassword(password);
    const now = Date.now();
    const id = newId();
    ctx.db.transaction((tx) => {
      // Checked inside the write transaction so two first-run windows cannot both create an admin.
      if (countUsers(tx) > 0) throw new AppError('FORBIDDEN', 'This database already has users; sign in instead.');
      insertSynced(tx, users, { id, username, displayName, role: 'admin', languages: ['pl'], uiLanguage: 'pl', passwordHash, active: true, createdAt: now, updatedAt: now }, id);
      audit(tx, { userId: id, action: 'user.created', entity: 'users', entityId: id, details: { role: 'admin', firstRun: true } }, now);
    }, { behavior: 'immediate' });
    ctx.sessions.set(ctx.clientKey, id);
    const user = toSessionUser(ctx.db, findUserById(ctx.db, id)!);
    ctx.emit('session.changed', { user }, ctx.clientKey);
    return user;
  },

  'users.setLanguage'({ language }, ctx) {
    const me = signedInUser(ctx);
    ctx.db.transaction((tx) => updateSynced(tx, users, me.id, { uiLanguage: language, updatedAt: Date.now() }, me.id));
    const user = toSessionUser(ctx.db, findUserById(ctx.db, me.id)!);
    ctx.emit('session.changed', { user }, ctx.clientKey);
    return user;
  },
};
