import { useCallback, useEffect, useRef, useState } from 'react';
import type { LeadCounts } from '../../src-shared';
import { send } from '../api/client';

export interface CountsState {
  counts: LeadCounts | null;
  error: unknown;
  refresh: () => void;
}

/** Lead counts per status for the inbox tabs. */
export function useLeadCounts(onError: (err: unknown) => boolean): CountsState {
  const [counts, setCounts] = useState<LeadCounts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const refresh = useCallback(() => {
    const id = ++seq.current;
    send('leads.counts', {}).then(
      (value) => {
        if (id !== seq.current) return;
        setCounts(value);
        setError(null);
      },
      (err: unknown) => {
        if (id === seq.current && !onError(err)) setError(err);
      },
    );
  }, [onError]);

  useEffect(() => {
    refresh();
    return () => {
      seq.current++;
    };
  }, [refresh]);

  return { counts, error, refresh };
}
