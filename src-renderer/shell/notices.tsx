import { createContext, useCallback, useContext, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error';

interface Notice {
  id: number;
  error: unknown;
}

type Report = (error: unknown) => void;
const NoticeContext = createContext<Report>((error) => console.error(error));

/** Reports a failure that has no better place on screen (language switch, sign out…). */
export const useReportError = (): Report => useContext(NoticeContext);

let nextId = 1;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const report = useCallback<Report>((error) => {
    console.error(error);
    setNotices((list) => [...list.slice(-2), { id: nextId++, error }]);
  }, []);
  return (
    <NoticeContext.Provider value={report}>
      {children}
      <NoticeList notices={notices} onDismiss={(id) => setNotices((list) => list.filter((n) => n.id !== id))} />
    </NoticeContext.Provider>
  );
}

function NoticeList({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((n) => {
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
