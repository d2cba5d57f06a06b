import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../src-shared';
import { send, toApiClientError } from '../api/client';
import { useSession } from '../auth/session';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useReportError } from './notices';

export type Screen = 'inbox' | 'settings';

/** App name, the screens this user may open, who is signed in, language and sign out. */
export function TopBar({ user, screen, onScreen }: { user: SessionUser; screen: Screen; onScreen: (screen: Screen) => void }) {
  const { t } = useTranslation();
  const { setUser } = useSession();
  const report = useReportError();
  const [pending, setPending] = useState(false);

  const signOut = async () => {
    setPending(true);
    try {
      await send('auth.signOut', {});
      setUser(null);
    } catch (err) {
      // Already signed out on the service side: the goal is reached.
      if (toApiClientError(err).code === 'UNAUTHENTICATED') setUser(null);
      else {
        report(err);
        setPending(false);
      }
    }
  };

  return (
    <header className="top-bar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        {t('app.name')}
      </span>
      <nav className="top-nav" aria-label={t('topBar.nav')}>
        <button type="button" className={screen === 'inbox' ? 'nav-link active' : 'nav-link'} aria-current={screen === 'inbox' ? 'page' : undefined} onClick={() => onScreen('inbox')} data-testid="nav-inbox">
          {t('inbox.title')}
        </button>
        {user.role === 'admin' ? (
          <button type="button" className={screen === 'settings' ? 'nav-link active' : 'nav-link'} aria-current={screen === 'settings' ? 'page' : undefined} onClick={() => onScreen('settings')} data-testid="nav-settings">
            {t('settings.title')}
          </button>
        ) : null}
      </nav>
      <div className="top-bar-end">
        <span className="current-user" data-testid="current-user">
          <span className="current-user-name">{user.displayName}</span>
          <span className="role-badge">{t(`roles.${user.role}`)}</span>
        </span>
        <LanguageSwitch />
        <button type="button" className="btn btn-quiet" onClick={() => void signOut()} disabled={pending} data-testid="sign-out">
          {t('topBar.signOut')}
        </button>
      </div>
    </header>
  );
}
