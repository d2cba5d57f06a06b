import type Database from 'better-sqlite3';
import { and, desc, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import { canAssignToOthers } from '../../src-shared/leads/rules';
import type { Handlers } from '../app/context';
import { signedInUser } from '../app/context';
import { audit } from '../audit/audit';
import { clients, clientStageChanges, leads, outbox, users } from '../db/schema';
import { newId } from '../db/ids';
import type { CountryCode } from 'libphonenumber-js';
import { checkClientReferences, clientPersonColumns, clientPhone, invalidField } from './client-fields';
import { phoneRegionOf, readOfficeSettings } from '../settings/office-settings';
import { can, canSeeClient } from '../../src-shared/users/permissions';
import { insertSynced, updateSynced } from '../sync/change-log';
import { createCandidateFinder } from './candidates';
import { createClientQueries } from './client-queries';

type ClientMethods = 'clients.candidates' | 'clients.get' | 'clients.list' | 'clients.update' | 'clients.setStage';

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
      const office = readOfficeSettings(ctx.db);
      const client = queries.get(id, office.coldAfterDays);
      if (!canSeeClient(signedInUser(ctx), client, office)) {
        throw new AppError('FORBIDDEN', "This client belongs to another salesperson; ask a manager if you need it.");
      }
      return client;
    },

    'clients.list'(args, ctx) {
      const me = signedInUser(ctx);
      const office = readOfficeSettings(ctx.db);
      const visibleTo = can(me, 'everything.view', office) ? null : me.id;
      return queries.list(args, () => office.phoneRegion as CountryCode, visibleTo, office.coldAfterDays);
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
      return queries.get(id, readOfficeSettings(ctx.db).coldAfterDays);
    },

    'clients.setStage'({ id, stage, lostReason }, ctx) {
      const me = signedInUser(ctx);
      const office = readOfficeSettings(ctx.db);
      if (stage === 'lost' && (!lostReason || !office.lostReasons.includes(lostReason))) {
        throw invalidField('lostReason', 'Choose why the client was lost, from the list.');
      }
      const now = Date.now();
      ctx.db.transaction(
        (tx) => {
          const current = tx.select().from(clients).where(eq(clients.id, id)).get();
          if (!current || current.deletedAt) throw new AppError('NOT_FOUND', 'This client no longer exists.');
          if (!canAssignToOthers(me) && current.ownerUserId !== me.id) {
            throw new AppError('FORBIDDEN', "This client belongs to another salesperson; only a manager can change another salesperson's client.");
          }
          if (current.stage === stage) {
            // Lost again with another reason corrects the reason (recorded like a change); anything else is a no-op.
            if (stage !== 'lost') return;
            const last = tx.select({ reason: clientStageChanges.lostReason }).from(clientStageChanges).where(eq(clientStageChanges.clientId, id)).orderBy(desc(clientStageChanges.at), desc(clientStageChanges.createdAt)).limit(1).get();
            if (last?.reason === lostReason) return;
          }
          updateSynced(tx, clients, id, { stage, updatedAt: now }, me.id);
          insertSynced(
            tx,
            clientStageChanges,
            { id: newId(), clientId: id, fromStage: current.stage, toStage: stage, lostReason: stage === 'lost' ? lostReason! : null, at: now, userId: me.id, createdAt: now, updatedAt: now },
            me.id,
          );
          audit(tx, { userId: me.id, action: 'client.stageChanged', entity: 'clients', entityId: id, details: { from: current.stage, to: stage, ...(stage === 'lost' ? { reason: lostReason } : {}) } }, now);
          // A won client is asked for feedback; the office backend sends the outbox.
          if (stage === 'won' && current.email) {
            const name = [current.firstName, current.lastName].filter(Boolean).join(' ');
            insertSynced(
              tx,
              outbox,
              {
                id: newId(),
                toAddress: current.email,
                subject: 'How did we do?',
                body: `Dear ${name || 'Client'},\n\nthank you for choosing us. Would you tell us how our office looked after you?\n\n${me.displayName}`,
                kind: 'client.feedbackRequest',
                createdAt: now,
                updatedAt: now,
              },
              me.id,
            );
          }
        },
        { behavior: 'immediate' },
      );
      ctx.emit('clients.changed', { ids: [id] });
      return queries.get(id, office.coldAfterDays);
    },
  };
}
