import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import type { InferInsertModel } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import type { ActivityType } from '../../src-shared/activities/types';
import { canSeeClient } from '../../src-shared/users/permissions';
import type { SessionUser } from '../../src-shared/users/types';
import type { Handlers } from '../app/context';
import { signedInUser, type CallContext } from '../app/context';
import { audit } from '../audit/audit';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { activities, clients, users } from '../db/schema';
import { readOfficeSettings } from '../settings/office-settings';
import { insertSynced, updateSynced } from '../sync/change-log';

type ActivityMethods = 'activities.create' | 'activities.complete' | 'activities.reschedule' | 'activities.cancel' | 'activities.myDay';
const DAY = 86_400_000;
const UPCOMING_DAYS = 7;

/** The client, if this user may work on it (their own client, or any for managers / when the team sees all). */
function workableClient(tx: Db, ctx: CallContext, me: SessionUser, clientId: string) {
  const client = tx.select().from(clients).where(eq(clients.id, clientId)).get();
  if (!client || client.deletedAt) throw new AppError('NOT_FOUND', 'This client no longer exists.');
  if (!canSeeClient(me, { ownerId: client.ownerUserId }, readOfficeSettings(ctx.db))) {
    throw new AppError('FORBIDDEN', "This client belongs to another salesperson; only a manager can work on another salesperson's client.");
  }
  return client;
}

/** A planned activity of a client this user may work on, or the reason why not. */
function plannedActivity(tx: Db, ctx: CallContext, me: SessionUser, id: string) {
  const activity = tx.select().from(activities).where(eq(activities.id, id)).get();
  if (!activity) throw new AppError('NOT_FOUND', 'This activity no longer exists.');
  if (activity.userId !== me.id) workableClient(tx, ctx, me, activity.clientId);
  else if (tx.select({ deletedAt: clients.deletedAt }).from(clients).where(eq(clients.id, activity.clientId)).get()?.deletedAt) {
    throw new AppError('NOT_FOUND', 'This client no longer exists.');
  }
  if (activity.state !== 'planned') throw new AppError('CONFLICT', `This activity is already ${activity.state}.`);
  return activity;
}

/**
 * When an offer goes out, the follow-ups are planned at once (+2 days, +1 week, +2 weeks by default), for the
 * client's salesperson, so an offer is never left without a next step.
 */
function planFollowUps(tx: Db, me: SessionUser, clientId: string, ownerId: string | null, from: number, days: number[], now: number): number {
  for (const d of days) {
    insertSynced(
      tx,
      activities,
      { id: newId(), clientId, type: 'phone', state: 'planned', userId: ownerId ?? me.id, dueAt: from + d * DAY, notes: `Follow-up on the offer (+${d} d)`, createdBy: me.id, createdAt: now, updatedAt: now },
      me.id,
    );
  }
  return days.length;
}

