import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createFirstAdminInput } from '../../src-shared';
import type { SessionUser } from '../../src-shared';
import { send } from '../api/client';
import { Field } from '../forms/Field';
import { splitIssues, validate } from '../forms/validate';
import type { FieldErrors } from '../forms/validate';
import { ErrorMessage } from '../shell/ErrorMessage';

const FIELDS = ['username', 'displayName', 'password'] as const;

interface Props {
  disabled?: boolean;
  onCreated: (user: SessionUser) => void;
}

/** Creates the first admin account; the service signs it in. */
export function CreateAdminForm({ disabled, onCreated }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ username: '', displayName: '', password: '' });
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);

  const set = (field: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const local = validate(t, 'createAdmin', createFirstAdminInput, values);
    setFieldErrors(local);
    setError(null);
    if (Object.keys(local).length) return;
    setPending(true);
    try {
      onCreated(await send('setup.createFirstAdmin', values));
    } catch (err) {
      const { fieldErrors: fromServer, rest } = splitIssues(err, FIELDS);
      setFieldErrors(fromServer);
      setError(rest);
      setPending(false);
    }
  };

  return (
    <form className="create-admin" onSubmit={(e) => void submit(e)} noValidate data-testid="create-admin">
      <Field
        label={t('createAdmin.username')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={values.username}
        onChange={set('username')}
        error={fieldErrors.username}
        hint={t('createAdmin.usernameHint')}
        testId="create-admin-username"
      />
      <Field
        label={t('createAdmin.displayName')}
        autoComplete="name"
        value={values.displayName}
        onChange={set('displayName')}
        error={fieldErrors.displayName}
        testId="create-admin-display-name"
      />
      <Field
        label={t('createAdmin.password')}
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={set('password')}
        error={fieldErrors.password}
        hint={t('createAdmin.passwordHint')}
        testId="create-admin-password"
      />
      <button type="submit" className="btn" disabled={pending || disabled} data-testid="create-admin-submit">
        {pending ? t('createAdmin.pending') : t('createAdmin.submit')}
      </button>
      {error ? <ErrorMessage error={error} testId="create-admin-error" /> : null}
    </form>
  );
}
