import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../src-shared/sync/status';
import { RelativeTime } from '../leads/RelativeTime';
import { SYNC_LIGHT, syncState } from './useSyncStatus';

/** The coloured dot: green synced, amber waiting or syncing, red offline or failing. */
export function SyncDot({ status }: { status: SyncStatus }) {
  return <span className={`sync-dot sync-dot-${SYNC_LIGHT[syncState(status)]}`} aria-hidden="true" />;
}

/** The office server's address, on a line of its own (addresses are long). */
export function SyncServer({ status, prefix }: { status: SyncStatus; prefix: string }) {
  const { t } = useTranslation();
  return (
    <p className="sync-server">
      <span className="muted">{t('sync.facts.server')}</span> <code data-testid={`${prefix}-url`}>{status.url}</code>
    </p>
  );
}

/** Last successful sync, changes waiting, connection: the same facts in the top bar and in Settings. */
export function SyncFacts({ status, prefix }: { status: SyncStatus; prefix: string }) {
  const { t } = useTranslation();
  return (
    <dl className="sync-facts">
      <dt>{t('sync.facts.lastSync')}</dt>
      <dd data-testid={`${prefix}-last-sync`}>{status.lastSyncAt ? <RelativeTime at={status.lastSyncAt} /> : t('sync.facts.never')}</dd>
      <dt>{t('sync.facts.pending')}</dt>
      <dd className="tabular" data-testid={`${prefix}-pending`} data-count={status.pending}>
        {status.pending}
      </dd>
      <dt>{t('sync.facts.connection')}</dt>
      <dd data-testid={`${prefix}-online`} data-online={status.online}>
        {status.online ? t('sync.facts.online') : t('sync.facts.offline')}
      </dd>
    </dl>
  );
}

/** The last failure of a sync, as the service put it. */
export function SyncLastError({ status, testId }: { status: SyncStatus; testId: string }) {
  const { t } = useTranslation();
  if (!status.lastError) return null;
  return (
    <div className="error-message sync-last-error" role="status" data-testid={testId}>
      <div>
        <strong>{t('sync.facts.lastError')}</strong>
        <p>{status.lastError}</p>
      </div>
    </div>
  );
}
