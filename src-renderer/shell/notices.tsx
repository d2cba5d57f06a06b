import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error';

/** A confirmation of something done, optionally with one follow-up action (Undo). */
export interface Info {
  text: string;
  action?: { label: string; run: () => void };
}

type Notice = { id: number; error: unknown } | { id: number; info: Info };

type Report = (error: unknown) => void;
type Notify = (info: Info) => void;
const NoticeContext = createContext<{ report: Report; notify: Notify }>({ report: (error) => console.error(error), notify: () => {} });

/** Reports a failure that has no better place on screen (language switch, sign out, a triage action…). */
export const useReportError = (): Report => useContext(NoticeContext).report;
/** Confirms an action in a short-lived notice. */
export const useNotify = (): Notify => useContext(NoticeContext).notify;

const INFO_MS = 7000;
let nextId = 1;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const push = useCallback((notice: Notice) => setNotices((list) => [...list.slice(-2), notice]), []);
  const report = useCallback<Report>(
    (error) => {
      console.error(error);
      push({ id: nextId++, error });
    },
    [push],
  );
  const notify = useCallback<Notify>((info) => push({ id: nextId++, info }), [push]);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  return (
    <NoticeContext.Provider value={{ report, notify }}>
      {children}
      <NoticeList notices={notices} onDismiss={dismiss} />
    </NoticeContext.Provider>
  );
}

function InfoNotice({ id, info, onDismiss }: { id: number; info: Info; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(id), INFO_MS);
    return () => clearTimeout(timer);
  }, [id, onDismiss]);
  return (
    <div className="notice notice-info" role="status" data-testid="notice-info">
      <span>{info.text}</span>
      {info.action ? (
        <button
          type="button"
          className="btn btn-small"
          data-testid="notice-action"
          onClick={() => {
            info.action!.run();
            onDismiss(id);
          }}
        >
          {info.action.label}
        </button>
      ) : null}
      <button type="button" className="btn-icon" aria-label={t('common.dismiss')} onClick={() => onDismiss(id)}>
        ×
      </button>
    </div>
  );
}

function NoticeList({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((n) => {
        if ('info' in n) return <InfoNotice key={n.id} id={n.id} info={n.info} onDismiss={onDismiss} />;
        const { title, detail } = describeError(t, n.error);
        return (
          <div key={n.id} className="notice" role="alert">
            <div>
              <strong>{title}</strong>
              {detail !== title ? <p>{detail}</p> : null}
            </div>
            <button type="button" className="btn-icon" aria-label={t('common.dismiss')} onClick={() => onDismiss(n.id)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
