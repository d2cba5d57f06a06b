import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type Capability, type SessionUser } from '../../src-shared';
import { send, toApiClientError } from '../api/client';
import { runBeforeSignOut, useSession } from '../auth/session';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { type Screen, useNavigate } from './navigation';
import { NotificationBell } from './NotificationBell';
import { useReportError } from './notices';
import { SyncIndicator } from './SyncIndicator';

const NAV: { kind: 'inbox' | 'myday' | 'clients' | 'reports' | 'users' | 'audit' | 'settings'; label: string; needs?: Capability }[] = [
  { kind: 'inbox', label: 'inbox.title' },
  { kind: 'myday', label: 'myDay.title' },
  { kind: 'clients', label: 'clients.title' },
  { kind: 'reports', label: 'reports.title', needs: 'reports.view' },
  { kind: 'users', label: 'users.title', needs: 'users.manage' },
  { kind: 'audit', label: 'audit.title', needs: 'audit.view' },
  { kind: 'settings', label: 'settings.title', needs: 'settings.manage' },
];

/** App name, the screens this user may open, notifications, who is signed in, language and sign out. */
export function TopBar({ user, screen }: { user: SessionUser; screen: Screen }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const current = screen.kind === 'client' ? 'clients' : screen.kind;
  const { setUser } = useSession();
  const report = useReportError();
  const [pending, setPending] = useState(false);

  const signOut = async () => {
    setPending(true);
    try {
      await runBeforeSignOut();
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
        {NAV.filter((item) => !item.needs || can(user, item.needs)).map((item) => (
          <button
            key={item.kind}
            type="button"
            className={current === item.kind ? 'nav-link active' : 'nav-link'}
            aria-current={current === item.kind ? 'page' : undefined}
            onClick={() => navigate({ kind: item.kind })}
            data-testid={`nav-${item.kind}`}
          >
            {t(item.label)}
          </button>
        ))}
      </nav>
      <div className="top-bar-end">
        <span className="current-user" data-testid="current-user">
          <span className="current-user-name">{user.displayName}</span>
          <span className="role-badge">{t(`roles.${user.role}`)}</span>
        </span>
        <SyncIndicator />
        <NotificationBell me={user} />
        <LanguageSwitch />
        <button type="button" className="btn btn-quiet" onClick={() => void signOut()} disabled={pending} data-testid="sign-out">
          {t('topBar.signOut')}
        </button>
      </div>
    </header>
  );
}
