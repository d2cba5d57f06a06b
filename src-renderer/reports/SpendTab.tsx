import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceCost } from '../../src-shared/reports/source-report';
import { send } from '../api/client';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';
import { monthsBetween, presetMonths, todayIn } from './calendar';
import { downloadFile, toCsv } from './csv';
import { RangePicker } from './RangePicker';
import { PrintHeading } from './PrintHeading';
import { useRemembered } from './remembered';
import { ReportActions } from './ReportActions';
import { sortedByName } from './measures';
import { useReportFormat } from './report-format';
import { SpendCell } from './SpendCell';
import { useServiceData } from './useServiceData';

const keyOf = (sourceId: string, month: string) => `${sourceId}|${month}`;

/** Marketing spend per source and month, typed straight into the grid; the reports divide it by leads and clients. */
export function SpendTab() {
  const { t } = useTranslation();
  const { lookups } = useLookups();
  const { settings } = lookups;
  const today = todayIn(settings.timeZone);
  const [range, setRange] = useRemembered('spend.range', () => presetMonths('last12Months', today));
  const valid = !!range.from && !!range.to && range.from <= range.to;
  const { data, error, reload } = useServiceData(() => send('costs.list', { from: range.from, to: range.to }), valid ? `${range.from}|${range.to}` : null);
  const [edits, setEdits] = useState<Map<string, number | null>>(new Map());
  const [problem, setProblem] = useState<{ cell: string; label: string; error: unknown } | null>(null);
  const fmt = useReportFormat(settings.currency, settings.timeZone);
  const months = useMemo(() => (valid ? monthsBetween(range.from, range.to) : []), [valid, range.from, range.to]);

  const amounts = useMemo(() => {
    const map = new Map<string, number | null>((data ?? []).map((c: SourceCost) => [keyOf(c.sourceId, c.month), c.amountMinor]));
    for (const [k, v] of edits) map.set(k, v);
    return map;
  }, [data, edits]);
  const amount = (sourceId: string, month: string) => amounts.get(keyOf(sourceId, month)) ?? null;
  const sources = sortedByName(lookups.sources, (s) => s.name, fmt.lang).filter((s) => s.active || months.some((m) => amount(s.id, m) !== null));
  const sum = (values: (number | null)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const rowTotal = (sourceId: string) => sum(months.map((m) => amount(sourceId, m)));
  const monthTotal = (month: string) => sum(sources.map((s) => amount(s.id, month)));
  const grand = sum(months.map(monthTotal));

  const saved = useCallback((cell: string, value: number | null) => setEdits((e) => new Map(e).set(cell, value)), []);
  const exportCsv = () =>
    downloadFile(
      `marketing-spend-${range.from}-${range.to}.csv`,
      toCsv([
        [`${t('reports.columns.source')} (${settings.currency})`, ...months, t('reports.total')],
        ...sources.map((s) => [s.name, ...months.map((m) => fmt.amountCsv(amount(s.id, m))), fmt.amountCsv(rowTotal(s.id))]),
        [t('reports.total'), ...months.map((m) => fmt.amountCsv(monthTotal(m))), fmt.amountCsv(grand)],
      ]),
    );

  return (
    <div className="report-tab" data-testid="spend-tab">
      <div className="filter-bar report-filters">
        <RangePicker kind="months" value={range} today={today} onChange={setRange} />
        <ReportActions onExport={data ? exportCsv : undefined} baseName={`marketing-spend-${range.from}-${range.to}`} disabled={!data} />
      </div>
      <p className="muted small spend-intro no-print">{t('reports.spend.intro', { currency: settings.currency, example: fmt.amountInput(123450) })}</p>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {problem ? (
        <div className="spend-problem" data-testid="spend-error">
          <strong>{problem.label}</strong>
          <ErrorMessage error={problem.error} />
        </div>
      ) : null}
      {data ? (
        <>
          <PrintHeading title={t('reports.tabs.spend')} period={months.length ? `${fmt.monthLong(months[0]!)} – ${fmt.monthLong(months[months.length - 1]!)}` : ''} />
          <div className="card table-card report-table-card">
            <div className="table-scroll-x">
              <table className="simple-table report-table spend-table" data-testid="spend-grid">
                <thead>
                  <tr>
                    <th className="sticky-col">{t('reports.columns.source')}</th>
                    {months.map((m) => (
                      <th key={m} className="num" title={fmt.monthLong(m)}>
                        {fmt.month(m)}
                      </th>
                    ))}
                    <th className="num group-start">{t('reports.totalIn', { currency: settings.currency })}</th>
                  </tr>
                </thead>
                <tbody>
                  {sources.map((s) => (
                    <tr key={s.id} data-testid="spend-row" data-source-id={s.id}>
                      <th scope="row" className="sticky-col">
                        {s.name}
                      </th>
                      {months.map((m) => {
                        const cell = keyOf(s.id, m);
                        const label = t('reports.spend.cellLabel', { source: s.name, month: fmt.monthLong(m) });
                        return (
                          <SpendCell
                            key={m}
                            sourceId={s.id}
                            month={m}
                            amount={amount(s.id, m)}
                            fmt={fmt}
                            label={label}
                            onSaved={(v) => saved(cell, v)}
                            onProblem={(err) => setProblem((p) => (err ? { cell, label, error: err } : p?.cell === cell ? null : p))}
                          />
                        );
                      })}
                      <td className={`tabular num group-start${rowTotal(s.id) ? '' : ' zero'}`} data-testid="spend-row-total">
                        {fmt.amount(rowTotal(s.id))}
                      </td>
                    </tr>
                  ))}
                  <tr className="total-row">
                    <th scope="row" className="sticky-col">
                      {t('reports.total')}
                    </th>
                    {months.map((m) => (
                      <td key={m} className={`tabular num${monthTotal(m) ? '' : ' zero'}`}>
                        {fmt.amount(monthTotal(m))}
                      </td>
                    ))}
                    <td className="tabular num group-start" data-testid="spend-total">
                      {fmt.amount(grand)}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
