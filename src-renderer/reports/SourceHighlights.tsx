import { useTranslation } from 'react-i18next';
import type { SourceReport } from '../../src-shared/reports/source-report';
import type { ReportFormat } from './report-format';

/** Sources with fewer leads than this are too small to call the best. */
const MIN_LEADS = 5;

/** The period at a glance: totals, and which source converts best and which brings clients cheapest. */
export function SourceHighlights({ report, fmt }: { report: SourceReport; fmt: ReportFormat }) {
  const { t } = useTranslation();
  const total = report.total;
  const sized = report.rows.filter((r) => r.leads >= MIN_LEADS && r.leadToClientRate !== null);
  const best = sized.sort((a, b) => b.leadToClientRate! - a.leadToClientRate!)[0];
  const cheapest = report.rows.filter((r) => r.costPerClient !== null).sort((a, b) => a.costPerClient! - b.costPerClient!)[0];
  const tiles: { key: string; label: string; value: string; note?: string }[] = [
    { key: 'leads', label: t('reports.columns.leads'), value: fmt.int(total.leads), note: t('reports.highlights.deleted', { count: total.deleted }) },
    { key: 'clients', label: t('reports.columns.clients'), value: fmt.int(total.clients), note: `${fmt.pct(total.leadToClientRate)} ${t('reports.highlights.ofLeads')}` },
    { key: 'contracts', label: t('reports.columns.contracts'), value: fmt.int(total.contracts), note: `${fmt.pct(total.leadToContractRate)} ${t('reports.highlights.ofLeads')}` },
    { key: 'median', label: t('reports.columns.medianMinutesToClient'), value: fmt.duration(total.medianMinutesToClient) },
  ];
  if (total.cost !== null) tiles.push({ key: 'costPerClient', label: t('reports.highlights.costPerClient'), value: fmt.money(total.costPerClient), note: t('reports.highlights.spend', { amount: fmt.money(total.cost) }) });
  return (
    <div className="report-highlights" data-testid="source-highlights">
      <ul className="kpi-list">
        {tiles.map((tile) => (
          <li key={tile.key} data-kpi={tile.key}>
            <span className="kpi-label">{tile.label}</span>
            <span className="kpi-value tabular">{tile.value}</span>
            {tile.note ? <span className="kpi-note">{tile.note}</span> : null}
          </li>
        ))}
      </ul>
      {best || cheapest ? (
        <div className="highlight-notes">
          {best ? <p>{t('reports.highlights.best', { source: best.sourceName, rate: fmt.pct(best.leadToClientRate) })}</p> : null}
          {cheapest ? <p>{t('reports.highlights.cheapest', { source: cheapest.sourceName, amount: fmt.money(cheapest.costPerClient) })}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
