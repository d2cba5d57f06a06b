import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { SourceMonthReport } from '../../src-shared/reports/source-report';
import { monthKind, type MonthMeasure } from './measures';
import { monthValue } from './report-csv';
import type { ReportFormat } from './report-format';

const SOURCE_COLORS = ['#2456c4', '#12805c', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#b42318', '#475569', '#c2410c'];
const HEIGHT = 260;

/** The measure per month: stacked bars per source for counts, one line per source (and the total) for rates and cost. */
export default function MonthChart({ report, measure, fmt }: { report: SourceMonthReport; measure: MonthMeasure; fmt: ReportFormat }) {
  const { t } = useTranslation();
  const kind = monthKind(measure);
  const rows = report.rows.filter((r) => r.total.leads > 0 || r.total.cost !== null);
  const data = report.months.map((m, i) => ({
    month: fmt.month(m),
    total: monthValue(report.totals[i]!, measure),
    ...Object.fromEntries(rows.map((r) => [r.sourceId, monthValue(r.months[i]!, measure)])),
  }));
  const show = (v: unknown) => (typeof v !== 'number' ? '—' : kind === 'rate' ? fmt.pct(v) : kind === 'money' ? fmt.money(v) : fmt.int(v));
  const tick = (v: number) => (kind === 'rate' ? fmt.pct(v) : kind === 'money' ? fmt.money(v).replace(/[.,]00(?=\D*$)/, '') : fmt.int(v));
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="#e9edf2" />
      <XAxis dataKey="month" tick={{ fontSize: 12, fill: '#5b6776' }} interval="preserveStartEnd" />
      <YAxis tickFormatter={tick} tick={{ fontSize: 12, fill: '#5b6776' }} width={kind === 'money' ? 80 : 48} allowDecimals={kind !== 'count'} />
      <Tooltip formatter={(v, name) => [show(v), name]} cursor={{ fill: '#eef4fd' }} />
      <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
    </>
  );
  return (
    <div className="report-chart" data-testid="month-chart" data-measure={measure}>
      {kind === 'count' ? (
        <BarChart responsive data={data} style={{ width: '100%', height: HEIGHT }} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          {axes}
          {rows.map((r, i) => (
            <Bar key={r.sourceId} dataKey={r.sourceId} name={r.sourceName} stackId="sources" fill={SOURCE_COLORS[i % SOURCE_COLORS.length]} isAnimationActive={false} maxBarSize={44} />
          ))}
        </BarChart>
      ) : (
        <LineChart responsive data={data} style={{ width: '100%', height: HEIGHT }} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          {axes}
          {rows.map((r, i) => (
            <Line key={r.sourceId} dataKey={r.sourceId} name={r.sourceName} stroke={SOURCE_COLORS[i % SOURCE_COLORS.length]} strokeWidth={1.5} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          ))}
          <Line dataKey="total" name={t('reports.total')} stroke="#1d2733" strokeWidth={2.5} strokeDasharray="5 3" dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      )}
    </div>
  );
}
