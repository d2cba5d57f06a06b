import { useCallback, useEffect, useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { LEAD_PRIORITIES, LEAD_QUALIFICATIONS, leadActionRefusal, type LeadDetail, type SessionUser } from '../../src-shared';
import { formatPhone } from '../../src-shared/text/normalize';
import { onEvent, send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useNavigate } from '../shell/navigation';
import { fullName, PriorityDot } from './columns';
import { RelativeTime } from './RelativeTime';
import type { LeadActions } from './useLeadActions';

interface Props {
  id: string;
  me: SessionUser;
  actions: LeadActions;
  onDelete: () => void;
  onAssign: () => void;
  onToClient: () => void;
  onClose: () => void;
}

function prettyPayload(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** Everything about one lead: contact, message, consents, the intake payload, and who did what to it. */
export function LeadDetailPanel({ id, me, actions, onDelete, onAssign, onToClient, onClose }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const locale = useDateLocale();
  const [lead, setLead] = useState<LeadDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    send('leads.get', { id }).then(
      (value) => {
        setLead(value);
        setError(null);
      },
      setError,
    );
  }, [id]);
  useEffect(() => {
    setLead(null);
    load();
    return onEvent('leads.changed', ({ ids }) => {
      if (ids.length === 0 || ids.includes(id)) load();
    });
  }, [id, load]);

  const refused = (action: Parameters<typeof leadActionRefusal>[2], assigneeId?: string | null) =>
    lead ? leadActionRefusal(me, lead, action, assigneeId) : { code: 'CONFLICT' as const, message: '' };
  const when = (at: number) => format(at, 'PPp', { locale });

  return (
    <aside className="detail-panel" aria-label={t('detail.label')} data-testid="lead-detail">
      <div className="detail-header">
        <h2 data-testid="detail-name">{lead ? fullName(lead) || t('leads.noName') : t('detail.loading')}</h2>
        <button type="button" className="btn-icon" aria-label={t('common.close')} onClick={onClose} data-testid="detail-close">
          ×
        </button>
      </div>
      {error ? <ErrorMessage error={error} onRetry={load} /> : null}
      {lead ? (
        <div className="detail-body">
          <div className="detail-status">
            <span className={`status-badge status-${lead.status}`} data-testid="detail-status">
              {t(`leads.status.${lead.status}`)}
            </span>
            <span className="muted">
              {lead.sourceName} · <RelativeTime at={lead.receivedAt} />
            </span>
          </div>

          <div className="detail-actions">
            {lead.status === 'deleted' ? (
              <button type="button" className="btn" disabled={!!refused('restore')} onClick={() => void actions.restore([lead.id])} data-testid="detail-restore">
                {t('actions.restore')}
              </button>
            ) : null}
            {lead.status === 'new' ? (
              <button type="button" className="btn btn-primary" disabled={!!refused('link')} onClick={onToClient} data-testid="detail-to-client">
                {t('actions.toClient')} <kbd>c</kbd>
              </button>
            ) : null}
            {lead.status === 'new' ? (
              <button type="button" className="btn btn-danger-quiet" disabled={!!refused('delete')} onClick={onDelete} data-testid="detail-delete">
                {t('actions.delete')} <kbd>d</kbd>
              </button>
            ) : null}
            {lead.status !== 'deleted' && lead.assigneeId !== me.id && !refused('assign', me.id) ? (
              <button type="button" className="btn" onClick={() => void actions.take([lead.id], me.id)} data-testid="detail-take">
                {t('actions.take')} <kbd>t</kbd>
              </button>
            ) : null}
            {lead.status !== 'deleted' ? (
              <button type="button" className="btn" disabled={!!refused('assign', lead.assigneeId)} onClick={onAssign} data-testid="detail-assign">
                {t('actions.assign')} <kbd>a</kbd>
              </button>
            ) : null}
          </div>

          <Segmented
            label={t('detail.priority')}
            options={LEAD_PRIORITIES}
            value={lead.priority}
            disabled={!!refused('setPriority')}
            render={(p) => (
              <>
                <PriorityDot priority={p} /> {t(`leads.priority.${p}`)}
              </>
            )}
            onPick={(p) => void actions.setPriority([lead.id], p)}
            testId="detail-priority"
          />
          <Segmented
            label={t('detail.qualification')}
            options={LEAD_QUALIFICATIONS}
            value={lead.qualification}
            disabled={!!refused('setQualification')}
            render={(q) => t(`leads.qualification.${q}`)}
            onPick={(q) => void actions.setQualification([lead.id], lead.qualification === q ? null : q)}
            testId="detail-qualification"
          />

          <dl className="detail-fields">
            <dt>{t('leads.columns.phone')}</dt>
            <dd className="tabular" data-testid="detail-phone">
              {lead.phoneE164 ? formatPhone(lead.phoneE164) : (lead.phone ?? '—')}
              {lead.phone && lead.phoneE164 && lead.phone !== lead.phoneE164 ? <span className="muted small"> ({t('detail.typed', { value: lead.phone })})</span> : null}
            </dd>
            <dt>{t('leads.columns.email')}</dt>
            <dd>{lead.email ?? '—'}</dd>
            <dt>{t('leads.columns.investment')}</dt>
            <dd>{lead.investmentName ?? '—'}</dd>
            <dt>{t('leads.columns.assignee')}</dt>
            <dd data-testid="detail-assignee">{lead.assigneeName ?? <span className="muted unassigned">{t('leads.unassigned')}</span>}</dd>
            <dt>{t('detail.received')}</dt>
            <dd>{when(lead.receivedAt)}</dd>
            {lead.language ? (
              <>
                <dt>{t('detail.language')}</dt>
                <dd>{lead.language.toUpperCase()}</dd>
              </>
            ) : null}
            {lead.externalId ? (
              <>
                <dt>{t('detail.externalId')}</dt>
                <dd className="tabular">{lead.externalId}</dd>
              </>
            ) : null}
            {lead.clientName ? (
              <>
                <dt>{t('detail.client')}</dt>
                <dd>
                  <button type="button" className="link-button" onClick={() => lead.clientId && navigate({ kind: 'client', id: lead.clientId })} data-testid="detail-client">
                    {lead.clientName}
                  </button>
                </dd>
              </>
            ) : null}
            {lead.status === 'deleted' ? (
              <>
                <dt>{t('detail.deletedAs')}</dt>
                <dd data-testid="detail-reason">
                  {lead.deletionReason}
                  {lead.deletionComment ? <span className="muted"> — {lead.deletionComment}</span> : null}
                </dd>
              </>
            ) : null}
          </dl>

          <h3>{t('detail.message')}</h3>
          {lead.message ? <p className="detail-message">{lead.message}</p> : <p className="muted">{t('detail.noMessage')}</p>}

          <h3>{t('detail.consents')}</h3>
          <ul className="consents">
            {(['consentDataProcessing', 'consentMarketingEmail', 'consentMarketingPhone'] as const).map((c) => (
              <li key={c} className={lead[c] ? 'yes' : 'no'}>
                <span aria-hidden="true">{lead[c] ? '✓' : '✗'}</span> {t(`detail.${c}`)}
                <span className="visually-hidden">: {lead[c] ? t('detail.given') : t('detail.notGiven')}</span>
              </li>
            ))}
          </ul>

          <h3>{t('detail.history')}</h3>
          <ol className="history" data-testid="detail-history">
            {lead.history.map((h, i) => (
              <li key={i}>
                <span className="history-what">{t(`history.${h.action}`, { ...historyArgs(h.details, t), defaultValue: h.action })}</span>
                <span className="muted small">
                  {h.userName ?? t('history.system')} · {when(h.at)}
                </span>
              </li>
            ))}
          </ol>

          {lead.rawPayload ? (
            <details className="raw-payload">
              <summary>{t('detail.rawPayload')}</summary>
              <pre>{prettyPayload(lead.rawPayload)}</pre>
            </details>
          ) : null}
        </div>
      ) : null}
    </aside>
  );
}

