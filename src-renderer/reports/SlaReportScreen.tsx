import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SLA_METRICS, type SlaMetric, type SlaReport, type SlaReportRow } from '../../src-shared';
import { send } from '../api/client';
import { ErrorMessage } from '../shell/ErrorMessage';
import { SlaChart } from './SlaChart';

const DAY = 86_400_000;
const dayInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStart = (value: string, offset = 0) => {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y!, m! - 1, d! + offset).getTime();
};

/** Response times per advisor or per source: met, median and 90th percentile minutes, breaches of the red limit. */
export function SlaReportScreen() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(dayInput(Date.now() - 90 * DAY));
  const [to, setTo] = useState(dayInput(Date.now()));
  const [groupBy, setGroupBy] = useState<'advisor' | 'source'>('advisor');
  const [report, setReport] = useState<SlaReport | null>(null);
  const [chartMetric, setChartMetric] = useState<SlaMetric>('firstCall');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!from || !to) return;
    send('reports.sla', { from: dayStart(from), to: dayStart(to, 1), groupBy }).then((r) => {
      setReport(r);
      setError(null);
    }, setError);
  }, [from, to, groupBy]);

  const cells = (row: SlaReportRow) =>
    SLA_METRICS.map((m) => {
      const s = row.metrics[m];
      return (
        <td key={m} className="tabular sla-cell">
          {s.median === null ? '—' : `${s.median} / ${s.p90}`}
          <span className="muted small"> · {s.met}</span>
          {s.breaches ? <span className="breach"> · {t('reports.breaches', { count: s.breaches })}</span> : null}
        </td>
      );
    });

  return (
    <section className="admin-screen" data-testid="sla-report">
      <div className="admin-header">
        <h1>{t('reports.slaTitle')}</h1>
      </div>
      <div className="filter-bar">
        <label className="filter">
          <span>{t('filters.from')}</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="report-from" />
        </label>
        <label className="filter">
          <span>{t('filters.to')}</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="report-to" />
        </label>
        <label className="filter">
          <span>{t('reports.groupBy')}</span>
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as 'advisor' | 'source')} data-testid="report-group">
            <option value="advisor">{t('reports.byAdvisor')}</option>
            <option value="source">{t('reports.bySource')}</option>
          </select>
        </label>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {report ? (
        <div className="card report-chart-card">
          <label className="filter chart-metric">
            <span>{t('reports.chartMetric')}</span>
            <select value={chartMetric} onChange={(e) => setChartMetric(e.target.value as SlaMetric)} data-testid="chart-metric">
              {SLA_METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`sla.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <SlaChart report={report} metric={chartMetric} />
        </div>
      ) : null}
      {report ? (
        <div className="card table-card">
          <p className="muted small report-note">
            {t('reports.slaNote', { red: report.redMinutes })} {report.workingMinutes ? t('sla.workingMinutes') : ''}
          </p>
          <table className="simple-table" data-testid="sla-table">
            <thead>
              <tr>
                <th>{groupBy === 'advisor' ? t('clients.owner') : t('leads.columns.source')}</th>
                <th>{t('reports.clients')}</th>
                {SLA_METRICS.map((m) => (
                  <th key={m}>{t(`sla.${m}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.key ?? 'none'} data-testid="sla-row">
                  <td>{row.label ?? '—'}</td>
                  <td className="tabular">{row.clients}</td>
                  {cells(row)}
                </tr>
              ))}
              <tr className="total-row" data-testid="sla-total">
                <td>{t('reports.total')}</td>
                <td className="tabular">{report.total.clients}</td>
                {cells(report.total)}
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
