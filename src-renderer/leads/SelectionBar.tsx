import { useTranslation } from 'react-i18next';
import { LEAD_PRIORITIES, LEAD_QUALIFICATIONS, type LeadPriority, type LeadQualification, type LeadStatus } from '../../src-shared';

interface Props {
  count: number;
  statuses: ReadonlySet<LeadStatus>;
  onDelete: () => void;
  onRestore: () => void;
  onAssign: () => void;
  onTake: () => void;
  onPriority: (p: LeadPriority) => void;
  onQualification: (q: LeadQualification | null) => void;
  onClear: () => void;
}

/** Bulk actions over the selected leads; each offered only when it applies to every one of them. */
export function SelectionBar({ count, statuses, onDelete, onRestore, onAssign, onTake, onPriority, onQualification, onClear }: Props) {
  const { t } = useTranslation();
  const onlyNew = statuses.size === 1 && statuses.has('new');
  const onlyDeleted = statuses.size === 1 && statuses.has('deleted');
  const noneDeleted = !statuses.has('deleted');
  return (
    <div className="selection-bar" role="toolbar" aria-label={t('selection.label')} data-testid="selection-bar">
      <strong data-testid="selection-count">{t('selection.count', { count })}</strong>
      {onlyNew ? (
        <button type="button" className="btn btn-small btn-danger-quiet" onClick={onDelete} data-testid="bulk-delete">
          {t('actions.delete')}…
        </button>
      ) : null}
      {onlyDeleted ? (
        <button type="button" className="btn btn-small" onClick={onRestore} data-testid="bulk-restore">
          {t('actions.restore')}
        </button>
      ) : null}
      {noneDeleted ? (
        <>
          <button type="button" className="btn btn-small" onClick={onTake} data-testid="bulk-take">
            {t('actions.take')}
          </button>
          <button type="button" className="btn btn-small" onClick={onAssign} data-testid="bulk-assign">
            {t('actions.assign')}…
          </button>
          <select
            className="select-small"
            value=""
            onChange={(e) => e.target.value && onPriority(e.target.value as LeadPriority)}
            aria-label={t('detail.priority')}
            data-testid="bulk-priority"
          >
            <option value="">{t('selection.priority')}</option>
            {LEAD_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`leads.priority.${p}`)}
              </option>
            ))}
          </select>
          <select
            className="select-small"
            value=""
            onChange={(e) => e.target.value && onQualification(e.target.value === 'none' ? null : (e.target.value as LeadQualification))}
            aria-label={t('detail.qualification')}
            data-testid="bulk-qualification"
          >
            <option value="">{t('selection.qualification')}</option>
            {LEAD_QUALIFICATIONS.map((q) => (
              <option key={q} value={q}>
                {t(`leads.qualification.${q}`)}
              </option>
            ))}
            <option value="none">{t('selection.noQualification')}</option>
          </select>
        </>
      ) : null}
      <button type="button" className="btn btn-small btn-quiet" onClick={onClear} data-testid="selection-clear">
        {t('selection.clear')}
      </button>
    </div>
  );
}
