import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceFigures } from '../../src-shared/reports/source-report';
import { send } from '../api/client';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';
import { firstDayOf, lastDayOf, presetMonths, todayIn } from './calendar';
import { CohortFilters } from './CohortFilters';
import { downloadFile, toCsv } from './csv';
import { cohortInput, MONTH_MEASURES, MONTH_OUTCOME, type Cohort, type DetailQuery, type MonthMeasure, sortedByName } from './measures';
import { MonthMatrix } from './MonthMatrix';
import { RangePicker } from './RangePicker';
import { PrintHeading } from './PrintHeading';
import { useRemembered } from './remembered';
import { ReportActions } from './ReportActions';
import { monthReportCsv } from './report-csv';
import { useReportFormat } from './report-format';
import { SourceDetailsDialog } from './SourceDetailsDialog';
import { useServiceData } from './useServiceData';

// The charting library is loaded with the first chart, not with the app.
const MonthChart = lazy(() => import('./MonthChart'));

/** Sources by month for one measure: a matrix and a chart; a cell lists the leads behind it. */
export function MonthsTab({ cohort, onCohort }: { cohort: Cohort; onCohort: (cohort: Cohort) => void }) {
  const { t } = useTranslation();
  const { settings } = useLookups().lookups;
  const today = todayIn(settings.timeZone);
  const [range, setRange] = useRemembered('months.range', () => presetMonths('last12Months', today));
  const [measure, setMeasure] = useRemembered<MonthMeasure>('months.measure', () => 'leads');
  const [detail, setDetail] = useState<DetailQuery | null>(null);
  const input = { from: range.from, to: range.to, ...cohortInput(cohort) };
  const valid = !!range.from && !!range.to;
  const { data, error, loading, reload } = useServiceData(() => send('reports.sourceMonths', input), valid ? JSON.stringify(input) : null);
  const fmt = useReportFormat(data?.currency ?? settings.currency, data?.timeZone ?? settings.timeZone);
  const report = useMemo(() => data && { ...data, rows: sortedByName(data.rows, (r) => r.sourceName, fmt.lang) }, [data, fmt.lang]);
  const first = report?.months[0];
  const last = report?.months[report.months.length - 1];
  const baseName = first && last ? `source-months-${measure}-${first}-${last}` : 'source-months';
  const period = first && last ? `${fmt.monthLong(first)} – ${fmt.monthLong(last)}` : '';
  const measureLabel = t(`reports.measures.${measure}`);

  const exportCsv = () => report && downloadFile(`${baseName}.csv`, toCsv(monthReportCsv(report, measure, fmt, t)));
  const open = (sourceId: string | null, sourceName: string | null, month: number | null, f: SourceFigures) => {
    if (!report || !first || !last) return;
    const m = month === null ? null : report.months[month]!;
    const outcome = MONTH_OUTCOME[measure];
    const listed = outcome === 'all' ? f.leads : outcome === 'contract' ? f.contracts : f.clients;
    setDetail({
      sourceId,
      sourceName,
      from: firstDayOf(m ?? first),
      to: lastDayOf(m ?? last),
      outcome,
      measureLabel: `${t(`reports.listed.${outcome === 'all' ? 'leads' : outcome === 'contract' ? 'contracts' : 'clients'}`)} · ${m ? fmt.monthLong(m) : period}`,
      value: listed,
    });
  };

  return (
    <div className="report-tab" data-testid="months-tab" aria-busy={loading}>
      <div className="filter-bar report-filters">
        <RangePicker kind="months" value={range} today={today} onChange={setRange} />
        <CohortFilters value={cohort} onChange={onCohort} />
        <label className="filter">
          <span>{t('reports.measure')}</span>
          <select value={measure} onChange={(e) => setMeasure(e.target.value as MonthMeasure)} data-testid="months-measure">
            {MONTH_MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`reports.measures.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <ReportActions onExport={exportCsv} baseName={baseName} disabled={!report} />
      </div>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {report ? (
        <>
          <PrintHeading title={`${t('reports.tabs.months')} · ${measureLabel}`} period={period} cohort={cohort} />
          <div className="card table-card report-table-card">
            <div className="table-toolbar no-print">
              <span className="muted small">{t('reports.monthsNote', { timeZone: report.timeZone })}</span>
            </div>
            <div className="table-scroll-x">
              <MonthMatrix report={report} measure={measure} fmt={fmt} onOpen={open} />
            </div>
          </div>
          <div className="card report-chart-card">
            <div className="chart-head">
              <h2>{t('reports.monthChart', { measure: measureLabel })}</h2>
            </div>
            <Suspense fallback={<div className="chart-placeholder" />}>
              <MonthChart report={report} measure={measure} fmt={fmt} />
            </Suspense>
          </div>
        </>
      ) : null}
      {detail ? <SourceDetailsDialog query={detail} cohort={cohort} fmt={fmt} onClose={() => setDetail(null)} /> : null}
    </div>
  );
}
