import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LEAD_STATUSES } from '../../src-shared';
import type { LeadCounts, LeadStatus } from '../../src-shared';

export type InboxTab = LeadStatus | 'all';
export const INBOX_TABS: readonly InboxTab[] = [...LEAD_STATUSES, 'all'];

interface Props {
  active: InboxTab;
  counts: LeadCounts | null;
  onChange: (tab: InboxTab) => void;
  panelId: string;
}

const countOf = (counts: LeadCounts, tab: InboxTab): number =>
  tab === 'all' ? LEAD_STATUSES.reduce((sum, s) => sum + counts[s], 0) : counts[tab];

/** New / Linked / Converted / Deleted / All, each with its count. Arrow keys move between tabs. */
export function StatusTabs({ active, counts, onChange, panelId }: Props) {
  const { t, i18n } = useTranslation();
  const num = new Intl.NumberFormat(i18n.resolvedLanguage);
  const refs = useRef<Partial<Record<InboxTab, HTMLButtonElement | null>>>({});

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const i = INBOX_TABS.indexOf(active);
    const next = INBOX_TABS[(i + step + INBOX_TABS.length) % INBOX_TABS.length] ?? active;
    onChange(next);
    refs.current[next]?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label={t('inbox.tabsLabel')} onKeyDown={onKeyDown}>
      {INBOX_TABS.map((tab) => {
        const selected = tab === active;
        return (
          <button
            key={tab}
            ref={(el) => {
              refs.current[tab] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            className={selected ? 'tab active' : 'tab'}
            data-testid={`tab-${tab}`}
            onClick={() => onChange(tab)}
          >
            {t(`inbox.tabs.${tab}`)}
            <span className="count-pill" data-testid={`tab-${tab}-count`}>
              {counts ? num.format(countOf(counts, tab)) : '·'}
            </span>
          </button>
        );
      })}
    </div>
  );
}
