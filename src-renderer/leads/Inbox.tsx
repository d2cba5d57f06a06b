import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEAD_STATUSES, type InboxView, type LeadStatus, type SessionUser } from '../../src-shared';
import { onEvent, toApiClientError } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useNotify } from '../shell/notices';
import { ClientWizard } from '../clients/ClientWizard';
import { AddLeadDialog } from './AddLeadDialog';
import { AssignDialog } from './AssignDialog';
import { DeleteDialog } from './DeleteDialog';
import { FilterBar } from './FilterBar';
import { LeadDetailPanel } from './LeadDetailPanel';
import { LeadsTable } from './LeadsTable';
import { SelectionBar } from './SelectionBar';
import { ShortcutsHelp } from './ShortcutsHelp';
import { StatusTabs, type InboxTab } from './StatusTabs';
import { useInboxKeys } from './useInboxKeys';
import { useInboxView } from './useInboxView';
import { useLeadActions } from './useLeadActions';
import { useLeadCounts } from './useLeadCounts';
import { useLeadPages } from './useLeadPages';

const PANEL_ID = 'inbox-panel';
const REFRESH_DELAY_MS = 250;

type Dialog =
  | { kind: 'delete'; ids: string[] }
  | { kind: 'assign'; ids: string[]; current: string | null }
  | { kind: 'client'; leadId: string }
  | { kind: 'add' }
  | { kind: 'help' }
  | null;

/** Returns true when the error was handled here (the session is gone: back to sign-in). */
function useSessionErrors() {
  const { sessionLost } = useSession();
  return useCallback(
    (err: unknown) => {
      if (toApiClientError(err).code !== 'UNAUTHENTICATED') return false;
      sessionLost();
      return true;
    },
    [sessionLost],
  );
}

/** The advisor's inbox: the saved view (tab, filters, sort) is loaded first, then the workspace. */
export function Inbox({ me }: { me: SessionUser }) {
  const { t } = useTranslation();
  const onError = useSessionErrors();
  const [view, updateView] = useInboxView(onError);
  if (!view) {
    return (
      <p className="state-message" role="status">
        {t('inbox.loading')}
      </p>
    );
  }
  return <InboxWorkspace me={me} view={view} updateView={updateView} onError={onError} />;
}

interface WorkspaceProps {
  me: SessionUser;
  view: InboxView;
  updateView: (change: Partial<InboxView>) => void;
  onError: (err: unknown) => boolean;
}

