/**
 * The one typed contract between the renderer and the main-process services.
 * Every method: name -> zod input schema + result type + who may call it.
 * Electron carries it over IPC (one channel per method), browser mode over HTTP POST /api/<method>.
 */
import { z } from 'zod';
import { leadCreateInput } from '../leads/manual-entry';
import type { InboxView, LeadChangeResult, LeadCounts, LeadDetail, LeadPage } from '../leads/types';
import {
  inboxViewSchema,
  leadAssignInput,
  leadCountsInput,
  leadDeleteInput,
  leadIdInput,
  leadListInput,
  leadPriorityInput,
  leadQualificationInput,
  leadRestoreInput,
} from '../leads/types';
import type { DeletionReason, Lookups, OfficeSettings } from '../settings/types';
import type { CandidateList, ClientDetail, ClientPage, ConversionResult } from '../clients/types';
import { candidatesInput, clientIdInput, clientListInput, clientStageInput, clientUpdateInput, leadConvertInput, leadLinkInput } from '../clients/types';
import type { NotificationList } from '../notifications/types';
import type { UnlinkPreview } from '../clients/types';
import { leadUnlinkInput, unlinkPreviewInput } from '../clients/types';
import type { AdminUser, GrantRow } from '../users/admin';
import { grantIdInput, grantInput, userCreateInput, userPasswordInput, userUpdateInput } from '../users/admin';
import type { AuditExport, AuditPage } from '../audit/types';
import type { MyDay } from '../activities/types';
import type { SlaReport } from '../sla/report';
import { slaReportInput } from '../sla/report';
import type { SourceCost, SourceDetails, SourceMonthReport, SourceReport } from '../reports/source-report';
import type { SyncStatus } from '../sync/status';
import { syncConnectInput } from '../sync/protocol';
import { costListInput, costSetInput, sourceDetailsInput, sourceMonthReportInput, sourceReportInput } from '../reports/source-report';
import { activityCancelInput, activityCompleteInput, activityCreateInput, activityRescheduleInput, myDayInput } from '../activities/types';
import { auditExportInput, auditListInput } from '../audit/types';
import { markReadInput } from '../notifications/types';
import { deletionReasonSaveInput, officeSettingsUpdateInput } from '../settings/types';
import type { SessionUser } from '../users/types';
import { createFirstAdminInput, setLanguageInput, signInInput } from '../users/types';
import type { UiLanguage } from '../i18n/languages';

/** 'public' methods work before sign-in; 'signedIn' ones need a session held by the main process. */
export type Access = 'public' | 'signedIn';

export interface MethodSpec<I extends z.ZodType, R> {
  input: I;
  access: Access;
  /** Phantom field carrying the result type; never set at run time. */
  readonly result?: R;
}

const method =
  <R>() =>
  <I extends z.ZodType>(input: I, access: Access): MethodSpec<I, R> => ({ input, access });

const noInput = z.object({}).strict().default({});

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  dataDir: string;
  databaseFile: string;
  /** True while the database has no users: the first-run screen offers demo data or a first admin. */
  needsSetup: boolean;
  defaultLanguage: UiLanguage;
}

export interface DemoSummary {
  users: { username: string; role: string; password: string }[];
  leads: number;
  clients: number;
  activities: number;
}

