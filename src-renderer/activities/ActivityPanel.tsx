import { useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES, type ActivityRow, type ActivityType } from '../../src-shared';
import { send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useSubmit } from '../shell/useSubmit';
import { fromLocalInput, toLocalInput } from './datetime';

const HOUR = 3_600_000;

/** A client's activities: log what was done or plan what is next; complete, move or cancel planned ones. */
export function ActivityPanel({ clientId, activities, mayWork }: { clientId: string; activities: ActivityRow[]; mayWork: boolean }) {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const [open, setOpen] = useState<{ id: string; kind: 'complete' | 'reschedule' } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const when = (at: number) => format(at, 'PPp', { locale });
  const cancel = (id: string) => send('activities.cancel', { id }).then(() => setError(null), setError);

  return (
    <div className="activity-panel">
      {mayWork ? <NewActivityForm clientId={clientId} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {activities.length === 0 ? <p className="muted">{t('clients.noActivities')}</p> : null}
      <ol className="history" data-testid="client-activities">
        {activities.map((a) => (
          <li key={a.id} data-testid="client-activity" data-state={a.state} data-type={a.type} data-activity-id={a.id}>
            <span className="history-what">
              {t(`activities.types.${a.type}`)} · <span className={`activity-state state-${a.state}${a.state === 'planned' && a.dueAt! < Date.now() ? ' overdue' : ''}`}>{t(`activities.states.${a.state}`)}</span>
              {a.outcome ? ` — ${a.outcome}` : ''}
            </span>
            <span className="muted small">
              {a.userName ?? '—'} · {when(a.doneAt ?? a.dueAt ?? a.createdAt)}
              {a.notes ? ` · ${a.notes}` : ''}
            </span>
            {a.state === 'planned' && mayWork ? (
              <span className="activity-actions">
                <button type="button" className="btn btn-small" onClick={() => setOpen({ id: a.id, kind: 'complete' })} data-testid="activity-complete">
                  {t('activities.complete')}
                </button>
                <button type="button" className="btn btn-small btn-quiet" onClick={() => setOpen({ id: a.id, kind: 'reschedule' })} data-testid="activity-reschedule">
                  {t('activities.reschedule')}
                </button>
                <button type="button" className="btn btn-small btn-quiet" onClick={() => void cancel(a.id)} data-testid="activity-cancel">
                  {t('activities.cancel')}
                </button>
              </span>
            ) : null}
            {open?.id === a.id ? <ActivityStep activity={a} kind={open.kind} onDone={() => setOpen(null)} /> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function ActivityStep({ activity, kind, onDone }: { activity: ActivityRow; kind: 'complete' | 'reschedule'; onDone: () => void }) {
  const { t } = useTranslation();
  const [at, setAt] = useState(toLocalInput(kind === 'complete' ? Date.now() : (activity.dueAt ?? Date.now()) + 24 * HOUR));
  const [outcome, setOutcome] = useState('');
  const { pending, error, onSubmit } = useSubmit(async () => {
    const time = fromLocalInput(at) ?? Date.now();
    if (kind === 'complete') await send('activities.complete', { id: activity.id, doneAt: time, outcome });
    else await send('activities.reschedule', { id: activity.id, dueAt: time });
  }, onDone);
  return (
    <form className="activity-step" onSubmit={onSubmit} data-testid={`activity-${kind}-form`}>
      <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} aria-label={kind === 'complete' ? t('activities.doneAt') : t('activities.dueAt')} data-testid="activity-time" />
      {kind === 'complete' ? (
        <input value={outcome} onChange={(e) => setOutcome(e.target.value)} placeholder={t('activities.outcome')} maxLength={300} data-testid="activity-outcome" />
      ) : null}
      <button type="submit" className="btn btn-small btn-primary" disabled={pending} data-testid="activity-step-save">
        {kind === 'complete' ? t('activities.markDone') : t('activities.move')}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={onDone}>
        {t('common.cancel')}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}

function NewActivityForm({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const [type, setType] = useState<ActivityType>('phone');
  const [state, setState] = useState<'done' | 'planned'>('done');
  const [at, setAt] = useState(toLocalInput(Date.now()));
  const [outcome, setOutcome] = useState('');
  const { pending, error, onSubmit } = useSubmit(
    async () => {
      const time = fromLocalInput(at) ?? Date.now();
      if (state === 'done') await send('activities.create', { state, clientId, type, doneAt: time, outcome });
      else await send('activities.create', { state, clientId, type, dueAt: time, notes: outcome });
      setOutcome('');
    },
    () => undefined,
  );
  return (
    <form className="activity-form" onSubmit={onSubmit} data-testid="activity-form">
      <select value={type} onChange={(e) => setType(e.target.value as ActivityType)} aria-label={t('activities.type')} data-testid="activity-type">
        {ACTIVITY_TYPES.map((a) => (
          <option key={a} value={a}>
            {t(`activities.types.${a}`)}
          </option>
        ))}
      </select>
      <select value={state} onChange={(e) => setState(e.target.value as 'done' | 'planned')} aria-label={t('activities.state')} data-testid="activity-state">
        <option value="done">{t('activities.logDone')}</option>
        <option value="planned">{t('activities.plan')}</option>
      </select>
      <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} aria-label={t('activities.when')} data-testid="activity-when" />
      <input value={outcome} onChange={(e) => setOutcome(e.target.value)} placeholder={state === 'done' ? t('activities.outcome') : t('activities.notes')} maxLength={300} data-testid="activity-text" />
      <button type="submit" className="btn btn-small btn-primary" disabled={pending} data-testid="activity-add">
        {t('activities.add')}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