function InboxWorkspace({ me, view, updateView, onError }: WorkspaceProps) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const actions = useLeadActions();
  const tab: InboxTab = view.status ?? 'all';
  const status = view.status ?? undefined;
  const counts = useLeadCounts(view.filters, onError);
  const allCounts = useLeadCounts({}, onError);
  const leads = useLeadPages({ status, filters: view.filters, sort: view.sort }, onError);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focusedIndex, setFocusedIndex] = useState(-1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { refresh: refreshCounts } = counts;
  const { refresh: refreshAllCounts } = allCounts;
  const { refresh: refreshLeads, rows } = leads;

  // A new query starts with nothing selected or focused.
  const queryKey = JSON.stringify([view.status, view.filters, view.sort]);
  useEffect(() => {
    setSelected(new Set());
    setFocusedIndex(-1);
  }, [queryKey]);
  useEffect(() => {
    if (focusedIndex >= rows.length) setFocusedIndex(rows.length - 1);
  }, [rows.length, focusedIndex]);

  // Bursts of changes (a bulk action, an import, a sync) cause one refetch, not one per event.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const off = onEvent('leads.changed', () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        refreshCounts();
        refreshAllCounts();
        refreshLeads();
      }, REFRESH_DELAY_MS);
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refreshCounts, refreshAllCounts, refreshLeads]);

  // The window title carries the office's New count, visible from the taskbar.
  const newCount = allCounts.counts?.new;
  useEffect(() => {
    document.title = newCount ? `(${newCount}) ${t('app.name')}` : t('app.name');
  }, [newCount, t]);

  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  const focused = focusedIndex >= 0 ? rows[focusedIndex] : undefined;
  /** What an action applies to: the selection, else the focused row, else the open lead. */
  const targets = useCallback((): string[] => {
    if (selected.size) return [...selected];
    if (focused) return [focused.id];
    return openId ? [openId] : [];
  }, [selected, focused, openId]);
  const statusesOf = (ids: string[]) => new Set(ids.map((id) => byId.get(id)?.status).filter((s): s is LeadStatus => !!s));

  const toggle = useCallback((id: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const toggleAll = useCallback(() => {
    setSelected((current) => (rows.length > 0 && rows.every((r) => current.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))));
  }, [rows]);

  const openRow = useCallback(
    (index: number) => {
      setFocusedIndex(index);
      setOpenId(rows[index]?.id ?? null);
    },
    [rows],
  );
  const openDelete = (ids: string[]) => ids.length && setDialog({ kind: 'delete', ids });
  const openAssign = (ids: string[]) => ids.length && setDialog({ kind: 'assign', ids, current: ids.length === 1 ? (byId.get(ids[0]!)?.assigneeId ?? null) : null });

  useInboxKeys(!dialog, {
    move: (step) => {
      const next = Math.max(0, Math.min(rows.length - 1, focusedIndex + step));
      setFocusedIndex(next);
      if (openId && rows[next]) setOpenId(rows[next].id);
    },
    open: () => focused && setOpenId(focused.id),
    select: () => focused && toggle(focused.id),
    delete: () => {
      const ids = targets();
      const statuses = statusesOf(ids);
      if (statuses.size === 1 && statuses.has('new')) openDelete(ids);
    },
    restore: () => {
      const ids = targets();
      const statuses = statusesOf(ids);
      if (statuses.size === 1 && statuses.has('deleted')) void actions.restore(ids);
    },
    assign: () => openAssign(targets()),
    toClient: () => {
      const id = focused?.id ?? openId;
      if (id && byId.get(id)?.status !== 'deleted') setDialog({ kind: 'client', leadId: id });
    },
    take: () => {
      const ids = targets();
      if (ids.length) void actions.take(ids, me.id);
    },
    add: () => setDialog({ kind: 'add' }),
    search: () => searchRef.current?.focus(),
    help: () => setDialog({ kind: 'help' }),
    escape: () => (openId ? setOpenId(null) : setSelected(new Set())),
  });

  const total = counts.counts ? (tab === 'all' ? LEAD_STATUSES.reduce((sum, s) => sum + (counts.counts?.[s] ?? 0), 0) : counts.counts[tab]) : null;
  const num = new Intl.NumberFormat(i18n.resolvedLanguage);
  const retry = () => {
    refreshCounts();
    refreshLeads();
  };
  const filtered = Object.keys(view.filters).length > 0;
  const emptyKey = filtered ? 'filtered' : tab;

  return (
    <section className="inbox" data-testid="inbox" aria-labelledby="inbox-title">
      <div className="inbox-header">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <StatusTabs active={tab} counts={counts.counts} onChange={(next) => updateView({ status: next === 'all' ? null : next })} panelId={PANEL_ID} />
        <div className="inbox-header-end">
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'add' })} data-testid="add-lead">
            {t('inbox.addLead')}
          </button>
          <button type="button" className="btn" onClick={() => setDialog({ kind: 'help' })} aria-label={t('shortcuts.title')} data-testid="shortcuts">
            <kbd>?</kbd>
          </button>
        </div>
      </div>
      <FilterBar filters={view.filters} onChange={(filters) => updateView({ filters })} searchRef={searchRef} />
      {selected.size ? (
        <SelectionBar
          count={selected.size}
          statuses={statusesOf([...selected])}
          onDelete={() => openDelete([...selected])}
          onRestore={() => void actions.restore([...selected]).then((done) => done && setSelected(new Set()))}
          onAssign={() => openAssign([...selected])}
          onTake={() => void actions.take([...selected], me.id)}
          onPriority={(p) => void actions.setPriority([...selected], p)}
          onQualification={(q) => void actions.setQualification([...selected], q)}
          onClear={() => setSelected(new Set())}
        />
      ) : null}
      {counts.error && !leads.error ? <ErrorMessage error={counts.error} onRetry={refreshCounts} testId="counts-error" /> : null}
      <div className="inbox-body">
        <div className="inbox-panel" id={PANEL_ID} role="tabpanel" aria-labelledby={`tab-${tab}`} aria-busy={leads.loading}>
          {leads.error && rows.length > 0 ? <ErrorMessage error={leads.error} onRetry={retry} testId="inbox-error" /> : null}
          {leads.loading ? (
            <p className="state-message" role="status">
              {t('inbox.loading')}
            </p>
          ) : leads.error && rows.length === 0 ? (
            <div className="state-block">
              <h2>{t('inbox.errorTitle')}</h2>
              <ErrorMessage error={leads.error} onRetry={retry} testId="inbox-error" />
            </div>
          ) : rows.length === 0 ? (
            <div className="state-block" data-testid="inbox-empty">
              <h2>{t(`inbox.empty.${emptyKey}.title`)}</h2>
              <p className="muted">{t(`inbox.empty.${emptyKey}.text`)}</p>
              {filtered ? (
                <button type="button" className="btn" onClick={() => updateView({ filters: {} })}>
                  {t('filters.clear')}
                </button>
              ) : null}
            </div>
          ) : (
            <LeadsTable
              rows={rows}
              sort={view.sort}
              onSort={(sort) => updateView({ sort })}
              selected={selected}
              onToggle={toggle}
              onToggleAll={toggleAll}
              focusedIndex={focusedIndex}
              onRowClick={openRow}
              hasMore={!!leads.nextCursor && !leads.error}
              onNeedMore={leads.loadMore}
              footer={
                <div className="table-footer">
                  <span className="muted" data-testid="inbox-shown">
                    {total !== null && total >= rows.length
                      ? t('inbox.shownOf', { shown: num.format(rows.length), count: total, total: num.format(total) })
                      : t('inbox.shown', { count: rows.length, shown: num.format(rows.length) })}
                  </span>
                  {leads.nextCursor ? (
                    <button type="button" className="btn btn-small" onClick={leads.loadMore} disabled={leads.loadingMore} data-testid="load-more">
                      {leads.loadingMore ? t('inbox.loadingMore') : t('inbox.loadMore')}
                    </button>
                  ) : null}
                </div>
              }
            />
          )}
        </div>
        {openId ? (
          <LeadDetailPanel
            key={openId}
            id={openId}
            me={me}
            actions={actions}
            onDelete={() => openDelete([openId])}
            onAssign={() => openAssign([openId])}
            onToClient={() => setDialog({ kind: 'client', leadId: openId })}
            onClose={() => setOpenId(null)}
          />
        ) : null}
      </div>

      {dialog?.kind === 'delete' ? (
        <DeleteDialog
          count={dialog.ids.length}
          onDelete={async (reasonId, comment) => {
            await actions.remove(dialog.ids, reasonId, comment);
            setSelected(new Set());
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'assign' ? (
        <AssignDialog me={me} count={dialog.ids.length} current={dialog.current} onAssign={(id, name) => actions.assign(dialog.ids, id, name)} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'add' ? (
        <AddLeadDialog
          me={me}
          onCreated={(lead) => {
            notify({ text: t('actions.added') });
            setOpenId(lead.id);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'help' ? <ShortcutsHelp onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'client' ? <ClientWizard leadId={dialog.leadId} me={me} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
