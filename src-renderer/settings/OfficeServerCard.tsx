import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';
import { useNotify } from '../shell/notices';
import { ConnectForm } from '../sync/ConnectForm';
import { SyncDot, SyncFacts, SyncLastError, SyncServer } from '../sync/SyncFacts';
import { syncState, useSyncStatus } from '../sync/useSyncStatus';

/**
 * Settings → Office server: connect this desktop (address, an office account, this desktop's name), or, once
 * connected, how its sync stands, "Sync now" and "Disconnect".
 */
export function OfficeServerCard() {
  const { t } = useTranslation();
  const notify = useNotify();
  const { user } = useSession();
  const { status, setStatus, refresh } = useSyncStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);

  const run = async (action: 'sync.now' | 'sync.disconnect') => {
    setBusy(true);
    setError(null);
    try {
      await send(action, {});
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
      // Asked afresh: an answer to sync.now may still say "running" (it is taken before the run is marked done).
      refresh();
    }
  };

  let body;
  if (!status) body = <p className="loading">{t('sync.card.loading')}</p>;
  else if (!status.connected)
    body = (
      <>
        <p className="muted">{t('sync.card.intro')}</p>
        <p className="muted small">{t('sync.card.introData')}</p>
        {status.lastError ? (
          <div className="error-message sync-last-error" role="status" data-testid="office-signed-out">
            <div>
              <strong>{t('sync.card.notConnected')}</strong>
              <p>{status.lastError}</p>
            </div>
          </div>
        ) : null}
        <ConnectForm
          prefix="office"
          defaultUrl={status.url ?? ''}
          submitLabel={t('sync.card.connect')}
          onConnected={(next) => {
            setStatus(next);
            refresh();
            notify({ text: t('sync.card.connected') });
          }}
        />
      </>
    );
  else {
    const state = syncState(status);
    body = (
      <>
        <p className={`office-state office-state-${state}`} data-testid="office-state" data-state={state}>
          <SyncDot status={status} />
          <strong>{t(`sync.state.${state}`)}</strong>
        </p>
        <SyncServer status={status} prefix="office-sync" />
        <SyncFacts status={status} prefix="office-sync" />
        <SyncLastError status={status} testId="office-last-error" />
        {error && !confirming ? <ErrorMessage error={error} testId="office-action-error" /> : null}
        <div className="office-actions">
          <button type="button" className="btn btn-primary" onClick={() => void run('sync.now')} disabled={busy || status.running} data-testid="office-sync-now">
            {status.running ? t('sync.syncing') : t('sync.syncNow')}
          </button>
          {user?.role === 'admin' ? (
            <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirming(true)} disabled={busy} data-testid="office-disconnect">
              {t('sync.card.disconnect')}
            </button>
          ) : null}
        </div>
      </>
    );
  }

  return (
    <div className="card settings-card office-server-card" data-testid="office-server-card">
      <h2>{t('sync.card.title')}</h2>
      {body}
      {confirming && status ? (
        <Modal title={t('sync.card.disconnectTitle')} onClose={() => setConfirming(false)} testId="office-disconnect-dialog">
          <div className="modal-body">
            <p>{t('sync.card.disconnectText', { url: status.url })}</p>
            {status.pending > 0 ? <p className="muted">{t('sync.card.disconnectPending', { count: status.pending })}</p> : null}
            {error ? <ErrorMessage error={error} /> : null}
            <div className="modal-actions">
              <button type="button" className="btn" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy}
                onClick={() => void run('sync.disconnect').then((done) => done && setConfirming(false))}
                data-testid="office-disconnect-confirm"
              >
                {t('sync.card.disconnectConfirm')}
              </button>
            </div>
          </div>
        </Modal>
      ) : null}
    </div>
  );
}
