import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canAssignToOthers, type SessionUser } from '../../src-shared';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';
import { useSubmit } from '../shell/useSubmit';

interface Props {
  me: SessionUser;
  count: number;
  current: string | null;
  onAssign: (assigneeId: string | null, name: string | null) => Promise<void>;
  onClose: () => void;
}

const NOBODY = '';

/** Who handles these leads. Advisors can only take them (or give their own back); managers pick anyone. */
export function AssignDialog({ me, count, current, onAssign, onClose }: Props) {
  const { t } = useTranslation();
  const people = useLookups().lookups.users.filter((u) => u.active && (canAssignToOthers(me) || u.id === me.id));
  const [choice, setChoice] = useState(current ?? me.id);
  const { pending, error, onSubmit } = useSubmit(async () => {
    const person = people.find((p) => p.id === choice);
    await onAssign(choice === NOBODY ? null : choice, person?.displayName ?? null);
  }, onClose);

  return (
    <Modal title={t('assignDialog.title', { count })} onClose={onClose} testId="assign-dialog">
      <form onSubmit={onSubmit} className="modal-body">
        <fieldset className="choice-list">
          <legend>{t('assignDialog.to')}</legend>
          {people.map((p) => (
            <label key={p.id} className="choice">
              <input type="radio" name="assignee" checked={choice === p.id} onChange={() => setChoice(p.id)} data-autofocus={choice === p.id ? true : undefined} data-testid="assign-option" />
              <span>
                {p.displayName}
                {p.id === me.id ? <span className="muted"> ({t('assignDialog.me')})</span> : null}
              </span>
              <span className="muted small">{t(`roles.${p.role}`)}</span>
            </label>
          ))}
          <label className="choice">
            <input type="radio" name="assignee" checked={choice === NOBODY} onChange={() => setChoice(NOBODY)} data-testid="assign-nobody" />
            <span className="muted">{t('assignDialog.nobody')}</span>
          </label>
        </fieldset>
        {canAssignToOthers(me) ? null : <p className="muted small">{t('assignDialog.advisorNote')}</p>}
        {error ? <ErrorMessage error={error} testId="assign-error" /> : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid="assign-confirm">
            {t('assignDialog.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
