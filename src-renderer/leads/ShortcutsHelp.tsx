import { useTranslation } from 'react-i18next';
import { Modal } from '../shell/Modal';

export const SHORTCUTS: [keys: string[], action: string][] = [
  [['j', '↓'], 'next'],
  [['k', '↑'], 'previous'],
  [['Enter'], 'open'],
  [['x'], 'select'],
  [['d'], 'delete'],
  [['r'], 'restore'],
  [['c'], 'toClient'],
  [['a'], 'assign'],
  [['t'], 'take'],
  [['n'], 'add'],
  [['/'], 'search'],
  [['Esc'], 'close'],
  [['?'], 'help'],
];

/** The keyboard shortcuts of the inbox. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('shortcuts.title')} onClose={onClose} testId="shortcuts-help">
      <div className="modal-body">
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, action]) => (
              <tr key={action}>
                <td>
                  {keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? ' / ' : null}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{t(`shortcuts.${action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t('shortcuts.note')}</p>
        <div className="modal-actions">
          <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
            {t('common.close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
