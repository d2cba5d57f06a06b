import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage';
import { PublicLayout } from './PublicLayout';

/** Start-up states: loading, or a failure with Retry. */
export function StatusScreen({ error, onRetry }: { error?: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <PublicLayout>
      <section className="card status-card" aria-busy={!error}>
        {error ? (
          <>
            <h1>{t('startup.failedTitle')}</h1>
            <ErrorMessage error={error} onRetry={onRetry} testId="startup-error" />
          </>
        ) : (
          <p className="loading" role="status">
            {t('startup.loading')}
          </p>
        )}
      </section>
    </PublicLayout>
  );
}
