import { z } from 'zod';

export interface AuditRow {
  id: string;
  at: number;
  userId: string | null;
  userName: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  details: Record<string, unknown> | null;
}

export const auditFiltersSchema = z
  .object({
    userId: z.string().min(1).max(64).optional(),
    action: z.string().min(1).max(80).optional(),
    from: z.number().int().nonnegative().optional(),
    /** Exclusive. */
    to: z.number().int().nonnegative().optional(),
  })
  .strict();
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditListInput = z
  .object({ filters: auditFiltersSchema.default({}), limit: z.number().int().min(1).max(500).default(100), cursor: z.string().min(1).max(500).optional() })
  .strict();

export interface AuditPage {
  rows: AuditRow[];
  nextCursor: string | null;
  /** Every action name in the log, for the filter. */
  actions: string[];
}

export const auditExportInput = z.object({ filters: auditFiltersSchema.default({}) }).strict();

export interface AuditExport {
  fileName: string;
  csv: string;
  rows: number;
}
