import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { CountryCode } from 'libphonenumber-js';
import { canAssignToOthers, clientFieldsSchema, type ClientFields, type SessionUser } from '../../src-shared';
import { formFields, placeServerIssues, resolverWithPhone } from '../forms/hook-form';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';

export interface ClientFormValues {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  originSourceId: string;
  preferredInvestmentId: string;
  description: string;
  consentDataProcessing: boolean;
  consentMarketingEmail: boolean;
  consentMarketingPhone: boolean;
  ownerUserId: string;
}

const FIELDS = ['firstName', 'lastName', 'phone', 'email', 'originSourceId', 'preferredInvestmentId', 'description', 'ownerUserId'] as const;
type Field = (typeof FIELDS)[number];

interface Props {
  me: SessionUser;
  defaults: ClientFormValues;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (client: ClientFields) => Promise<void>;
  onCancel: () => void;
  testId: string;
}

/** The client's details, as a new client from a lead (pre-filled) or when editing a client card. */
export function ClientForm({ me, defaults, submitLabel, pendingLabel, onSubmit, onCancel, testId }: Props) {
  const { t } = useTranslation();
  const { lookups } = useLookups();
  const region = lookups.settings.phoneRegion as CountryCode;
  const resolver = useMemo(() => resolverWithPhone<ClientFormValues, ClientFields>(clientFieldsSchema, region, t('addLead.phoneInvalid', { region })), [region, t]);
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ClientFormValues, unknown, ClientFields>({ resolver, defaultValues: defaults });

  const submit = handleSubmit(async (client) => {
    setFailure(null);
    try {
      await onSubmit(client);
    } catch (err) {
      setFailure(placeServerIssues(err, FIELDS, setError, 'client.'));
    }
  });

  const message = (name: Field) => {
    const error = errors[name];
    return error ? t([`validation.client.${name}.${error.type}`], { defaultValue: error.message ?? '' }) : undefined;
  };
  const { field, a11y } = formFields<Field>(testId, message);
  const owners = lookups.users.filter((u) => u.active && (canAssignToOthers(me) || u.id === me.id || u.id === defaults.ownerUserId));

  return (
    <form className="client-form" onSubmit={(e) => void submit(e)} noValidate data-testid={testId}>
      <div className="form-grid">
        {field('firstName', t('addLead.firstName'), <input autoComplete="off" data-autofocus {...register('firstName')} {...a11y('firstName')} />)}
        {field('lastName', t('addLead.lastName'), <input autoComplete="off" {...register('lastName')} {...a11y('lastName')} />)}
        {field('phone', t('addLead.phone'), <input type="tel" autoComplete="off" {...register('phone')} {...a11y('phone')} />)}
        {field('email', t('addLead.email'), <input type="email" autoComplete="off" {...register('email')} {...a11y('email')} />)}
        {field(
          'originSourceId',
          t('clients.origin'),
          <select {...register('originSourceId')} {...a11y('originSourceId')}>
            <option value="">—</option>
            {lookups.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          'preferredInvestmentId',
          t('clients.investment'),
          <select {...register('preferredInvestmentId')} {...a11y('preferredInvestmentId')}>
            <option value="">{t('addLead.noInvestment')}</option>
            {lookups.investments.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          'ownerUserId',
          t('clients.owner'),
          <select {...register('ownerUserId')} {...a11y('ownerUserId')} disabled={!canAssignToOthers(me)}>
            {owners.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>,
        )}
      </div>
      {field('description', t('clients.description'), <textarea rows={3} {...register('description')} {...a11y('description')} />)}
      <fieldset className="inline-choices">
        <legend>{t('detail.consents')}</legend>
        {(['consentDataProcessing', 'consentMarketingEmail', 'consentMarketingPhone'] as const).map((c) => (
          <label key={c} className="choice-inline">
            <input type="checkbox" {...register(c)} data-testid={`${testId}-${c}`} /> {t(`detail.${c}`)}
          </label>
        ))}
      </fieldset>
      {failure ? <ErrorMessage error={failure} testId={`${testId}-error`} /> : null}
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={isSubmitting} data-testid={`${testId}-submit`}>
          {isSubmitting ? pendingLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
