import { z } from 'zod';

export const SLA_METRICS = ['leadToClient', 'firstCall', 'firstEmail', 'firstMeeting'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const slaReportInput = z
  .object({
    /** Clients created in [from, to), epoch ms. */
    from: z.number().int().nonnegative(),
    to: z.number().int().positive(),
    groupBy: z.enum(['advisor', 'source']),
  })
  .strict()
  .refine((r) => r.from < r.to, { message: 'The start of the range must be before its end', path: ['to'] });

export interface SlaStats {
  /** Clients where the metric was met (the first call happened, …). */
  met: number;
  /** Minutes over the met ones; null when none. */
  median: number | null;
  p90: number | null;
  /** Met at or after the red threshold, or still running past it. */
  breaches: number;
  /** Not met yet. */
  running: number;
}

export interface SlaReportRow {
  /** The advisor's or source's id; null for "none". */
  key: string | null;
  label: string | null;
  clients: number;
  metrics: Record<SlaMetric, SlaStats>;
}

export interface SlaReport {
  rows: SlaReportRow[];
  total: SlaReportRow;
  redMinutes: number;
  workingMinutes: boolean;
}
