import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '../../src-shared/sync/status';
import { onEvent, send } from '../api/client';

/** How often the status is asked for when no event came (the service also announces every change of it). */
export const SYNC_POLL_MS = 30_000;
/** Local edits change the pending count without a sync event: ask again shortly after data changed. */
const AFTER_EDIT_MS = 300;

export type SyncState = 'synced' | 'pending' | 'syncing' | 'offline';

/** One word for the status: what the dot's colour says. */
export function syncState(status: SyncStatus): SyncState {
  if (status.running) return 'syncing';
  if (!status.online || status.lastError) return 'offline';
  return status.pending > 0 ? 'pending' : 'synced';
}

export const SYNC_LIGHT: Record<SyncState, 'green' | 'amber' | 'red'> = { synced: 'green', pending: 'amber', syncing: 'amber', offline: 'red' };

/**
 * This desktop's sync with the office server, kept current: `sync.changed` events, a refetch after local edits
 * (they add pending changes), and a poll as a fallback.
 */
export function useSyncStatus() {
  const [status, setState] = useState<SyncStatus | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(() => {
    const id = ++seq.current;
    send('sync.status', {}).then(
      (value) => id === seq.current && setState(value),
      // Not fatal: the indicator keeps what it knew, the next event or poll tries again.
      () => undefined,
    );
  }, []);

  /** A status from an answer or an event: newer than any request still on its way. */
  const setStatus = useCallback((value: SyncStatus) => {
    seq.current++;
    setState(value);
  }, []);

  useEffect(() => {
    refresh();
    let soon: ReturnType<typeof setTimeout> | null = null;
    const afterEdit = () => {
      if (soon) clearTimeout(soon);
      soon = setTimeout(refresh, AFTER_EDIT_MS);
    };
    const offs = [
      onEvent('sync.changed', setStatus),
      onEvent('leads.changed', afterEdit),
      onEvent('clients.changed', afterEdit),
      onEvent('activities.changed', afterEdit),
      onEvent('notifications.changed', afterEdit),
      onEvent('lookups.changed', afterEdit),
      onEvent('session.changed', afterEdit),
    ];
    const poll = setInterval(refresh, SYNC_POLL_MS);
    return () => {
      for (const off of offs) off();
      clearInterval(poll);
      if (soon) clearTimeout(soon);
      seq.current++;
    };
  }, [refresh, setStatus]);

  return { status, refresh, setStatus };
}
