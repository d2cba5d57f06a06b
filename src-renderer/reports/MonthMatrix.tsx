import { useTranslation } from 'react-i18next';
import type { SourceFigures, SourceMonthReport } from '../../src-shared/reports/source-report';
import { monthKind, type MonthMeasure } from './measures';
import { monthValue } from './report-csv';
import type { ReportFormat } from './report-format';

interface Props {
  report: SourceMonthReport;
  measure: MonthMeasure;
  fmt: ReportFormat;
  /** month: index into report.months, or null for the whole range. */
  onOpen: (sourceId: string | null, sourceName: string | null, month: number | null, figures: SourceFigures) => void;
}

/** Sources down, months across, one measure per cell (shaded by size), totals on both sides; a cell opens its leads. */
export function MonthMatrix({ report, measure, fmt, onOpen }: Props) {
  const { t } = useTranslation();
  const kind = monthKind(measure);
  const show = (v: number | null) => (v === null ? '—' : kind === 'rate' ? fmt.pct(v) : kind === 'money' ? fmt.money(v) : fmt.int(v));
  const inner = report.rows.flatMap((r) => r.months.map((f) => monthValue(f, measure) ?? 0));
  const max = Math.max(0, ...inner);
  // What a click lists: the leads for counts of leads, else the clients (converted leads) behind a rate or cost.
  const listed = (f: SourceFigures) => (measure === 'leads' ? f.leads : measure === 'contracts' ? f.contracts : f.clients);

  const cell = (f: SourceFigures, sourceId: string | null, sourceName: string | null, month: number | null, shade: boolean) => {
    const v = monthValue(f, measure);
    const style = shade && v && max > 0 ? { backgroundColor: `rgba(36, 86, 196, ${(0.03 + (0.25 * v) / max).toFixed(3)})` } : undefined;
    return (
      <td
        key={month ?? 'total'}
        className={`tabular num matrix-cell${month === null ? ' group-start' : ''}`}
        style={style}
        data-testid="month-cell"
        data-source-id={sourceId ?? 'all'}
        data-month={month === null ? 'total' : report.months[month]}
        data-value={v ?? ''}
      >
        {listed(f) > 0 ? (
          <button type="button" className="cell-link" onClick={() => onOpen(sourceId, sourceName, month, f)}>
            {show(v)}
          </button>
        ) : (
          <span className="zero">{show(v)}</span>
        )}
      </td>
    );
  };

  return (
    <table className="simple-table report-table matrix-table" data-testid="month-matrix" data-measure={measure}>
      <thead>
        <tr>
          <th className="sticky-col">{t('reports.columns.source')}</th>
          {report.months.map((m) => (
            <th key={m} className="num" title={fmt.monthLong(m)}>
              {fmt.month(m)}
            </th>
          ))}
          <th className="num group-start">{t('reports.total')}</th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={row.sourceId} data-testid="month-row" data-source-id={row.sourceId}>
            <th scope="row" className="sticky-col">
              {row.sourceName}
            </th>
            {row.months.map((f, i) => cell(f, row.sourceId, row.sourceName, i, true))}
            {cell(row.total, row.sourceId, row.sourceName, null, false)}
          </tr>
        ))}
        <tr className="total-row" data-testid="month-total-row">
          <th scope="row" className="sticky-col">
            {t('reports.total')}
          </th>
          {report.totals.map((f, i) => cell(f, null, null, i, false))}
          {cell(report.total, null, null, null, false)}
        </tr>
      </tbody>
    </table>
  );
}