export const contract = {
  'app.info': method<AppInfo>()(noInput, 'public'),
  'setup.loadDemo': method<DemoSummary>()(noInput, 'public'),
  'setup.createFirstAdmin': method<SessionUser>()(createFirstAdminInput, 'public'),
  'auth.signIn': method<SessionUser>()(signInInput, 'public'),
  'auth.signOut': method<null>()(noInput, 'signedIn'),
  'auth.me': method<SessionUser | null>()(noInput, 'public'),
  'users.setLanguage': method<SessionUser>()(setLanguageInput, 'signedIn'),
  'lookups.get': method<Lookups>()(noInput, 'signedIn'),
  'settings.update': method<OfficeSettings>()(officeSettingsUpdateInput, 'signedIn'),
  'deletionReasons.save': method<DeletionReason>()(deletionReasonSaveInput, 'signedIn'),
  'leads.list': method<LeadPage>()(leadListInput, 'signedIn'),
  'leads.counts': method<LeadCounts>()(leadCountsInput, 'signedIn'),
  'leads.get': method<LeadDetail>()(leadIdInput, 'signedIn'),
  'leads.create': method<LeadDetail>()(leadCreateInput, 'signedIn'),
  'leads.delete': method<LeadChangeResult>()(leadDeleteInput, 'signedIn'),
  'leads.restore': method<LeadChangeResult>()(leadRestoreInput, 'signedIn'),
  'leads.assign': method<LeadChangeResult>()(leadAssignInput, 'signedIn'),
  'leads.setPriority': method<LeadChangeResult>()(leadPriorityInput, 'signedIn'),
  'leads.setQualification': method<LeadChangeResult>()(leadQualificationInput, 'signedIn'),
  'leads.link': method<{ leadId: string; clientId: string; notified: string | null }>()(leadLinkInput, 'signedIn'),
  'leads.convert': method<ConversionResult>()(leadConvertInput, 'signedIn'),
  'clients.candidates': method<CandidateList>()(candidatesInput, 'signedIn'),
  'clients.get': method<ClientDetail>()(clientIdInput, 'signedIn'),
  'clients.list': method<ClientPage>()(clientListInput, 'signedIn'),
  'clients.update': method<ClientDetail>()(clientUpdateInput, 'signedIn'),
  'clients.setStage': method<ClientDetail>()(clientStageInput, 'signedIn'),
  'leads.unlinkPreview': method<UnlinkPreview>()(unlinkPreviewInput, 'signedIn'),
  'leads.unlink': method<UnlinkPreview>()(leadUnlinkInput, 'signedIn'),
  'users.list': method<AdminUser[]>()(noInput, 'signedIn'),
  'users.create': method<AdminUser>()(userCreateInput, 'signedIn'),
  'users.update': method<AdminUser>()(userUpdateInput, 'signedIn'),
  'users.setPassword': method<null>()(userPasswordInput, 'signedIn'),
  'grants.list': method<GrantRow[]>()(noInput, 'signedIn'),
  'grants.grant': method<GrantRow>()(grantInput, 'signedIn'),
  'grants.revoke': method<GrantRow>()(grantIdInput, 'signedIn'),
  'audit.list': method<AuditPage>()(auditListInput, 'signedIn'),
  'audit.exportCsv': method<AuditExport>()(auditExportInput, 'signedIn'),
  'activities.create': method<{ id: string }>()(activityCreateInput, 'signedIn'),
  'activities.complete': method<{ id: string }>()(activityCompleteInput, 'signedIn'),
  'activities.reschedule': method<{ id: string }>()(activityRescheduleInput, 'signedIn'),
  'activities.cancel': method<{ id: string }>()(activityCancelInput, 'signedIn'),
  'activities.myDay': method<MyDay>()(myDayInput, 'signedIn'),
  'reports.sla': method<SlaReport>()(slaReportInput, 'signedIn'),
  'reports.sources': method<SourceReport>()(sourceReportInput, 'signedIn'),
  'reports.sourceMonths': method<SourceMonthReport>()(sourceMonthReportInput, 'signedIn'),
  'reports.sourceDetails': method<SourceDetails>()(sourceDetailsInput, 'signedIn'),
  'costs.list': method<SourceCost[]>()(costListInput, 'signedIn'),
  'costs.set': method<SourceCost | null>()(costSetInput, 'signedIn'),
  'notifications.list': method<NotificationList>()(noInput, 'signedIn'),
  'notifications.markRead': method<null>()(markReadInput, 'signedIn'),
  'sync.status': method<SyncStatus>()(noInput, 'public'),
  'sync.connect': method<SyncStatus>()(syncConnectInput, 'public'),
  'sync.now': method<SyncStatus>()(noInput, 'signedIn'),
  'sync.disconnect': method<SyncStatus>()(noInput, 'signedIn'),
  'leads.getView': method<InboxView>()(noInput, 'signedIn'),
  'leads.saveView': method<InboxView>()(inboxViewSchema, 'signedIn'),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives after validation. */
export type MethodArgs<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> = Contract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Server-push events: name -> payload. */
export interface EventMap {
  /** Leads were created, changed or removed; the inbox refetches. */
  'leads.changed': { ids: string[] };
  /** Clients were created or changed; open client cards and the clients list refetch. */
  'clients.changed': { ids: string[] };
  /** Activities of these clients were planned, done, moved or cancelled; "My day" and client cards refetch. */
  'activities.changed': { clientIds: string[] };
  /** These users have new or read notifications. */
  'notifications.changed': { userIds: string[] };
  /** Sources, investments, users, deletion reasons or office settings changed; pickers reload them. */
  'lookups.changed': Record<string, never>;
  /** The signed-in user of this window changed (sign in, sign out, language). */
  'session.changed': { user: SessionUser | null };
  /** Sync with the office server started, progressed, finished or failed. */
  'sync.changed': SyncStatus;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: EventName[] = ['leads.changed', 'clients.changed', 'activities.changed', 'notifications.changed', 'lookups.changed', 'session.changed', 'sync.changed'];

/** Browser-mode HTTP details shared by server and client. */
export const HTTP = {
  apiPrefix: '/api/',
  eventsPath: '/events',
  /** The launch URL carries the per-launch token once: /?token=...; the server moves it into an HttpOnly cookie. */
  tokenQuery: 'token',
  tokenCookie: 'ld_token',
  sessionCookie: 'ld_session',
  /** Required on every API call: a custom header cannot be sent cross-site without a CORS preflight we never grant. */
  csrfHeader: 'x-lead-desk',
} as const;

/** Electron IPC channel names. */
export const IPC = {
  methodChannel: (m: MethodName) => `api:${m}`,
  eventChannel: 'api:event',
} as const;
