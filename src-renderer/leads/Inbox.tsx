import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEAD_STATUSES } from '../../src-shared';
import { onEvent, toApiClientError } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shell/ErrorMessage';
import { LeadsTable } from './LeadsTable';
import { StatusTabs } from './StatusTabs';
import type { InboxTab } from './StatusTabs';
import { useLeadCounts } from './useLeadCounts';
import { useLeadPages } from './useLeadPages';

const PANEL_ID = 'inbox-panel';
const REFRESH_DELAY_MS = 250;

/** Status tabs with counts over a table of leads; refetches when the service reports changed leads. */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const { sessionLost } = useSession();
  const [tab, setTab] = useState<InboxTab>('new');

  /** Returns true when the error was handled here (the session is gone: back to sign-in). */
  const onError = useCallback(
    (err: unknown) => {
      if (toApiClientError(err).code !== 'UNAUTHENTICATED') return false;
      sessionLost();
      return true;
    },
    [sessionLost],
  );

  const counts = useLeadCounts(onError);
  const leads = useLeadPages(tab === 'all' ? undefined : tab, onError);
  const { refresh: refreshCounts } = counts;
  const { refresh: refreshLeads } = leads;

  // Bursts of changes (an import, a sync) cause one refetch, not one per event.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const off = onEvent('leads.changed', () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        refreshCounts();
        refreshLeads();
      }, REFRESH_DELAY_MS);
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refreshCounts, refreshLeads]);

  const total = counts.counts
    ? tab === 'all'
      ? LEAD_STATUSES.reduce((sum, s) => sum + (counts.counts?.[s] ?? 0), 0)
      : counts.counts[tab]
    : null;
  const num = new Intl.NumberFormat(i18n.resolvedLanguage);
  const retry = () => {
    refreshCounts();
    refreshLeads();
  };

  return (
    <section className="inbox" data-testid="inbox" aria-labelledby="inbox-title">
      <div className="inbox-header">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <StatusTabs active={tab} counts={counts.counts} onChange={setTab} panelId={PANEL_ID} />
      </div>
      {counts.error && !leads.error ? <ErrorMessage error={counts.error} onRetry={refreshCounts} testId="counts-error" /> : null}
      <div className="inbox-panel" id={PANEL_ID} role="tabpanel" aria-labelledby={`tab-${tab}`} aria-busy={leads.loading}>
        {leads.error && leads.rows.length > 0 ? <ErrorMessage error={leads.error} onRetry={retry} testId="inbox-error" /> : null}
        {leads.loading ? (
          <p className="state-message" role="status">
            {t('inbox.loading')}
          </p>
        ) : leads.error && leads.rows.length === 0 ? (
          <div className="state-block">
            <h2>{t('inbox.errorTitle')}</h2>
            <ErrorMessage error={leads.error} onRetry={retry} testId="inbox-error" />
          </div>
        ) : leads.rows.length === 0 ? (
          <div className="state-block" data-testid="inbox-empty">
            <h2>{t(`inbox.empty.${tab}.title`)}</h2>
            <p className="muted">{t(`inbox.empty.${tab}.text`)}</p>
          </div>
        ) : (
          <div className="table-scroll">
            <LeadsTable rows={leads.rows} />
            <div className="table-footer">
              <span className="muted" data-testid="inbox-shown">
                {total !== null && total >= leads.rows.length
                  ? t('inbox.shownOf', { shown: num.format(leads.rows.length), count: total, total: num.format(total) })
                  : t('inbox.shown', { count: leads.rows.length, shown: num.format(leads.rows.length) })}
              </span>
              {leads.nextCursor ? (
                <button
                  type="button"
                  className="btn"
                  onClick={leads.loadMore}
                  disabled={leads.loadingMore}
                  data-testid="load-more"
                >
                  {leads.loadingMore ? t('inbox.loadingMore') : t('inbox.loadMore')}
                </button>
              ) : null}
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
