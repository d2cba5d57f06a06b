import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationItem, NotificationList, SessionUser } from '../../src-shared';
import { onEvent, send } from '../api/client';
import { RelativeTime } from '../leads/RelativeTime';
import { useNavigate } from './navigation';
import { useReportError } from './notices';

/** The signed-in user's notifications: a count on the bell, the latest in a list that opens the client. */
export function NotificationBell({ me }: { me: SessionUser }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const report = useReportError();
  const [list, setList] = useState<NotificationList>({ items: [], unread: 0 });
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    send('notifications.list', {}).then(setList, report);
  }, [report]);
  useEffect(() => {
    load();
    // No user ids: the change came from the office server (a pull), for anyone.
    const offChanged = onEvent('notifications.changed', ({ userIds }) => (userIds.length === 0 || userIds.includes(me.id)) && load());
    // A finished sync may have written notices of refused changes.
    const offSync = onEvent('sync.changed', (status) => !status.running && load());
    return () => {
      offChanged();
      offSync();
    };
  }, [load, me.id]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
    <div className="bell" ref={box}>
      <button
        type="button"
        className="btn btn-quiet bell-button"
        aria-label={t('notifications.label', { count: list.unread })}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="bell"
      >
        <svg className="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6l-1.7 2.9A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0h-5Z"
            fill="currentColor"
          />
        </svg>
        {list.unread ? (
          <span className="bell-count" data-testid="bell-count">
            {list.unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="bell-panel" role="dialog" aria-label={t('notifications.title')} data-testid="bell-panel">
          <div className="bell-header">
            <strong>{t('notifications.title')}</strong>
            {list.unread ? (
              <button type="button" className="btn btn-small btn-quiet" onClick={() => void send('notifications.markRead', {}).catch(report)}>
                {t('notifications.markAllRead')}
              </button>
            ) : null}
          </div>
          {list.items.length === 0 ? <p className="muted small">{t('notifications.none')}</p> : null}
          <ul>
            {list.items.map((n) => (
              <li key={n.id} className={n.readAt ? '' : 'unread'}>
                <button
                  type="button"
                  onClick={() => {
                    if (!n.readAt) void send('notifications.markRead', { ids: [n.id] }).catch(report);
                    const clientId = clientOf(n);
                    if (clientId) navigate({ kind: 'client', id: clientId });
                    setOpen(false);
                  }}
                  data-testid="notification"
                  data-kind={n.kind}
                >
                  {n.kind === 'sync.rejected' ? <SyncRejected data={n.data} /> : <span>{t(`notifications.kinds.${n.kind}`, { ...n.data, defaultValue: n.kind })}</span>}
                  <span className="muted small">
                    <RelativeTime at={n.createdAt} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** The client a notification opens: its own link, or the client whose change the office server refused. */
function clientOf(n: NotificationItem): string | null {
  if (n.clientId) return n.clientId;
  return n.kind === 'sync.rejected' && n.data.entity === 'clients' && typeof n.data.id === 'string' ? n.data.id : null;
}

/** A change the office server did not accept (data: entity, id, code, message): what it was and the server's reason. */
function SyncRejected({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entity = typeof data.entity === 'string' ? data.entity : '';
  const message = typeof data.message === 'string' ? data.message : '';
  return (
    <span className="notification-sync-rejected">
      <span className="notification-heading">{t('notifications.syncRejected.title')}</span>
      <span className="notification-detail">
        {t(`notifications.syncRejected.entities.${entity}`, { defaultValue: t('notifications.syncRejected.entityOther') })}: {message}
      </span>
    </span>
  );
}
