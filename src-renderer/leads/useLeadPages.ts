import { useCallback, useEffect, useRef, useState } from 'react';
import type { LeadRow, LeadStatus } from '../../src-shared';
import { send } from '../api/client';

export const PAGE_SIZE = 50;
const MAX_LIMIT = 500;

export interface LeadPagesState {
  rows: LeadRow[];
  nextCursor: string | null;
  /** True until the first page of the current tab has arrived. */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** Refetches what is shown (as many rows as are loaded, up to the service's page limit). */
  refresh: () => void;
  loadMore: () => void;
}

/** Keyset-paged leads of one status (undefined = all), newest first as the service orders them. */
export function useLeadPages(status: LeadStatus | undefined, onError: (err: unknown) => boolean): LeadPagesState {
  const [rows, setRows] = useState<LeadRow[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const loaded = useRef(0);

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
      setLoadingMore(false);
      send('leads.list', status ? { status, limit } : { limit }).then(
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
    [status, fail],
  );

  const refresh = useCallback(() => fetchFirst(true), [fetchFirst]);

  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore) return;
    const id = seq.current;
    setLoadingMore(true);
    const input = { limit: PAGE_SIZE, cursor: nextCursor };
    send('leads.list', status ? { ...input, status } : input).then(
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
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (id !== seq.current) return;
        setLoadingMore(false);
        fail(err);
      },
    );
  }, [nextCursor, loadingMore, status, fail]);

  useEffect(() => {
    fetchFirst(false);
    return () => {
      seq.current++;
    };
  }, [fetchFirst]);

  return { rows, nextCursor, loading, loadingMore, error, refresh, loadMore };
}
