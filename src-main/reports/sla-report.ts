import type Database from 'better-sqlite3';
import { SLA_METRICS, type SlaMetric, type SlaReport, type SlaReportRow, type SlaStats } from '../../src-shared/sla/report';
import { elapsedMinutes, percentile, type WorkingHours } from '../../src-shared/sla/working-time';
import type { Handlers } from '../app/context';
import { readOfficeSettings } from '../settings/office-settings';
import { requireCapability } from '../users/require-role';

/** One client's row as an array (no per-row objects: a report may read hundreds of thousands). */
type ClientTimes = [groupKey: string | null, createdAt: number, leadReceivedAt: number | null, firstCallAt: number | null, firstEmailAt: number | null, firstMeetingAt: number | null];

/** From when to when each metric runs, for one client (null `to`: still running). */
function spans([, createdAt, leadReceivedAt, firstCallAt, firstEmailAt, firstMeetingAt]: ClientTimes): Record<SlaMetric, { from: number; to: number | null } | null> {
  return {
    leadToClient: leadReceivedAt === null ? null : { from: leadReceivedAt, to: createdAt },
    firstCall: { from: createdAt, to: firstCallAt },
    firstEmail: { from: createdAt, to: firstEmailAt },
    firstMeeting: { from: createdAt, to: firstMeetingAt },
  };
}

function stats(minutes: number[], running: number[], red: number): SlaStats {
  return {
    met: minutes.length,
    median: percentile(minutes, 50),
    p90: percentile(minutes, 90),
    breaches: minutes.filter((m) => m >= red).length + running.filter((m) => m >= red).length,
    running: running.length,
  };
}

/**
 * Response times per advisor or per source for the clients created in a range: how many met each metric,
 * median and 90th percentile minutes, breaches of the red threshold. One read of the clients in range: the
 * first-contact times live on the client row (kept by triggers).
 */
export function slaReportHandlers(sqlite: Database.Database): Pick<Handlers, 'reports.sla'> {
  // Read from the covering index only; names are looked up for the few groups afterwards.
  const byGroup = {
    advisor: sqlite.prepare<[number, number], unknown>(
      `select c.owner_user_id as groupKey, c.created_at as createdAt, c.lead_received_at as leadReceivedAt,
         c.first_call_at as firstCallAt, c.first_email_at as firstEmailAt, c.first_meeting_at as firstMeetingAt
       from clients c indexed by clients_sla_idx where c.created_at >= ? and c.created_at < ? and c.deleted_at is null`,
    ),
    source: sqlite.prepare<[number, number], unknown>(
      `select c.origin_source_id as groupKey, c.created_at as createdAt, c.lead_received_at as leadReceivedAt,
         c.first_call_at as firstCallAt, c.first_email_at as firstEmailAt, c.first_meeting_at as firstMeetingAt
       from clients c indexed by clients_sla_idx where c.created_at >= ? and c.created_at < ? and c.deleted_at is null`,
    ),
  };
  const labels = {
    advisor: sqlite.prepare<[string], { id: string; label: string }>('select id, display_name as label from users where id in (select value from json_each(?))'),
    source: sqlite.prepare<[string], { id: string; label: string }>('select id, name as label from sources where id in (select value from json_each(?))'),
  };

  return {
    'reports.sla'({ from, to, groupBy }, ctx) {
      requireCapability(ctx, 'reports.view', 'see the response-time report');
      const office = readOfficeSettings(ctx.db);
      const hours: WorkingHours | null = office.workingHours;
      const now = Date.now();
      type Acc = { clients: number; met: Record<SlaMetric, number[]>; running: Record<SlaMetric, number[]> };
      const empty = (): Acc => ({
        clients: 0,
        met: { leadToClient: [], firstCall: [], firstEmail: [], firstMeeting: [] },
        running: { leadToClient: [], firstCall: [], firstEmail: [], firstMeeting: [] },
      });
      const groups = new Map<string | null, Acc>();
      const total = empty();
      for (const c of byGroup[groupBy].raw().all(from, to) as ClientTimes[]) {
        let acc = groups.get(c[0]);
        if (!acc) groups.set(c[0], (acc = empty()));
        acc.clients++;
        total.clients++;
        const s = spans(c);
        for (const metric of SLA_METRICS) {
          const span = s[metric];
          if (!span) continue;
          const minutes = elapsedMinutes(span.from, span.to ?? now, hours);
          const bucket = span.to === null ? 'running' : 'met';
          acc[bucket][metric].push(minutes);
          total[bucket][metric].push(minutes);
        }
      }
      const names = new Map(labels[groupBy].all(JSON.stringify([...groups.keys()].filter(Boolean))).map((l) => [l.id, l.label]));
      const row = (key: string | null, acc: Acc): SlaReportRow => ({
        key,
        label: key ? (names.get(key) ?? null) : null,
        clients: acc.clients,
        metrics: Object.fromEntries(SLA_METRICS.map((m) => [m, stats(acc.met[m], acc.running[m], office.slaRedMinutes)])) as Record<SlaMetric, SlaStats>,
      });
      const rows = [...groups.entries()].map(([key, acc]) => row(key, acc)).sort((a, b) => b.clients - a.clients || (a.label ?? '').localeCompare(b.label ?? ''));
      const report: SlaReport = { rows, total: row(null, total), redMinutes: office.slaRedMinutes, workingMinutes: hours !== null };
      return report;
    },
  };
}
