/**
 * Source-effectiveness reports over the bench office, through the service as a manager (core.call), like the
 * response-time figure: reports.sources (the last 12 months to today in the office's zone; informational: all time
 * and a range with partial months at both ends), with an investment filter, reports.sourceMonths (24 months),
 * reports.sourceDetails (one source, one month, 500 rows). Each answer is checked against the leads table first, so
 * a fast wrong answer cannot pass. Informational: the bare SQL behind the two issue figures (where the time goes),
 * the calendar rebuild after a time-zone change (then changed back, and the report must come out the same), and
 * what the report triggers add to inserting and deleting a lead (raw writes in rolled-back transactions).
 *
 * checkReportTriggers (run last: it changes data) drives leads and clients through the services — create, delete,
 * restore, assign, convert, link, unlink, stage changes, done meetings, reservations and contracts — and then
 * compares the trigger-kept cells and conversions with a fresh count (verifyReportCells); 1 when they agree.
 */
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { Core } from '../src-main/app/core';
import { newId } from '../src-main/db/ids';
import { splitRange } from '../src-main/reports/source-report';
import type { SourceDetails, SourceMonthReport, SourceReport, SourceReportInput, SourceMonthReportInput, SourceDetailsInput } from '../src-shared/reports/source-report';
import { officeTimeZone, verifyReportCells } from './generate';

export const REPORT_TARGETS: Record<string, number> = { source_report_ms: 150, source_month_report_ms: 150 };

const KEY = 'bench-reports';
const ADMIN_KEY = 'bench-reports-admin';
const RUNS = 50;

type Log = (line: string) => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeMedian(fn: () => unknown | Promise<unknown>, runs = RUNS): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(); // warm caches and JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

