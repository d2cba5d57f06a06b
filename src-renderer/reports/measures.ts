import type { DetailOutcome, SourceFigures } from '../../src-shared/reports/source-report';

/** The counted figures a click can open as a list of leads, with the outcome that lists them. */
export const COUNT_MEASURES = ['leads', 'deleted', 'new', 'linked', 'converted', 'clients', 'withMeeting', 'reservations', 'contracts'] as const;
export type CountMeasure = (typeof COUNT_MEASURES)[number];
export const COUNT_OUTCOME: Record<CountMeasure, DetailOutcome> = {
  leads: 'all',
  deleted: 'deleted',
  new: 'new',
  linked: 'linked',
  converted: 'converted',
  clients: 'converted',
  withMeeting: 'meeting',
  reservations: 'reservation',
  contracts: 'contract',
};

/** What the months matrix can show per cell. */
export const MONTH_MEASURES = ['leads', 'clients', 'contracts', 'leadToClientRate', 'costPerClient'] as const;
export type MonthMeasure = (typeof MONTH_MEASURES)[number];
export const MONTH_OUTCOME: Record<MonthMeasure, DetailOutcome> = {
  leads: 'all',
  clients: 'converted',
  contracts: 'contract',
  leadToClientRate: 'converted',
  costPerClient: 'converted',
};
export const monthKind = (m: MonthMeasure): 'count' | 'rate' | 'money' => (m === 'leadToClientRate' ? 'rate' : m === 'costPerClient' ? 'money' : 'count');

/** Whose leads a report counts (both optional). */
export interface Cohort {
  investmentId?: string;
  assigneeId?: string;
}
export const cohortInput = (c: Cohort): Cohort => ({ ...(c.investmentId ? { investmentId: c.investmentId } : {}), ...(c.assigneeId ? { assigneeId: c.assigneeId } : {}) });

/** The leads behind one figure: what the details dialog lists. */
export interface DetailQuery {
  sourceId: string | null;
  sourceName: string | null;
  from: string;
  to: string;
  outcome: DetailOutcome;
  /** Deleted leads of one deletion reason only. */
  reasonId?: string;
  /** The figure clicked, as a label for the title. */
  measureLabel: string;
  /** The figure itself, to show beside the list. */
  value: number;
}

export const figure = (f: SourceFigures, m: CountMeasure): number => f[m];

/** What the chart on the sources tab compares. */
export const SOURCE_CHARTS = ['volume', 'rates', 'cost'] as const;
export type SourceChartKind = (typeof SOURCE_CHARTS)[number];

/** Rows in the UI language's alphabetical order ("rynekpierwotny.pl" between "Phone" and "Tabela Ofert"). */
export function sortedByName<T>(rows: readonly T[], name: (row: T) => string, lang: string): T[] {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  return [...rows].sort((a, b) => collator.compare(name(a), name(b)));
}
