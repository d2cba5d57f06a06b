import { useTranslation } from 'react-i18next';
import { can, type SessionUser } from '../../src-shared';
import type { Cohort } from './measures';
import { MonthsTab } from './MonthsTab';
import { useRemembered } from './remembered';
import { ReportActions } from './ReportActions';
import { SlaReportScreen } from './SlaReportScreen';
import { SourcesTab } from './SourcesTab';
import { SpendTab } from './SpendTab';

const TABS = ['sources', 'months', 'sla', 'spend'] as const;
type Tab = (typeof TABS)[number];

/** The reports: sources (default), sources by month, response times, and marketing spend for those who enter it. */
export function ReportsScreen({ me }: { me: SessionUser }) {
  const { t } = useTranslation();
  const mayEnterSpend = can(me, 'costs.manage');
  const tabs = TABS.filter((tab) => tab !== 'spend' || mayEnterSpend);
  const [remembered, setTab] = useRemembered<Tab>('reports.tab', () => 'sources');
  const tab = tabs.includes(remembered) ? remembered : 'sources';
  // Investment and advisor apply to both source tabs, so switching tabs compares like with like.
  const [cohort, setCohort] = useRemembered<Cohort>('reports.cohort', () => ({}));

  return (
    <section className="admin-screen reports-screen" data-testid="reports-screen" data-tab={tab}>
      <div className="reports-header no-print">
        <h1>{t('reports.title')}</h1>
        <div className="tabs" role="tablist" aria-label={t('reports.title')}>
          {tabs.map((key) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={tab === key}
              className={tab === key ? 'tab active' : 'tab'}
              onClick={() => setTab(key)}
              data-testid={`reports-tab-${key}`}
            >
              {t(`reports.tabs.${key}`)}
            </button>
          ))}
        </div>
        {tab === 'sla' ? <ReportActions baseName="response-times" /> : null}
      </div>
      <div className="reports-body" role="tabpanel">
        {tab === 'sources' ? <SourcesTab cohort={cohort} onCohort={setCohort} onEnterSpend={mayEnterSpend ? () => setTab('spend') : undefined} /> : null}
        {tab === 'months' ? <MonthsTab cohort={cohort} onCohort={setCohort} /> : null}
        {tab === 'sla' ? <SlaReportScreen /> : null}
        {tab === 'spend' ? <SpendTab /> : null}
      </div>
    </section>
  );
}
