import { useCallback, useEffect, useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { can, canAssignToOthers, type ClientDetail, type SessionUser } from '../../src-shared';
import { formatPhone } from '../../src-shared/text/normalize';
import { onEvent, send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { fullName } from '../leads/columns';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useNavigate } from '../shell/navigation';
import { useNotify } from '../shell/notices';
import { ClientForm } from './ClientForm';
import { StageControl } from './StageControl';
import { UnlinkDialog } from './UnlinkDialog';
import { ActivityPanel } from '../activities/ActivityPanel';
import { SlaStrip } from '../activities/SlaStrip';

/** One client: details (editable by their salesperson or a manager), linked leads, and the activities timeline. */
export function ClientCard({ id, me }: { id: string; me: SessionUser }) {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const navigate = useNavigate();
  const notify = useNotify();
  const [client, setClient] = useState<ClientDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [unlinking, setUnlinking] = useState<string | null>(null);
  const mayUnlink = can(me, 'lead.unlink');

  const load = useCallback(() => {
    send('clients.get', { id }).then((value) => {
      setClient(value);
      setError(null);
    }, setError);
  }, [id]);
  useEffect(() => {
    load();
    const offClients = onEvent('clients.changed', ({ ids }) => ids.includes(id) && load());
    const offLeads = onEvent('leads.changed', () => load());
    const offActivities = onEvent('activities.changed', ({ clientIds }) => clientIds.includes(id) && load());
    return () => {
      offClients();
      offLeads();
      offActivities();
    };
  }, [id, load]);

  const when = (at: number) => format(at, 'PPp', { locale });
  const mayEdit = client && (canAssignToOthers(me) || client.ownerId === me.id);

  return (
    <section className="client-card" data-testid="client-card" aria-labelledby="client-title">
      <div className="client-card-header">
        <button type="button" className="btn btn-quiet btn-small" onClick={() => navigate({ kind: 'clients' })}>
          ← {t('clients.title')}
        </button>
        <h1 id="client-title" data-testid="client-name">
          {client ? fullName(client) || t('leads.noName') : t('detail.loading')}
        </h1>
        {client ? <span className={`stage-badge stage-${client.stage}`}>{t(`clients.stages.${client.stage}`)}</span> : null}
        {client?.cold ? (
          <span className="cold-badge" title={t('clients.coldTitle')} data-testid="client-cold">
            {t('clients.cold')}
          </span>
        ) : null}
        {client ? (
          <span className="muted">
            {t('clients.owner')}: <strong data-testid="client-owner">{client.ownerName ?? t('leads.unassigned')}</strong>
          </span>
        ) : null}
        {mayEdit && !editing ? (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)} data-testid="client-edit">
            {t('clients.edit')}
          </button>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} onRetry={load} /> : null}
      {client ? <SlaStrip sla={client.sla} /> : null}
      {client ? (
        <div className="client-grid">
          <div className="card client-details">
            <h2>{t('clients.details')}</h2>
            <StageControl client={client} mayEdit={!!mayEdit} onChanged={setClient} />
            {editing ? (
              <ClientForm
                me={me}
                testId="edit-client"
                submitLabel={t('settings.save')}
                pendingLabel={t('addLead.saving')}
                defaults={{
                  firstName: client.firstName ?? '',
                  lastName: client.lastName ?? '',
                  phone: client.phoneE164 ? formatPhone(client.phoneE164) : (client.phoneRaw ?? ''),
                  email: client.email ?? '',
                  originSourceId: client.originSourceId ?? '',
                  preferredInvestmentId: client.preferredInvestmentId ?? '',
                  description: client.description ?? '',
                  consentDataProcessing: client.consentDataProcessing,
                  consentMarketingEmail: client.consentMarketingEmail,
                  consentMarketingPhone: client.consentMarketingPhone,
                  ownerUserId: client.ownerId ?? me.id,
                }}
                onCancel={() => setEditing(false)}
                onSubmit={async (fields) => {
                  setClient(await send('clients.update', { id, client: fields }));
                  setEditing(false);
                  notify({ text: t('clients.saved') });
                }}
              />
            ) : (
              <dl className="detail-fields">
                <dt>{t('leads.columns.phone')}</dt>
                <dd className="tabular" data-testid="client-phone">
                  {client.phoneE164 ? formatPhone(client.phoneE164) : (client.phoneRaw ?? '—')}
                </dd>
                <dt>{t('leads.columns.email')}</dt>
                <dd>{client.email ?? '—'}</dd>
                <dt>{t('clients.origin')}</dt>
                <dd>{client.originSourceName ?? '—'}</dd>
                <dt>{t('clients.investment')}</dt>
                <dd>{client.preferredInvestmentName ?? '—'}</dd>
                <dt>{t('detail.consents')}</dt>
                <dd>
                  {(['consentDataProcessing', 'consentMarketingEmail', 'consentMarketingPhone'] as const)
                    .filter((c) => client[c])
                    .map((c) => t(`detail.${c}`))
                    .join(', ') || '—'}
                </dd>
                <dt>{t('clients.created')}</dt>
                <dd>
                  {when(client.createdAt)}
                  {client.createdByName ? ` · ${client.createdByName}` : ''}
                </dd>
                <dt>{t('clients.description')}</dt>
                <dd className="detail-message-inline">{client.description ?? '—'}</dd>
              </dl>
            )}
          </div>

          <div className="card">
            <h2>
              {t('clients.linkedLeads')} <span className="count-pill">{client.leads.length}</span>
            </h2>
            <table className="simple-table" data-testid="client-leads">
              <thead>
                <tr>
                  <th>{t('leads.columns.received')}</th>
                  <th>{t('leads.columns.source')}</th>
                  <th>{t('leads.columns.investment')}</th>
                  <th>{t('leads.columns.status')}</th>
                  <th>{t('clients.linkedBy')}</th>
                  {mayUnlink ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {client.leads.map((l) => (
                  <tr key={l.id} data-testid="client-lead" data-lead-id={l.id}>
                    <td>{when(l.receivedAt)}</td>
                    <td>{l.sourceName}</td>
                    <td>{l.investmentName ?? '—'}</td>
                    <td>
                      <span className={`status-badge status-${l.status}`}>{t(`leads.status.${l.status}`)}</span>
                    </td>
                    <td className="muted small">
                      {l.linkedByName ?? '—'} · {when(l.linkedAt)}
                    </td>
                    {mayUnlink ? (
                      <td>
                        <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => setUnlinking(l.id)} data-testid="lead-unlink">
                          {t('unlink.action')}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>

            <h2 className="section-gap">{t('clients.activities')}</h2>
            <ActivityPanel clientId={client.id} activities={client.activities} mayWork={!!mayEdit} />
          </div>
        </div>
      ) : null}
      {unlinking ? (
        <UnlinkDialog
          leadId={unlinking}
          onClose={() => setUnlinking(null)}
          onDone={(result, clientDeleted) => {
            notify({ text: clientDeleted ? t('unlink.doneDeleted', { client: result.clientName }) : t('unlink.done') });
            if (clientDeleted) navigate({ kind: 'clients' });
          }}
        />
      ) : null}
    </section>
  );
}
