import { useTranslation } from 'react-i18next';
import type { SlaMetric, SlaReport } from '../../src-shared';

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 170;
const WIDTH = 640;

/** Median minutes per group as bars, with the red threshold as a line: who answers fast and who does not. */
export function SlaChart({ report, metric }: { report: SlaReport; metric: SlaMetric }) {
  const { t } = useTranslation();
  const rows = report.rows.filter((r) => r.metrics[metric].median !== null);
  if (rows.length === 0) return null;
  const max = Math.max(report.redMinutes * 1.2, ...rows.map((r) => r.metrics[metric].p90 ?? 0));
  const scale = (minutes: number) => Math.round(((WIDTH - LABEL_WIDTH - 60) * Math.min(minutes, max)) / max);
  const height = rows.length * (BAR_HEIGHT + 8) + 24;
  const redX = LABEL_WIDTH + scale(report.redMinutes);
  return (
    <figure className="sla-chart" data-testid="sla-chart">
      <figcaption className="muted small">{t('reports.chartCaption', { metric: t(`sla.${metric}`) })}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={t('reports.chartCaption', { metric: t(`sla.${metric}`) })}>
        {rows.map((r, i) => {
          const s = r.metrics[metric];
          const y = 8 + i * (BAR_HEIGHT + 8);
          const level = s.median! >= report.redMinutes ? 'red' : 'ok';
          return (
            <g key={r.key ?? 'none'}>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2 + 4} textAnchor="end" className="chart-label">
                {r.label ?? '—'}
              </text>
              <rect x={LABEL_WIDTH} y={y + 6} width={scale(s.p90 ?? s.median!)} height={BAR_HEIGHT - 12} className="chart-p90" />
              <rect x={LABEL_WIDTH} y={y} width={Math.max(2, scale(s.median!))} height={BAR_HEIGHT} className={`chart-bar chart-${level}`} />
              <text x={LABEL_WIDTH + scale(s.p90 ?? s.median!) + 6} y={y + BAR_HEIGHT / 2 + 4} className="chart-value">
                {s.median} / {s.p90}
              </text>
            </g>
          );
        })}
        <line x1={redX} x2={redX} y1={0} y2={height - 16} className="chart-red-line" />
        <text x={redX + 4} y={height - 4} className="chart-value">
          {t('reports.redLine', { minutes: report.redMinutes })}
        </text>
      </svg>
    </figure>
  );
}
