import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxFilters, InboxSort, LeadRow, LeadStatus } from '../../src-shared';
import { send } from '../api/client';

export const PAGE_SIZE = 100;
const MAX_LIMIT = 500;

export interface LeadQuery {
  status: LeadStatus | undefined;
  filters: InboxFilters;
  sort: InboxSort;
}

export interface LeadPagesState {
  rows: LeadRow[];
  nextCursor: string | null;
  /** True until the first page of the current query has arrived. */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** Refetches what is shown (as many rows as are loaded, up to the service's page limit). */
  refresh: () => void;
  loadMore: () => void;
}

/** Keyset-paged leads for one query (tab, filters, sort), ordered by the service. */
export function useLeadPages(query: LeadQuery, onError: (err: unknown) => boolean): LeadPagesState {
  const [rows, setRows] = useState<LeadRow[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const loaded = useRef(0);
  const loadingMoreRef = useRef(false);
  // Objects from the caller change identity on every render; the query's meaning is its JSON.
  const key = JSON.stringify(query);
  const base = useRef(query);
  base.current = query;

  const fail = useCallback(
    (err: unknown) => {
      if (!onError(err)) setError(err);
    },
    [onError],
  );

  const fetchFirst = useCallback(
    (keepRows: boolean) => {
      const id = ++seq.current;
      const limit = keepRows ? Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, loaded.current)) : PAGE_SIZE;
      if (!keepRows) {
        setRows([]);
        setNextCursor(null);
        setLoading(true);
        loaded.current = 0;
      }
      loadingMoreRef.current = false;
      setLoadingMore(false);
      const { status, filters, sort } = base.current;
      send('leads.list', { ...(status ? { status } : {}), filters, sort, limit }).then(
        (page) => {
          if (id !== seq.current) return;
          loaded.current = page.rows.length;
          setRows(page.rows);
          setNextCursor(page.nextCursor);
          setError(null);
          setLoading(false);
        },
        (err: unknown) => {
          if (id !== seq.current) return;
          setLoading(false);
          fail(err);
        },
      );
    },
    // `key` stands for the query held in base.current: a new query means a new first page.
    [key, fail],
  );

  const refresh = useCallback(() => fetchFirst(true), [fetchFirst]);

  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMoreRef.current) return;
    const id = seq.current;
    loadingMoreRef.current = true;
    setLoadingMore(true);
    const { status, filters, sort } = base.current;
    send('leads.list', { ...(status ? { status } : {}), filters, sort, limit: PAGE_SIZE, cursor: nextCursor }).then(
      (page) => {
        if (id !== seq.current) return;
        setRows((current) => {
          const seen = new Set(current.map((r) => r.id));
          const merged = [...current, ...page.rows.filter((r) => !seen.has(r.id))];
          loaded.current = merged.length;
          return merged;
        });
        setNextCursor(page.nextCursor);
        setError(null);
        loadingMoreRef.current = false;
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (id !== seq.current) return;
        loadingMoreRef.current = false;
        setLoadingMore(false);
        fail(err);
      },
    );
  }, [nextCursor, fail]);

  useEffect(() => {
    fetchFirst(false);
    return () => {
      seq.current++;
    };
  }, [fetchFirst]);

  return { rows, nextCursor, loading, loadingMore, error, refresh, loadMore };
}
