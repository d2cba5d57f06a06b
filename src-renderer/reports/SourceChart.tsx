import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { SourceReport } from '../../src-shared/reports/source-report';
import type { SourceChartKind } from './measures';
import type { ReportFormat } from './report-format';

const SERIES: Record<SourceChartKind, { key: string; color: string }[]> = {
  volume: [
    { key: 'leads', color: '#9db8ea' },
    { key: 'clients', color: '#2456c4' },
    { key: 'contracts', color: '#12805c' },
  ],
  rates: [
    { key: 'leadToClientRate', color: '#2456c4' },
    { key: 'leadToContractRate', color: '#12805c' },
  ],
  cost: [
    { key: 'costPerLead', color: '#9db8ea' },
    { key: 'costPerClient', color: '#2456c4' },
    { key: 'costPerContract', color: '#b54708' },
  ],
};
const HEIGHT = 280;

/** Per source, grouped columns: leads vs clients vs contracts, the two conversion rates, or cost per lead/client/contract. */
export default function SourceChart({ report, fmt, kind }: { report: SourceReport; fmt: ReportFormat; kind: SourceChartKind }) {
  const { t } = useTranslation();
  const rows = report.rows.filter((r) => r.leads > 0 || (kind === 'cost' && r.cost !== null));
  if (rows.length === 0) return <p className="muted state-message">{t('reports.noLeads')}</p>;
  const series = SERIES[kind];
  const value = (v: unknown) => (typeof v !== 'number' ? '—' : kind === 'rates' ? fmt.pct(v) : kind === 'cost' ? fmt.money(v) : fmt.int(v));
  const tick = (v: number) => (kind === 'rates' ? fmt.pct(v) : kind === 'cost' ? fmt.money(v).replace(/[.,]00(?=\D*$)/, '') : fmt.int(v));
  return (
    <div className="report-chart" data-testid="source-chart" data-kind={kind}>
      <BarChart responsive data={rows} style={{ width: '100%', height: HEIGHT }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={2}>
        <CartesianGrid vertical={false} stroke="#e9edf2" />
        <XAxis dataKey="sourceName" tick={{ fontSize: 12, fill: '#1d2733' }} interval={0} />
        <YAxis tickFormatter={tick} tick={{ fontSize: 12, fill: '#5b6776' }} width={kind === 'cost' ? 84 : 48} allowDecimals={kind !== 'volume'} />
        <Tooltip formatter={(v, name) => [value(v), name]} cursor={{ fill: '#eef4fd' }} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={t(`reports.columns.${s.key}`)} fill={s.color} isAnimationActive={false} radius={[3, 3, 0, 0]} maxBarSize={28} />
        ))}
      </BarChart>
    </div>
  );
}
