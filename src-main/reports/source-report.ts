import type Database from 'better-sqlite3';
import type { SourceDetailRow, SourceFigures, SourceMonthReport, SourceReport } from '../../src-shared/reports/source-report';
import type { Handlers } from '../app/context';
import { readOfficeSettings } from '../settings/office-settings';
import { requireCapability } from '../users/require-role';
import { ensureReportCalendar } from './report-calendar';

type Status = 'new' | 'linked' | 'converted' | 'deleted';
/** One counted cell: source, bucket (month yyyymm or 0), status, deletion reason ('' none), leads. */
type CellRow = [sourceId: string, bucket: number, status: Status, reasonKey: string, n: number];

interface Acc {
  leads: number;
  byStatus: Record<Status, number>;
  deletedByReason: Record<string, number>;
  clients: number;
  medianMinutes: number | null;
  meeting: number;
  reserved: number;
  won: number;
  cost: number | null;
}

const emptyAcc = (): Acc => ({ leads: 0, byStatus: { new: 0, linked: 0, converted: 0, deleted: 0 }, deletedByReason: {}, clients: 0, medianMinutes: null, meeting: 0, reserved: 0, won: 0, cost: null });

function addCell(acc: Acc, [, , status, reason, n]: CellRow): void {
  acc.leads += n;
  acc.byStatus[status] += n;
  if (status === 'deleted') acc.deletedByReason[reason] = (acc.deletedByReason[reason] ?? 0) + n;
}

/** Nearest-rank median of values[from..to) (the ceil(n/2)-th smallest, as percentile(v, 50)), by quickselect on a copy. */
function medianOf(values: Float64Array, from = 0, to = values.length): number | null {
  const n = to - from;
  if (n <= 0) return null;
  const a = values.slice(from, to);
  const k = Math.ceil(n / 2) - 1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const x = a[i]!;
        a[i++] = a[j]!;
        a[j--] = x;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

function concat(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) all.set(p, (at += p.length) - p.length);
  return all;
}

const MONTH_SHIFT = 2 ** 32;

