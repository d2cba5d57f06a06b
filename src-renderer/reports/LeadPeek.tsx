import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { ErrorMessage } from '../shell/ErrorMessage';
import type { ReportFormat } from './report-format';
import { useServiceData } from './useServiceData';

/** A lead with no client, shown under its row in the details list: how to reach them and what they wrote. */
export function LeadPeek({ leadId, fmt, colSpan }: { leadId: string; fmt: ReportFormat; colSpan: number }) {
  const { t } = useTranslation();
  const { data: lead, error, reload } = useServiceData(() => send('leads.get', { id: leadId }), leadId);
  return (
    <tr className="peek-row" data-testid="lead-peek">
      <td colSpan={colSpan}>
        {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
        {lead ? (
          <div className="lead-peek">
            <dl className="detail-fields">
              <dt>{t('leads.columns.phone')}</dt>
              <dd>{lead.phone ?? '—'}</dd>
              <dt>{t('leads.columns.email')}</dt>
              <dd>{lead.email ?? '—'}</dd>
              <dt>{t('leads.columns.investment')}</dt>
              <dd>{lead.investmentName ?? '—'}</dd>
              <dt>{t('leads.columns.assignee')}</dt>
              <dd>{lead.assigneeName ?? t('leads.unassigned')}</dd>
              {lead.deletedAt ? (
                <>
                  <dt>{t('detail.deletedAs')}</dt>
                  <dd>
                    {lead.deletionReason ?? '—'}
                    {lead.deletionComment ? ` — ${lead.deletionComment}` : ''} · {fmt.dateTime(lead.deletedAt)}
                    {lead.deletedByName ? ` · ${lead.deletedByName}` : ''}
                  </dd>
                </>
              ) : null}
            </dl>
            <p className="lead-peek-message">{lead.message ?? t('detail.noMessage')}</p>
          </div>
        ) : null}
        {!lead && !error ? <p className="muted small">{t('detail.loading')}</p> : null}
      </td>
    </tr>
  );
}
