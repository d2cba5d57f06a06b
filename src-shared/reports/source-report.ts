import { z } from 'zod';

/**
 * Source effectiveness. The cohort is the leads received on the office's local days from..to (inclusive), optionally
 * of one investment or one assignee. Statuses are as they are now. A client counts for the source of the lead it was
 * created from (a converted lead); a lead linked to an existing client is not a new client. A stage counts as reached
 * when its activity is done or the pipeline says so: meeting = a done meeting; reservation = a done oral reservation
 * or contract, or stage reservation or won; contract = a done contract or stage won.
 */
const id = z.string().min(1).max(64);

const isRealDay = (v: string) => {
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
/** A local calendar day, YYYY-MM-DD. */
export const localDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD')
  .refine(isRealDay, 'No such date')
  .refine((v) => v >= '2000-01-01' && v <= '2059-12-31', 'Reports cover the years 2000 to 2059');
/** A local calendar month, YYYY-MM. */
export const localMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month as YYYY-MM')
  .refine((v) => v >= '2000-01' && v <= '2059-12', 'Reports cover the years 2000 to 2059');

const cohortFilters = { investmentId: id.optional(), assigneeId: id.optional() };

/** Order checks run only on well-formed ends, so a malformed date gets its own message and no false "after" one. */
const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_FORMAT = /^\d{4}-(0[1-9]|1[0-2])$/;
const ordered = (format: RegExp) => (r: { from: string; to: string }) => !format.test(r.from) || !format.test(r.to) || r.from <= r.to;

export const sourceReportInput = z
  .object({ from: localDaySchema, to: localDaySchema, ...cohortFilters })
  .strict()
  .refine(ordered(DAY_FORMAT), { message: 'The first day must not be after the last', path: ['to'] });
export type SourceReportInput = z.infer<typeof sourceReportInput>;

export const MAX_REPORT_MONTHS = 36;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
export const sourceMonthReportInput = z
  .object({ from: localMonthSchema, to: localMonthSchema, ...cohortFilters })
  .strict()
  .refine(ordered(MONTH_FORMAT), { message: 'The first month must not be after the last', path: ['to'] })
  .refine((r) => !ordered(MONTH_FORMAT)(r) || monthIndex(r.to) - monthIndex(r.from) < MAX_REPORT_MONTHS, { message: `At most ${MAX_REPORT_MONTHS} months at a time`, path: ['to'] });
export type SourceMonthReportInput = z.infer<typeof sourceMonthReportInput>;

/** Which leads of a cell to list: all of them, one status, or those whose client reached a stage. */
export const DETAIL_OUTCOMES = ['all', 'new', 'linked', 'converted', 'deleted', 'meeting', 'reservation', 'contract'] as const;
export type DetailOutcome = (typeof DETAIL_OUTCOMES)[number];

export const sourceDetailsInput = z
  .object({
    /** Omit for every source. */
    sourceId: id.optional(),
    from: localDaySchema,
    to: localDaySchema,
    ...cohortFilters,
    outcome: z.enum(DETAIL_OUTCOMES).default('all'),
    /** Deleted leads with this deletion reason only. */
    reasonId: id.optional(),
    limit: z.number().int().min(1).max(1000).default(500),
  })
  .strict()
  .refine(ordered(DAY_FORMAT), { message: 'The first day must not be after the last', path: ['to'] });
export type SourceDetailsInput = z.input<typeof sourceDetailsInput>;

/** The figures of one row or cell. Rates are 0..1; money in the office currency's minor units; null: nothing to divide by. */
export interface SourceFigures {
  leads: number;
  deleted: number;
  /** Deleted leads per deletion reason id. */
  deletedByReason: Record<string, number>;
  new: number;
  linked: number;
  converted: number;
  /** Clients created from these leads (= converted). */
  clients: number;
  withMeeting: number;
  reservations: number;
  contracts: number;
  leadToClientRate: number | null;
  leadToContractRate: number | null;
  /** Median whole minutes from the lead's arrival to its client's creation, over the new clients. */
  medianMinutesToClient: number | null;
  /**
   * Spend in the period (months only partly in it count pro rata by days); null when none was entered, or when the
   * report is filtered by investment or advisor (spend is entered per source, so it cannot be split that way).
   */
  cost: number | null;
  costPerLead: number | null;
  costPerClient: number | null;
  costPerContract: number | null;
}

export interface SourceReportRow extends SourceFigures {
  sourceId: string;
  sourceName: string;
}

export interface SourceReport {
  from: string;
  to: string;
  timeZone: string;
  currency: string;
  rows: SourceReportRow[];
  total: SourceFigures;
  /** The deletion reasons that occur, for the by-reason columns. */
  reasons: { id: string; label: string }[];
}

export interface SourceMonthReport {
  /** YYYY-MM, oldest first. */
  months: string[];
  timeZone: string;
  currency: string;
  rows: { sourceId: string; sourceName: string; months: SourceFigures[]; total: SourceFigures }[];
  /** Per month over every source. */
  totals: SourceFigures[];
  total: SourceFigures;
}

export interface SourceDetailRow {
  leadId: string;
  receivedAt: number;
  name: string;
  sourceName: string;
  investmentName: string | null;
  assigneeName: string | null;
  status: 'new' | 'linked' | 'converted' | 'deleted';
  deletionReason: string | null;
  clientId: string | null;
  clientName: string | null;
  minutesToClient: number | null;
  meeting: boolean;
  reservation: boolean;
  contract: boolean;
}

export interface SourceDetails {
  rows: SourceDetailRow[];
  /** Every matching lead; rows holds the first `limit`, newest first. */
  total: number;
}

export const costListInput = z.object({ from: localMonthSchema, to: localMonthSchema }).strict();
export const costSetInput = z
  .object({
    sourceId: id,
    month: localMonthSchema,
    /** In the office currency's minor units (grosze); null removes the entry. */
    amountMinor: z.number().int('Whole minor units (grosze)').min(0, 'Spend cannot be negative').max(100_000_000_000, 'That is more than any marketing budget').nullable(),
  })
  .strict();
export interface SourceCost {
  sourceId: string;
  month: string;
  amountMinor: number;
}
