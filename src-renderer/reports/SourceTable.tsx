import { useTranslation } from 'react-i18next';
import type { SourceFigures, SourceReport } from '../../src-shared/reports/source-report';
import { CountCell } from './CountCell';
import type { CountMeasure } from './measures';
import type { ReportFormat } from './report-format';

interface Props {
  report: SourceReport;
  fmt: ReportFormat;
  /** One column per deletion reason after Deleted. */
  byReason: boolean;
  /** Reasons as columns: the report's, plus "no reason" when some deleted lead has none. */
  reasons: { id: string; label: string }[];
  onOpen: (sourceId: string | null, sourceName: string | null, measure: CountMeasure, value: number) => void;
  /** Lists the deleted leads of one reason. */
  onOpenReason?: (sourceId: string | null, sourceName: string | null, reason: { id: string; label: string }, value: number) => void;
}

const LEAD_COUNTS = ['new', 'linked', 'converted'] as const;
const CLIENT_COUNTS = ['clients', 'withMeeting', 'reservations', 'contracts'] as const;

/** One row per source, the figures as columns grouped by leads, clients, conversion and spend; a totals row. */
export function SourceTable({ report, fmt, byReason, reasons, onOpen, onOpenReason }: Props) {
  const { t } = useTranslation();
  const hasCost = report.total.cost !== null;
  const reasonTitle = (f: SourceFigures) =>
    reasons
      .filter((r) => f.deletedByReason[r.id])
      .map((r) => `${r.label}: ${fmt.int(f.deletedByReason[r.id]!)}`)
      .join('\n') || undefined;

  const cells = (f: SourceFigures, sourceId: string | null, name: string | null) => {
    const count = (m: CountMeasure, title?: string) => (
      <td key={m} className="tabular num" data-measure={m}>
        <CountCell value={f[m]} fmt={fmt} title={title} onOpen={() => onOpen(sourceId, name, m, f[m])} testId={`open-${m}`} />
      </td>
    );
    return (
      <>
        {count('leads')}
        {count('deleted', reasonTitle(f))}
        {byReason
          ? reasons.map((r) => (
              <td key={`r-${r.id}`} className="tabular num reason-col" data-measure={`reason-${r.id}`}>
                <CountCell
                  value={f.deletedByReason[r.id] ?? 0}
                  fmt={fmt}
                  onOpen={r.id && onOpenReason ? () => onOpenReason(sourceId, name, r, f.deletedByReason[r.id] ?? 0) : undefined}
                  testId={`open-reason-${r.id}`}
                />
              </td>
            ))
          : null}
        {LEAD_COUNTS.map((m) => count(m))}
        {CLIENT_COUNTS.map((m) => count(m))}
        <td className="tabular num group-start" data-measure="leadToClientRate">
          {fmt.pct(f.leadToClientRate)}
        </td>
        <td className="tabular num" data-measure="leadToContractRate">
          {fmt.pct(f.leadToContractRate)}
        </td>
        <td className="tabular num" data-measure="medianMinutesToClient" data-value={f.medianMinutesToClient ?? ''}>
          {fmt.duration(f.medianMinutesToClient)}
        </td>
        {hasCost ? (
          <>
            <td className="tabular num group-start" data-measure="cost">
              {fmt.amount(f.cost)}
            </td>
            <td className="tabular num" data-measure="costPerLead">
              {fmt.amount(f.costPerLead)}
            </td>
            <td className="tabular num" data-measure="costPerClient">
              {fmt.amount(f.costPerClient)}
            </td>
            <td className="tabular num" data-measure="costPerContract">
              {fmt.amount(f.costPerContract)}
            </td>
          </>
        ) : null}
      </>
    );
  };

  return (
    <table className="simple-table report-table" data-testid="source-table">
      <thead>
        <tr className="group-row">
          <th rowSpan={2} className="sticky-col">
            {t('reports.columns.source')}
          </th>
          <th colSpan={5 + (byReason ? reasons.length : 0)}>{t('reports.groups.leads')}</th>
          <th colSpan={4} className="group-start">
            {t('reports.groups.clients')}
          </th>
          <th colSpan={3} className="group-start">
            {t('reports.groups.conversion')}
          </th>
          {hasCost ? (
            <th colSpan={4} className="group-start">
              {t('reports.groups.cost', { currency: report.currency })}
            </th>
          ) : null}
        </tr>
        <tr>
          <th className="num">{t('reports.columns.received')}</th>
          <th className="num" title={t('reports.columns.deletedHint')}>
            {t('reports.columns.deleted')}
          </th>
          {byReason
            ? reasons.map((r) => (
                <th key={r.id} className="num reason-col">
                  {r.label}
                </th>
              ))
            : null}
          <th className="num">{t('reports.columns.new')}</th>
          <th className="num">{t('reports.columns.linked')}</th>
          <th className="num">{t('reports.columns.converted')}</th>
          <th className="num group-start">{t('reports.columns.clients')}</th>
          <th className="num">{t('reports.columns.withMeeting')}</th>
          <th className="num">{t('reports.columns.reservations')}</th>
          <th className="num">{t('reports.columns.contracts')}</th>
          <th className="num group-start">{t('reports.columns.leadToClientRate')}</th>
          <th className="num">{t('reports.columns.leadToContractRate')}</th>
          <th className="num">{t('reports.columns.medianMinutesToClient')}</th>
          {hasCost ? (
            <>
              <th className="num group-start">{t('reports.columns.cost')}</th>
              <th className="num">{t('reports.columns.costPerLead')}</th>
              <th className="num">{t('reports.columns.costPerClient')}</th>
              <th className="num">{t('reports.columns.costPerContract')}</th>
            </>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={row.sourceId} data-testid="source-row" data-source-id={row.sourceId} className={row.leads === 0 ? 'quiet-row' : undefined}>
            <th scope="row" className="sticky-col">
              {row.sourceName}
            </th>
            {cells(row, row.sourceId, row.sourceName)}
          </tr>
        ))}
        <tr className="total-row" data-testid="source-total">
          <th scope="row" className="sticky-col">
            {t('reports.total')}
          </th>
          {cells(report.total, null, null)}
        </tr>
      </tbody>
    </table>
  );
}
