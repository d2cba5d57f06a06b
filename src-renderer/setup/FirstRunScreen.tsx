import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, DemoSummary, SessionUser } from '../../src-shared';
import type { SyncStatus } from '../../src-shared/sync/status';
import { ApiClientError, send } from '../api/client';
import { currentLanguage } from '../i18n/language';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useReportError } from '../shell/notices';
import { PublicLayout } from '../shell/PublicLayout';
import { ConnectForm } from '../sync/ConnectForm';
import { CreateAdminForm } from './CreateAdminForm';
import { DemoSummaryView } from './DemoSummaryView';

interface Props {
  info: AppInfo;
  /**
   * Setup is done: demo data loaded or the office's data received (go to sign-in, with `notice`: a translation key
   * for the sign-in screen), or the first admin is signed in.
   */
  onDone: (user: SessionUser | null, notice?: string) => void;
}

/** A new, empty database: load demo data, create the first admin account, or join the office's server. */
export function FirstRunScreen({ info, onDone }: Props) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [summary, setSummary] = useState<DemoSummary | null>(null);
  const report = useReportError();
  const [joining, setJoining] = useState(false);
  const onJoinBusy = useCallback((busy: boolean) => setJoining(busy), []);

  // The office's accounts have arrived: its people sign in here with their office passwords.
  const joined = async (status: SyncStatus) => {
    const now = await send('app.info', {});
    if (now.needsSetup) throw new ApiClientError({ code: 'CONFLICT', message: status.lastError ?? t('firstRun.joinNoAccounts') });
    onDone(null, 'firstRun.joined');
  };

  // The new admin gets the service's default language; keep the one chosen on this screen instead.
  const adminCreated = async (user: SessionUser) => {
    const chosen = currentLanguage();
    if (user.uiLanguage !== chosen) {
      try {
        user = await send('users.setLanguage', { language: chosen });
      } catch (err) {
        report(err);
      }
    }
    onDone(user);
  };

  const loadDemo = async () => {
    setPending(true);
    setError(null);
    try {
      setSummary(await send('setup.loadDemo', {}));
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  if (summary) {
    return (
      <PublicLayout>
        <DemoSummaryView summary={summary} onContinue={() => onDone(null)} />
      </PublicLayout>
    );
  }

  return (
    <PublicLayout>
      <section className="card first-run first-run-three" data-testid="first-run" aria-labelledby="first-run-title">
        <h1 id="first-run-title">{t('firstRun.title')}</h1>
        <p>{t('firstRun.intro')}</p>
        <p className="db-file">
          <span className="muted">{t('firstRun.databaseFile')}</span> <code>{info.databaseFile}</code>
        </p>
        <div className="first-run-options first-run-options-three">
          <div className="first-run-option">
            <h2>{t('firstRun.demoTitle')}</h2>
            <p className="muted">{t('firstRun.demoText')}</p>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void loadDemo()}
              disabled={pending || joining}
              data-testid="load-demo"
            >
              {pending ? t('firstRun.demoPending') : t('firstRun.demoButton')}
            </button>
            {error ? <ErrorMessage error={error} testId="load-demo-error" /> : null}
          </div>
          <div className="first-run-option">
            <h2>{t('firstRun.adminTitle')}</h2>
            <p className="muted">{t('firstRun.adminText')}</p>
            <CreateAdminForm disabled={pending || joining} onCreated={(user) => void adminCreated(user)} />
          </div>
          <div className="first-run-option" data-testid="join-option">
            <h2>{t('firstRun.joinTitle')}</h2>
            <p className="muted">{t('firstRun.joinText')}</p>
            <ConnectForm prefix="join" submitLabel={t('firstRun.joinButton')} disabled={pending} onBusy={onJoinBusy} onConnected={joined} />
          </div>
        </div>
      </section>
    </PublicLayout>
  );
}
