/**
 * An independent answer key for the source-effectiveness reports (reports.sources, reports.sourceMonths,
 * reports.sourceDetails): every figure is recomputed here from the raw rows (leads, clients, activities,
 * lead_client_links, source_costs) with a local-date function of its own (Intl.DateTimeFormat), without any of
 * src-main/reports. Also: a look at the trigger-kept report tables next to what rebuildReportCells computes.
 *
 * The rules, from src-shared/reports/source-report.ts: the cohort is the leads received on the office's local
 * days from..to; statuses as they are now; a client counts for the source of the lead it was created from (a
 * converted lead, through its open 'converted' link); meeting = a done meeting; reservation = a done oral
 * reservation or contract, or stage reservation / won; contract = a done contract or stage won. Spend of a month
 * only partly in a range counts pro rata by days; money is rounded half up to whole minor units at the end.
 */
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import { rebuildReportCells } from '../../src-main/reports/report-calendar';
import type {
  DetailOutcome,
  SourceDetailRow,
  SourceDetails,
  SourceFigures,
  SourceMonthReport,
  SourceReport,
} from '../../src-shared/reports/source-report';
import type { MethodInput, MethodName } from '../../src-shared/api/contract';
import { grantUnlink } from './access-fixtures';
import { ownedClient, uniqueEmail, withWriter } from './client-fixtures';
import { createLead, uniquePhone, type Caller, type Office } from './lead-fixtures';

export const WARSAW = 'Europe/Warsaw';
export const NEW_YORK = 'America/New_York';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------
// Calendar, written again from Intl.

const formats = new Map<string, Intl.DateTimeFormat>();
/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(at: number, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** YYYY-MM of every month from..to. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const text = `${y}-${String(m).padStart(2, '0')}`;
    if (text > to) return out;
    out.push(text);
    m += 1;
    if (m === 13) (m = 1), (y += 1);
  }
}

/** How many days of `month` lie in from..to (YYYY-MM-DD). */
function daysOfMonthIn(month: string, from: string, to: string): number {
  let n = 0;
  for (let d = 1; d <= daysIn(month); d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    if (day >= from && day <= to) n += 1;
  }
  return n;
}

/** a / b rounded half up, for non-negative integers. */
export const roundDiv = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

// ---------------------------------------------------------------------------------------------------------
// The raw rows.

export interface RawLead {
  id: string;
  receivedAt: number;
  sourceId: string;
  investmentId: string | null;
  assigneeId: string | null;
  status: 'new' | 'linked' | 'converted' | 'deleted';
  reasonId: string | null;
  clientId: string | null;
  firstName: string | null;
  lastName: string | null;
}

interface RawClient {
  createdAt: number;
  stage: string;
  firstName: string | null;
  lastName: string | null;
}

export interface Raw {
  leads: RawLead[];
  sources: { id: string; name: string; active: number }[];
  reasons: { id: string; label: string; sortOrder: number }[];
  names: { investments: Map<string, string>; users: Map<string, string>; reasons: Map<string, string>; sources: Map<string, string> };
  clients: Map<string, RawClient>;
  /** Types of the done activities per client. */
  doneTypes: Map<string, Set<string>>;
  /** The client a lead was converted into (its open 'converted' link). */
  convertedInto: Map<string, string>;
  costs: { sourceId: string; month: string; amount: number }[];
}

