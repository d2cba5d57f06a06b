import { useCallback, useEffect, useRef, useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import type { ClientRow } from '../../src-shared';
import { formatPhone } from '../../src-shared/text/normalize';
import { onEvent, send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { fullName } from '../leads/columns';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useNavigate } from '../shell/navigation';

const PAGE = 100;
const SEARCH_DELAY_MS = 250;

/** Every client, newest first, with the inbox's search (names without diacritics, e-mail, any phone notation). */
export function ClientsScreen() {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [rows, setRows] = useState<ClientRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  useEffect(() => {
    const timer = setTimeout(() => setApplied(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const load = useCallback(
    (cursor?: string) => {
      const id = ++seq.current;
      send('clients.list', { ...(applied ? { search: applied } : {}), limit: PAGE, ...(cursor ? { cursor } : {}) }).then((page) => {
        if (id !== seq.current) return;
        setRows((current) => (cursor ? [...current, ...page.rows] : page.rows));
        setNext(page.nextCursor);
        setError(null);
      }, setError);
    },
    [applied],
  );
  useEffect(() => {
    load();
    return onEvent('clients.changed', () => load());
  }, [load]);

  return (
    <section className="clients" data-testid="clients" aria-labelledby="clients-title">
      <div className="clients-header">
        <h1 id="clients-title">{t('clients.title')}</h1>
        <label className="search-box">
          <span className="visually-hidden">{t('clients.search')}</span>
          <input type="search" value={search} placeholder={t('filters.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} data-testid="clients-search" autoFocus />
        </label>
      </div>
      {error ? <ErrorMessage error={error} onRetry={() => load()} /> : null}
      <div className="table-scroll">
        <table className="data-table clients-table">
          <thead>
            <tr>
              <th><span className="th-plain">{t('leads.columns.name')}</span></th>
              <th><span className="th-plain">{t('leads.columns.phone')}</span></th>
              <th><span className="th-plain">{t('leads.columns.email')}</span></th>
              <th><span className="th-plain">{t('clients.owner')}</span></th>
              <th><span className="th-plain">{t('clients.stage')}</span></th>
              <th><span className="th-plain">{t('clients.created')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} className="lead-row" onClick={() => navigate({ kind: 'client', id: c.id })} data-testid="client-row" data-client-id={c.id}>
                <td>
                  <strong>{fullName(c) || t('leads.noName')}</strong>
                </td>
                <td className="tabular">{c.phoneE164 ? formatPhone(c.phoneE164) : (c.phoneRaw ?? '—')}</td>
                <td>{c.email ?? '—'}</td>
                <td>{c.ownerName ?? '—'}</td>
                <td>
                  <span className={`stage-badge stage-${c.stage}`}>{t(`clients.stages.${c.stage}`)}</span>
                  {c.cold ? <span className="cold-badge">{t('clients.cold')}</span> : null}
                </td>
                <td>{format(c.createdAt, 'PP', { locale })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && !error ? <p className="state-message">{applied ? t('clients.noneFound') : t('clients.none')}</p> : null}
        {next ? (
          <div className="table-footer">
            <button type="button" className="btn btn-small" onClick={() => load(next)} data-testid="clients-more">
              {t('inbox.loadMore')}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
