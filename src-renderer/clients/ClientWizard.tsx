import { useEffect, useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { canSeeClient, type ClientCandidate, type LeadDetail, type SessionUser } from '../../src-shared';
import { formatPhone } from '../../src-shared/text/normalize';
import { send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { useLookups } from '../settings/lookups';
import { fullName } from '../leads/columns';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';
import { useNavigate } from '../shell/navigation';
import { useNotify } from '../shell/notices';
import { useSubmit } from '../shell/useSubmit';
import { ClientForm, type ClientFormValues } from './ClientForm';
import { reasonText } from './reasons';

type Step = { kind: 'find' } | { kind: 'confirm'; candidate: ClientCandidate } | { kind: 'create' };

interface Props {
  leadId: string;
  me: SessionUser;
  onClose: () => void;
}

const phoneOf = (c: { phoneE164: string | null; phoneRaw?: string | null; phone?: string | null }) =>
  c.phoneE164 ? formatPhone(c.phoneE164) : (c.phoneRaw ?? c.phone ?? null);

/** "Assign to a client or create a new one": ranked existing clients with reasons, or a new client from the lead. */
export function ClientWizard({ leadId, me, onClose }: Props) {
  const { t } = useTranslation();
  const [lead, setLead] = useState<LeadDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    send('leads.get', { id: leadId }).then(setLead, setError);
  }, [leadId]);
  if (!lead) {
    return (
      <Modal title={t('wizard.titleLoading')} onClose={onClose} testId="client-wizard" wide>
        <div className="modal-body">{error ? <ErrorMessage error={error} /> : <p className="muted">{t('detail.loading')}</p>}</div>
      </Modal>
    );
  }
  return <Wizard lead={lead} me={me} onClose={onClose} />;
}

function Wizard({ lead, me, onClose }: { lead: LeadDetail; me: SessionUser; onClose: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const navigate = useNavigate();
  const locale = useDateLocale();
  const [step, setStep] = useState<Step>({ kind: 'find' });
  const { lookups } = useLookups();
  const [candidates, setCandidates] = useState<ClientCandidate[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    send('clients.candidates', { leadId: lead.id }).then(({ candidates: list }) => setCandidates(list), setError);
  }, [lead.id]);

  const openClient = (id: string) => ({ label: t('wizard.openClient'), run: () => navigate({ kind: 'client', id }) });
  const leadName = fullName(lead) || t('leads.noName');
  const defaults: ClientFormValues = {
    firstName: lead.firstName ?? '',
    lastName: lead.lastName ?? '',
    phone: lead.phoneE164 ? formatPhone(lead.phoneE164) : (lead.phone ?? ''),
    email: lead.email ?? '',
    originSourceId: lead.sourceId,
    preferredInvestmentId: lead.investmentId ?? '',
    description: lead.message ?? '',
    consentDataProcessing: lead.consentDataProcessing,
    consentMarketingEmail: lead.consentMarketingEmail,
    consentMarketingPhone: lead.consentMarketingPhone,
    ownerUserId: lead.assigneeId ?? me.id,
  };

  return (
    <Modal title={t('wizard.title', { name: leadName })} onClose={onClose} testId="client-wizard" wide>
      <div className="modal-body wizard">
        <section className="wizard-lead" aria-label={t('wizard.lead')}>
          <strong>{leadName}</strong>
          <span className="tabular">{phoneOf(lead) ?? '—'}</span>
          <span>{lead.email ?? '—'}</span>
          <span className="muted small">
            {lead.sourceName}
            {lead.investmentName ? ` · ${lead.investmentName}` : ''}
          </span>
        </section>

        {step.kind === 'find' ? (
          <>
            {error ? <ErrorMessage error={error} /> : null}
            {candidates === null && !error ? <p className="muted">{t('wizard.searching')}</p> : null}
            {candidates ? <CandidateLists candidates={candidates} onPick={(candidate) => setStep({ kind: 'confirm', candidate })} /> : null}
            <div className="modal-actions wizard-actions">
              <span className="muted small">{candidates?.length ? t('wizard.noneFits') : t('wizard.noCandidates')}</span>
              <button type="button" className="btn" onClick={onClose}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-primary" onClick={() => setStep({ kind: 'create' })} data-testid="wizard-create">
                {t('wizard.createClient')}
              </button>
            </div>
          </>
        ) : null}

        {step.kind === 'confirm' ? (
          <LinkConfirm
            lead={lead}
            me={me}
            candidate={step.candidate}
            onBack={() => setStep({ kind: 'find' })}
            onLinked={(name) => {
              // Another salesperson's client may be out of this advisor's sight: then no "Open client".
              const visible = canSeeClient(me, step.candidate, lookups.settings);
              notify({ text: t('wizard.linked', { client: name }), ...(visible ? { action: openClient(step.candidate.clientId) } : {}) });
              onClose();
            }}
          />
        ) : null}

        {step.kind === 'create' ? (
          <ClientForm
            me={me}
            defaults={defaults}
            submitLabel={t('wizard.saveClient')}
            pendingLabel={t('addLead.saving')}
            testId="new-client"
            onCancel={() => setStep({ kind: 'find' })}
            onSubmit={async (client) => {
              const result = await send('leads.convert', { leadId: lead.id, client });
              const call = result.plannedCall;
              notify({
                text: call
                  ? t('wizard.convertedWithCall', { name: call.userName ?? '', time: format(call.dueAt, 'p', { locale }) })
                  : t('wizard.converted'),
                action: openClient(result.clientId),
              });
              onClose();
            }}
          />
        ) : null}
      </div>
    </Modal>
  );
}

