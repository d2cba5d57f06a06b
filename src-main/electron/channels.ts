/**
 * The IPC names the sandboxed preload needs, without importing src-shared/api/contract.ts at run time
 * (that module builds zod schemas, which would drag zod into preload.cjs).
 *
 * Kept in step with the contract two ways:
 *  - at compile time, `satisfies Record<MethodName, true>` fails when a method is added to or removed from the contract;
 *  - at test time, tests/unit/electron-security.test.ts compares these lists and channel names with contract.ts.
 */
import type { EventName, MethodName } from '../../src-shared/api/contract';

const METHODS = {
  'app.info': true,
  'setup.loadDemo': true,
  'setup.createFirstAdmin': true,
  'auth.signIn': true,
  'auth.signOut': true,
  'auth.me': true,
  'users.setLanguage': true,
  'lookups.get': true,
  'settings.update': true,
  'deletionReasons.save': true,
  'leads.list': true,
  'leads.counts': true,
  'leads.get': true,
  'leads.create': true,
  'leads.delete': true,
  'leads.restore': true,
  'leads.assign': true,
  'leads.setPriority': true,
  'leads.setQualification': true,
  'leads.link': true,
  'leads.convert': true,
  'clients.candidates': true,
  'clients.get': true,
  'clients.list': true,
  'clients.update': true,
  'clients.setStage': true,
  'leads.unlinkPreview': true,
  'leads.unlink': true,
  'users.list': true,
  'users.create': true,
  'users.update': true,
  'users.setPassword': true,
  'grants.list': true,
  'grants.grant': true,
  'grants.revoke': true,
  'audit.list': true,
  'audit.exportCsv': true,
  'activities.create': true,
  'activities.complete': true,
  'activities.reschedule': true,
  'activities.cancel': true,
  'activities.myDay': true,
  'reports.sla': true,
  'reports.sources': true,
  'reports.sourceMonths': true,
  'reports.sourceDetails': true,
  'costs.list': true,
  'costs.set': true,
  'sync.status': true,
  'sync.connect': true,
  'sync.now': true,
  'sync.disconnect': true,
  'notifications.list': true,
  'notifications.markRead': true,
  'leads.getView': true,
  'leads.saveView': true,
} as const satisfies Record<MethodName, true>;

const EVENTS = {
  'leads.changed': true,
  'clients.changed': true,
  'activities.changed': true,
  'notifications.changed': true,
  'lookups.changed': true,
  'session.changed': true,
  'sync.changed': true,
} as const satisfies Record<EventName, true>;

export const PRELOAD_METHOD_NAMES = Object.keys(METHODS) as MethodName[];
export const PRELOAD_EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isKnownMethod(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name);
}

export function isKnownEvent(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name);
}

/** Same as IPC.methodChannel in contract.ts. */
export function methodChannel(method: MethodName): string {
  return `api:${method}`;
}

/** Same as IPC.eventChannel in contract.ts. */
export const EVENT_CHANNEL = 'api:event';
/** The shell's one non-contract channel: print the sender's page to a PDF file the user picks. */
export const PRINT_PDF_CHANNEL = 'shell:print-to-pdf';

/** What main sends on EVENT_CHANNEL. */
export interface EventMessage {
  event: EventName;
  payload: unknown;
}

export function isEventMessage(value: unknown): value is EventMessage {
  return typeof value === 'object' && value !== null && isKnownEvent((value as EventMessage).event) && 'payload' in value;
}
