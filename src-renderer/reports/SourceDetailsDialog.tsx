import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';
import { useNavigate } from '../shell/navigation';
import { LeadPeek } from './LeadPeek';
import { cohortInput, type Cohort, type DetailQuery } from './measures';
import type { ReportFormat } from './report-format';
import { useServiceData } from './useServiceData';

const LIMIT = 500;

/** The leads behind one figure, newest first, with their outcome; each opens its client card or shows the lead. */
export function SourceDetailsDialog({ query, cohort, fmt, onClose }: { query: DetailQuery; cohort: Cohort; fmt: ReportFormat; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [peek, setPeek] = useState<string | null>(null);
  const input = {
    ...(query.sourceId ? { sourceId: query.sourceId } : {}),
    from: query.from,
    to: query.to,
    outcome: query.outcome,
    ...(query.reasonId ? { reasonId: query.reasonId } : {}),
    ...cohortInput(cohort),
    limit: LIMIT,
  };
  const { data, error, reload } = useServiceData(() => send('reports.sourceDetails', input), JSON.stringify(input));
  const period = query.from === query.to ? fmt.day(query.from) : `${fmt.day(query.from)} – ${fmt.day(query.to)}`;
  const title = `${query.sourceName ?? t('reports.allSources')} · ${query.measureLabel}`;
  const showSource = query.sourceId === null;
  const columns = showSource ? 10 : 9;
  const mark = (on: boolean, label: string) => (on ? <span className="mark-yes" aria-label={label} title={label}>✓</span> : <span className="zero">·</span>);

  return (
    <Modal title={title} onClose={onClose} testId="source-details" wide>
      <div className="modal-body details-body">
        <p className="muted details-summary">
          {period}
          {' · '}
          {data ? (
            <span data-testid="details-count" data-total={data.total} data-shown={data.rows.length}>
              {data.rows.length < data.total ? t('reports.details.showing', { shown: fmt.int(data.rows.length), total: fmt.int(data.total) }) : t('reports.details.count', { count: data.total })}
            </span>
          ) : (
            t('detail.loading')
          )}
        </p>
        {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
        {data && data.rows.length > 0 ? (
          <div className="details-scroll">
            <table className="simple-table details-table" data-testid="details-table">
              <thead>
                <tr>
                  <th>{t('leads.columns.received')}</th>
                  <th>{t('leads.columns.name')}</th>
                  {showSource ? <th>{t('leads.columns.source')}</th> : null}
                  <th>{t('leads.columns.status')}</th>
                  <th>{t('detail.client')}</th>
                  <th className="num">{t('reports.details.toClient')}</th>
                  <th className="center">{t('reports.details.meeting')}</th>
                  <th className="center">{t('reports.details.reservation')}</th>
                  <th className="center">{t('reports.details.contract')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <Fragment key={r.leadId}>
                    <tr data-testid="detail-row" data-lead-id={r.leadId} className={peek === r.leadId ? 'peeked' : undefined}>
                      <td className="nowrap tabular">{fmt.dateTime(r.receivedAt)}</td>
                      <td>{r.name || <span className="muted">{t('leads.noName')}</span>}</td>
                      {showSource ? <td>{r.sourceName}</td> : null}
                      <td>
                        <span className={`status-badge status-${r.status}`}>{t(`leads.status.${r.status}`)}</span>
                        {r.deletionReason ? <span className="muted small"> {r.deletionReason}</span> : null}
                      </td>
                      <td>{r.clientName ?? (r.clientId ? t('leads.noName') : '—')}</td>
                      <td className="num tabular">{fmt.duration(r.minutesToClient)}</td>
                      <td className="center">{mark(r.meeting, t('reports.details.meeting'))}</td>
                      <td className="center">{mark(r.reservation, t('reports.details.reservation'))}</td>
                      <td className="center">{mark(r.contract, t('reports.details.contract'))}</td>
                      <td className="row-actions">
                        {r.clientId ? (
                          <button type="button" className="btn btn-small" onClick={() => navigate({ kind: 'client', id: r.clientId! })} data-testid="detail-open-client">
                            {t('reports.details.openClient')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small btn-quiet"
                            aria-expanded={peek === r.leadId}
                            onClick={() => setPeek(peek === r.leadId ? null : r.leadId)}
                            data-testid="detail-open-lead"
                          >
                            {peek === r.leadId ? t('reports.details.hideLead') : t('reports.details.showLead')}
                          </button>
                        )}
                      </td>
                    </tr>
                    {peek === r.leadId ? <LeadPeek leadId={r.leadId} fmt={fmt} colSpan={columns} /> : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {data && data.rows.length === 0 ? <p className="state-message">{t('reports.details.none')}</p> : null}
      </div>
    </Modal>
  );
}
