import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';
import { presetDays, todayIn } from './calendar';
import { CohortFilters } from './CohortFilters';
import { downloadFile, toCsv } from './csv';
import { RangePicker } from './RangePicker';
import { cohortInput, COUNT_OUTCOME, SOURCE_CHARTS, type Cohort, type CountMeasure, type DetailQuery, type SourceChartKind, sortedByName } from './measures';
import { PrintHeading } from './PrintHeading';
import { useRemembered } from './remembered';
import { ReportActions } from './ReportActions';
import { sourceReportCsv } from './report-csv';
import { useReportFormat } from './report-format';
import { SourceDetailsDialog } from './SourceDetailsDialog';
import { SourceHighlights } from './SourceHighlights';
import { SourceTable } from './SourceTable';
import { useServiceData } from './useServiceData';

// The charting library is loaded with the first chart, not with the app.
const SourceChart = lazy(() => import('./SourceChart'));

interface Props {
  cohort: Cohort;
  onCohort: (cohort: Cohort) => void;
  /** Opens the spend tab (managers); absent for those who cannot enter spend. */
  onEnterSpend?: (() => void) | undefined;
}

/** Leads, clients and contracts per source for a period, with rates, speed and cost; each count opens its leads. */
export function SourcesTab({ cohort, onCohort, onEnterSpend }: Props) {
  const { t } = useTranslation();
  const { settings } = useLookups().lookups;
  const today = todayIn(settings.timeZone);
  const [range, setRange] = useRemembered('sources.range', () => presetDays('last3Months', today));
  const [chart, setChart] = useRemembered<SourceChartKind>('sources.chart', () => 'volume');
  const [byReason, setByReason] = useRemembered('sources.byReason', () => false);
  const [detail, setDetail] = useState<DetailQuery | null>(null);
  const valid = !!range.from && !!range.to;
  const input = { from: range.from, to: range.to, ...cohortInput(cohort) };
  const { data, error, loading, reload } = useServiceData(() => send('reports.sources', input), valid ? JSON.stringify(input) : null);
  const fmt = useReportFormat(data?.currency ?? settings.currency, data?.timeZone ?? settings.timeZone);
  const report = useMemo(() => data && { ...data, rows: sortedByName(data.rows, (r) => r.sourceName, fmt.lang) }, [data, fmt.lang]);

  const noReason = report?.rows.some((r) => r.deletedByReason['']) ? [{ id: '', label: t('reports.noReason') }] : [];
  const reasons = report ? [...report.reasons, ...noReason] : [];
  const period = report ? `${fmt.day(report.from)} – ${fmt.day(report.to)}` : '';
  const baseName = report ? `source-report-${report.from}-${report.to}` : 'source-report';
  const exportCsv = () => report && downloadFile(`${baseName}.csv`, toCsv(sourceReportCsv(report, reasons, fmt, t)));
  const open = (sourceId: string | null, sourceName: string | null, measure: CountMeasure, value: number) =>
    report && setDetail({ sourceId, sourceName, from: report.from, to: report.to, outcome: COUNT_OUTCOME[measure], measureLabel: t(`reports.columns.${measure}`), value });
  const openReason = (sourceId: string | null, sourceName: string | null, reason: { id: string; label: string }, value: number) =>
    report && setDetail({ sourceId, sourceName, from: report.from, to: report.to, outcome: 'deleted', reasonId: reason.id, measureLabel: `${t('reports.columns.deleted')}: ${reason.label}`, value });
  const charts = SOURCE_CHARTS.filter((c) => c !== 'cost' || report?.total.cost !== null);

  return (
    <div className="report-tab" data-testid="sources-tab" aria-busy={loading}>
      <div className="filter-bar report-filters">
        <RangePicker kind="days" value={range} today={today} onChange={setRange} />
        <CohortFilters value={cohort} onChange={onCohort} />
        <ReportActions onExport={exportCsv} baseName={baseName} disabled={!report} />
      </div>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {report ? (
        <>
          <PrintHeading title={t('reports.tabs.sources')} period={period} cohort={cohort} />
          <SourceHighlights report={report} fmt={fmt} />
          <div className="card table-card report-table-card">
            <div className="table-toolbar no-print">
              <span className="muted small">{t('reports.sourcesNote', { timeZone: report.timeZone })}</span>
              {reasons.length > 0 ? (
                <label className="choice-inline small">
                  <input type="checkbox" checked={byReason} onChange={(e) => setByReason(e.target.checked)} data-testid="by-reason" /> {t('reports.byReason')}
                </label>
              ) : null}
            </div>
            {report.total.cost === null ? (
              <p className="report-hint no-print" data-testid="no-spend-hint">
                {t('reports.noSpend')}{' '}
                {onEnterSpend ? (
                  <button type="button" className="link-button" onClick={onEnterSpend}>
                    {t('reports.enterSpend')}
                  </button>
                ) : null}
              </p>
            ) : null}
            <div className="table-scroll-x">
              <SourceTable report={report} fmt={fmt} byReason={byReason} reasons={reasons} onOpen={open} onOpenReason={openReason} />
            </div>
          </div>
          <div className="card report-chart-card">
            <div className="chart-head">
              <h2>{t(`reports.charts.${chart}`)}</h2>
              <select className="select-small no-print" value={chart} onChange={(e) => setChart(e.target.value as SourceChartKind)} aria-label={t('reports.chartMetric')} data-testid="source-chart-kind">
                {charts.map((c) => (
                  <option key={c} value={c}>
                    {t(`reports.charts.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <Suspense fallback={<div className="chart-placeholder" />}>
              <SourceChart report={report} fmt={fmt} kind={charts.includes(chart) ? chart : 'volume'} />
            </Suspense>
          </div>
        </>
      ) : null}
      {detail ? <SourceDetailsDialog query={detail} cohort={cohort} fmt={fmt} onClose={() => setDetail(null)} /> : null}
    </div>
  );
}
