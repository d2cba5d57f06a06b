import { AppError } from '../../src-shared/api/errors';
import type { Handlers } from '../app/context';
import { countUsers } from '../users/user-store';
import { hashPassword } from '../users/passwords';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed-demo';

export const demoHandlers: Pick<Handlers, 'setup.loadDemo'> = {
  async 'setup.loadDemo'(_args, ctx) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const counts = ctx.db.transaction(
      (tx) => {
        // Checked inside the write transaction: demo data never mixes with a real office's data.
        if (countUsers(tx) > 0) throw new AppError('FORBIDDEN', 'Demo data can only be loaded into a new, empty database.');
        return seedDemo(tx, { passwordHash, now: Date.now() });
      },
      { behavior: 'immediate' },
    );
    ctx.emit('leads.changed', { ids: [] });
    return { users: DEMO_USERS.map((u) => ({ username: u.username, role: u.role, password: DEMO_PASSWORD })), ...counts };
  },
};
