import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../src-shared/sync/status';
import { onEvent } from '../api/client';

/**
 * While a connect runs: signing in (an indeterminate bar), then how much of the office's data has arrived, from
 * the `sync.changed` events the service sends after each page it pulls.
 */
export function SyncProgress({ testId }: { testId: string }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<SyncStatus['progress']>(null);
  useEffect(() => onEvent('sync.changed', (status) => status.progress && setProgress(status.progress)), []);
  const percent = progress && progress.head > 0 ? Math.min(100, Math.round((progress.pulled / progress.head) * 100)) : null;
  const label = percent === null ? t('sync.progress.signingIn') : t('sync.progress.receiving', { percent });
  return (
    <div className="sync-progress" data-testid={testId} data-percent={percent ?? ''}>
      <div
        className={percent === null ? 'sync-progress-bar indeterminate' : 'sync-progress-bar'}
        role="progressbar"
        aria-label={t('sync.progress.label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={label}
      >
        <span style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="muted small" aria-live="polite">
        {label}
      </p>
    </div>
  );
}
