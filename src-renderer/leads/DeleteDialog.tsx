import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';
import { useSubmit } from '../shell/useSubmit';

interface Props {
  count: number;
  onDelete: (reasonId: string, comment: string) => Promise<void>;
  onClose: () => void;
}

/** Why these leads are not real inquiries: a reason from the office's list, and an optional comment. */
export function DeleteDialog({ count, onDelete, onClose }: Props) {
  const { t } = useTranslation();
  const reasons = useLookups().lookups.deletionReasons.filter((r) => r.active);
  const [reasonId, setReasonId] = useState(reasons[0]?.id ?? '');
  const [comment, setComment] = useState('');
  const { pending, error, onSubmit } = useSubmit(() => onDelete(reasonId, comment), onClose);

  return (
    <Modal title={t('deleteDialog.title', { count })} onClose={onClose} testId="delete-dialog">
      <form
        onSubmit={onSubmit}
        className="modal-body"
        onKeyDown={(e) => {
          // Digits pick a reason and Enter confirms, so "d 1 Enter" deletes as spam without the mouse.
          if (e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLButtonElement) return;
          const picked = reasons[Number(e.key) - 1];
          if (picked) {
            e.preventDefault();
            setReasonId(picked.id);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            e.currentTarget.requestSubmit();
          }
        }}
      >
        <fieldset className="choice-list">
          <legend>{t('deleteDialog.reason')}</legend>
          {reasons.map((r, i) => (
            <label key={r.id} className="choice">
              <input
                type="radio"
                name="reason"
                value={r.id}
                checked={reasonId === r.id}
                onChange={() => setReasonId(r.id)}
                data-autofocus={i === 0 ? true : undefined}
                data-testid="delete-reason"
              />
              <span>{r.label}</span>
              {i < 9 ? <kbd aria-hidden="true">{i + 1}</kbd> : null}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span className="field-label">{t('deleteDialog.comment')}</span>
          <textarea
            rows={2}
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('deleteDialog.commentPlaceholder')}
            data-testid="delete-comment"
          />
        </label>
        {error ? <ErrorMessage error={error} testId="delete-error" /> : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={pending || !reasonId} data-testid="delete-confirm">
            {t('deleteDialog.confirm', { count })}
          </button>
        </div>
      </form>
    </Modal>
  );
}
