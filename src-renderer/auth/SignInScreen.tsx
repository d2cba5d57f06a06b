import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signInInput } from '../../src-shared';
import { send } from '../api/client';
import { Field } from '../forms/Field';
import { splitIssues, validate } from '../forms/validate';
import type { FieldErrors } from '../forms/validate';
import { applyLanguage } from '../i18n/language';
import { describeError } from '../shell/describe-error';
import { PublicLayout } from '../shell/PublicLayout';
import { useSession } from './session';

const FIELDS = ['username', 'password'] as const;

interface Props {
  /** Translation key saying why the user is here again (e.g. the session ended). */
  notice?: string | null;
}

export function SignInScreen({ notice }: Props) {
  const { t } = useTranslation();
  const { setUser } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const input = { username, password };
    const local = validate(t, 'signIn', signInInput, input);
    setFieldErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setPending(true);
    try {
      const user = await send('auth.signIn', input);
      await applyLanguage(user.uiLanguage);
      setUser(user);
    } catch (err) {
      const { fieldErrors: fromServer, rest } = splitIssues(err, FIELDS);
      setFieldErrors(fromServer);
      if (rest) {
        const { title, detail } = describeError(t, rest);
        setFormError(detail || title);
      }
      setPassword('');
      setPending(false);
    }
  };

  return (
    <PublicLayout>
      <form className="card auth-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        {notice ? (
          <p className="info-message" data-testid="signin-notice">
            {t(notice)}
          </p>
        ) : null}
        <Field
          label={t('signIn.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fieldErrors.username}
          testId="signin-username"
        />
        <Field
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
          testId="signin-password"
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={pending} data-testid="signin-submit">
          {pending ? t('signIn.pending') : t('signIn.submit')}
        </button>
        {formError ? (
          <p className="form-error" role="alert" data-testid="signin-error">
            {formError}
          </p>
        ) : null}
      </form>
    </PublicLayout>
  );
}
