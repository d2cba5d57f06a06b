import type { TFunction } from 'i18next';
import type { SourceFigures, SourceMonthReport, SourceReport } from '../../src-shared/reports/source-report';
import type { CsvCell } from './csv';
import { monthKind, type MonthMeasure } from './measures';
import type { ReportFormat } from './report-format';

/** A rate as a percentage with one decimal (41.7), the way a spreadsheet reader expects it. */
const percent = (rate: number | null) => (rate === null ? '' : (Math.round(rate * 1000) / 10).toFixed(1));

/** The source report as rows: a header, one row per source, the totals; deletions by reason and spend included. */
export function sourceReportCsv(report: SourceReport, reasons: { id: string; label: string }[], fmt: ReportFormat, t: TFunction): CsvCell[][] {
  const money = (label: string) => `${t(`reports.columns.${label}`)} (${report.currency})`;
  const header = [
    t('reports.columns.source'),
    t('reports.columns.leads'),
    t('reports.columns.deleted'),
    ...reasons.map((r) => `${t('reports.columns.deleted')}: ${r.label}`),
    t('reports.columns.new'),
    t('reports.columns.linked'),
    t('reports.columns.converted'),
    t('reports.columns.clients'),
    t('reports.columns.withMeeting'),
    t('reports.columns.reservations'),
    t('reports.columns.contracts'),
    `${t('reports.columns.leadToClientRate')} (%)`,
    `${t('reports.columns.leadToContractRate')} (%)`,
    t('reports.csv.medianMinutes'),
    money('cost'),
    money('costPerLead'),
    money('costPerClient'),
    money('costPerContract'),
  ];
  const line = (name: string, f: SourceFigures): CsvCell[] => [
    name,
    f.leads,
    f.deleted,
    ...reasons.map((r) => f.deletedByReason[r.id] ?? 0),
    f.new,
    f.linked,
    f.converted,
    f.clients,
    f.withMeeting,
    f.reservations,
    f.contracts,
    percent(f.leadToClientRate),
    percent(f.leadToContractRate),
    f.medianMinutesToClient,
    fmt.amountCsv(f.cost),
    fmt.amountCsv(f.costPerLead),
    fmt.amountCsv(f.costPerClient),
    fmt.amountCsv(f.costPerContract),
  ];
  return [header.map((h) => h.replace(/\u00a0/g, ' ').replace(/\u00ad/g, '')), ...report.rows.map((r) => line(r.sourceName, r)), line(t('reports.total'), report.total)];
}

export function monthValue(f: SourceFigures, measure: MonthMeasure): number | null {
  return f[measure];
}

/** The months matrix of one measure: sources down, months across, totals on both sides. */
export function monthReportCsv(report: SourceMonthReport, measure: MonthMeasure, fmt: ReportFormat, t: TFunction): CsvCell[][] {
  const kind = monthKind(measure);
  const cell = (f: SourceFigures): CsvCell => {
    const v = monthValue(f, measure);
    return kind === 'rate' ? percent(v) : kind === 'money' ? fmt.amountCsv(v) : v;
  };
  const unit = kind === 'rate' ? ' (%)' : kind === 'money' ? ` (${report.currency})` : '';
  return [
    [`${t('reports.columns.source')} / ${t(`reports.measures.${measure}`)}${unit}`, ...report.months, t('reports.total')],
    ...report.rows.map((r) => [r.sourceName, ...r.months.map(cell), cell(r.total)]),
    [t('reports.total'), ...report.totals.map(cell), cell(report.total)],
  ];
}
