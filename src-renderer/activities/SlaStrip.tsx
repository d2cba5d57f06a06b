import { useTranslation } from 'react-i18next';
import type { ClientSla } from '../../src-shared';
import { elapsedMinutes, slaLevel } from '../../src-shared/sla/working-time';
import { useNow } from '../leads/clock';
import { useLookups } from '../settings/lookups';

type Metric = 'leadToClient' | 'firstCall' | 'firstEmail' | 'firstMeeting';

/**
 * Response times in whole minutes from stored times: final once met, ticking while running; working minutes
 * only when the office set working hours.
 */
export function SlaStrip({ sla }: { sla: ClientSla }) {
  const { t, i18n } = useTranslation();
  const { settings } = useLookups().lookups;
  const now = useNow();
  const num = new Intl.NumberFormat(i18n.resolvedLanguage);
  const items: { metric: Metric; from: number | null; to: number | null; running: boolean }[] = [
    { metric: 'leadToClient', from: sla.leadReceivedAt, to: sla.clientCreatedAt, running: false },
    { metric: 'firstCall', from: sla.clientCreatedAt, to: sla.firstCallAt, running: sla.firstCallAt === null },
    { metric: 'firstEmail', from: sla.clientCreatedAt, to: sla.firstEmailAt, running: sla.firstEmailAt === null },
    { metric: 'firstMeeting', from: sla.clientCreatedAt, to: sla.firstMeetingAt, running: sla.firstMeetingAt === null },
  ];
  return (
    <dl className="sla-strip" data-testid="sla" title={settings.workingHours ? t('sla.workingMinutes') : undefined}>
      {items.map(({ metric, from, to, running }) => {
        if (from === null) {
          return (
            <div key={metric} className="sla-item">
              <dt>{t(`sla.${metric}`)}</dt>
              <dd className="muted">—</dd>
            </div>
          );
        }
        const minutes = elapsedMinutes(from, running ? Math.max(now, Date.now()) : to!, settings.workingHours);
        const level = slaLevel(minutes, { amberMinutes: settings.slaAmberMinutes, redMinutes: settings.slaRedMinutes });
        return (
          <div key={metric} className={`sla-item sla-${level}${running ? ' running' : ''}`} data-testid={`sla-${metric}`} data-minutes={minutes} data-running={running}>
            <dt>{t(`sla.${metric}`)}</dt>
            <dd>
              {t('leads.minutes', { value: num.format(minutes) })}
              {running ? <span className="sla-running"> · {t('sla.running')}</span> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