export function readRaw(db: Database.Database): Raw {
  const leads = db
    .prepare(
      `select id, received_at as receivedAt, source_id as sourceId, investment_id as investmentId, assignee_user_id as assigneeId,
         status, deletion_reason_id as reasonId, client_id as clientId, first_name as firstName, last_name as lastName from leads`,
    )
    .all() as RawLead[];
  const sources = db.prepare('select id, name, active from sources').all() as Raw['sources'];
  const reasons = db.prepare('select id, label, sort_order as sortOrder from deletion_reasons').all() as Raw['reasons'];
  const clients = new Map(
    (db.prepare('select id, created_at as createdAt, stage, first_name as firstName, last_name as lastName from clients').all() as (RawClient & { id: string })[]).map(
      ({ id, ...c }) => [id, c],
    ),
  );
  const doneTypes = new Map<string, Set<string>>();
  for (const a of db.prepare(`select client_id as clientId, type from activities where state = 'done'`).all() as { clientId: string; type: string }[]) {
    (doneTypes.get(a.clientId) ?? doneTypes.set(a.clientId, new Set()).get(a.clientId)!).add(a.type);
  }
  const convertedInto = new Map<string, string>();
  for (const k of db.prepare(`select lead_id as leadId, client_id as clientId from lead_client_links where kind = 'converted' and unlinked_at is null`).all() as {
    leadId: string;
    clientId: string;
  }[]) {
    if (convertedInto.has(k.leadId)) throw new Error(`lead ${k.leadId} has two open conversion links`);
    convertedInto.set(k.leadId, k.clientId);
  }
  const costs = (db.prepare('select source_id as sourceId, month, amount_minor as amount from source_costs').all() as { sourceId: string; month: number; amount: number }[]).map((c) => ({
    ...c,
    month: `${Math.floor(c.month / 100)}-${String(c.month % 100).padStart(2, '0')}`,
  }));
  const pairs = (sql: string) => new Map((db.prepare(sql).all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  return {
    leads,
    sources,
    reasons,
    names: {
      investments: pairs('select id, name from investments'),
      users: pairs('select id, display_name as name from users'),
      reasons: pairs('select id, label as name from deletion_reasons'),
      sources: pairs('select id, name from sources'),
    },
    clients,
    doneTypes,
    convertedInto,
    costs,
  };
}

interface Outcome {
  clientId: string;
  minutes: number;
  meeting: boolean;
  reservation: boolean;
  contract: boolean;
}

/** How far the client made from a converted lead got; null for any other lead. */
export function outcomeOf(raw: Raw, lead: RawLead): Outcome | null {
  if (lead.status !== 'converted') return null;
  const clientId = raw.convertedInto.get(lead.id);
  if (!clientId) throw new Error(`converted lead ${lead.id} has no open conversion link`);
  const client = raw.clients.get(clientId)!;
  const done = raw.doneTypes.get(clientId) ?? new Set<string>();
  return {
    clientId,
    minutes: Math.max(0, Math.floor((client.createdAt - lead.receivedAt) / MINUTE)),
    meeting: done.has('meeting'),
    reservation: client.stage === 'reservation' || client.stage === 'won' || done.has('oral_reservation') || done.has('contract'),
    contract: client.stage === 'won' || done.has('contract'),
  };
}

/** The lower middle value (nearest rank). */
function lowerMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1]!;
}

