import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxFilters } from '../../src-shared';
import { useLookups } from '../settings/lookups';

const SEARCH_DELAY_MS = 250;

/** <input type=date> value (local day) <-> epoch ms at local midnight. */
const toDateInput = (ms: number | undefined): string => {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** Local midnight starting the given day, or (dayOffset 1) ending it; a DST day is 23 or 25 hours long. */
const fromDateInput = (value: string, dayOffset = 0): number | undefined => {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y!, m! - 1, d! + dayOffset).getTime();
};

interface Props {
  filters: InboxFilters;
  onChange: (filters: InboxFilters) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** Search box and the source / investment / assignee / date filters; every change applies at once. */
export function FilterBar({ filters, onChange, searchRef }: Props) {
  const { t } = useTranslation();
  const { lookups } = useLookups();
  const [search, setSearch] = useState(filters.search ?? '');
  const latest = useRef(filters);
  latest.current = filters;

  // Typing is debounced; the list follows once the user pauses.
  useEffect(() => {
    if ((latest.current.search ?? '') === search) return;
    const timer = setTimeout(() => onChange({ ...latest.current, search: search || undefined }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, onChange]);
  // Cleared from outside (Clear filters): follow.
  useEffect(() => setSearch(filters.search ?? ''), [filters.search]);

  const set = (change: Partial<InboxFilters>) => {
    const next: InboxFilters = { ...filters, ...change };
    for (const key of Object.keys(next) as (keyof InboxFilters)[]) if (next[key] === undefined || next[key] === '') delete next[key];
    onChange(next);
  };
  const active = Object.keys(filters).length > 0;
  // The "to" date picks a whole day: the filter's end is the next midnight (exclusive).
  const toDay = filters.receivedTo === undefined ? undefined : filters.receivedTo - 1;

  return (
    <div className="filter-bar" role="search">
      <label className="search-box">
        <span className="visually-hidden">{t('filters.search')}</span>
        <input
          ref={searchRef}
          type="search"
          value={search}
          placeholder={t('filters.searchPlaceholder')}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ ...filters, search: search || undefined });
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
          data-testid="search"
        />
        <kbd aria-hidden="true">/</kbd>
      </label>
      <label className="filter">
        <span>{t('filters.source')}</span>
        <select value={filters.sourceId ?? ''} onChange={(e) => set({ sourceId: e.target.value || undefined })} data-testid="filter-source">
          <option value="">{t('filters.any')}</option>
          {lookups.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('filters.investment')}</span>
        <select value={filters.investmentId ?? ''} onChange={(e) => set({ investmentId: e.target.value || undefined })} data-testid="filter-investment">
          <option value="">{t('filters.any')}</option>
          {lookups.investments.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('filters.assignee')}</span>
        <select value={filters.assignee ?? ''} onChange={(e) => set({ assignee: e.target.value || undefined })} data-testid="filter-assignee">
          <option value="">{t('filters.anyone')}</option>
          <option value="me">{t('filters.me')}</option>
          <option value="unassigned">{t('filters.unassigned')}</option>
          <optgroup label={t('filters.people')}>
            {lookups.users
              .filter((u) => u.active)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName}
                </option>
              ))}
          </optgroup>
        </select>
      </label>
      <label className="filter">
        <span>{t('filters.from')}</span>
        <input
          type="date"
          value={toDateInput(filters.receivedFrom)}
          max={toDateInput(toDay)}
          onChange={(e) => set({ receivedFrom: fromDateInput(e.target.value) })}
          data-testid="filter-from"
        />
      </label>
      <label className="filter">
        <span>{t('filters.to')}</span>
        <input
          type="date"
          value={toDateInput(toDay)}
          min={toDateInput(filters.receivedFrom)}
          onChange={(e) => set({ receivedTo: fromDateInput(e.target.value, 1) })}
          data-testid="filter-to"
        />
      </label>
      {active ? (
        <button type="button" className="btn btn-quiet btn-small" onClick={() => onChange({})} data-testid="clear-filters">
          {t('filters.clear')}
        </button>
      ) : null}
    </div>
  );
}
