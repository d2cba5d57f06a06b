import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import { canAssignToOthers } from '../../src-shared/leads/rules';
import type { Handlers } from '../app/context';
import { signedInUser } from '../app/context';
import { audit } from '../audit/audit';
import { clients, leads, users } from '../db/schema';
import { checkClientReferences, clientPersonColumns, clientPhone, invalidField } from './client-fields';
import { phoneRegionOf, readOfficeSettings } from '../settings/office-settings';
import { can, canSeeClient } from '../../src-shared/users/permissions';
import { updateSynced } from '../sync/change-log';
import { createCandidateFinder } from './candidates';
import { createClientQueries } from './client-queries';

type ClientMethods = 'clients.candidates' | 'clients.get' | 'clients.list' | 'clients.update';

export function clientHandlers(sqlite: Database.Database): Pick<Handlers, ClientMethods> {
  const findCandidates = createCandidateFinder(sqlite);
  const queries = createClientQueries(sqlite);

  return {
    'clients.candidates'({ leadId }, ctx) {
      const lead = ctx.db
        .select({ firstName: leads.firstName, lastName: leads.lastName, phoneE164: leads.phoneE164, phoneRaw: leads.phoneRaw, email: leads.email })
        .from(leads)
        .where(eq(leads.id, leadId))
        .get();
      if (!lead) throw new AppError('NOT_FOUND', 'This lead no longer exists.');
      return { candidates: findCandidates(lead, leadId) };
    },

    'clients.get'({ id }, ctx) {
      const client = queries.get(id);
      if (!canSeeClient(signedInUser(ctx), client, readOfficeSettings(ctx.db))) {
        throw new AppError('FORBIDDEN', "This client belongs to another salesperson; ask a manager if you need it.");
      }
      return client;
    },

    'clients.list'(args, ctx) {
      const me = signedInUser(ctx);
      const visibleTo = can(me, 'everything.view', readOfficeSettings(ctx.db)) ? null : me.id;
      return queries.list(args, () => phoneRegionOf(ctx.db), visibleTo);
    },

    'clients.update'({ id, client: input }, ctx) {
      const me = signedInUser(ctx);
      const phoneE164 = clientPhone(input, phoneRegionOf(ctx.db));
      const now = Date.now();
      ctx.db.transaction(
        (tx) => {
          const current = tx.select().from(clients).where(eq(clients.id, id)).get();
          if (!current || current.deletedAt) throw new AppError('NOT_FOUND', 'This client no longer exists.');
          if (!canAssignToOthers(me) && current.ownerUserId !== me.id) {
            throw new AppError('FORBIDDEN', "This client belongs to another salesperson; only a manager can change another salesperson's client.");
          }
          const ownerUserId = input.ownerUserId ?? current.ownerUserId;
          if (ownerUserId !== current.ownerUserId) {
            if (!canAssignToOthers(me)) throw new AppError('FORBIDDEN', 'Only a manager can give a client to another salesperson.');
            if (!ownerUserId || !tx.select({ id: users.id }).from(users).where(and(eq(users.id, ownerUserId), eq(users.active, true))).get()) {
              throw invalidField('client.ownerUserId', 'Choose an active user as the salesperson.');
            }
          }
          checkClientReferences(tx, { originSourceId: input.originSourceId ?? null, preferredInvestmentId: input.preferredInvestmentId ?? null });
          const next = {
            ...clientPersonColumns(input, phoneE164),
            ownerUserId,
            originSourceId: input.originSourceId ?? null,
            preferredInvestmentId: input.preferredInvestmentId ?? null,
          };
          const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]);
          if (changed.length === 0) return;
          const patch = Object.fromEntries(changed.map((k) => [k, next[k]]));
          updateSynced(tx, clients, id, { ...patch, updatedAt: now }, me.id);
          audit(tx, { userId: me.id, action: 'client.updated', entity: 'clients', entityId: id, details: { fields: changed.filter((k) => !/Key$|Tail$|nameSearch|Normalized|E164/.test(k)) } }, now);
        },
        { behavior: 'immediate' },
      );
      ctx.emit('clients.changed', { ids: [id] });
      return queries.get(id);
    },
  };
}
