import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error';

interface Props {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
}

/** An error as a readable notice: headline, the service's message, and an optional Retry. */
export function ErrorMessage({ error, onRetry, testId }: Props) {
  const { t } = useTranslation();
  const { title, detail } = describeError(t, error);
  return (
    <div className="error-message" role="alert" data-testid={testId}>
      <div>
        <strong>{title}</strong>
        {detail && detail !== title ? <p>{detail}</p> : null}
      </div>
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
