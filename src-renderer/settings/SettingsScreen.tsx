import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeletionReason } from '../../src-shared';
import { DEFAULT_WORKING_HOURS } from '../../src-shared/sla/working-time';
import { send } from '../api/client';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useNotify } from '../shell/notices';
import { useLookups } from './lookups';
import { OfficeServerCard } from './OfficeServerCard';

/** Office settings for admins: deletion reasons, phone region, response times and the pipeline's lists. */
export function SettingsScreen() {
  const { t } = useTranslation();
  return (
    <section className="settings" data-testid="settings">
      <h1>{t('settings.title')}</h1>
      <div className="settings-grid">
        <DeletionReasons />
        <PhoneRegion />
        <ResponseTimes />
        <Pipeline />
        <OfficeCalendar />
        <OfficeServerCard />
      </div>
    </section>
  );
}

function DeletionReasons() {
  const { t } = useTranslation();
  const { lookups } = useLookups();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<unknown>(null);

  const save = async (reason: Partial<DeletionReason> & { label: string }) => {
    setError(null);
    try {
      await send('deletionReasons.save', reason);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await save({ label })) setLabel('');
  };

  return (
    <div className="card settings-card">
      <h2>{t('settings.reasons.title')}</h2>
      <p className="muted">{t('settings.reasons.intro')}</p>
      <ul className="reason-list" data-testid="reason-list">
        {lookups.deletionReasons.map((r) => (
          <li key={r.id} className={r.active ? '' : 'inactive'}>
            <input
              defaultValue={r.label}
              aria-label={t('settings.reasons.label')}
              onBlur={(e) => e.target.value.trim() !== r.label && void save({ id: r.id, label: e.target.value, active: r.active })}
            />
            <label className="choice-inline">
              <input type="checkbox" checked={r.active} onChange={(e) => void save({ id: r.id, label: r.label, active: e.target.checked })} />{' '}
              {t('settings.reasons.active')}
            </label>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder={t('settings.reasons.newPlaceholder')} data-testid="reason-new" maxLength={80} />
        <button type="submit" className="btn" disabled={!label.trim()} data-testid="reason-add">
          {t('settings.reasons.add')}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

function PhoneRegion() {
  const { t } = useTranslation();
  const notify = useNotify();
  const { lookups } = useLookups();
  const [region, setRegion] = useState(lookups.settings.phoneRegion);
  const [minutes, setMinutes] = useState(String(lookups.settings.firstCallDueMinutes));
  const [teamSeesAll, setTeamSeesAll] = useState(lookups.settings.teamSeesAll);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const saved = await send('settings.update', { phoneRegion: region, firstCallDueMinutes: Number(minutes), teamSeesAll });
      notify({ text: t('settings.saved') });
      setRegion(saved.phoneRegion);
      setMinutes(String(saved.firstCallDueMinutes));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card settings-card">
      <h2>{t('settings.phone.title')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{t('settings.phone.region')}</span>
          <input value={region} onChange={(e) => setRegion(e.target.value)} maxLength={2} size={4} data-testid="phone-region" />
          <span className="field-hint">{t('settings.phone.intro')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('settings.firstCall.label')}</span>
          <input type="number" min={0} max={10080} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="first-call-minutes" />
          <span className="field-hint">{t('settings.firstCall.hint')}</span>
        </label>
        <label className="choice-inline field">
          <input type="checkbox" checked={teamSeesAll} onChange={(e) => setTeamSeesAll(e.target.checked)} data-testid="team-sees-all" /> {t('settings.teamSeesAll')}
        </label>
        <button type="submit" className="btn" data-testid="phone-region-save">
          {t('settings.save')}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function ResponseTimes() {
  const { t } = useTranslation();
  const notify = useNotify();
  const { settings } = useLookups().lookups;
  const [amber, setAmber] = useState(String(settings.slaAmberMinutes));
  const [red, setRed] = useState(String(settings.slaRedMinutes));
  const [useHours, setUseHours] = useState(settings.workingHours !== null);
  const hours = settings.workingHours ?? DEFAULT_WORKING_HOURS;
  const [days, setDays] = useState<number[]>(hours.days);
  const [start, setStart] = useState(hours.start);
  const [end, setEnd] = useState(hours.end);
  const [timeZone, setTimeZone] = useState(hours.timeZone);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await send('settings.update', {
        slaAmberMinutes: Number(amber),
        slaRedMinutes: Number(red),
        workingHours: useHours ? { timeZone, days: [...days].sort(), start, end } : null,
      });
      notify({ text: t('settings.saved') });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card settings-card">
      <h2>{t('settings.sla.title')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <div className="inline-fields">
          <label className="field">
            <span className="field-label">{t('settings.sla.amber')}</span>
            <input type="number" min={1} value={amber} onChange={(e) => setAmber(e.target.value)} data-testid="sla-amber" />
          </label>
          <label className="field">
            <span className="field-label">{t('settings.sla.red')}</span>
            <input type="number" min={1} value={red} onChange={(e) => setRed(e.target.value)} data-testid="sla-red" />
          </label>
        </div>
        <label className="choice-inline field">
          <input type="checkbox" checked={useHours} onChange={(e) => setUseHours(e.target.checked)} data-testid="sla-working-hours" /> {t('settings.sla.workingHours')}
        </label>
        {useHours ? (
          <fieldset className="inline-choices">
            <legend>{t('settings.sla.days')}</legend>
            {WEEKDAYS.map((d) => (
              <label key={d} className="choice-inline">
                <input type="checkbox" checked={days.includes(d)} onChange={(e) => setDays((ds) => (e.target.checked ? [...ds, d] : ds.filter((x) => x !== d)))} />{' '}
                {t(`settings.sla.weekdays.${d}`)}
              </label>
            ))}
            <label className="choice-inline">
              {t('settings.sla.from')} <input type="time" value={start} onChange={(e) => setStart(e.target.value)} />
            </label>
            <label className="choice-inline">
              {t('settings.sla.to')} <input type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
            </label>
            <label className="choice-inline">
              {t('settings.sla.timeZone')} <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} size={16} />
            </label>
          </fieldset>
        ) : null}
        <button type="submit" className="btn" data-testid="sla-save">
          {t('settings.save')}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

/** "2, 7 14" -> [2, 7, 14]; null when something is not a whole number. */
function parseDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : null;
}

function Pipeline() {
  const { t } = useTranslation();
  const notify = useNotify();
  const { settings } = useLookups().lookups;
  const [reasons, setReasons] = useState(settings.lostReasons.join('\n'));
  const [followUps, setFollowUps] = useState(settings.followUpDays.join(', '));
  const [coldAfter, setColdAfter] = useState(String(settings.coldAfterDays));
  const [daysInvalid, setDaysInvalid] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const followUpDays = parseDays(followUps);
    setDaysInvalid(!followUpDays);
    if (!followUpDays) return;
    const lostReasons = [...new Set(reasons.split('\n').map((r) => r.trim()).filter(Boolean))];
    try {
      const saved = await send('settings.update', { lostReasons, followUpDays, coldAfterDays: Number(coldAfter) });
      setReasons(saved.lostReasons.join('\n'));
      setFollowUps(saved.followUpDays.join(', '));
      notify({ text: t('settings.saved') });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card settings-card">
      <h2>{t('settings.pipeline.title')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{t('settings.pipeline.lostReasons')}</span>
          <textarea rows={6} value={reasons} onChange={(e) => setReasons(e.target.value)} data-testid="lost-reasons" />
          <span className="field-hint">{t('settings.pipeline.lostReasonsHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('settings.pipeline.followUpDays')}</span>
          <input value={followUps} onChange={(e) => setFollowUps(e.target.value)} aria-invalid={daysInvalid} data-testid="follow-up-days" />
          {daysInvalid ? (
            <span className="field-error" role="alert">
              {t('settings.pipeline.daysInvalid')}
            </span>
          ) : (
            <span className="field-hint">{t('settings.pipeline.followUpDaysHint')}</span>
          )}
        </label>
        <label className="field">
          <span className="field-label">{t('settings.pipeline.coldAfterDays')}</span>
          <input type="number" min={1} max={365} value={coldAfter} onChange={(e) => setColdAfter(e.target.value)} data-testid="cold-after-days" />
        </label>
        <button type="submit" className="btn" data-testid="pipeline-save">
          {t('settings.save')}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

/** IANA zones this runtime knows, for the time zone field's suggestions. */
const TIME_ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** The office's time zone (reports count days and months in it) and the currency marketing spend is entered in. */
function OfficeCalendar() {
  const { t } = useTranslation();
  const notify = useNotify();
  const { settings } = useLookups().lookups;
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [currency, setCurrency] = useState(settings.currency);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const saved = await send('settings.update', { timeZone: timeZone.trim(), currency });
      setTimeZone(saved.timeZone);
      setCurrency(saved.currency);
      notify({ text: t('settings.saved') });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card settings-card">
      <h2>{t('settings.office.title')}</h2>
      <form className="office-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{t('settings.office.timeZone')}</span>
          <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} list="office-time-zones" maxLength={64} data-testid="office-time-zone" />
          <datalist id="office-time-zones">
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <span className="field-hint">{t('settings.office.timeZoneHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('settings.office.currency')}</span>
          <input value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} maxLength={3} size={5} className="currency-input" data-testid="office-currency" />
          <span className="field-hint">{t('settings.office.currencyHint')}</span>
        </label>
        <button type="submit" className="btn" data-testid="office-save">
          {t('settings.save')}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}
