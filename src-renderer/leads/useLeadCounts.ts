import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxFilters, LeadCounts } from '../../src-shared';
import { send } from '../api/client';

export interface CountsState {
  counts: LeadCounts | null;
  error: unknown;
  refresh: () => void;
}

/** Lead counts per status for the inbox tabs, under the current filters. */
export function useLeadCounts(filters: InboxFilters, onError: (err: unknown) => boolean): CountsState {
  const [counts, setCounts] = useState<LeadCounts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const key = JSON.stringify(filters);

  const refresh = useCallback(() => {
    const id = ++seq.current;
    send('leads.counts', { filters: JSON.parse(key) as InboxFilters }).then(
      (value) => {
        if (id !== seq.current) return;
        setCounts(value);
        setError(null);
      },
      (err: unknown) => {
        if (id === seq.current && !onError(err)) setError(err);
      },
    );
  }, [key, onError]);

  useEffect(() => {
    refresh();
    return () => {
      seq.current++;
    };
  }, [refresh]);

  return { counts, error, refresh };
}
