import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppInfo, SessionUser } from '../src-shared';
import { onEvent, send } from './api/client';
import { SessionContext } from './auth/session';
import type { Session } from './auth/session';
import { SignInScreen } from './auth/SignInScreen';
import { applyLanguage, storedLanguage } from './i18n/language';
import i18n from './i18n';
import { FirstRunScreen } from './setup/FirstRunScreen';
import { SignedInShell } from './shell/SignedInShell';
import { StatusScreen } from './shell/StatusScreen';

type Boot = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; info: AppInfo };

/** Start-up and the choice of screen: first run, sign-in, or the signed-in app. */
export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [user, setUserState] = useState<SessionUser | null>(null);
  /** Translation key of a note for the sign-in screen (why the user is back there). */
  const [signInNotice, setSignInNotice] = useState<string | null>(null);

  const setUser = useCallback((next: SessionUser | null) => {
    setUserState(next);
    setSignInNotice(null);
    if (next) void applyLanguage(next.uiLanguage);
  }, []);

  const sessionLost = useCallback(() => {
    setUserState(null);
    setSignInNotice('signIn.sessionEnded');
  }, []);

  const start = useCallback(async () => {
    setBoot({ state: 'loading' });
    try {
      const [info, me] = await Promise.all([send('app.info', {}), send('auth.me', {})]);
      if (!storedLanguage()) await i18n.changeLanguage(info.defaultLanguage);
      setUser(me);
      setBoot({ state: 'ready', info });
    } catch (error) {
      setBoot({ state: 'failed', error });
    }
  }, [setUser]);

  useEffect(() => {
    void start();
  }, [start]);

  // Another path changed this window's session (sign-in elsewhere in the app, expiry, language).
  useEffect(() => onEvent('session.changed', ({ user: next }) => setUser(next)), [setUser]);
  // Users and grants changed (lookups.changed): this user's role or permissions may have too.
  useEffect(
    () =>
      onEvent('lookups.changed', () => {
        send('auth.me', {}).then((me) => setUserState((current) => (current && me ? me : current)), () => {});
      }),
    [],
  );

  const session = useMemo<Session>(() => ({ user, setUser, sessionLost }), [user, setUser, sessionLost]);

  let screen;
  if (boot.state === 'loading') screen = <StatusScreen />;
  else if (boot.state === 'failed') screen = <StatusScreen error={boot.error} onRetry={() => void start()} />;
  else if (user) screen = <SignedInShell user={user} />;
  else if (boot.info.needsSetup)
    screen = (
      <FirstRunScreen
        info={boot.info}
        onDone={(admin, notice) => {
          setBoot({ state: 'ready', info: { ...boot.info, needsSetup: false } });
          if (admin) setUser(admin);
          else if (notice) setSignInNotice(notice);
        }}
      />
    );
  else screen = <SignInScreen notice={signInNotice} />;

  return <SessionContext.Provider value={session}>{screen}</SessionContext.Provider>;
}
