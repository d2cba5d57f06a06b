import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { endOfToday } from './datetime';

const CHECK_MS = 30_000;

/**
 * A desktop notification when one of the signed-in user's planned activities falls due (the browser's
 * Notification API; Electron shows it as an OS notification). Each due time of an activity is announced once per
 * window, so a rescheduled call reminds again when its new time comes.
 */
export function useDueReminders(enabled: boolean): void {
  const { t } = useTranslation();
  const translate = useRef(t);
  translate.current = t;
  // Kept across restarts of the effect: what was announced, and whether the window's first check happened.
  const announced = useRef(new Set<string>());
  const checked = useRef(false);
  useEffect(() => {
    if (!enabled || typeof Notification === 'undefined') return;
    const check = async () => {
      if (Notification.permission === 'default') await Notification.requestPermission().catch(() => 'denied');
      if (Notification.permission !== 'granted') return;
      const day = await send('activities.myDay', { endOfToday: endOfToday() }).catch(() => null);
      if (!day) return;
      const now = Date.now();
      // What was already overdue when the window opened is in My day; only what falls due from now on pops up.
      const silent = !checked.current;
      checked.current = true;
      for (const item of [...day.overdue, ...day.today]) {
        const key = `${item.id}@${item.dueAt}`;
        if (item.dueAt > now || announced.current.has(key)) continue;
        announced.current.add(key);
        if (silent) continue;
        const tr = translate.current;
        new Notification(tr('reminders.title', { type: tr(`activities.types.${item.type}`) }), { body: item.clientName, tag: item.id });
      }
    };
    void check();
    const timer = setInterval(() => void check(), CHECK_MS);
    return () => clearInterval(timer);
  }, [enabled]);
}
