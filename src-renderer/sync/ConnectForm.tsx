import { useEffect, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { syncConnectInput } from '../../src-shared/sync/protocol';
import type { SyncStatus } from '../../src-shared/sync/status';
import { send, toApiClientError } from '../api/client';
import { formFields, placeServerIssues } from '../forms/hook-form';
import { describeError } from '../shell/describe-error';
import { SyncProgress } from './SyncProgress';

interface FormValues {
  url: string;
  username: string;
  password: string;
  deviceName: string;
}
const FIELDS = ['url', 'username', 'password', 'deviceName'] as const;
type FieldName = (typeof FIELDS)[number];

/** "Windows", "macOS", "Linux": the desktop's system, for a sensible default name. */
function systemName(): string | null {
  const ua = navigator.userAgent;
  if (/Windows/i.test(ua)) return 'Windows';
  if (/Mac OS X|Macintosh/i.test(ua)) return 'macOS';
  if (/Linux|X11/i.test(ua)) return 'Linux';
  return null;
}

export function defaultDeviceName(t: TFunction): string {
  const os = systemName();
  return os ? t('sync.form.deviceNameDefault', { os }) : t('sync.form.deviceNameFallback');
}

/** "192.168.1.20:8787" means http://192.168.1.20:8787: the office server speaks plain HTTP on the office network. */
const withScheme = (value: string): string => {
  const text = value.trim();
  return text && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? `http://${text}` : text;
};

/** A refused connect in plain words: the server refused the sign-in, the server could not be reached, or else. */
function ConnectError({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  const e = toApiClientError(error);
  let { title, detail } = describeError(t, error);
  if (!e.clientFailure && e.code === 'VALIDATION' && !e.issues?.length) title = t('sync.errors.signIn');
  else if (!e.clientFailure && e.code === 'CONFLICT') title = t('sync.errors.server');
  return (
    <div className="error-message" role="alert" data-testid={testId}>
      <div>
        <strong>{title}</strong>
        {detail && detail !== title ? <p>{detail}</p> : null}
      </div>
    </div>
  );
}

interface Props {
  /** Ids and test ids start with it ("office-url", "join-submit"). */
  prefix: string;
  defaultUrl?: string;
  defaultUsername?: string;
  submitLabel: string;
  disabled?: boolean;
  onBusy?: (busy: boolean) => void;
  /** Told the status after the first sync; may throw to show an error instead. */
  onConnected: (status: SyncStatus) => void | Promise<void>;
}

/** Server address, user name, password and this desktop's name; runs `sync.connect` with a progress bar. */
export function ConnectForm({ prefix, defaultUrl = '', defaultUsername = '', submitLabel, disabled, onBusy, onConnected }: Props) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    resolver: zodResolver(syncConnectInput) as never,
    defaultValues: { url: defaultUrl, username: defaultUsername, password: '', deviceName: defaultDeviceName(t) },
  });

  useEffect(() => onBusy?.(isSubmitting), [isSubmitting, onBusy]);

  const message = (field: FieldName): string | undefined => {
    const error = errors[field];
    if (!error) return undefined;
    return error.type === 'server' && error.message ? error.message : t(`sync.form.invalid.${field}`);
  };

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const status = await send('sync.connect', values);
      await onConnected(status);
    } catch (err) {
      resetField('password', { keepError: true });
      setFailure(placeServerIssues(err, FIELDS, setError));
    }
  });

  const { field, a11y } = formFields<FieldName>(prefix, message);
  const off = disabled || isSubmitting;

  /** A field whose hint stays under it until an error takes its place. */
  const hinted = (name: FieldName, label: string, hint: string, input: ReactNode) =>
    message(name) ? (
      field(name, label, input)
    ) : (
      <div className="field">
        <label htmlFor={`${prefix}-${name}`}>{label}</label>
        {input}
        <p className="field-hint">{hint}</p>
      </div>
    );

  return (
    <form className="connect-form" onSubmit={(e) => void submit(e)} noValidate data-testid={`${prefix}-form`}>
      {/* A disabled fieldset (not disabled inputs, which react-hook-form would read as empty) while connecting. */}
      <fieldset className="connect-fieldset" disabled={off}>
        {hinted(
          'url',
          t('sync.form.url'),
          t('sync.form.urlHint'),
          <input
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="http://192.168.1.20:8787"
            {...register('url', { setValueAs: withScheme })}
            {...a11y('url')}
          />,
        )}
        <div className="connect-form-pair">
          {field('username', t('sync.form.username'), <input autoComplete="username" autoCapitalize="none" spellCheck={false} {...register('username')} {...a11y('username')} />)}
          {field('password', t('sync.form.password'), <input type="password" autoComplete="current-password" {...register('password')} {...a11y('password')} />)}
        </div>
        {hinted('deviceName', t('sync.form.deviceName'), t('sync.form.deviceNameHint'), <input autoComplete="off" maxLength={120} {...register('deviceName')} {...a11y('deviceName')} />)}
      </fieldset>
      {isSubmitting ? <SyncProgress testId={`${prefix}-progress`} /> : null}
      {failure ? <ConnectError error={failure} testId={`${prefix}-error`} /> : null}
      <button type="submit" className="btn btn-primary connect-submit" disabled={off} data-testid={`${prefix}-submit`}>
        {isSubmitting ? t('sync.form.connecting') : submitLabel}
      </button>
    </form>
  );
}