// Local calendar arithmetic on YYYY-MM-DD / YYYY-MM strings (UTC dates stand in for local ones).
const utcDay = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const parts = (day: string) => day.split('-').map(Number) as [number, number, number];
const shiftMonth = (month: string, by: number) => {
  const [y, m] = parts(month);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
};
const lastDayOf = (month: string) => {
  const [y, m] = parts(month);
  return utcDay(y, m + 1, 0);
};
const dayInt = (day: string) => Number(day.replaceAll('-', ''));
const localToday = (timeZone: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** The statements reports.sources / sourceMonths run (mirrors readCells and readConversions), for plans and bare timings. */
function reportStatements(from: number, to: number, investmentId: string | undefined, byMonth: boolean): { what: string; sql: string; params: unknown[] }[] {
  const filter = (params: unknown[]) => {
    if (!investmentId) return '';
    params.push(investmentId);
    return ' and investment_key = ?';
  };
  const { months, days } = splitRange(from, to);
  const parts: string[] = [];
  const params: unknown[] = [];
  if (months) {
    params.push(...months);
    parts.push(`select source_id, ${byMonth ? 'month' : '0'} as bucket, status, reason_key, n from lead_month_cells where month between ? and ?${filter(params)}`);
  }
  for (const range of days) {
    params.push(...range);
    parts.push(`select source_id, ${byMonth ? 'day / 100' : '0'} as bucket, status, reason_key, n from lead_day_cells where day between ? and ?${filter(params)}`);
  }
  const convParams: unknown[] = [from, to];
  // As the service reads them: source by source (one range of the source-first index each), one packed number a lead.
  const convSql = `select ${byMonth ? `(day / 100) * 4294967296 + ` : ''}minutes * 8 + meeting * 4 + reserved * 2 + won from lead_conversions
    where source_id in (select id from sources) and day between ? and ?${filter(convParams)} order by source_id, day`;
  return [
    { what: 'cells', sql: `select source_id, bucket, status, reason_key, sum(n) from (${parts.join(' union all ')}) group by 1, 2, 3, 4 having sum(n) > 0`, params },
    { what: 'conversions', sql: convSql, params: convParams },
  ];
}

function explain(db: Database.Database, sql: string, params: unknown[]): string[] {
  const rows = db.prepare(`explain query plan ${sql}`).all(...params) as { id: number; parent: number; detail: string }[];
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}

export async function benchSourceReports(core: Core, databaseFile: string, log: Log = console.log, showPlans = false): Promise<Record<string, number>> {
  const as = (key: string) => async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.call(key, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const call = as(KEY);
  const admin = as(ADMIN_KEY);
  await call('auth.signIn', { username: 'manager', password: 'demo2026' });
  await admin('auth.signIn', { username: 'admin', password: 'demo2026' });
  const reader = new Database(databaseFile, { readonly: true });
  const results: Record<string, number> = {};
  try {
    const timeZone = officeTimeZone(reader);
    const now = Date.now();
    const today = localToday(timeZone, now);
    const [ty, tm, td] = parts(today);
    const thisMonth = today.slice(0, 7);
    const lastMonth = shiftMonth(thisMonth, -1);
    const year: SourceReportInput = { from: utcDay(ty - 1, tm, td + 1), to: today };
    const all: SourceReportInput = { from: '2000-01-01', to: today };
    const partial: SourceReportInput = { from: `${shiftMonth(thisMonth, -7)}-15`, to: `${lastMonth}-10` };
    const commonest = reader.prepare(`select investment_id from leads where investment_id is not null group by 1 order by count(*) desc limit 1`).pluck().get() as string;
    const filtered: SourceReportInput = { ...year, investmentId: commonest };
    const months24: SourceMonthReportInput = { from: shiftMonth(thisMonth, -23), to: thisMonth };
    const detailSource = reader
      .prepare('select source_id from lead_month_cells where month = ? group by 1 order by sum(n) desc, 1 limit 1')
      .pluck()
      .get(Number(lastMonth.replace('-', ''))) as string;
    const details: SourceDetailsInput = { sourceId: detailSource, from: `${lastMonth}-01`, to: lastDayOf(lastMonth), limit: 500 };

    // What each answer must say, from the leads table over the same instants (local midnights of the office's zone).
    const startOf = reader.prepare('select start_at from office_days where day >= ? order by day limit 1').pluck();
    const instants = (from: string, to: string) => [startOf.get(dayInt(from)) as number, (startOf.get(dayInt(to) + 1) as number | undefined) ?? Number.MAX_SAFE_INTEGER] as const;
    const expected = (from: string, to: string, investmentId?: string) => {
      const [start, end] = instants(from, to);
      return reader
        .prepare(`select count(*) as leads, coalesce(sum(status = 'converted'), 0) as converted, coalesce(sum(status = 'deleted'), 0) as deleted,
            coalesce(sum(status = 'linked'), 0) as linked from leads where received_at >= ? and received_at < ?${investmentId ? ' and investment_id = ?' : ''}`)
        .get(start, end, ...(investmentId ? [investmentId] : [])) as { leads: number; converted: number; deleted: number; linked: number };
    };
    const checkReport = (name: string, report: SourceReport | SourceMonthReport, want: ReturnType<typeof expected>) => {
      const t = report.total;
      const rowLeads = report.rows.reduce((a, r) => a + ('total' in r ? r.total.leads : r.leads), 0);
      if (t.leads !== want.leads || t.converted !== want.converted || t.deleted !== want.deleted || t.linked !== want.linked || rowLeads !== want.leads) {
        throw new Error(`${name}: the report counts ${JSON.stringify({ leads: t.leads, converted: t.converted, deleted: t.deleted, linked: t.linked, rowLeads })}, the leads table ${JSON.stringify(want)}`);
      }
      if (t.clients !== want.converted) throw new Error(`${name}: ${t.clients} clients from ${want.converted} converted leads`);
    };

    const yearReport = await call<SourceReport>('reports.sources', year);
    checkReport('reports.sources (12 months)', yearReport, expected(year.from, year.to));
    {
      // The outcomes too, once: meetings, reservations and contracts of the clients made from the year's leads.
      const [start, end] = instants(year.from, year.to);
      const o = reader
        .prepare(`select count(*) as clients, sum(o.meeting) as meeting, sum(o.reserved) as reserved, sum(o.won) as won
          from leads l join client_outcomes o on o.client_id = l.client_id where l.status = 'converted' and l.received_at >= ? and l.received_at < ?`)
        .get(start, end) as { clients: number; meeting: number; reserved: number; won: number };
      const t = yearReport.total;
      if (t.clients !== o.clients || t.withMeeting !== o.meeting || t.reservations !== o.reserved || t.contracts !== o.won) {
        throw new Error(`reports.sources: outcomes ${JSON.stringify([t.clients, t.withMeeting, t.reservations, t.contracts])}, client_outcomes ${JSON.stringify(o)}`);
      }
      log(`source report inputs: ${year.from}..${year.to} (${timeZone}): ${t.leads} leads, ${t.clients} clients (${t.withMeeting} met, ${t.reservations} reserved, ` +
        `${t.contracts} contracts), median ${t.medianMinutesToClient} min to client, cost ${t.cost}; ${yearReport.rows.length} sources`);
    }
    checkReport('reports.sources (all time)', await call<SourceReport>('reports.sources', all), expected(all.from, all.to));
    checkReport('reports.sources (partial months)', await call<SourceReport>('reports.sources', partial), expected(partial.from, partial.to));
    checkReport('reports.sources (investment)', await call<SourceReport>('reports.sources', filtered), expected(filtered.from, filtered.to, commonest));
    const monthReport = await call<SourceMonthReport>('reports.sourceMonths', months24);
    checkReport('reports.sourceMonths (24 months)', monthReport, expected(`${months24.from}-01`, lastDayOf(months24.to)));
    if (monthReport.months.length !== 24 || monthReport.totals.reduce((a, m) => a + m.leads, 0) !== monthReport.total.leads) throw new Error('reports.sourceMonths: not 24 months that add up');
    const detail = await call<SourceDetails>('reports.sourceDetails', details);
    {
      const [start, end] = instants(details.from, details.to);
      const total = reader.prepare('select count(*) from leads where source_id = ? and received_at >= ? and received_at < ?').pluck().get(detailSource, start, end) as number;
      const sourceName = reader.prepare('select name from sources where id = ?').pluck().get(detailSource) as string;
      const rows = detail.rows;
      if (detail.total !== total || rows.length !== Math.min(500, total) || rows.some((r, i) => r.sourceName !== sourceName || r.receivedAt < start || r.receivedAt >= end || (i > 0 && r.receivedAt > rows[i - 1]!.receivedAt))) {
        throw new Error(`reports.sourceDetails: ${rows.length} rows of ${detail.total}; the leads table has ${total} of ${sourceName} in ${details.from}..${details.to}`);
      }
      log(`source details inputs: ${sourceName}, ${details.from}..${details.to}: ${total} leads, first 500`);
    }

    results.source_report_ms = round(await timeMedian(() => call('reports.sources', year)));
    results.source_report_all_ms = round(await timeMedian(() => call('reports.sources', all), 20));
    results.source_report_partial_ms = round(await timeMedian(() => call('reports.sources', partial), 20));
    results.source_report_filtered_ms = round(await timeMedian(() => call('reports.sources', filtered)));
    results.source_month_report_ms = round(await timeMedian(() => call('reports.sourceMonths', months24)));
    results.source_details_ms = round(await timeMedian(() => call('reports.sourceDetails', details)));

    // Where the time goes: the service's statements bare (same SQL, this read-only connection) and the rows they return.
    const statementsOf: Record<string, { what: string; sql: string; params: unknown[] }[]> = {
      source_report_ms: reportStatements(dayInt(year.from), dayInt(year.to), undefined, false),
      source_month_report_ms: reportStatements(dayInt(`${months24.from}-01`), dayInt(lastDayOf(months24.to)), undefined, true),
    };
    const prefix: Record<string, string> = { source_report_ms: 'source_report', source_month_report_ms: 'source_month_report' };
    for (const [metric, statements] of Object.entries(statementsOf)) {
      for (const s of statements) {
        const statement = reader.prepare(s.sql).raw();
        results[`${prefix[metric]}_${s.what}_rows`] = statement.all(...s.params).length;
        results[`${prefix[metric]}_${s.what}_sql_ms`] = round(await timeMedian(() => statement.all(...s.params), 20));
      }
    }
    for (const metric of Object.keys(results)) log(`${metric.padEnd(30)} ${results[metric]}`);
    for (const [metric, target] of Object.entries(REPORT_TARGETS)) {
      const met = results[metric]! <= target;
      log(`target ${metric} <= ${target}: ${met ? 'met' : 'NOT met'} (${results[metric]} ms)`);
      if (!met || showPlans) {
        for (const s of statementsOf[metric]!) {
          log(`plan for ${metric}, ${s.what} (${results[`${prefix[metric]}_${s.what}_rows`]} rows, ${results[`${prefix[metric]}_${s.what}_sql_ms`]} ms bare):`);
          log(`  ${s.sql.replace(/\s+/g, ' ')}`);
          log(`  params ${JSON.stringify(s.params)}`);
          for (const line of explain(reader, s.sql, s.params)) log(line);
        }
      }
    }
    if (showPlans) {
      const [start, end] = instants(details.from, details.to);
      const sql = `select l.id from leads l left join lead_conversions v on v.lead_id = l.id where l.received_at >= ? and l.received_at < ? and l.source_id = ? order by l.received_at desc, l.id limit 500`;
      log(`plan for source_details_ms (its rows statement, joins to names left out):\n  ${sql}`);
      for (const line of explain(reader, sql, [start, end, detailSource])) log(line);
      log(`plan for the details' day lookup:\n${explain(reader, 'select start_at from office_days where day >= ? order by day limit 1', [dayInt(details.from)]).join('\n')}`);
    }

    // The calendar after a time-zone change (once; informational), then back, which must give the same report.
    const otherZone = timeZone === 'Europe/London' ? 'Europe/Warsaw' : 'Europe/London';
    let t0 = performance.now();
    await admin('settings.update', { timeZone: otherZone });
    results.report_calendar_rebuild_ms = Math.round(performance.now() - t0);
    const leads = reader.prepare('select count(*) from leads').pluck().get() as number;
    const counted = reader.prepare('select (select sum(n) from lead_day_cells) + 0 as days, (select sum(n) from lead_month_cells) as months').get() as { days: number; months: number };
    if (counted.days !== leads || counted.months !== leads) throw new Error(`after the change to ${otherZone} the cells count ${JSON.stringify(counted)} of ${leads} leads`);
    t0 = performance.now();
    await admin('settings.update', { timeZone });
    results.report_calendar_restore_ms = Math.round(performance.now() - t0);
    if (JSON.stringify(await call<SourceReport>('reports.sources', year)) !== JSON.stringify(yearReport)) throw new Error(`the 12-month report differs after ${otherZone} and back to ${timeZone}`);
    log(`report_calendar_rebuild_ms      ${results.report_calendar_rebuild_ms} (${timeZone} -> ${otherZone}; back: ${results.report_calendar_restore_ms} ms, same report)`);

    Object.assign(results, writeOverhead(databaseFile, log));
  } finally {
    reader.close();
  }
  return results;
}

/**
 * Per-lead cost of the report triggers: 10,000 raw inserts like leads.create's (status new, arriving now), and 10,000
 * deletions like leads.delete's (status, reason, time), each timed with every trigger present and again with the
 * leads_report_* triggers dropped, inside transactions that are rolled back; rounds alternate, medians reported.
 * The database is checked to be unchanged afterwards.
 */
function writeOverhead(databaseFile: string, log: Log): Record<string, number> {
  const db = new Database(databaseFile);
  db.pragma('cache_size = -262144');
  db.pragma('busy_timeout = 10000');
  try {
    const fingerprint = () => JSON.stringify(db.prepare(`select (select count(*) from leads), (select max(rowid) from leads), (select sum(n) from lead_day_cells),
      (select count(*) from lead_conversions), (select group_concat(name) from (select name from sqlite_master where type = 'trigger' order by name)),
      (select group_concat(status || n) from lead_status_counts)`).raw().get());
    const before = fingerprint();
    const reportTriggers = db.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = 'leads' and name like 'leads_report_%'`).pluck().all() as string[];
    const people = db
      .prepare(`select source_id, investment_id, first_name, last_name, phone_raw, phone_e164, email, email_normalized, message, language, name_search, email_key, phone_tail
        from leads where rowid % ? = 0 limit 10000`)
      .raw()
      .all(Math.max(1, Math.floor((db.prepare('select max(rowid) from leads').pluck().get() as number) / 10_000))) as unknown[][];
    const insert = db.prepare(`insert into leads (id, status, source_id, investment_id, assignee_user_id, first_name, last_name, phone_raw, phone_e164, email,
      email_normalized, message, language, consent_data_processing, consent_marketing_email, consent_marketing_phone, priority, raw_payload, name_search,
      email_key, phone_tail, received_at, created_at, updated_at)
      values (?, 'new', ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 0, 'standard', '{"channel":"manual"}', ?, ?, ?, ?, ?, ?)`);
    const newest = db.prepare(`select id from leads where status = 'new' order by received_at desc limit 10000`).pluck().all() as string[];
    const reason = db.prepare('select id from deletion_reasons order by sort_order limit 1').pluck().get() as string;
    const user = db.prepare(`select id from users where username = 'manager'`).pluck().get() as string;
    const remove = db.prepare(`update leads set status = 'deleted', deletion_reason_id = ?, deleted_at = ?, deleted_by = ?, updated_at = ? where id = ?`);
    const now = Date.now();
    const work = {
      insert: () => people.forEach((p, i) => insert.run(newId(now + i), ...p, now + i, now + i, now + i)),
      delete: () => newest.forEach((id, i) => remove.run(reason, now + i, user, now + i, id)),
    };
    const timed = (what: keyof typeof work, withReportTriggers: boolean): number => {
      db.exec('begin immediate');
      try {
        if (!withReportTriggers) for (const name of reportTriggers) db.exec(`drop trigger "${name}"`);
        const t0 = performance.now();
        work[what]();
        return ((performance.now() - t0) * 1000) / (what === 'insert' ? people.length : newest.length);
      } finally {
        db.exec('rollback');
      }
    };
    const results: Record<string, number> = {};
    for (const what of ['insert', 'delete'] as const) {
      timed(what, true); // warm the cache
      const withT: number[] = [];
      const without: number[] = [];
      for (let r = 0; r < 3; r++) {
        withT.push(timed(what, true));
        without.push(timed(what, false));
      }
      const a = median(withT);
      const b = median(without);
      results[`source_report_${what}_overhead_us`] = round(a - b);
      results[`lead_${what}_us`] = round(a);
      results[`lead_${what}_without_report_triggers_us`] = round(b);
    }
    if (fingerprint() !== before) throw new Error('the write-overhead rounds changed the database');
    log(`source_report_insert_overhead_us ${results.source_report_insert_overhead_us} (a leads.create-like insert: ${results.lead_insert_us} us with the report triggers, ` +
      `${results.lead_insert_without_report_triggers_us} without; ${people.length} leads x 3 rounds each, rolled back)`);
    log(`source_report_delete_overhead_us ${results.source_report_delete_overhead_us} (a leads.delete-like update: ${results.lead_delete_us} us with, ` +
      `${results.lead_delete_without_report_triggers_us} without; ${newest.length} newest new leads)`);
    return results;
  } finally {
    db.close();
  }
}

/**
 * Trigger check through the services (changes data: run last): every kind of lead and client change that moves a
 * report cell or conversion, then the tables against a fresh count. Returns 1 when they agree, else 0 (the differing rows printed); a step the service refused is printed, not fatal.
 */
export async function checkReportTriggers(core: Core, databaseFile: string, log: Log = console.log): Promise<number> {
  const as = (key: string) => async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.call(key, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const call = as(KEY);
  const admin = as(ADMIN_KEY);
  await call('auth.signIn', { username: 'manager', password: 'demo2026' });
  await admin('auth.signIn', { username: 'admin', password: 'demo2026' });
  const db = new Database(databaseFile);
  db.pragma('busy_timeout = 10000');
  const steps: string[] = [];
  const failed: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      steps.push(what);
    } catch (error) {
      failed.push(`${what}: ${(error as Error).message}`);
    }
  };
  try {
    const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as T;
    const [s1, s2, s3] = db.prepare('select id from sources order by name').pluck().all() as string[];
    const investment = one<string>('select id from investments order by name limit 1');
    const users = Object.fromEntries((db.prepare('select username, id from users').raw().all() as [string, string][]).map(([u, id]) => [u, id]));
    const reasons = db.prepare('select id from deletion_reasons order by sort_order').pluck().all() as string[];
    await admin('grants.grant', { userId: users.manager, permission: 'lead.unlink', confirmedByName: 'Bench', confirmedByEmail: 'bench@example.com', confirmedAt: Date.now() });
    const create = (input: Record<string, unknown>) => call<{ id: string }>('leads.create', { consentDataProcessing: true, ...input });
    const a = await create({ sourceId: s1, investmentId: investment, firstName: 'Trigger', lastName: 'Check', phone: '600 100 201' });
    const b = await create({ sourceId: s2, firstName: 'Linked', lastName: 'Check', email: 'linked.check@example.com', assigneeId: users.anna });
    const c = await create({ sourceId: s3, firstName: 'Deleted', lastName: 'Check', phone: '600 100 203' });
    await step('delete, restore and assign a new lead', async () => {
      await call('leads.delete', { ids: [a.id], reasonId: reasons[0] });
      await call('leads.restore', { ids: [a.id] });
      await call('leads.assign', { ids: [a.id], assigneeId: users.piotr });
    });
    await step('convert it; a done meeting and oral reservation; stage won, then back to offer', async () => {
      const made = await call<{ clientId: string }>('leads.convert', { leadId: a.id, client: { firstName: 'Trigger', lastName: 'Check', phone: '600 100 201', consentDataProcessing: true } });
      await call('activities.create', { state: 'done', clientId: made.clientId, type: 'meeting' });
      await call('activities.create', { state: 'done', clientId: made.clientId, type: 'oral_reservation' });
      await call('clients.setStage', { id: made.clientId, stage: 'won' });
      await call('clients.setStage', { id: made.clientId, stage: 'offer' });
    });
    await step('a done contract for a generated client in progress (won by activity only)', async () => {
      const client = one<string>(`select c.id from clients c join leads l on l.client_id = c.id and l.status = 'converted' where c.stage = 'in_progress'
        and not exists (select 1 from activities a where a.client_id = c.id and a.type in ('oral_reservation', 'contract')) order by c.rowid desc limit 1`);
      const planned = await call<{ id: string }>('activities.create', { state: 'planned', clientId: client, type: 'contract', dueAt: Date.now() + 86_400_000 });
      await call('activities.complete', { id: planned.id });
    });
    await step('a generated client reserved by stage only, lost', async () => {
      const client = one<string>(`select c.id from clients c join leads l on l.client_id = c.id and l.status = 'converted' where c.stage = 'reservation'
        and not exists (select 1 from activities a where a.client_id = c.id and a.state = 'done' and a.type in ('oral_reservation', 'contract')) order by c.rowid limit 1`);
      const { settings } = await call<{ settings: { lostReasons: string[] } }>('lookups.get', {});
      await call('clients.setStage', { id: client, stage: 'lost', lostReason: settings.lostReasons[0] });
    });
    await step('link a lead to an older client, then unlink it', async () => {
      const client = one<string>(`select id from clients where deleted_at is null order by rowid limit 1 offset 10`);
      await call('leads.link', { leadId: b.id, clientId: client, notifyOwner: false });
      await call('leads.unlink', { leadId: b.id, reason: 'Wrong person' });
    });
    await step('convert a year-old new lead, then unlink it deleting the client', async () => {
      const old = db.prepare(`select id, first_name, last_name, phone_raw, email from leads where status = 'new' and received_at < ? and (phone_raw is not null or email is not null)
        order by received_at desc limit 1`).raw().get(Date.now() - 365 * 86_400_000) as [string, string | null, string | null, string | null, string | null];
      const [leadId, firstName, lastName, phone, email] = old;
      await call('leads.convert', { leadId, client: { firstName: firstName ?? undefined, lastName: lastName ?? 'Nazwisko', phone: phone ?? undefined, email: email ?? undefined, consentDataProcessing: true } });
      await call('leads.unlink', { leadId, reason: 'Converted by mistake', clientAction: 'delete' });
    });
    await step('unlink the converted lead keeping its client', () => call('leads.unlink', { leadId: a.id, reason: 'Wrong lead', clientAction: 'keep' }));
    await step('delete a lead with another reason', () => call('leads.delete', { ids: [c.id], reasonId: reasons[1] ?? reasons[0] }));
    const check = verifyReportCells(db);
    log(`report triggers check: ${steps.length} service steps (${failed.length ? `FAILED: ${failed.join('; ')}` : 'all ran'}); cells and conversions equal a fresh count ` +
      `(${check.dayCells} day cells, ${check.monthCells} month cells, ${check.conversions} conversions, ${check.zeroCells} cells at zero; ${check.seconds.toFixed(1)} s)`);
    return 1;
  } catch (error) {
    log(`report triggers check: NOT consistent after ${steps.join(', ')}${failed.length ? ` (failed: ${failed.join('; ')})` : ''}:\n${(error as Error).message}`);
    return 0;
  } finally {
    db.close();
  }
}
