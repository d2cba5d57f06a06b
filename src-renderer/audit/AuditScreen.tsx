import { useCallback, useEffect, useRef, useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import type { AuditFilters, AuditRow } from '../../src-shared';
import { send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';

const PAGE = 100;
const dayStart = (value: string, offset = 0) => {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y!, m! - 1, d! + offset).getTime();
};

/** The details people read (ids are in the CSV export). */
const describeDetails = (details: Record<string, unknown> | null) =>
  details
    ? Object.entries(details)
        .filter(([k, v]) => !/Id$/.test(k) && v !== null && v !== undefined)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' · ')
    : '';

/** Saves text as a file in both Electron and browser mode (a download from a Blob URL). */
function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Who did what and when: filter by user, action and dates; export what is shown to CSV. */
export function AuditScreen() {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const { lookups } = useLookups();
  const [userId, setUserId] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const filters: AuditFilters = {
    ...(userId ? { userId } : {}),
    ...(action ? { action } : {}),
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayStart(to, 1) } : {}),
  };
  const key = JSON.stringify(filters);

  const load = useCallback(
    (cursor?: string) => {
      const id = ++seq.current;
      send('audit.list', { filters: JSON.parse(key) as AuditFilters, limit: PAGE, ...(cursor ? { cursor } : {}) }).then((page) => {
        if (id !== seq.current) return;
        setRows((current) => (cursor ? [...current, ...page.rows] : page.rows));
        setActions(page.actions);
        setNext(page.nextCursor);
        setError(null);
      }, setError);
    },
    [key],
  );
  useEffect(() => load(), [load]);

  const exportCsv = async () => {
    try {
      const file = await send('audit.exportCsv', { filters });
      download(file.fileName, file.csv);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="admin-screen" data-testid="audit-screen">
      <div className="admin-header">
        <h1>{t('audit.title')}</h1>
        <button type="button" className="btn" onClick={() => void exportCsv()} data-testid="audit-export">
          {t('audit.export')}
        </button>
      </div>
      <div className="filter-bar">
        <label className="filter">
          <span>{t('audit.user')}</span>
          <select value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="audit-user">
            <option value="">{t('filters.anyone')}</option>
            {lookups.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('audit.action')}</span>
          <select value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action">
            <option value="">{t('filters.any')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`audit.actions.${a}`, { defaultValue: a })}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('filters.from')}</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="audit-from" />
        </label>
        <label className="filter">
          <span>{t('filters.to')}</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="audit-to" />
        </label>
      </div>
      {error ? <ErrorMessage error={error} onRetry={() => load()} /> : null}
      <div className="card table-card audit-table-card">
        <table className="simple-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('audit.when')}</th>
              <th>{t('audit.user')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row" data-action={r.action}>
                <td className="nowrap">{format(r.at, 'PPp', { locale })}</td>
                <td>{r.userName ?? '—'}</td>
                <td>{t(`audit.actions.${r.action}`, { defaultValue: r.action })}</td>
                <td className="audit-details">{describeDetails(r.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && !error ? <p className="state-message">{t('audit.none')}</p> : null}
        {next ? (
          <div className="table-footer">
            <button type="button" className="btn btn-small" onClick={() => load(next)}>
              {t('inbox.loadMore')}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
