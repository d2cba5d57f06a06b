import { useCallback, useEffect, useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import type { MyDay, MyDayItem } from '../../src-shared';
import { formatPhone } from '../../src-shared/text/normalize';
import { onEvent, send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useNavigate } from '../shell/navigation';
import { endOfToday } from './datetime';

/** The signed-in user's planned work: overdue (red), today, and the next seven days. */
export function MyDayScreen() {
  const { t } = useTranslation();
  const [day, setDay] = useState<MyDay | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    send('activities.myDay', { endOfToday: endOfToday() }).then((value) => {
      setDay(value);
      setError(null);
    }, setError);
  }, []);
  useEffect(() => {
    load();
    const off = onEvent('activities.changed', load);
    // Something planned for later falls due while the screen is open.
    const timer = setInterval(load, 60_000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [load]);

  return (
    <section className="admin-screen my-day" data-testid="my-day">
      <h1>{t('myDay.title')}</h1>
      {error ? <ErrorMessage error={error} onRetry={load} /> : null}
      {day ? (
        <div className="my-day-columns">
          <DayList title={t('myDay.overdue')} items={day.overdue} tone="overdue" testId="my-day-overdue" />
          <DayList title={t('myDay.today')} items={day.today} tone="today" testId="my-day-today" />
          <DayList title={t('myDay.upcoming')} items={day.upcoming} tone="upcoming" testId="my-day-upcoming" />
        </div>
      ) : null}
    </section>
  );
}

function DayList({ title, items, tone, testId }: { title: string; items: MyDayItem[]; tone: string; testId: string }) {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const navigate = useNavigate();
  return (
    <div className={`card day-list day-${tone}`} data-testid={testId}>
      <h2>
        {title} <span className="count-pill">{items.length}</span>
      </h2>
      {items.length === 0 ? <p className="muted small">{t('myDay.nothing')}</p> : null}
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            <button type="button" onClick={() => navigate({ kind: 'client', id: i.clientId })} data-testid="my-day-item">
              <span className="day-time">{format(i.dueAt, tone === 'today' ? 'p' : 'PPp', { locale })}</span>
              <strong>{t(`activities.types.${i.type}`)}</strong> · {i.clientName || t('leads.noName')}
              {i.clientPhone ? <span className="tabular muted"> · {formatPhone(i.clientPhone)}</span> : null}
              {i.notes ? <span className="muted small"> — {i.notes}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
