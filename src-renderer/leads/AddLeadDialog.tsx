import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { CountryCode } from 'libphonenumber-js';
import { canAssignToOthers, leadCreateInput, LEAD_PRIORITIES, type LeadCreateArgs, type LeadDetail, type SessionUser } from '../../src-shared';
import { send } from '../api/client';
import { formFields, placeServerIssues, resolverWithPhone } from '../forms/hook-form';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';

interface FormValues {
  sourceId: string;
  investmentId: string;
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  message: string;
  language: string;
  consentDataProcessing: boolean;
  consentMarketingEmail: boolean;
  consentMarketingPhone: boolean;
  priority: (typeof LEAD_PRIORITIES)[number];
  assigneeId: string;
}

const FIELDS = ['sourceId', 'investmentId', 'firstName', 'lastName', 'phone', 'email', 'message', 'language', 'assigneeId'] as const;
const LANGUAGES = ['pl', 'en', 'uk', 'ru', 'de', 'es', 'pt'];
const UNASSIGNED = '';

interface Props {
  me: SessionUser;
  onCreated: (lead: LeadDetail) => void;
  onClose: () => void;
}

/** A lead from a phone call or a walk-in, typed in by hand. */
export function AddLeadDialog({ me, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const { lookups } = useLookups();
  const region = lookups.settings.phoneRegion as CountryCode;
  const resolver = useMemo(() => resolverWithPhone<FormValues, LeadCreateArgs>(leadCreateInput, region, t('addLead.phoneInvalid', { region })), [region, t]);
  const defaultSource = lookups.sources.find((s) => s.active && s.kind === 'phone') ?? lookups.sources.find((s) => s.active);
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormValues, unknown, LeadCreateArgs>({
    resolver,
    defaultValues: {
      sourceId: defaultSource?.id ?? '',
      investmentId: '',
      firstName: '',
      lastName: '',
      phone: '',
      email: '',
      message: '',
      language: 'pl',
      consentDataProcessing: false,
      consentMarketingEmail: false,
      consentMarketingPhone: false,
      priority: 'standard',
      assigneeId: canAssignToOthers(me) ? UNASSIGNED : me.id,
    },
  });

  /** Each problem in plain words next to its field, in the UI language where we have the words. */
  const message = (field: (typeof FIELDS)[number]): string | undefined => {
    const error = errors[field];
    if (!error) return undefined;
    return t([`validation.leadCreate.${field}.${error.type}`, `validation.leadCreate.${field}.any`], { defaultValue: error.message ?? '' });
  };

  const submit = handleSubmit(async (lead) => {
    setFailure(null);
    try {
      const created = await send('leads.create', { ...lead, assigneeId: lead.assigneeId ? lead.assigneeId : null });
      onCreated(created);
      onClose();
    } catch (err) {
      setFailure(placeServerIssues(err, FIELDS, setError));
    }
  });

  const { field, a11y } = formFields<(typeof FIELDS)[number]>('add', message);

  return (
    <Modal title={t('addLead.title')} onClose={onClose} testId="add-lead-dialog" wide>
      <form className="modal-body add-lead-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          {field(
            'sourceId',
            t('addLead.source'),
            <select {...register('sourceId')} {...a11y('sourceId')}>
              <option value="">{t('addLead.chooseSource')}</option>
              {lookups.sources
                .filter((s) => s.active)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </select>,
          )}
          {field(
            'investmentId',
            t('addLead.investment'),
            <select {...register('investmentId')} {...a11y('investmentId')}>
              <option value="">{t('addLead.noInvestment')}</option>
              {lookups.investments
                .filter((i) => i.active)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
            </select>,
          )}
          {field('firstName', t('addLead.firstName'), <input autoComplete="off" data-autofocus {...register('firstName')} {...a11y('firstName')} />)}
          {field('lastName', t('addLead.lastName'), <input autoComplete="off" {...register('lastName')} {...a11y('lastName')} />)}
          {field('phone', t('addLead.phone'), <input type="tel" autoComplete="off" placeholder="600 100 200" {...register('phone')} {...a11y('phone')} />)}
          {field('email', t('addLead.email'), <input type="email" autoComplete="off" placeholder="name@example.com" {...register('email')} {...a11y('email')} />)}
          {field(
            'language',
            t('addLead.language'),
            <select {...register('language')} {...a11y('language')}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`addLead.languages.${l}`)}
                </option>
              ))}
            </select>,
          )}
          {field(
            'assigneeId',
            t('addLead.assignee'),
            <select {...register('assigneeId')} {...a11y('assigneeId')}>
              <option value={UNASSIGNED}>{t('leads.unassigned')}</option>
              {lookups.users
                .filter((u) => u.active && (canAssignToOthers(me) || u.id === me.id))
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName}
                  </option>
                ))}
            </select>,
          )}
        </div>
        {field('message', t('addLead.message'), <textarea rows={3} {...register('message')} {...a11y('message')} />)}
        <fieldset className="inline-choices">
          <legend>{t('detail.priority')}</legend>
          {LEAD_PRIORITIES.map((p) => (
            <label key={p} className="choice-inline">
              <input type="radio" value={p} {...register('priority')} /> {t(`leads.priority.${p}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="inline-choices">
          <legend>{t('detail.consents')}</legend>
          {(['consentDataProcessing', 'consentMarketingEmail', 'consentMarketingPhone'] as const).map((c) => (
            <label key={c} className="choice-inline">
              <input type="checkbox" {...register(c)} data-testid={`add-${c}`} /> {t(`detail.${c}`)}
            </label>
          ))}
        </fieldset>
        <p className="muted small">{t('addLead.contactRule')}</p>
        {failure ? <ErrorMessage error={failure} testId="add-lead-error" /> : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={isSubmitting} data-testid="add-lead-submit">
            {isSubmitting ? t('addLead.saving') : t('addLead.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
