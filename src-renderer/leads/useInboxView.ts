import { useCallback, useEffect, useRef, useState } from 'react';
import { DEFAULT_INBOX_VIEW, type InboxView } from '../../src-shared';
import { send } from '../api/client';
import { registerBeforeSignOut } from '../auth/session';

const SAVE_DELAY_MS = 600;

/**
 * The inbox's tab, filters and sort, remembered per user by the service (so they survive a restart in both
 * Electron and browser mode). Null until the saved view has arrived.
 */
export function useInboxView(onError: (err: unknown) => boolean): [InboxView | null, (change: Partial<InboxView>) => void] {
  const [view, setView] = useState<InboxView | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const viewRef = useRef<InboxView | null>(null);

  useEffect(() => {
    let live = true;
    send('leads.getView', {}).then(
      (saved) => {
        if (!live) return;
        viewRef.current = saved;
        setView(saved);
      },
      (err: unknown) => {
        if (!live) return;
        onError(err);
        setView(DEFAULT_INBOX_VIEW);
      },
    );
    return () => {
      live = false;
    };
  }, [onError]);

  const pending = useRef<InboxView | null>(null);
  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next) await send('leads.saveView', next).catch(onError);
  }, [onError]);

  const update = useCallback(
    (change: Partial<InboxView>) => {
      const next = { ...(pending.current ?? viewRef.current ?? DEFAULT_INBOX_VIEW), ...change };
      viewRef.current = next;
      pending.current = next;
      setView(next);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  // Leaving the inbox (another screen, closing) still saves the last change; signing out waits for it.
  useEffect(() => {
    const unregister = registerBeforeSignOut(flush);
    return () => {
      unregister();
      void flush();
    };
  }, [flush]);
  return [view, update];
}
