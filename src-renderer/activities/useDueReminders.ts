import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { endOfToday } from './datetime';

const CHECK_MS = 30_000;

/**
 * A desktop notification when one of the signed-in user's planned activities falls due (the browser's
 * Notification API; Electron shows it as an OS notification). Each activity is announced once per window.
 */
export function useDueReminders(enabled: boolean): void {
  const { t } = useTranslation();
  useEffect(() => {
    if (!enabled || typeof Notification === 'undefined') return;
    const announced = new Set<string>();
    let first = true;
    const check = async () => {
      if (Notification.permission === 'default') await Notification.requestPermission().catch(() => 'denied');
      if (Notification.permission !== 'granted') return;
      const day = await send('activities.myDay', { endOfToday: endOfToday() }).catch(() => null);
      if (!day) return;
      const now = Date.now();
      for (const item of [...day.overdue, ...day.today]) {
        if (item.dueAt > now || announced.has(item.id)) continue;
        announced.add(item.id);
        // What was already overdue when the window opened is in My day; only what falls due from now on pops up.
        if (first) continue;
        new Notification(t('reminders.title', { type: t(`activities.types.${item.type}`) }), { body: item.clientName, tag: item.id });
      }
      first = false;
    };
    void check();
    const timer = setInterval(() => void check(), CHECK_MS);
    return () => clearInterval(timer);
  }, [enabled, t]);
}
