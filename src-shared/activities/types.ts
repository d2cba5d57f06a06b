export const ACTIVITY_TYPES = ['phone', 'email', 'meeting', 'offer', 'oral_reservation', 'contract', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_STATES = ['planned', 'done', 'cancelled'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];