interface SegmentedProps<T extends string> {
  label: string;
  options: readonly T[];
  value: T | null;
  disabled: boolean;
  render: (option: T) => React.ReactNode;
  onPick: (option: T) => void;
  testId: string;
}

/** A labelled row of toggle buttons, one pressed. */
function Segmented<T extends string>({ label, options, value, disabled, render, onPick, testId }: SegmentedProps<T>) {
  return (
    <div className="segmented-row">
      <span className="segmented-label">{label}</span>
      <div className="segmented" role="group" aria-label={label}>
        {options.map((option) => (
          <button key={option} type="button" aria-pressed={value === option} disabled={disabled} onClick={() => onPick(option)} data-testid={`${testId}-${option}`}>
            {render(option)}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Interpolation values for a history line; priorities and qualifications in the UI language. */
function historyArgs(details: Record<string, unknown> | null, t: (key: string) => string): Record<string, string> {
  const d = details ?? {};
  const label = (prefix: string, v: unknown) => (typeof v === 'string' ? t(`${prefix}.${v}`) : t('history.none'));
  const text = (v: unknown) => (typeof v === 'string' && v ? v : t('history.nobody'));
  return {
    reason: text(d.reason),
    comment: typeof d.comment === 'string' ? ` — ${d.comment}` : '',
    from: d.from === undefined ? '' : text(d.from),
    to: text(d.to),
    source: text(d.source),
    client: text(d.client),
    priorityFrom: label('leads.priority', d.from),
    priorityTo: label('leads.priority', d.to),
    qualificationFrom: label('leads.qualification', d.from),
    qualificationTo: label('leads.qualification', d.to),
  };
}