function CandidateLists({ candidates, onPick }: { candidates: ClientCandidate[]; onPick: (c: ClientCandidate) => void }) {
  const { t } = useTranslation();
  const strong = candidates.filter((c) => c.strong);
  const weak = candidates.filter((c) => !c.strong);
  if (candidates.length === 0) return <p className="wizard-empty" data-testid="wizard-empty">{t('wizard.nothingFound')}</p>;
  return (
    <div className="candidates" data-testid="candidates">
      {strong.length ? <h3>{t('wizard.strong')}</h3> : null}
      {strong.map((c) => (
        <CandidateCard key={c.clientId} candidate={c} onPick={onPick} />
      ))}
      {weak.length ? <h3>{t('wizard.weak')}</h3> : null}
      {weak.map((c) => (
        <CandidateCard key={c.clientId} candidate={c} onPick={onPick} />
      ))}
    </div>
  );
}

function CandidateCard({ candidate: c, onPick }: { candidate: ClientCandidate; onPick: (c: ClientCandidate) => void }) {
  const { t } = useTranslation();
  return (
    <div className={c.strong ? 'candidate strong' : 'candidate'} data-testid="candidate" data-client-id={c.clientId}>
      <div className="candidate-main">
        <strong>{fullName(c) || t('leads.noName')}</strong>
        <span className="tabular">{phoneOf(c) ?? '—'}</span>
        <span>{c.email ?? '—'}</span>
        <span className="muted small">
          {t('wizard.ownerAndLeads', { owner: c.ownerName ?? t('leads.unassigned'), count: c.leadCount })} · {t(`clients.stages.${c.stage}`)}
        </span>
        <ul className="reasons">
          {c.reasons.map((r, i) => (
            <li key={i} className={r.kind === 'phone' || r.kind === 'email' ? 'reason strong' : 'reason'} data-testid="reason">
              {reasonText(t, r)}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn" onClick={() => onPick(c)} data-testid="candidate-pick">
        {t('wizard.pick')}
      </button>
    </div>
  );
}

function LinkConfirm({ lead, me, candidate, onBack, onLinked }: { lead: LeadDetail; me: SessionUser; candidate: ClientCandidate; onBack: () => void; onLinked: (name: string) => void }) {
  const { t } = useTranslation();
  const name = fullName(candidate) || t('leads.noName');
  const ownerElsewhere = candidate.ownerId && candidate.ownerId !== me.id;
  const [notifyOwner, setNotifyOwner] = useState(true);
  const { pending, error, onSubmit } = useSubmit(async () => {
    await send('leads.link', { leadId: lead.id, clientId: candidate.clientId, notifyOwner: !!ownerElsewhere && notifyOwner });
  }, () => onLinked(name));
  return (
    <form onSubmit={onSubmit} className="link-confirm" data-testid="link-confirm">
      <p>{t('wizard.confirmText', { lead: fullName(lead) || t('leads.noName'), client: name })}</p>
      {ownerElsewhere ? (
        <label className="choice-inline">
          <input type="checkbox" checked={notifyOwner} onChange={(e) => setNotifyOwner(e.target.checked)} data-testid="notify-owner" />{' '}
          {t('wizard.notifyOwner', { owner: candidate.ownerName ?? '' })}
        </label>
      ) : null}
      {error ? <ErrorMessage error={error} testId="link-error" /> : null}
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onBack}>
          {t('wizard.back')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="link-confirm-submit" data-autofocus>
          {t('wizard.link')}
        </button>
      </div>
    </form>
  );
}
