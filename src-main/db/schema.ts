/**
 * The whole domain's schema. Times are epoch milliseconds (INTEGER); ids are UUIDs (TEXT).
 * drizzle-kit generates migrations/ from this file: `npm run db:generate`.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ACTIVITY_STATES, ACTIVITY_TYPES } from '../../src-shared/activities/types';
import { PIPELINE_STAGES } from '../../src-shared/clients/types';
import { LEAD_PRIORITIES, LEAD_QUALIFICATIONS, LEAD_STATUSES } from '../../src-shared/leads/types';
import { PERMISSIONS, SOURCE_KINDS } from '../../src-shared/settings/types';
import { CHANGE_OPS } from '../../src-shared/sync/types';
import { ROLES } from '../../src-shared/users/types';
import { UI_LANGUAGES } from '../../src-shared/i18n/languages';

const id = () => text('id').primaryKey();
const createdAt = () => integer('created_at').notNull();
const updatedAt = () => integer('updated_at').notNull();
const bool = (name: string) => integer(name, { mode: 'boolean' });
const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const users = sqliteTable(
  'users',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    role: text('role', { enum: ROLES }).notNull(),
    /** JSON array of language codes the user speaks, primary first (used by routing). */
    languages: text('languages', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    uiLanguage: text('ui_language', { enum: UI_LANGUAGES }).notNull().default('pl'),
    passwordHash: text('password_hash').notNull(),
    active: bool('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_unique').on(sql`lower(${t.username})`),
    check('users_role_check', oneOf('role', ROLES)),
  ],
);

