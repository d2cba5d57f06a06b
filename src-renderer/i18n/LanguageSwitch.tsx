import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES } from '../../src-shared';
import type { UiLanguage } from '../../src-shared';
import { send, toApiClientError } from '../api/client';
import { useSession } from '../auth/session';
import { useReportError } from '../shell/notices';
import { applyLanguage, currentLanguage } from './language';

/** EN / PL. Signed in, the choice is saved on the user; otherwise it is remembered on this computer. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { user, setUser, sessionLost } = useSession();
  const report = useReportError();
  const [pending, setPending] = useState(false);
  const active = currentLanguage();

  const choose = async (language: UiLanguage) => {
    if (language === active || pending) return;
    if (!user) {
      await applyLanguage(language);
      return;
    }
    setPending(true);
    try {
      const updated = await send('users.setLanguage', { language });
      await applyLanguage(updated.uiLanguage);
      setUser(updated);
    } catch (err) {
      if (toApiClientError(err).code === 'UNAUTHENTICATED') sessionLost();
      else report(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {UI_LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className={lng === active ? 'active' : undefined}
          aria-pressed={lng === active}
          title={t(`language.names.${lng}`)}
          disabled={pending}
          data-testid={`lang-${lng}`}
          onClick={() => void choose(lng)}
        >
          {t(`language.short.${lng}`)}
        </button>
      ))}
    </div>
  );
}
