import { useTranslation } from 'react-i18next';
import { useLookups } from '../settings/lookups';
import type { Cohort } from './measures';

/** On paper only: which report, which period and whose leads, since the filters are not printed. */
export function PrintHeading({ title, period, cohort }: { title: string; period: string; cohort?: Cohort }) {
  const { t } = useTranslation();
  const { lookups } = useLookups();
  const investment = lookups.investments.find((i) => i.id === cohort?.investmentId)?.name ?? t('reports.filters.allInvestments');
  const advisor = lookups.users.find((u) => u.id === cohort?.assigneeId)?.displayName ?? t('reports.filters.everyone');
  return (
    <div className="print-only print-heading">
      <h1>{title}</h1>
      <p>
        {period}
        {cohort ? ` · ${t('filters.investment')}: ${investment} · ${t('reports.filters.advisor')}: ${advisor}` : ''}
      </p>
    </div>
  );
}
