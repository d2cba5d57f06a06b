import { z } from 'zod';

export const LEAD_STATUSES = ['new', 'linked', 'converted', 'deleted'] as const;
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const LEAD_PRIORITIES = ['urgent', 'important', 'standard'] as const;
export const leadPrioritySchema = z.enum(LEAD_PRIORITIES);
export type LeadPriority = (typeof LEAD_PRIORITIES)[number];

export const LEAD_QUALIFICATIONS = ['hot', 'warm', 'cold'] as const;
export const leadQualificationSchema = z.enum(LEAD_QUALIFICATIONS);
export type LeadQualification = (typeof LEAD_QUALIFICATIONS)[number];

/** One row of the inbox table: the lead with the names of what it points to. */
export interface LeadRow {
  id: string;
  status: LeadStatus;
  receivedAt: number;
  firstName: string | null;
  lastName: string | null;
  /** As the client typed it. */
  phone: string | null;
  phoneE164: string | null;
  email: string | null;
  sourceId: string;
  sourceName: string;
  investmentId: string | null;
  investmentName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  priority: LeadPriority;
  qualification: LeadQualification | null;
  /** When the lead left New: deleted, or linked to / converted into a client; null while New. */
  handledAt: number | null;
}

const id = z.string().min(1).max(64);

/** "me", "unassigned" or a user id. */
export const assigneeFilterSchema = z.union([z.literal('me'), z.literal('unassigned'), id]);

export const inboxFiltersSchema = z
  .object({
    sourceId: id.optional(),
    investmentId: id.optional(),
    assignee: assigneeFilterSchema.optional(),
    /** Received at or after (epoch ms). */
    receivedFrom: z.number().int().nonnegative().optional(),
    /** Received before (epoch ms, exclusive). */
    receivedTo: z.number().int().nonnegative().optional(),
    /** Names (diacritics ignored), e-mail, or phone digits in any format. */
    search: z.string().max(200).optional(),
  })
  .strict()
  .refine((f) => f.receivedFrom === undefined || f.receivedTo === undefined || f.receivedFrom < f.receivedTo, {
    message: 'The start of the date range must be before its end',
    path: ['receivedTo'],
  });
export type InboxFilters = z.infer<typeof inboxFiltersSchema>;

export const INBOX_SORT_COLUMNS = ['receivedAt', 'name', 'phone', 'email', 'source', 'investment', 'assignee', 'status', 'priority'] as const;
export type InboxSortColumn = (typeof INBOX_SORT_COLUMNS)[number];
export const inboxSortSchema = z
  .object({ column: z.enum(INBOX_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) })
  .strict();
export type InboxSort = z.infer<typeof inboxSortSchema>;
export const DEFAULT_INBOX_SORT: InboxSort = { column: 'receivedAt', direction: 'desc' };

export const leadListInput = z
  .object({
    status: leadStatusSchema.optional(),
    filters: inboxFiltersSchema.default({}),
    sort: inboxSortSchema.default(DEFAULT_INBOX_SORT),
    limit: z.number().int().min(1).max(500).default(50),
    /** Opaque keyset cursor from the previous page's nextCursor (valid for the same filters and sort). */
    cursor: z.string().min(1).max(1000).optional(),
  })
  .strict();

export interface LeadPage {
  rows: LeadRow[];
  nextCursor: string | null;
}

export const leadCountsInput = z.object({ filters: inboxFiltersSchema.default({}) }).strict();
export type LeadCounts = Record<LeadStatus, number>;

/** What the inbox remembers per user between launches. */
export const inboxViewSchema = z
  .object({ status: leadStatusSchema.nullable(), filters: inboxFiltersSchema, sort: inboxSortSchema })
  .strict();
export type InboxView = z.infer<typeof inboxViewSchema>;
export const DEFAULT_INBOX_VIEW: InboxView = { status: 'new', filters: {}, sort: DEFAULT_INBOX_SORT };

export const leadIdInput = z.object({ id }).strict();
const leadIds = z.array(id).min(1, 'Select at least one lead').max(500, 'At most 500 leads at a time');

export const leadDeleteInput = z
  .object({ ids: leadIds, reasonId: id, comment: z.string().trim().max(1000).optional() })
  .strict();
export const leadRestoreInput = z.object({ ids: leadIds }).strict();
/** assigneeId null = unassign. */
export const leadAssignInput = z.object({ ids: leadIds, assigneeId: id.nullable() }).strict();
export const leadPriorityInput = z.object({ ids: leadIds, priority: leadPrioritySchema }).strict();
export const leadQualificationInput = z.object({ ids: leadIds, qualification: leadQualificationSchema.nullable() }).strict();

export interface LeadHistoryEntry {
  at: number;
  action: string;
  userName: string | null;
  details: Record<string, unknown> | null;
}

export interface LeadDetail extends LeadRow {
  message: string | null;
  language: string | null;
  externalId: string | null;
  consentDataProcessing: boolean;
  consentMarketingEmail: boolean;
  consentMarketingPhone: boolean;
  deletionReason: string | null;
  deletionComment: string | null;
  deletedAt: number | null;
  deletedByName: string | null;
  clientId: string | null;
  clientName: string | null;
  /** The intake payload as received (JSON text), or null for leads entered by hand before payloads were kept. */
  rawPayload: string | null;
  createdAt: number;
  updatedAt: number;
  history: LeadHistoryEntry[];
}

/** Result of every bulk lead change: the leads as they are now. */
export interface LeadChangeResult {
  changed: string[];
}
