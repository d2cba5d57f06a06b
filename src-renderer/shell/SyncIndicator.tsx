import { useEffect, useRef, useState } from 'react';
import { formatDistance } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { useNow } from '../leads/clock';
import { SyncDot, SyncFacts, SyncLastError, SyncServer } from '../sync/SyncFacts';
import { syncState, useSyncStatus } from '../sync/useSyncStatus';
import { ErrorMessage } from './ErrorMessage';

/**
 * The top bar's sync light, shown while this desktop is connected to an office server: a dot (green synced, amber
 * changes waiting or syncing, red offline), the count of changes waiting, and on click the details with "Sync now".
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const now = useNow();
  const { status, refresh } = useSyncStatus();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  if (!status?.connected) return null;
  const state = syncState(status);
  const lastSync = status.lastSyncAt ? formatDistance(status.lastSyncAt, Math.max(now, status.lastSyncAt), { addSuffix: true, locale }) : t('sync.facts.never');
  const summary = t('sync.indicator.summary', { state: t(`sync.state.${state}`), lastSync, count: status.pending });

  const syncNow = async () => {
    setError(null);
    try {
      await send('sync.now', {});
    } catch (err) {
      setError(err);
    } finally {
      // Asked afresh: the answer itself may still say "running" (it is taken before the run is marked done).
      refresh();
    }
  };

  return (
    <div className="sync-indicator" ref={box} data-testid="sync-indicator" data-state={state} data-pending={status.pending}>
      <button
        type="button"
        className="btn btn-quiet sync-button"
        aria-label={t('sync.indicator.label', { summary })}
        aria-expanded={open}
        title={summary}
        onClick={() => setOpen((o) => !o)}
        data-testid="sync-indicator-button"
      >
        <SyncDot status={status} />
        {status.pending > 0 ? <span className="sync-pending-count tabular">{status.pending}</span> : null}
      </button>
      {open ? (
        <div className="sync-panel" role="dialog" aria-label={t('sync.indicator.title')} data-testid="sync-panel">
          <div className="sync-panel-head">
            <SyncDot status={status} />
            <strong data-testid="sync-panel-state">{t(`sync.state.${state}`)}</strong>
          </div>
          <SyncServer status={status} prefix="sync-panel" />
          <SyncFacts status={status} prefix="sync-panel" />
          <SyncLastError status={status} testId="sync-panel-error" />
          {error ? <ErrorMessage error={error} /> : null}
          <div className="sync-panel-actions">
            <button type="button" className="btn btn-small btn-primary" onClick={() => void syncNow()} disabled={status.running} data-testid="sync-indicator-now">
              {status.running ? t('sync.syncing') : t('sync.syncNow')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
