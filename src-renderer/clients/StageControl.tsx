import { useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { PIPELINE_STAGES, type ClientDetail, type PipelineStage } from '../../src-shared';
import { send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { useLookups } from '../settings/lookups';
import { ErrorMessage } from '../shell/ErrorMessage';

/** Where the client stands in the pipeline, and how they got there (lost needs a reason from the office's list). */
export function StageControl({ client, mayEdit, onChanged }: { client: ClientDetail; mayEdit: boolean; onChanged: (c: ClientDetail) => void }) {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const { lookups } = useLookups();
  const [losing, setLosing] = useState(false);
  const [reason, setReason] = useState(lookups.settings.lostReasons[0] ?? '');
  const [error, setError] = useState<unknown>(null);

  const setStage = async (stage: PipelineStage, lostReason?: string) => {
    setError(null);
    try {
      onChanged(await send('clients.setStage', { id: client.id, stage, ...(lostReason ? { lostReason } : {}) }));
      setLosing(false);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="stage-control" data-testid="stage-control">
      <label className="filter">
        <span>{t('clients.stage')}</span>
        <select
          value={losing ? 'lost' : client.stage}
          disabled={!mayEdit}
          onChange={(e) => {
            const stage = e.target.value as PipelineStage;
            if (stage === 'lost') {
              // The office's list may have changed since this card opened.
              setReason(lookups.settings.lostReasons[0] ?? '');
              setLosing(true);
            }
            else void setStage(stage);
          }}
          data-testid="stage-select"
        >
          {PIPELINE_STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`clients.stages.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {losing ? (
        <span className="stage-lost">
          <select value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('clients.lostReason')} data-testid="lost-reason">
            {lookups.settings.lostReasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small btn-danger" onClick={() => void setStage('lost', reason)} data-testid="lost-confirm">
            {t('clients.markLost')}
          </button>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setLosing(false)}>
            {t('common.cancel')}
          </button>
        </span>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {client.stageHistory.length ? (
        <details className="stage-history">
          <summary>{t('clients.stageHistory', { count: client.stageHistory.length })}</summary>
          <ul>
            {client.stageHistory.map((h, i) => (
              <li key={i}>
                {t(`clients.stages.${h.fromStage}`)} → {t(`clients.stages.${h.toStage}`)}
                {h.lostReason ? ` (${h.lostReason})` : ''} <span className="muted small">· {h.userName ?? '—'} · {format(h.at, 'PPp', { locale })}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
