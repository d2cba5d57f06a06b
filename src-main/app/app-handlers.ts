import type { Handlers } from './context';
import { countUsers } from '../users/user-store';

export const appHandlers: Pick<Handlers, 'app.info'> = {
  'app.info'(_args, ctx) {
    return {
      name: 'Lead Desk',
      version: ctx.appVersion,
      mode: ctx.mode,
      dataDir: ctx.dataDir,
      databaseFile: ctx.databaseFile,
      needsSetup: countUsers(ctx.db) === 0,
      defaultLanguage: 'pl',
    };
  },
};
