import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnlinkPreview } from '../../src-shared';
import { send } from '../api/client';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';
import { useSubmit } from '../shell/useSubmit';

interface Props {
  leadId: string;
  onDone: (result: UnlinkPreview, clientDeleted: boolean) => void;
  onClose: () => void;
}

/** Unlink a lead linked to the wrong client (holders of the unlink permission): a reason, and what becomes of a client made from it. */
export function UnlinkDialog({ leadId, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<UnlinkPreview | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [clientAction, setClientAction] = useState<'keep' | 'delete'>('keep');
  useEffect(() => {
    send('leads.unlinkPreview', { leadId }).then(setPreview, setLoadError);
  }, [leadId]);
  const { pending, error, onSubmit } = useSubmit(async () => {
    const result = await send('leads.unlink', { leadId, reason, ...(preview?.askAboutClient ? { clientAction } : {}) });
    onDone(result, !!preview?.askAboutClient && clientAction === 'delete');
  }, onClose);

  return (
    <Modal title={t('unlink.title')} onClose={onClose} testId="unlink-dialog">
      <form className="modal-body" onSubmit={onSubmit}>
        {loadError ? <ErrorMessage error={loadError} /> : null}
        {preview ? <p>{t('unlink.intro', { client: preview.clientName })}</p> : null}
        <label className="field">
          <span className="field-label">{t('unlink.reason')}</span>
          <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('unlink.reasonPlaceholder')} data-testid="unlink-reason" data-autofocus />
        </label>
        {preview?.askAboutClient ? (
          <fieldset className="choice-list">
            <legend>{t('unlink.clientQuestion', { client: preview.clientName })}</legend>
            <label className="choice">
              <input type="radio" name="client" checked={clientAction === 'keep'} onChange={() => setClientAction('keep')} data-testid="unlink-keep" />
              <span>{t('unlink.keep')}</span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name="client"
                checked={clientAction === 'delete'}
                disabled={!preview.canDeleteClient}
                onChange={() => setClientAction('delete')}
                data-testid="unlink-delete"
              />
              <span>
                {t('unlink.delete')}
                {preview.plannedActivities ? <span className="muted small"> {t('unlink.cancelsPlanned', { count: preview.plannedActivities })}</span> : null}
                {!preview.canDeleteClient ? <span className="muted small"> {t('unlink.cannotDelete')}</span> : null}
              </span>
            </label>
          </fieldset>
        ) : null}
        {error ? <ErrorMessage error={error} testId="unlink-error" /> : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={pending || !preview} data-testid="unlink-confirm">
            {t('unlink.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