export function activityHandlers(sqlite: Database.Database): Pick<Handlers, ActivityMethods> {
  const myPlanned = sqlite.prepare<[string, number], { id: string; type: ActivityType; dueAt: number; clientId: string; clientName: string; clientPhone: string | null; notes: string | null }>(
    `select a.id, a.type, a.due_at as dueAt, a.client_id as clientId,
       trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as clientName, c.phone_e164 as clientPhone, a.notes
     from activities a join clients c on c.id = a.client_id
     where a.user_id = ? and a.state = 'planned' and a.due_at < ? and c.deleted_at is null
     order by a.due_at`,
  );

  const done = (ctx: CallContext, clientId: string) => {
    ctx.emit('clients.changed', { ids: [clientId] });
    ctx.emit('activities.changed', { clientIds: [clientId] });
  };

  return {
    'activities.create'(input, ctx) {
      const me = signedInUser(ctx);
      const now = Date.now();
      const id = newId();
      const office = readOfficeSettings(ctx.db);
      ctx.db.transaction(
        (tx) => {
          const client = workableClient(tx, ctx, me, input.clientId);
          let row: InferInsertModel<typeof activities>;
          if (input.state === 'planned') {
            const userId = input.userId ?? me.id;
            if (userId !== me.id && me.role === 'advisor' && userId !== client.ownerUserId) {
              throw new AppError('FORBIDDEN', "Advisors plan activities for themselves or the client's salesperson.");
            }
            if (!tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.active, true))).get()) {
              throw new AppError('VALIDATION', 'Choose an active user to do it.', [{ field: 'userId', message: 'Not an active user' }]);
            }
            row = { id, clientId: client.id, type: input.type, state: 'planned', userId, dueAt: input.dueAt, notes: input.notes ?? null, createdBy: me.id, createdAt: now, updatedAt: now };
          } else {
            const doneAt = input.doneAt ?? now;
            if (doneAt > now + 60_000) throw new AppError('VALIDATION', 'Something done cannot be in the future; plan it instead.', [{ field: 'doneAt', message: 'In the future' }]);
            row = { id, clientId: client.id, type: input.type, state: 'done', userId: me.id, doneAt, outcome: input.outcome ?? null, notes: input.notes ?? null, createdBy: me.id, createdAt: now, updatedAt: now };
          }
          insertSynced(tx, activities, row, me.id);
          audit(tx, { userId: me.id, action: row.state === 'done' ? 'activity.done' : 'activity.planned', entity: 'clients', entityId: client.id, details: { type: row.type, activityId: id } }, now);
          if (row.state === 'done' && row.type === 'offer') planFollowUps(tx, me, client.id, client.ownerUserId, row.doneAt!, office.followUpDays, now);
        },
        { behavior: 'immediate' },
      );
      done(ctx, input.clientId);
      return { id };
    },

    'activities.complete'({ id, doneAt, outcome, notes }, ctx) {
      const me = signedInUser(ctx);
      const now = Date.now();
      const office = readOfficeSettings(ctx.db);
      const clientId = ctx.db.transaction(
        (tx) => {
          const activity = plannedActivity(tx, ctx, me, id);
          const at = doneAt ?? now;
          if (at > now + 60_000) throw new AppError('VALIDATION', 'Something done cannot be in the future.', [{ field: 'doneAt', message: 'In the future' }]);
          updateSynced(tx, activities, id, { state: 'done', doneAt: at, outcome: outcome ?? null, ...(notes ? { notes } : {}), userId: activity.userId ?? me.id, updatedAt: now }, me.id);
          audit(tx, { userId: me.id, action: 'activity.done', entity: 'clients', entityId: activity.clientId, details: { type: activity.type, activityId: id } }, now);
          if (activity.type === 'offer') {
            const owner = tx.select({ ownerUserId: clients.ownerUserId }).from(clients).where(eq(clients.id, activity.clientId)).get();
            planFollowUps(tx, me, activity.clientId, owner?.ownerUserId ?? null, at, office.followUpDays, now);
          }
          return activity.clientId;
        },
        { behavior: 'immediate' },
      );
      done(ctx, clientId);
      return { id };
    },

    'activities.reschedule'({ id, dueAt }, ctx) {
      const me = signedInUser(ctx);
      const now = Date.now();
      const clientId = ctx.db.transaction(
        (tx) => {
          const activity = plannedActivity(tx, ctx, me, id);
          updateSynced(tx, activities, id, { dueAt, updatedAt: now }, me.id);
          audit(tx, { userId: me.id, action: 'activity.rescheduled', entity: 'clients', entityId: activity.clientId, details: { type: activity.type, activityId: id, from: activity.dueAt, to: dueAt } }, now);
          return activity.clientId;
        },
        { behavior: 'immediate' },
      );
      done(ctx, clientId);
      return { id };
    },

    'activities.cancel'({ id, reason }, ctx) {
      const me = signedInUser(ctx);
      const now = Date.now();
      const clientId = ctx.db.transaction(
        (tx) => {
          const activity = plannedActivity(tx, ctx, me, id);
          updateSynced(tx, activities, id, { state: 'cancelled', outcome: reason ?? null, updatedAt: now }, me.id);
          audit(tx, { userId: me.id, action: 'activity.cancelled', entity: 'clients', entityId: activity.clientId, details: { type: activity.type, activityId: id, reason: reason ?? null } }, now);
          return activity.clientId;
        },
        { behavior: 'immediate' },
      );
      done(ctx, clientId);
      return { id };
    },

    'activities.myDay'({ endOfToday }, ctx) {
      const me = signedInUser(ctx);
      const now = Date.now();
      const items = myPlanned.all(me.id, endOfToday + UPCOMING_DAYS * DAY);
      return {
        overdue: items.filter((i) => i.dueAt < now),
        today: items.filter((i) => i.dueAt >= now && i.dueAt < endOfToday),
        upcoming: items.filter((i) => i.dueAt >= Math.max(now, endOfToday)),
      };
    },
  };
}
