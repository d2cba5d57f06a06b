import { z } from 'zod';
import { CHANGE_OPS } from './types';
import { isHlc } from './hlc';

/** Raised whenever the push/pull wire format or its meaning changes; both ends refuse another version. */
export const SYNC_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-lead-desk-protocol';

/** The tables that replicate, by their SQL name (the change log's entity). */
export const SYNCED_ENTITIES = [
  'users',
  'investments',
  'sources',
  'deletion_reasons',
  'settings',
  'clients',
  'leads',
  'client_stage_changes',
  'lead_client_links',
  'activities',
  'permission_grants',
  'audit_log',
  'notifications',
  'outbox',
  'source_costs',
] as const;
export type SyncedEntity = (typeof SYNCED_ENTITIES)[number];

export const MAX_PUSH_CHANGES = 500;
export const MAX_PULL_CHANGES = 2000;

const fieldValue = z.union([z.string().max(200_000), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export const deviceSignInInput = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(200),
    deviceName: z.string().trim().min(1).max(120),
  })
  .strict();
export interface DeviceSignInResult {
  deviceId: string;
  /** Shown once; the server keeps only its hash. Sent as "Authorization: Bearer <token>". */
  token: string;
  userId: string;
  officeId: string;
}

export const pushChangeSchema = z
  .object({
    /** The desktop's change_log seq: strictly increasing per device. */
    pushSeq: z.number().int().positive(),
    entity: z.enum(SYNCED_ENTITIES),
    id: z.string().min(1).max(128),
    op: z.enum(CHANGE_OPS),
    /** The row (insert) or the changed fields (update), by the desktop's field names; null for delete. */
    fields: z
      .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/), fieldValue)
      .nullable()
      // A key zod's record drops silently (it would leave a change with no fields).
      .refine((f) => f === null || !Object.prototype.hasOwnProperty.call(f, '__proto__'), 'A field name may not be __proto__'),
    hlc: z.string().refine(isHlc, 'Not a hybrid logical clock timestamp'),
  })
  .strict();
export type PushChange = z.infer<typeof pushChangeSchema>;

export const pushInput = z.object({ changes: z.array(pushChangeSchema).min(1).max(MAX_PUSH_CHANGES) }).strict();
export interface PushRejection {
  pushSeq: number;
  entity: SyncedEntity;
  id: string;
  code: 'FORBIDDEN' | 'CONFLICT' | 'VALIDATION';
  message: string;
  /** The server's row as it stands, so the desktop can take it back (null: the server has no such row). */
  current: { fields: Record<string, unknown>; deleted: boolean } | null;
}
export interface PushResult {
  /** Every change up to this pushSeq is applied or rejected: the desktop marks them pushed. */
  acked: number;
  rejected: PushRejection[];
}

export const pullQuery = z
  .object({
    after: z.coerce.number().int().min(0),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_CHANGES).default(500),
  })
  .strict();
export interface PulledChange {
  seq: number;
  entity: SyncedEntity;
  id: string;
  /** The fields this change set (the server's merged values); null with deleted. */
  fields: Record<string, unknown> | null;
  deleted: boolean;
  /** The clock of the edit (the desktop's clock moves past it). */
  hlc: string;
}
export interface PullResult {
  changes: PulledChange[];
  /** The cursor to ask after next time (the last seq sent, or `after` when none). */
  last: number;
  more: boolean;
  /** The server's newest seq, for progress bars. */
  head: number;
}

/** Every error the server answers with: an HTTP status and this body. */
export interface ServerError {
  code: 'VALIDATION' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'PROTOCOL' | 'TOO_LARGE' | 'INTERNAL';
  message: string;
}

/** The desktop's "connect to the office server" form. */
export const syncConnectInput = z
  .object({
    url: z
      .string()
      .trim()
      .regex(/^https?:\/\/[^\s/]+(:\d+)?(\/.*)?$/, 'Enter the server address, such as http://192.168.1.20:8787'),
    username: z.string().trim().min(1, 'Enter your username').max(64),
    password: z.string().min(1, 'Enter your password').max(200),
    deviceName: z.string().trim().min(1).max(120).default('Lead Desk desktop'),
  })
  .strict();
