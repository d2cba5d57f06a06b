import { useTranslation } from 'react-i18next';
import { useLookups } from '../settings/lookups';
import type { Cohort } from './measures';

/** Investment and advisor: whose leads the report counts. */
export function CohortFilters({ value, onChange }: { value: Cohort; onChange: (cohort: Cohort) => void }) {
  const { t } = useTranslation();
  const { lookups } = useLookups();
  return (
    <>
      <label className="filter">
        <span>{t('filters.investment')}</span>
        <select value={value.investmentId ?? ''} onChange={(e) => onChange({ ...value, investmentId: e.target.value || undefined })} data-testid="report-investment">
          <option value="">{t('reports.filters.allInvestments')}</option>
          {lookups.investments.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
              {i.active ? '' : ` (${t('reports.filters.inactiveInvestment')})`}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('reports.filters.advisor')}</span>
        <select value={value.assigneeId ?? ''} onChange={(e) => onChange({ ...value, assigneeId: e.target.value || undefined })} data-testid="report-advisor">
          <option value="">{t('reports.filters.everyone')}</option>
          {lookups.users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName}
              {u.active ? '' : ` (${t('reports.filters.inactiveUser')})`}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
