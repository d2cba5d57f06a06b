import type { TFunction } from 'i18next';
import type { MatchReason } from '../../src-shared';

/** A candidate's reason in words: "same phone", "name similar: Szymanski ~ Szymański", … */
export function reasonText(t: TFunction, r: MatchReason): string {
  switch (r.kind) {
    case 'phone':
      return t(r.via === 'lead' ? 'wizard.reasons.phoneLead' : 'wizard.reasons.phone');
    case 'email':
      return t(`wizard.reasons.${r.exact ? 'email' : 'mailbox'}${r.via === 'lead' ? 'Lead' : ''}`);
    case 'name':
      return t(`wizard.reasons.name_${r.how}`, { lead: r.lead, client: r.client });
    case 'swapped':
      return t('wizard.reasons.swapped', { lead: r.lead, client: r.client });
  }
}
