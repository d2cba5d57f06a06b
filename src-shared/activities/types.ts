import { z } from 'zod';

export const ACTIVITY_TYPES = ['phone', 'email', 'meeting', 'offer', 'oral_reservation', 'contract', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const activityTypeSchema = z.enum(ACTIVITY_TYPES);

export const ACTIVITY_STATES = ['planned', 'done', 'cancelled'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

const id = z.string().min(1).max(64);
const at = z.number().int().positive();
const text = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

/** Log something done, or plan it (with a due time and who does it). */
export const activityCreateInput = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('planned'), clientId: id, type: activityTypeSchema, dueAt: at, userId: id.optional(), notes: text(2000) }).strict(),
    z.object({ state: z.literal('done'), clientId: id, type: activityTypeSchema, doneAt: at.optional(), outcome: text(300), notes: text(2000) }).strict(),
  ]);

export const activityCompleteInput = z.object({ id, doneAt: at.optional(), outcome: text(300), notes: text(2000) }).strict();
export const activityRescheduleInput = z.object({ id, dueAt: at }).strict();
export const activityCancelInput = z.object({ id, reason: text(300) }).strict();

export interface MyDayItem {
  id: string;
  type: ActivityType;
  dueAt: number;
  clientId: string;
  clientName: string;
  clientPhone: string | null;
  notes: string | null;
}

/** The signed-in user's planned activities: overdue (before now), today (until local midnight), upcoming (7 days). */
export interface MyDay {
  overdue: MyDayItem[];
  today: MyDayItem[];
  upcoming: MyDayItem[];
}

/** "Today" ends at the caller's local midnight (the renderer knows the office's clock). */
export const myDayInput = z.object({ endOfToday: at }).strict();