export const investments = sqliteTable('investments', {
  id: id(),
  name: text('name').notNull(),
  city: text('city'),
  active: bool('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sources = sqliteTable(
  'sources',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    active: bool('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('sources_name_unique').on(t.name), check('sources_kind_check', oneOf('kind', SOURCE_KINDS))],
);

export const deletionReasons = sqliteTable('deletion_reasons', {
  id: id(),
  label: text('label').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: bool('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const clients = sqliteTable(
  'clients',
  {
    id: id(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    phoneRaw: text('phone_raw'),
    phoneE164: text('phone_e164'),
    email: text('email'),
    emailNormalized: text('email_normalized'),
    ownerUserId: text('owner_user_id').references(() => users.id),
    originSourceId: text('origin_source_id').references(() => sources.id),
    preferredInvestmentId: text('preferred_investment_id').references(() => investments.id),
    consentDataProcessing: bool('consent_data_processing').notNull().default(false),
    consentMarketingEmail: bool('consent_marketing_email').notNull().default(false),
    consentMarketingPhone: bool('consent_marketing_phone').notNull().default(false),
    description: text('description'),
    stage: text('stage', { enum: PIPELINE_STAGES }).notNull().default('new'),
    /** Lowercase, diacritic-folded "first last" for search and duplicate detection. */
    nameSearch: text('name_search').notNull().default(''),
    // Duplicate detection keys (src-shared/clients/match-keys.ts), written with the row; derived, never edited.
    firstKey: text('first_key').notNull().default(''),
    lastKey: text('last_key').notNull().default(''),
    emailKey: text('email_key'),
    phoneTail: text('phone_tail'),
    // Blocking keys over the name keys, the same as blockingKeys() in src-shared/clients/matching.ts.
    nameK1: text('name_k1').generatedAlwaysAs(sql`case when first_key <> '' and last_key <> '' then substr(last_key, 1, 3) || '|' || substr(first_key, 1, 1) end`, { mode: 'virtual' }),
    nameK2: text('name_k2').generatedAlwaysAs(sql`case when first_key <> '' and last_key <> '' then substr(first_key, 1, 3) || '|' || substr(last_key, 1, 1) end`, { mode: 'virtual' }),
    nameK3: text('name_k3').generatedAlwaysAs(sql`case when first_key <> '' and last_key <> '' then substr(last_key, -4) || '|' || substr(first_key, 1, 2) end`, { mode: 'virtual' }),
    // The whole surname with the first name's ending: catches a typo in the first name's first letters.
    nameK4: text('name_k4').generatedAlwaysAs(sql`case when first_key <> '' and last_key <> '' then last_key || '|' || substr(first_key, -3) end`, { mode: 'virtual' }),
    createdBy: text('created_by').references(() => users.id),
    // Response-time facts kept on the row by triggers on activities (migration 0013) and set at conversion, so the
    // report reads one row per client instead of searching activities.
    leadReceivedAt: integer('lead_received_at'),
    firstCallAt: integer('first_call_at'),
    firstEmailAt: integer('first_email_at'),
    firstMeetingAt: integer('first_meeting_at'),
    /** Set when a client made by mistake is removed (unlinking the lead it came from); the row stays for history. */
    deletedAt: integer('deleted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('clients_phone_idx').on(t.phoneE164),
    index('clients_email_idx').on(t.emailNormalized),
    index('clients_owner_idx').on(t.ownerUserId),
    index('clients_email_key_idx').on(t.emailKey),
    index('clients_phone_tail_idx').on(t.phoneTail),
    index('clients_name_k1_idx').on(t.nameK1),
    index('clients_name_k2_idx').on(t.nameK2),
    index('clients_name_k3_idx').on(t.nameK3),
    index('clients_name_k4_idx').on(t.nameK4),
    index('clients_created_idx').on(t.createdAt, t.id),
    // Covers the response-time report: one index range read, no client rows.
    index('clients_sla_idx').on(t.createdAt, t.ownerUserId, t.originSourceId, t.leadReceivedAt, t.firstCallAt, t.firstEmailAt, t.firstMeetingAt, t.deletedAt),
    check('clients_stage_check', oneOf('stage', PIPELINE_STAGES)),
  ],
);

export const leads = sqliteTable(
  'leads',
  {
    id: id(),
    status: text('status', { enum: LEAD_STATUSES }).notNull().default('new'),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    externalId: text('external_id'),
    investmentId: text('investment_id').references(() => investments.id),
    assigneeUserId: text('assignee_user_id').references(() => users.id),
    clientId: text('client_id').references(() => clients.id),
    firstName: text('first_name'),
    lastName: text('last_name'),
    phoneRaw: text('phone_raw'),
    phoneE164: text('phone_e164'),
    email: text('email'),
    emailNormalized: text('email_normalized'),
    message: text('message'),
    language: text('language'),
    consentDataProcessing: bool('consent_data_processing').notNull().default(false),
    consentMarketingEmail: bool('consent_marketing_email').notNull().default(false),
    consentMarketingPhone: bool('consent_marketing_phone').notNull().default(false),
    priority: text('priority', { enum: LEAD_PRIORITIES }).notNull().default('standard'),
    qualification: text('qualification', { enum: LEAD_QUALIFICATIONS }),
    deletionReasonId: text('deletion_reason_id').references(() => deletionReasons.id),
    deletionComment: text('deletion_comment'),
    deletedAt: integer('deleted_at'),
    deletedBy: text('deleted_by').references(() => users.id),
    /** The intake payload exactly as received (JSON text). */
    rawPayload: text('raw_payload'),
    nameSearch: text('name_search').notNull().default(''),
    /** Duplicate detection: a client's other leads count as evidence too. */
    emailKey: text('email_key'),
    phoneTail: text('phone_tail'),
    receivedAt: integer('received_at').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The inbox: one status, newest first, keyset-paginated on (received_at, id).
    index('leads_status_received_idx').on(t.status, t.receivedAt, t.id),
    index('leads_received_idx').on(t.receivedAt, t.id),
    // Inbox filters: one status plus one of source / investment / assignee, still newest first. The trailing
    // assignee lets an advisor's filtered counts (unassigned + own) be read from the index alone.
    index('leads_status_source_received_idx').on(t.status, t.sourceId, t.receivedAt, t.id, t.assigneeUserId),
    index('leads_status_investment_received_idx').on(t.status, t.investmentId, t.receivedAt, t.id, t.assigneeUserId),
    index('leads_status_assignee_received_idx').on(t.status, t.assigneeUserId, t.receivedAt, t.id),
    // Sorting a tab by name, ties newest first, with keyset paging (matches the inbox's ordering tuple).
    index('leads_status_name_idx').on(t.status, t.nameSearch, sql`(-${t.receivedAt})`, t.id),
    index('leads_client_idx').on(t.clientId),
    index('leads_phone_idx').on(t.phoneE164),
    index('leads_phone_tail_idx').on(t.phoneTail),
    index('leads_email_key_idx').on(t.emailKey),
    index('leads_email_idx').on(t.emailNormalized),
    uniqueIndex('leads_source_external_unique').on(t.sourceId, t.externalId),
    check('leads_status_check', oneOf('status', LEAD_STATUSES)),
    check('leads_priority_check', oneOf('priority', LEAD_PRIORITIES)),
    check('leads_contact_check', sql`${t.email} is not null or ${t.phoneRaw} is not null`),
    check('leads_deleted_reason_check', sql`${t.status} <> 'deleted' or ${t.deletionReasonId} is not null`),
    check('leads_linked_client_check', sql`${t.status} not in ('linked', 'converted') or ${t.clientId} is not null`),
  ],
);

/** Every change of a client's pipeline stage: who, when, from what, and why a client was lost. */
export const clientStageChanges = sqliteTable(
  'client_stage_changes',
  {
    id: id(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    fromStage: text('from_stage', { enum: PIPELINE_STAGES }).notNull(),
    toStage: text('to_stage', { enum: PIPELINE_STAGES }).notNull(),
    lostReason: text('lost_reason'),
    at: integer('at').notNull(),
    userId: text('user_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('stage_changes_client_idx').on(t.clientId, t.at)],
);

/** Every link and unlink of a lead to a client; the current link is the row with unlinked_at null. */
export const leadClientLinks = sqliteTable(
  'lead_client_links',
  {
    id: id(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    kind: text('kind', { enum: ['linked', 'converted'] }).notNull(),
    linkedAt: integer('linked_at').notNull(),
    linkedBy: text('linked_by').references(() => users.id),
    unlinkedAt: integer('unlinked_at'),
    unlinkedBy: text('unlinked_by').references(() => users.id),
    unlinkReason: text('unlink_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('links_lead_idx').on(t.leadId), index('links_client_idx').on(t.clientId)],
);

export const activities = sqliteTable(
  'activities',
  {
    id: id(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    leadId: text('lead_id').references(() => leads.id),
    type: text('type', { enum: ACTIVITY_TYPES }).notNull(),
    state: text('state', { enum: ACTIVITY_STATES }).notNull(),
    userId: text('user_id').references(() => users.id),
    dueAt: integer('due_at'),
    doneAt: integer('done_at'),
    outcome: text('outcome'),
    notes: text('notes'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('activities_client_idx').on(t.clientId, t.doneAt),
    index('activities_user_due_idx').on(t.userId, t.state, t.dueAt),
    check('activities_type_check', oneOf('type', ACTIVITY_TYPES)),
    check('activities_state_check', oneOf('state', ACTIVITY_STATES)),
    check('activities_planned_check', sql`${t.state} <> 'planned' or ${t.dueAt} is not null`),
    check('activities_done_check', sql`${t.state} <> 'done' or ${t.doneAt} is not null`),
  ],
);

export const permissionGrants = sqliteTable(
  'permission_grants',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    permission: text('permission', { enum: PERMISSIONS }).notNull(),
    grantedBy: text('granted_by').references(() => users.id),
    grantedAt: integer('granted_at').notNull(),
    confirmedByName: text('confirmed_by_name').notNull(),
    confirmedByEmail: text('confirmed_by_email').notNull(),
    confirmedAt: integer('confirmed_at').notNull(),
    reference: text('reference'),
    revokedAt: integer('revoked_at'),
    revokedBy: text('revoked_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('grants_user_idx').on(t.userId, t.permission)],
);

/** Append-only record of acts: who did what, when. Written in the same transaction as the act. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    at: integer('at').notNull(),
    userId: text('user_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity'),
    entityId: text('entity_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_entity_idx').on(t.entity, t.entityId)],
);

/** In-app notifications for a user (a lead linked to their client, later: a lead routed to them). */
export const notifications = sqliteTable(
  'notifications',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    /** What the notification says, as data the renderer words in the user's language. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    leadId: text('lead_id').references(() => leads.id),
    clientId: text('client_id').references(() => clients.id),
    readAt: integer('read_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
);

/** E-mails waiting to be sent; the office backend sends them (a later issue), with retries. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: id(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'failed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.createdAt)],
);

/**
 * What the office spent on a lead source in a month (its local calendar month, yyyymm), in minor units of the
 * office's currency. One row per source and month; synced.
 */
export const sourceCosts = sqliteTable(
  'source_costs',
  {
    id: id(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    month: integer('month').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('source_costs_source_month_unique').on(t.sourceId, t.month), check('source_costs_amount_check', sql`amount_minor >= 0`)],
);

/**
 * Per-user preferences of this desktop (saved inbox filters, sort). Local on purpose: never synced.
 */
export const userPreferences = sqliteTable(
  'user_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: updatedAt(),
});

/**
 * Every synced mutation appends here in the same transaction as the row it changes; sync ships it in seq order.
 */
export const changeLog = sqliteTable(
  'change_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op', { enum: CHANGE_OPS }).notNull(),
    /** The inserted row, or the changed fields of an update (JSON). */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    userId: text('user_id'),
    at: integer('at').notNull(),
    pushedAt: integer('pushed_at'),
    /** Hybrid logical clock of the edit, written by a trigger (migration 0017); last writer wins by it on the server. */
    hlc: text('hlc'),
  },
  (t) => [index('change_log_unpushed_idx').on(t.pushedAt, t.seq)],
);

/** This desktop's connection to the office server (URL, device token, pull cursor): local, never synced. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