/** The figures of a set of leads with `cost` (already whole minor units, or null when no spend was entered). */
export function figuresOf(raw: Raw, leads: RawLead[], cost: number | null): SourceFigures {
  const count = (status: RawLead['status']) => leads.filter((l) => l.status === status).length;
  const deletedByReason: Record<string, number> = {};
  for (const l of leads) if (l.status === 'deleted') deletedByReason[l.reasonId ?? ''] = (deletedByReason[l.reasonId ?? ''] ?? 0) + 1;
  const outcomes = leads.map((l) => outcomeOf(raw, l)).filter((o): o is Outcome => o !== null);
  const clients = outcomes.length;
  const contracts = outcomes.filter((o) => o.contract).length;
  const per = (units: number) => (cost === null || units === 0 ? null : roundDiv(cost, units));
  return {
    leads: leads.length,
    deleted: count('deleted'),
    deletedByReason,
    new: count('new'),
    linked: count('linked'),
    converted: count('converted'),
    clients,
    withMeeting: outcomes.filter((o) => o.meeting).length,
    reservations: outcomes.filter((o) => o.reservation).length,
    contracts,
    leadToClientRate: leads.length ? clients / leads.length : null,
    leadToContractRate: leads.length ? contracts / leads.length : null,
    medianMinutesToClient: lowerMedian(outcomes.map((o) => o.minutes)),
    cost,
    costPerLead: per(leads.length),
    costPerClient: per(clients),
    costPerContract: per(contracts),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The reports, recomputed.

export interface Cohort {
  investmentId?: string;
  assigneeId?: string;
}

const inCohort = (l: RawLead, c: Cohort) => (!c.investmentId || l.investmentId === c.investmentId) && (!c.assigneeId || l.assigneeId === c.assigneeId);
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Spend as an exact fraction over 28·29·30·31 (which every month length divides), rounded half up once at the end. */
const DENOMINATOR = 28n * 29n * 30n * 31n;
class Spend {
  private numerator = 0n;
  private any = false;
  add(amount: number, days: number, monthDays: number): void {
    this.any = true;
    this.numerator += BigInt(amount) * BigInt(days) * (DENOMINATOR / BigInt(monthDays));
  }
  /** Whole minor units, half up; null when no entry counted. */
  value(): number | null {
    if (!this.any) return null;
    return Number((2n * this.numerator + DENOMINATOR) / (2n * DENOMINATOR));
  }
}

export function expectedSources(raw: Raw, input: { from: string; to: string } & Cohort, timeZone: string, currency = 'PLN'): SourceReport {
  const cohort = raw.leads.filter((l) => {
    const day = localDate(l.receivedAt, timeZone);
    return day >= input.from && day <= input.to && inCohort(l, input);
  });
  const fromMonth = input.from.slice(0, 7);
  const toMonth = input.to.slice(0, 7);
  // Spend is per source: a report filtered by investment or advisor shows none.
  const filtered = !!(input.investmentId || input.assigneeId);
  const costs = filtered ? [] : raw.costs.filter((c) => c.month >= fromMonth && c.month <= toMonth);
  const spendOf = (sourceId: string | null) => {
    const spend = new Spend();
    for (const c of costs) if (sourceId === null || c.sourceId === sourceId) spend.add(c.amount, daysOfMonthIn(c.month, input.from, input.to), daysIn(c.month));
    return spend.value();
  };
  const rows = [...raw.sources]
    .sort(byName)
    .filter((s) => s.active || cohort.some((l) => l.sourceId === s.id) || costs.some((c) => c.sourceId === s.id))
    .map((s) => ({ sourceId: s.id, sourceName: s.name, ...figuresOf(raw, cohort.filter((l) => l.sourceId === s.id), spendOf(s.id)) }));
  const reasonIds = new Set(cohort.filter((l) => l.status === 'deleted').map((l) => l.reasonId));
  const reasons = [...raw.reasons]
    .filter((r) => reasonIds.has(r.id))
    .sort((a, b) => a.sortOrder - b.sortOrder || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .map((r) => ({ id: r.id, label: r.label }));
  return { from: input.from, to: input.to, timeZone, currency, rows, total: figuresOf(raw, cohort, spendOf(null)), reasons };
}

export function expectedMonths(raw: Raw, input: { from: string; to: string } & Cohort, timeZone: string, currency = 'PLN'): SourceMonthReport {
  const months = monthsBetween(input.from, input.to);
  const monthOf = new Map(raw.leads.map((l) => [l.id, localDate(l.receivedAt, timeZone).slice(0, 7)]));
  const cohort = raw.leads.filter((l) => months.includes(monthOf.get(l.id)!) && inCohort(l, input));
  const costs = input.investmentId || input.assigneeId ? [] : raw.costs.filter((c) => months.includes(c.month));
  const select = (sourceId: string | null, month: string | null) => ({
    leads: cohort.filter((l) => (sourceId === null || l.sourceId === sourceId) && (month === null || monthOf.get(l.id) === month)),
    cost: (() => {
      const mine = costs.filter((c) => (sourceId === null || c.sourceId === sourceId) && (month === null || c.month === month));
      return mine.length ? mine.reduce((n, c) => n + c.amount, 0) : null;
    })(),
  });
  const cell = (sourceId: string | null, month: string | null) => {
    const { leads, cost } = select(sourceId, month);
    return figuresOf(raw, leads, cost);
  };
  const rows = [...raw.sources]
    .sort(byName)
    .filter((s) => s.active || cohort.some((l) => l.sourceId === s.id) || costs.some((c) => c.sourceId === s.id))
    .map((s) => ({ sourceId: s.id, sourceName: s.name, months: months.map((m) => cell(s.id, m)), total: cell(s.id, null) }));
  return { months, timeZone, currency, rows, totals: months.map((m) => cell(null, m)), total: cell(null, null) };
}

export interface DetailQuery extends Cohort {
  sourceId?: string;
  from: string;
  to: string;
  outcome?: DetailOutcome;
  reasonId?: string;
  limit?: number;
}

export function expectedDetails(raw: Raw, input: DetailQuery, timeZone: string): SourceDetails {
  const outcome = input.outcome ?? 'all';
  const matching = raw.leads
    .filter((l) => {
      const day = localDate(l.receivedAt, timeZone);
      if (day < input.from || day > input.to || !inCohort(l, input)) return false;
      if (input.sourceId && l.sourceId !== input.sourceId) return false;
      if (input.reasonId && (l.status !== 'deleted' || l.reasonId !== input.reasonId)) return false;
      if (outcome === 'all') return true;
      if (outcome === 'new' || outcome === 'linked' || outcome === 'converted' || outcome === 'deleted') return l.status === outcome;
      const o = outcomeOf(raw, l);
      return !!o && (outcome === 'meeting' ? o.meeting : outcome === 'reservation' ? o.reservation : o.contract);
    })
    .sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const name = (p: { firstName: string | null; lastName: string | null }) => `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim();
  const rows = matching.slice(0, input.limit ?? 500).map((l): SourceDetailRow => {
    const o = outcomeOf(raw, l);
    const client = l.clientId ? raw.clients.get(l.clientId) : undefined;
    return {
      leadId: l.id,
      receivedAt: l.receivedAt,
      name: name(l),
      sourceName: raw.names.sources.get(l.sourceId)!,
      investmentName: l.investmentId ? raw.names.investments.get(l.investmentId)! : null,
      assigneeName: l.assigneeId ? raw.names.users.get(l.assigneeId)! : null,
      status: l.status,
      deletionReason: l.reasonId ? raw.names.reasons.get(l.reasonId)! : null,
      clientId: l.clientId,
      clientName: client ? name(client) || null : null,
      minutesToClient: o ? o.minutes : null,
      meeting: !!o?.meeting,
      reservation: !!o?.reservation,
      contract: !!o?.contract,
    };
  });
  return { rows, total: matching.length };
}

// ---------------------------------------------------------------------------------------------------------
// The trigger-kept tables.

function reportTables(db: Database.Database) {
  return {
    dayCells: db.prepare('select * from lead_day_cells where n <> 0 order by day, source_id, investment_key, assignee_key, status, reason_key').all(),
    monthCells: db.prepare('select * from lead_month_cells where n <> 0 order by month, source_id, investment_key, assignee_key, status, reason_key').all(),
    conversions: db.prepare('select * from lead_conversions order by lead_id').all(),
  };
}

/** The report tables as the triggers keep them equal what a recount from scratch gives (rows with n = 0 aside). */
export function expectCellsMatchRebuild(office: Office, step: string): void {
  const kept = reportTables(office.db);
  const rebuilt = withWriter(office, (db) => {
    db.exec('begin');
    try {
      rebuildReportCells(db);
      return reportTables(db);
    } finally {
      db.exec('rollback');
    }
  });
  expect(kept, `report tables after: ${step}`).toEqual(rebuilt);
}

// ---------------------------------------------------------------------------------------------------------
// The data set, built through the services.

/**
 * Warsaw wall times of the data set, written as UTC with the offset in force: UTC+2 until 26 Oct 2025 and again
 * from 29 Mar 2026 02:00 local (01:00 UTC); UTC+1 in between. The demo office's own leads are all from the last
 * 182 days before the run (May 2026 onwards), so October 2025 .. April 2026 hold only these.
 */
export const AT = {
  oct01_0010: Date.UTC(2025, 8, 30, 22, 10), // 2025-10-01 00:10 (UTC+2): still 30 September in UTC
  oct31_2330: Date.UTC(2025, 9, 31, 22, 30), // 2025-10-31 23:30 (UTC+1)
  nov01_0030: Date.UTC(2025, 9, 31, 23, 30), // 2025-11-01 00:30 (UTC+1): still 31 October in UTC
  nov15_1000: Date.UTC(2025, 10, 15, 9, 0),
  feb14_1000: Date.UTC(2026, 1, 14, 9, 0),
  mar05_1200: Date.UTC(2026, 2, 5, 11, 0),
  mar10_1000: Date.UTC(2026, 2, 10, 9, 0),
  mar15_1200: Date.UTC(2026, 2, 15, 11, 0),
  mar20_1000: Date.UTC(2026, 2, 20, 9, 0),
  mar28_2330: Date.UTC(2026, 2, 28, 22, 30), // 2026-03-28 23:30 (UTC+1)
  mar29_0030: Date.UTC(2026, 2, 28, 23, 30), // 2026-03-29 00:30 (UTC+1), the night the clocks go forward
  mar29_0330: Date.UTC(2026, 2, 29, 1, 30), // 2026-03-29 03:30 (UTC+2)
  mar31_2330: Date.UTC(2026, 2, 31, 21, 30), // 2026-03-31 23:30 (UTC+2)
  mar31_last: Date.UTC(2026, 2, 31, 21, 59, 59, 999), // 2026-03-31 23:59:59.999 (UTC+2), the last instant of March
  apr01_0000: Date.UTC(2026, 2, 31, 22, 0), // 2026-04-01 00:00 (UTC+2), the first instant of April
  apr01_0030: Date.UTC(2026, 2, 31, 22, 30), // 2026-04-01 00:30 (UTC+2): still 31 March in UTC
  apr02_1000: Date.UTC(2026, 3, 2, 8, 0),
  apr05_0900: Date.UTC(2026, 3, 5, 7, 0),
  apr20_1800: Date.UTC(2026, 3, 20, 16, 0),
  apr30_2330: Date.UTC(2026, 3, 30, 21, 30), // 2026-04-30 23:30 (UTC+2)
} as const;

export type LeadKey = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T';

export interface DataSet {
  lead: Record<LeadKey, string>;
  /** Clients made from leads (K's was deleted again when K was unlinked). */
  client: { A: string; B: string; D: string; H: string; J: string; L: string; N: string; R: string };
  source: { fb: string; web: string; phone: string; walk: string; tabela: string; obido: string; rynek: string };
  investment: { zt: string; po: string };
  reason: { spam: string; test: string; duplicate: string; other: string };
  user: { anna: string; piotr: string; manager: string };
}

/**
 * Twenty leads (A..T) through every kind of change the reports must follow, and the spend of a few months.
 * `step` runs after every mutation (the trigger test checks the report tables there).
 *
 *  A  FB   ZT  anna   2026-03-31 23:30  converted (90 min), stage reservation, done meeting
 *  B  FB   ZT  piotr  2026-04-01 00:30  converted (300 min) by the manager, reservation then won
 *  C  WEB  PO  anna   2025-10-31 23:30  deleted: Spam
 *  D  WEB  PO  piotr  2025-11-01 00:30  deleted (Duplicate inquiry), restored, converted (45 min), done oral reservation, lost (Price)
 *  E  PH   -   anna   2026-03-29 00:30  linked to a demo client of anna's
 *  F  PH   ZT  -      2026-03-29 03:30  new; assigned to piotr, then reassigned to anna
 *  G  PH   -   piotr  2026-03-28 23:30  deleted by piotr: Test
 *  H  WALK PO  anna   2026-03-15 12:00  converted (120 min); planned meeting and contract completed
 *  I  WALK ZT  piotr  2026-03-10 10:00  linked to a demo client of piotr's, unlinked: New again
 *  J  FB   -   piotr  2026-04-05 09:00  converted (15 min), unlinked keeping the client, linked to it again
 *  K  FB   ZT  anna   2026-04-20 18:00  converted (60 min), unlinked deleting the client: New again
 *  L  PH   ZT  anna   2026-02-14 10:00  converted (600 min), done contract (stage stays new)
 *  M  PH   -   anna   2026-03-20 10:00  deleted: Other, with a comment
 *  N  FB   -   anna   2025-11-15 10:00  converted (30 min), reservation then lost (Location): nothing reached now
 *  O  WALK -   -      2025-10-01 00:10  new
 *  P  WEB  ZT  piotr  2026-04-30 23:30  new
 *  Q  FB   ZT  anna   2026-04-02 10:00  linked to A's client
 *  R  FB   PO  piotr  2026-03-05 12:00  converted (200 min) by the manager
 *  S  RP   -   -      2026-04-01 00:00:00.000  new (rynekpierwotny.pl)
 *  T  RP   -   -      2026-03-31 23:59:59.999  new (rynekpierwotny.pl)
 *
 * Spend (manager): FB 2026-03 310.00, FB 2026-04 1.01, Phone 2026-03 90.00 then 100.00, Website 2025-10 50.00 and
 * 2025-11 70.00, Phone 2026-02 0.00, Tabela Ofert 2026-03 25.00, Obido 2026-01 9.99 then removed. Obido is then
 * switched off (it has demo leads from May 2026 only).
 */
export async function buildDataSet(o: Office, step: (what: string) => void = () => {}): Promise<DataSet> {
  const [admin, manager, anna, piotr] = await Promise.all([o.as('admin'), o.as('manager'), o.as('anna'), o.as('piotr')]);
  const source = {
    fb: o.sourceId('Facebook'),
    web: o.sourceId('Website form'),
    phone: o.sourceId('Phone'),
    walk: o.sourceId('Walk-in'),
    tabela: o.sourceId('Tabela Ofert'),
    obido: o.sourceId('Obido'),
    rynek: o.sourceId('rynekpierwotny.pl'),
  };
  const investment = { zt: o.investmentId('Zielone Tarasy'), po: o.investmentId('Przystań Oliwa') };
  const reason = { spam: o.reasonId('Spam'), test: o.reasonId('Test'), duplicate: o.reasonId('Duplicate inquiry'), other: o.reasonId('Other') };
  const user = { anna: anna.user.id, piotr: piotr.user.id, manager: manager.user.id };
  const receivedAt: Partial<Record<LeadKey, number>> = {};

  await grantUnlink(admin, user.manager);

  /** A lead typed in by `by`, then given its arrival time by a direct write (the triggers must follow it). */
  const lead = async (key: LeadKey, by: Caller, at: number, fields: { sourceId: string; investmentId?: string; assigneeId?: string }) => {
    const created = await createLead(by, o, { firstName: 'Lead', lastName: `Raport ${key}`, ...fields });
    step(`leads.create ${key}`);
    withWriter(o, (db) => db.prepare('update leads set received_at = ? where id = ?').run(at, created.id));
    step(`received_at of ${key}`);
    receivedAt[key] = at;
    return created.id;
  };
  /** Converts with an e-mail only (no planned call), then dates the client `minutes` (and 30 s) after the lead. */
  const convert = async (key: LeadKey, by: Caller, leadId: string, minutes: number, phone?: string) => {
    const { clientId } = await by.ok('leads.convert', { leadId, client: { firstName: 'Klient', lastName: `Raport ${key}`, email: uniqueEmail(`raport${key.toLowerCase()}`), ...(phone ? { phone } : {}) } });
    step(`leads.convert ${key}`);
    withWriter(o, (db) => db.prepare('update clients set created_at = ? where id = ?').run(receivedAt[key]! + minutes * MINUTE + 30_000, clientId));
    step(`client created_at of ${key}`);
    return clientId;
  };
  const call = async <M extends MethodName>(by: Caller, what: string, method: M, input: MethodInput<M>) => {
    const value = await by.ok(method, input);
    step(what);
    return value;
  };

  const A = await lead('A', anna, AT.mar31_2330, { sourceId: source.fb, investmentId: investment.zt });
  const B = await lead('B', manager, AT.apr01_0030, { sourceId: source.fb, investmentId: investment.zt, assigneeId: user.piotr });
  const C = await lead('C', manager, AT.oct31_2330, { sourceId: source.web, investmentId: investment.po, assigneeId: user.anna });
  const D = await lead('D', manager, AT.nov01_0030, { sourceId: source.web, investmentId: investment.po, assigneeId: user.piotr });
  const E = await lead('E', anna, AT.mar29_0030, { sourceId: source.phone });
  const F = await lead('F', manager, AT.mar29_0330, { sourceId: source.phone, investmentId: investment.zt });
  const G = await lead('G', piotr, AT.mar28_2330, { sourceId: source.phone });
  const H = await lead('H', manager, AT.mar15_1200, { sourceId: source.walk, investmentId: investment.po, assigneeId: user.anna });
  const I = await lead('I', manager, AT.mar10_1000, { sourceId: source.walk, investmentId: investment.zt, assigneeId: user.piotr });
  const J = await lead('J', manager, AT.apr05_0900, { sourceId: source.fb, assigneeId: user.piotr });
  const K = await lead('K', manager, AT.apr20_1800, { sourceId: source.fb, investmentId: investment.zt, assigneeId: user.anna });
  const L = await lead('L', manager, AT.feb14_1000, { sourceId: source.phone, investmentId: investment.zt, assigneeId: user.anna });
  const M = await lead('M', manager, AT.mar20_1000, { sourceId: source.phone, assigneeId: user.anna });
  const N = await lead('N', manager, AT.nov15_1000, { sourceId: source.fb, assigneeId: user.anna });
  const O = await lead('O', manager, AT.oct01_0010, { sourceId: source.walk });
  const P = await lead('P', manager, AT.apr30_2330, { sourceId: source.web, investmentId: investment.zt, assigneeId: user.piotr });
  const Q = await lead('Q', manager, AT.apr02_1000, { sourceId: source.fb, investmentId: investment.zt, assigneeId: user.anna });
  const R = await lead('R', manager, AT.mar05_1200, { sourceId: source.fb, investmentId: investment.po, assigneeId: user.piotr });
  const S = await lead('S', manager, AT.apr01_0000, { sourceId: source.rynek });
  const T = await lead('T', manager, AT.mar31_last, { sourceId: source.rynek });

  // A: converted by anna, reservation, a meeting done the next day.
  const clientA = await convert('A', anna, A, 90);
  await call(manager, 'clients.setStage A reservation', 'clients.setStage', { id: clientA, stage: 'reservation' });
  await call(anna, 'meeting done for A', 'activities.create', { state: 'done', clientId: clientA, type: 'meeting', doneAt: AT.mar31_2330 + DAY });

  // B: converted by the manager for piotr, reservation, then won.
  const clientB = await convert('B', manager, B, 300);
  await call(manager, 'clients.setStage B reservation', 'clients.setStage', { id: clientB, stage: 'reservation' });
  await call(manager, 'clients.setStage B won', 'clients.setStage', { id: clientB, stage: 'won' });

  // C: deleted as spam.
  await call(manager, 'leads.delete C', 'leads.delete', { ids: [C], reasonId: reason.spam });

  // D: deleted, restored, converted; an oral reservation done; then lost.
  await call(manager, 'leads.delete D', 'leads.delete', { ids: [D], reasonId: reason.duplicate });
  await call(manager, 'leads.restore D', 'leads.restore', { ids: [D] });
  const clientD = await convert('D', piotr, D, 45);
  await call(piotr, 'oral reservation done for D', 'activities.create', { state: 'done', clientId: clientD, type: 'oral_reservation', doneAt: AT.nov01_0030 + 2 * DAY });
  await call(manager, 'clients.setStage D lost', 'clients.setStage', { id: clientD, stage: 'lost', lostReason: 'Price' });

  // E: linked to one of anna's demo clients.
  await call(anna, 'leads.link E', 'leads.link', { leadId: E, clientId: ownedClient(o.db, user.anna).id });

  // F: assigned, then reassigned.
  await call(manager, 'leads.assign F piotr', 'leads.assign', { ids: [F], assigneeId: user.piotr });
  await call(manager, 'leads.assign F anna', 'leads.assign', { ids: [F], assigneeId: user.anna });

  // G: deleted by its advisor.
  await call(piotr, 'leads.delete G', 'leads.delete', { ids: [G], reasonId: reason.test });

  // H: converted with a phone (a planned first call); a planned meeting and a planned contract, both completed.
  const clientH = await convert('H', anna, H, 120, uniquePhone());
  const meeting = await call(anna, 'meeting planned for H', 'activities.create', { state: 'planned', clientId: clientH, type: 'meeting', dueAt: AT.mar15_1200 + DAY });
  await call(anna, 'meeting completed for H', 'activities.complete', { id: meeting.id, doneAt: AT.mar15_1200 + DAY });
  const contract = await call(anna, 'contract planned for H', 'activities.create', { state: 'planned', clientId: clientH, type: 'contract', dueAt: AT.mar15_1200 + 3 * DAY });
  await call(anna, 'contract completed for H', 'activities.complete', { id: contract.id, doneAt: AT.mar15_1200 + 3 * DAY });

  // I: linked to one of piotr's demo clients, then unlinked.
  await call(piotr, 'leads.link I', 'leads.link', { leadId: I, clientId: ownedClient(o.db, user.piotr).id });
  await call(manager, 'leads.unlink I', 'leads.unlink', { leadId: I, reason: 'Inna osoba o tym samym nazwisku' });

  // J: converted, unlinked keeping the client, linked to it again.
  const clientJ = await convert('J', piotr, J, 15);
  await call(manager, 'leads.unlink J (keep the client)', 'leads.unlink', { leadId: J, reason: 'Pomyłka przy konwersji', clientAction: 'keep' });
  await call(manager, 'leads.link J again', 'leads.link', { leadId: J, clientId: clientJ });

  // K: converted, unlinked deleting the client.
  const clientK = await convert('K', anna, K, 60);
  await call(manager, 'leads.unlink K (delete the client)', 'leads.unlink', { leadId: K, reason: 'Klient założony przez pomyłkę', clientAction: 'delete' });
  void clientK;

  // L: converted, a contract done while the stage stays New.
  const clientL = await convert('L', anna, L, 600);
  await call(anna, 'contract done for L', 'activities.create', { state: 'done', clientId: clientL, type: 'contract', doneAt: AT.feb14_1000 + 5 * DAY });

  // M: deleted with a comment.
  await call(manager, 'leads.delete M', 'leads.delete', { ids: [M], reasonId: reason.other, comment: 'Szuka domu, nie mieszkania' });

  // N: converted, reservation, then lost.
  const clientN = await convert('N', anna, N, 30);
  await call(anna, 'clients.setStage N reservation', 'clients.setStage', { id: clientN, stage: 'reservation' });
  await call(anna, 'clients.setStage N lost', 'clients.setStage', { id: clientN, stage: 'lost', lostReason: 'Location' });

  // Q: a second inquiry of A's client.
  await call(anna, 'leads.link Q', 'leads.link', { leadId: Q, clientId: clientA });

  // R: converted by the manager.
  const clientR = await convert('R', manager, R, 200);

  // Spend.
  const cost = (sourceId: string, month: string, amountMinor: number | null) => call(manager, `costs.set ${month}`, 'costs.set', { sourceId, month, amountMinor });
  await cost(source.fb, '2026-03', 31_000);
  await cost(source.fb, '2026-04', 101);
  await cost(source.phone, '2026-03', 9_000);
  await cost(source.phone, '2026-03', 10_000);
  await cost(source.web, '2025-10', 5_000);
  await cost(source.web, '2025-11', 7_000);
  await cost(source.phone, '2026-02', 0);
  await cost(source.tabela, '2026-03', 2_500);
  await cost(source.obido, '2026-01', 999);
  await cost(source.obido, '2026-01', null);
  withWriter(o, (db) => db.prepare('update sources set active = 0 where id = ?').run(source.obido));
  step('Obido switched off');

  return {
    lead: { A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T },
    client: { A: clientA, B: clientB, D: clientD, H: clientH, J: clientJ, L: clientL, N: clientN, R: clientR },
    source,
    investment,
    reason,
    user,
  };
}
