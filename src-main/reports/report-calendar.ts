import type Database from 'better-sqlite3';
import { tzOffset } from '@date-fns/tz';
import { startOfLocalDay } from '../../src-shared/sla/working-time';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The calendar covers local days 2000-01-01 .. 2059-12-31; a lead outside it counts on day 0 (never in a report). */
const FIRST_DAY = Date.UTC(2000, 0, 1) / DAY_MS;
const END_DAY = Date.UTC(2060, 0, 1) / DAY_MS;

/** yyyymmdd of a day number (days since 1970-01-01). */
export function dayKey(dayNumber: number): number {
  const d = new Date(dayNumber * DAY_MS);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

const calendars = new Map<string, [startAt: number, day: number][]>();

/**
 * Local midnights of every day in range for `timeZone`. Offsets are sampled weekly and a week is resolved day by day
 * only when the offset changes inside it (DST), which keeps this at a few milliseconds; cached per zone.
 */
export function localMidnights(timeZone: string): [startAt: number, day: number][] {
  const cached = calendars.get(timeZone);
  if (cached) return cached;
  const days: [number, number][] = [];
  const offsetAt = (dayNumber: number) => tzOffset(timeZone, new Date(dayNumber * DAY_MS));
  for (let week = FIRST_DAY; week < END_DAY; week += 7) {
    const last = Math.min(week + 7, END_DAY);
    const steady = offsetAt(week - 1) === offsetAt(last + 1);
    const offset = offsetAt(week);
    for (let d = week; d < last; d++) days.push([steady ? d * DAY_MS - offset * MINUTE_MS : startOfLocalDay(timeZone, d), dayKey(d)]);
  }
  calendars.set(timeZone, days);
  return days;
}

const DAY_OF = (column: string) => `coalesce((select day from office_days where start_at <= ${column} order by start_at desc limit 1), 0)`;

/**
 * Makes the report tables match the office's time zone: when the zone differs from the one the calendar was built
 * for (or none was), rewrites the local midnights and recounts every cell and conversion from the leads. Returns
 * whether it rebuilt. Runs inside the caller's transaction when there is one.
 */
export function ensureReportCalendar(sqlite: Database.Database, timeZone: string): boolean {
  const current = sqlite.prepare('select time_zone from office_calendar where id = 1').pluck().get() as string | undefined;
  if (current === timeZone) return false;
  sqlite.transaction(() => {
    sqlite.exec('delete from office_days');
    const insert = sqlite.prepare('insert into office_days (start_at, day) values (?, ?)');
    for (const [startAt, day] of localMidnights(timeZone)) insert.run(startAt, day);
    sqlite.prepare('insert into office_calendar (id, time_zone) values (1, ?) on conflict (id) do update set time_zone = excluded.time_zone').run(timeZone);
    rebuildReportCells(sqlite);
  })();
  return true;
}

/** Recounts the report cells and conversions from the leads, clients and activities (what the triggers keep). */
export function rebuildReportCells(sqlite: Database.Database): void {
  sqlite.exec(`delete from lead_day_cells; delete from lead_month_cells; delete from lead_conversions;
    insert into lead_day_cells (day, source_id, investment_key, assignee_key, status, reason_key, n)
      select ${DAY_OF('l.received_at')}, l.source_id, coalesce(l.investment_id, ''), coalesce(l.assignee_user_id, ''), l.status,
        coalesce(l.deletion_reason_id, ''), count(*)
      from leads l group by 1, 2, 3, 4, 5, 6;
    insert into lead_month_cells (month, source_id, investment_key, assignee_key, status, reason_key, n)
      select day / 100, source_id, investment_key, assignee_key, status, reason_key, sum(n)
      from lead_day_cells group by 1, 2, 3, 4, 5, 6;
    insert into lead_conversions (lead_id, client_id, day, source_id, investment_key, assignee_key, received_at, minutes, meeting, reserved, won)
      select l.id, l.client_id, ${DAY_OF('l.received_at')}, l.source_id, coalesce(l.investment_id, ''), coalesce(l.assignee_user_id, ''),
        l.received_at, max(0, (o.created_at - l.received_at) / 60000), o.meeting, o.reserved, o.won
      from leads l join client_outcomes o on o.client_id = l.client_id where l.status = 'converted';`);
}
