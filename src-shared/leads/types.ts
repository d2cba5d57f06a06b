import { z } from 'zod';

export const LEAD_STATUSES = ['new', 'linked', 'converted', 'deleted'] as const;
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const LEAD_PRIORITIES = ['urgent', 'important', 'standard'] as const;
export type LeadPriority = (typeof LEAD_PRIORITIES)[number];

export const LEAD_QUALIFICATIONS = ['hot', 'warm', 'cold'] as const;
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
}

export const leadListInput = z
  .object({
    status: leadStatusSchema.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    /** Opaque keyset cursor from the previous page's nextCursor. */
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

export interface LeadPage {
  rows: LeadRow[];
  nextCursor: string | null;
}

export type LeadCounts = Record<LeadStatus, number>;
