import { useEffect, useRef } from 'react';

export interface InboxKeyHandlers {
  move: (step: 1 | -1) => void;
  open: () => void;
  select: () => void;
  delete: () => void;
  restore: () => void;
  assign: () => void;
  toClient: () => void;
  take: () => void;
  add: () => void;
  search: () => void;
  help: () => void;
  escape: () => void;
}

const KEYS: Record<string, (h: InboxKeyHandlers) => void> = {
  j: (h) => h.move(1),
  ArrowDown: (h) => h.move(1),
  k: (h) => h.move(-1),
  ArrowUp: (h) => h.move(-1),
  Enter: (h) => h.open(),
  x: (h) => h.select(),
  d: (h) => h.delete(),
  r: (h) => h.restore(),
  a: (h) => h.assign(),
  c: (h) => h.toClient(),
  t: (h) => h.take(),
  n: (h) => h.add(),
  '/': (h) => h.search(),
  '?': (h) => h.help(),
  Escape: (h) => h.escape(),
};

function isTyping(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(target.type);
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * The inbox's one-key shortcuts (shown by "?"). Off while typing in a field or while a dialog is open;
 * keys another control already handled (tabs use the arrows) are left alone.
 */
export function useInboxKeys(enabled: boolean, handlers: InboxKeyHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  // Read at key time, not by re-subscribing: a key pressed right after a dialog closes must not be lost.
  const on = useRef(enabled);
  on.current = enabled;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!on.current || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      // A focused button takes Enter itself.
      if (e.key === 'Enter' && e.target instanceof HTMLButtonElement) return;
      const action = KEYS[e.key];
      if (!action) return;
      e.preventDefault();
      action(latest.current);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
