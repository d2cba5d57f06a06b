import { useTranslation } from 'react-i18next';
import type { DemoSummary } from '../../src-shared';

interface Props {
  summary: DemoSummary;
  onContinue: () => void;
}

/** What the demo loader created, with the demo accounts and their passwords. */
export function DemoSummaryView({ summary, onContinue }: Props) {
  const { t, i18n } = useTranslation();
  const num = new Intl.NumberFormat(i18n.resolvedLanguage);
  const stats = [
    { key: 'leads', count: summary.leads },
    { key: 'clients', count: summary.clients },
    { key: 'activities', count: summary.activities },
    { key: 'accounts', count: summary.users.length },
  ] as const;

  return (
    <section className="card demo-summary" data-testid="demo-summary" aria-labelledby="demo-title">
      <h1 id="demo-title">{t('demo.title')}</h1>
      <ul className="stats">
        {stats.map((s) => (
          <li key={s.key} data-testid={`demo-count-${s.key}`}>
            <span className="stat-number">{num.format(s.count)}</span>
            <span className="stat-label">{t(`demo.counts.${s.key}`, { count: s.count })}</span>
          </li>
        ))}
      </ul>
      <h2>{t('demo.accountsTitle')}</h2>
      <p className="muted">{t('demo.accountsText')}</p>
      <table className="simple-table" data-testid="demo-accounts">
        <thead>
          <tr>
            <th scope="col">{t('demo.username')}</th>
            <th scope="col">{t('demo.role')}</th>
            <th scope="col">{t('demo.password')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.users.map((u) => (
            <tr key={u.username} data-testid="demo-account">
              <td>
                <code>{u.username}</code>
              </td>
              <td>{t(`roles.${u.role}`, { defaultValue: u.role })}</td>
              <td>
                <code>{u.password}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={onContinue} data-testid="first-run-continue">
          {t('demo.continue')}
        </button>
      </div>
    </section>
  );
}