function addCost(acc: Acc, amount: number): void {
  acc.cost = (acc.cost ?? 0) + amount;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const perUnit = (cost: number | null, units: number) => (cost === null || units === 0 ? null : Math.round(cost / units));

function figures(acc: Acc): SourceFigures {
  const clients = acc.clients;
  const cost = acc.cost === null ? null : Math.round(acc.cost);
  return {
    leads: acc.leads,
    deleted: acc.byStatus.deleted,
    deletedByReason: acc.deletedByReason,
    new: acc.byStatus.new,
    linked: acc.byStatus.linked,
    converted: acc.byStatus.converted,
    clients,
    withMeeting: acc.meeting,
    reservations: acc.reserved,
    contracts: acc.won,
    leadToClientRate: ratio(clients, acc.leads),
    leadToContractRate: ratio(acc.won, acc.leads),
    medianMinutesToClient: acc.medianMinutes,
    cost,
    costPerLead: perUnit(cost, acc.leads),
    costPerClient: perUnit(cost, clients),
    costPerContract: perUnit(cost, acc.won),
  };
}

const dayInt = (day: string) => Number(day.replaceAll('-', ''));
const monthInt = (month: string) => Number(month.replace('-', ''));
const monthText = (m: number) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;
const daysInMonth = (m: number) => new Date(Date.UTC(Math.floor(m / 100), m % 100, 0)).getUTCDate();
const nextMonth = (m: number) => (m % 100 === 12 ? m + 89 : m + 1);
const prevMonth = (m: number) => (m % 100 === 1 ? m - 89 : m - 1);

/**
 * Local days from..to (yyyymmdd) as whole months read from the month cells plus the days at either end read from
 * the day cells, so a year costs a dozen month reads and at most two months of days.
 */
export function splitRange(from: number, to: number): { months: [number, number] | null; days: [number, number][] } {
  const fromMonth = Math.floor(from / 100);
  const toMonth = Math.floor(to / 100);
  const firstFull = from % 100 === 1 ? fromMonth : nextMonth(fromMonth);
  const lastFull = to % 100 === daysInMonth(toMonth) ? toMonth : prevMonth(toMonth);
  if (firstFull > lastFull) return { months: null, days: [[from, to]] };
  const days: [number, number][] = [];
  if (firstFull !== fromMonth) days.push([from, fromMonth * 100 + 31]);
  if (lastFull !== toMonth) days.push([toMonth * 100 + 1, to]);
  return { months: [firstFull, lastFull], days };
}

interface Cohort {
  investmentId?: string | undefined;
  assigneeId?: string | undefined;
}

export function sourceReportHandlers(sqlite: Database.Database): Pick<Handlers, 'reports.sources' | 'reports.sourceMonths' | 'reports.sourceDetails'> {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const filterSql = (cohort: Cohort, params: unknown[]) => {
    let sql = '';
    if (cohort.investmentId) (sql += ' and investment_key = ?'), params.push(cohort.investmentId);
    if (cohort.assigneeId) (sql += ' and assignee_key = ?'), params.push(cohort.assigneeId);
    return sql;
  };

  /** Lead counts per source (and month when `byMonth`) over local days from..to. */
  function readCells(from: number, to: number, cohort: Cohort, byMonth: boolean): CellRow[] {
    const { months, days } = splitRange(from, to);
    const parts: string[] = [];
    const params: unknown[] = [];
    if (months) {
      parts.push(`select source_id, ${byMonth ? 'month' : '0'} as bucket, status, reason_key, n from lead_month_cells where month between ? and ?`);
      params.push(...months);
      parts[parts.length - 1] += filterSql(cohort, params);
    }
    for (const range of days) {
      parts.push(`select source_id, ${byMonth ? 'day / 100' : '0'} as bucket, status, reason_key, n from lead_day_cells where day between ? and ?`);
      params.push(...range);
      parts[parts.length - 1] += filterSql(cohort, params);
    }
    const sql = `select source_id, bucket, status, reason_key, sum(n) from (${parts.join(' union all ')}) group by 1, 2, 3, 4 having sum(n) > 0`;
    return prepare(sql).raw().all(...params) as CellRow[];
  }

  /**
   * One source's converted leads over local days from..to, one number each (no strings, no row arrays): minutes * 8 +
   * meeting * 4 + reserved * 2 + won, plus month (yyyymm) * 2^32 when byMonth; in day order. Reads the covering index
   * lead_conversions_source_idx (source_id, day, investment_key, assignee_key, minutes, meeting, reserved, won).
   */
  function readConversions(sourceId: string, from: number, to: number, cohort: Cohort, byMonth: boolean): number[] {
    const params: unknown[] = [sourceId, from, to];
    const sql = `select ${byMonth ? `(day / 100) * ${MONTH_SHIFT} + ` : ''}minutes * 8 + meeting * 4 + reserved * 2 + won from lead_conversions
      where source_id = ? and day between ? and ?${filterSql(cohort, params)} order by day`;
    return prepare(sql).pluck().all(...params) as number[];
  }

  function readCosts(fromMonth: number, toMonth: number): { sourceId: string; month: number; amountMinor: number }[] {
    return prepare('select source_id as sourceId, month, amount_minor as amountMinor from source_costs where month between ? and ?').all(fromMonth, toMonth) as {
      sourceId: string;
      month: number;
      amountMinor: number;
    }[];
  }

  const sourceNames = () => prepare('select id, name, active from sources order by name').all() as { id: string; name: string; active: number }[];

  /** Rows for the active sources and any other with figures; name order. */
  function sourceRows<T>(sources: { id: string; name: string; active: number }[], has: (id: string) => boolean, make: (id: string, name: string) => T): T[] {
    return sources
      .filter((s) => s.active || has(s.id))
      .map((s) => make(s.id, s.name));
  }

  const prepareOffice = (ctx: Parameters<Handlers['reports.sources']>[1]) => {
    const office = readOfficeSettings(ctx.db);
    // Settings may have arrived by sync with a new zone; the check is one indexed read.
    ensureReportCalendar(sqlite, office.timeZone);
    return office;
  };

  return {
    'reports.sources'(input, ctx) {
      requireCapability(ctx, 'reports.view', 'see the source reports');
      const office = prepareOffice(ctx);
      const from = dayInt(input.from);
      const to = dayInt(input.to);
      const groups = new Map<string, Acc>();
      const total = emptyAcc();
      const acc = (sourceId: string) => groups.get(sourceId) ?? groups.set(sourceId, emptyAcc()).get(sourceId)!;
      for (const cell of readCells(from, to, input, false)) {
        addCell(acc(cell[0]), cell);
        addCell(total, cell);
      }
      const everyMinutes: Float64Array[] = [];
      const sources = sourceNames();
      for (const { id } of sources) {
        const values = readConversions(id, from, to, input, false);
        if (!values.length) continue;
        const a = acc(id);
        const minutes = new Float64Array(values.length);
        for (let i = 0; i < values.length; i++) {
          const flags = values[i]! % 8;
          minutes[i] = (values[i]! - flags) / 8;
          a.meeting += flags >> 2;
          a.reserved += (flags >> 1) & 1;
          a.won += flags & 1;
        }
        a.clients = values.length;
        a.medianMinutes = medianOf(minutes);
        total.clients += a.clients;
        total.meeting += a.meeting;
        total.reserved += a.reserved;
        total.won += a.won;
        everyMinutes.push(minutes);
      }
      total.medianMinutes = medianOf(concat(everyMinutes));
      // Spend is entered per month; a month partly in the range counts for the share of its days in it.
      const costs = input.investmentId || input.assigneeId ? [] : readCosts(Math.floor(from / 100), Math.floor(to / 100));
      for (const cost of costs) {
        const first = Math.max(from, cost.month * 100 + 1) % 100;
        const last = Math.min(to, cost.month * 100 + daysInMonth(cost.month)) % 100;
        const share = (last - first + 1) / daysInMonth(cost.month);
        addCost(acc(cost.sourceId), cost.amountMinor * share);
        addCost(total, cost.amountMinor * share);
      }
      const reasonIds = new Set([...groups.values()].flatMap((g) => Object.keys(g.deletedByReason)));
      const labels = prepare('select id, label from deletion_reasons order by sort_order, label').all() as { id: string; label: string }[];
      const report: SourceReport = {
        from: input.from,
        to: input.to,
        timeZone: office.timeZone,
        currency: office.currency,
        rows: sourceRows(
          sources,
          (id) => groups.has(id),
          (sourceId, sourceName) => ({ sourceId, sourceName, ...figures(groups.get(sourceId) ?? emptyAcc()) }),
        ),
        total: figures(total),
        reasons: labels.filter((r) => reasonIds.has(r.id)),
      };
      return report;
    },

    'reports.sourceMonths'(input, ctx) {
      requireCapability(ctx, 'reports.view', 'see the source reports');
      const office = prepareOffice(ctx);
      const first = monthInt(input.from);
      const last = monthInt(input.to);
      const months: number[] = [];
      for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
      const index = new Map(months.map((m, i) => [m, i]));
      const perSource = new Map<string, { months: Acc[]; total: Acc }>();
      const perMonth = months.map(emptyAcc);
      const total = emptyAcc();
      const of = (sourceId: string) => {
        let s = perSource.get(sourceId);
        if (!s) perSource.set(sourceId, (s = { months: months.map(emptyAcc), total: emptyAcc() }));
        return s;
      };
      const each = (sourceId: string, month: number, add: (a: Acc) => void) => {
        const i = index.get(month);
        if (i === undefined) return;
        const s = of(sourceId);
        for (const a of [s.months[i]!, s.total, perMonth[i]!, total]) add(a);
      };
      const from = first * 100 + 1;
      const to = last * 100 + daysInMonth(last);
      for (const cell of readCells(from, to, input, true)) each(cell[0], cell[1], (a) => addCell(a, cell));
      const everyMinutes: Float64Array[] = [];
      const monthMinutes = months.map((): Float64Array[] => []);
      const sources = sourceNames();
      for (const { id } of sources) {
        const values = readConversions(id, from, to, input, true);
        if (!values.length) continue;
        const s = of(id);
        const minutes = new Float64Array(values.length);
        // Rows come in day order, so each month is one run: its counts and median are the run's.
        let runStart = 0;
        let runMonth = -1;
        let meeting = 0;
        let reserved = 0;
        let won = 0;
        const endRun = (end: number) => {
          const i = index.get(runMonth);
          if (i === undefined) return;
          s.months[i]!.medianMinutes = medianOf(minutes, runStart, end);
          monthMinutes[i]!.push(minutes.subarray(runStart, end));
          for (const a of [s.months[i]!, s.total, perMonth[i]!, total]) {
            a.clients += end - runStart;
            a.meeting += meeting;
            a.reserved += reserved;
            a.won += won;
          }
        };
        for (let r = 0; r < values.length; r++) {
          const month = Math.floor(values[r]! / MONTH_SHIFT);
          const rest = values[r]! - month * MONTH_SHIFT;
          const flags = rest % 8;
          minutes[r] = (rest - flags) / 8;
          if (month !== runMonth) endRun(r), (runStart = r), (runMonth = month), (meeting = reserved = won = 0);
          meeting += flags >> 2;
          reserved += (flags >> 1) & 1;
          won += flags & 1;
        }
        endRun(values.length);
        s.total.medianMinutes = medianOf(minutes);
        everyMinutes.push(minutes);
      }
      perMonth.forEach((a, i) => (a.medianMinutes = medianOf(concat(monthMinutes[i]!))));
      total.medianMinutes = medianOf(concat(everyMinutes));
      const costs = input.investmentId || input.assigneeId ? [] : readCosts(first, last);
      for (const cost of costs) each(cost.sourceId, cost.month, (a) => addCost(a, cost.amountMinor));
      const report: SourceMonthReport = {
        months: months.map(monthText),
        timeZone: office.timeZone,
        currency: office.currency,
        rows: sourceRows(
          sources,
          (id) => perSource.has(id),
          (sourceId, sourceName) => {
            const s = perSource.get(sourceId) ?? { months: months.map(emptyAcc), total: emptyAcc() };
            return { sourceId, sourceName, months: s.months.map(figures), total: figures(s.total) };
          },
        ),
        totals: perMonth.map(figures),
        total: figures(total),
      };
      return report;
    },

    'reports.sourceDetails'(input, ctx) {
      requireCapability(ctx, 'reports.view', 'see the source reports');
      prepareOffice(ctx);
      const startOf = prepare('select start_at from office_days where day >= ? order by day limit 1').pluck();
      const start = startOf.get(dayInt(input.from)) as number;
      // The day after `to` is the first calendar day numbered above it (20261131 finds 20261201).
      const end = (startOf.get(dayInt(input.to) + 1) as number | undefined) ?? Number.MAX_SAFE_INTEGER;
      const where = ['l.received_at >= ?', 'l.received_at < ?'];
      const params: unknown[] = [start, end];
      if (input.sourceId) where.push('l.source_id = ?'), params.push(input.sourceId);
      if (input.investmentId) where.push('l.investment_id = ?'), params.push(input.investmentId);
      if (input.assigneeId) where.push('l.assignee_user_id = ?'), params.push(input.assigneeId);
      const outcome = input.outcome;
      if (outcome === 'new' || outcome === 'linked' || outcome === 'converted' || outcome === 'deleted') where.push('l.status = ?'), params.push(outcome);
      if (input.reasonId) where.push("l.status = 'deleted'", 'l.deletion_reason_id = ?'), params.push(input.reasonId);
      if (outcome === 'meeting') where.push('v.meeting = 1');
      if (outcome === 'reservation') where.push('v.reserved = 1');
      if (outcome === 'contract') where.push('v.won = 1');
      const from = `from leads l left join lead_conversions v on v.lead_id = l.id where ${where.join(' and ')}`;
      const total = prepare(`select count(*) ${from}`).pluck().get(...params) as number;
      const rows = prepare(
        `with page as (select l.id ${from} order by l.received_at desc, l.id limit ?)
         select l.id as leadId, l.received_at as receivedAt, trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) as name,
           s.name as sourceName, i.name as investmentName, u.display_name as assigneeName, l.status, r.label as deletionReason,
           l.client_id as clientId, nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), '') as clientName,
           v.minutes as minutesToClient, coalesce(v.meeting, 0) as meeting, coalesce(v.reserved, 0) as reservation, coalesce(v.won, 0) as contract
         from page join leads l on l.id = page.id left join lead_conversions v on v.lead_id = l.id
           left join sources s on s.id = l.source_id left join investments i on i.id = l.investment_id
           left join users u on u.id = l.assignee_user_id left join deletion_reasons r on r.id = l.deletion_reason_id
           left join clients c on c.id = l.client_id
         order by l.received_at desc, l.id`,
      ).all(...params, input.limit) as (Omit<SourceDetailRow, 'meeting' | 'reservation' | 'contract'> & { meeting: number; reservation: number; contract: number })[];
      return { total, rows: rows.map((r) => ({ ...r, meeting: !!r.meeting, reservation: !!r.reservation, contract: !!r.contract })) };
    },
  };
}
