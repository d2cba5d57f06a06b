/**
 * npm run bench: builds a large office in a temp database and times the hot paths.
 * Prints each figure and writes bench/results.json ({"metric": value}).
 *
 * Environment: BENCH_LEADS (default 1,000,000), BENCH_CLIENTS (default 300,000),
 * BENCH_PLANS=1 prints EXPLAIN QUERY PLAN for every inbox query (always printed for a target not met),
 * BENCH_KEEP=1 keeps the generated database (its path is printed) for looking into a query by hand,
 * BENCH_DEDUP_ONLY=1 runs only the duplicate-detection labelled set (seconds; no office, no results.json).
 * BENCH_SYNC_ONLY=1 runs only the sync figures (bench/sync-bench.ts; merged into results.json).
 *
 * Source reports (bench/report-bench.ts): source_report_ms (the last 12 months) and source_month_report_ms (24 months)
 * through the service as a manager, with informational variants, the calendar rebuild after a time-zone change and the
 * report triggers' cost per written lead; at the very end a trigger check through the services (report_cells_consistent).
 *
 * Duplicate detection (bench/dedup-bench.ts): dedup_recall_at_3 and dedup_false_candidates_per_lead over the labelled
 * set of bench/dedup-set.ts in a database of its own, through 'clients.candidates'; dedup_candidates_ms, the median per
 * probe of the candidate finder over the office's clients and leads.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../src-main/app/core';
import { buildPageQuery, createInboxQuery, type PageRequest, type QueryScope } from '../src-main/leads/inbox-query';
import { can } from '../src-shared/users/permissions';
import type { Role } from '../src-shared/users/types';
import { DEFAULT_INBOX_SORT, type InboxFilters, type InboxSort, type LeadCounts, type LeadPage, type LeadStatus } from '../src-shared/leads/types';
import { benchDedupAtScale, benchDedupQuality, benchDedupSpeed, DEDUP_TARGETS } from './dedup-bench';
import { benchInboxUi } from './ui-bench';
import type { SlaReport } from '../src-shared/sla/report';
import { generateLargeOffice, verifyDerived } from './generate';
import { benchSourceReports, checkReportTriggers } from './report-bench';
import { benchSync } from './sync-bench';

const root = resolve(__dirname, '..', '..');
const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 300_000);
const SHOW_PLANS = process.env.BENCH_PLANS === '1';
const KEEP = process.env.BENCH_KEEP === '1';
const RUNS = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeMedian(fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(); // warm caches and JIT
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

interface ListInput {
  status?: LeadStatus;
  filters?: InboxFilters;
  sort?: InboxSort;
  limit?: number;
  cursor?: string;
}

/** A timed inbox read: the service input, and the same request as the SQL builder sees it (for query plans). */
interface InboxCase {
  metric: string;
  run: () => Promise<unknown>;
  /** Present for a page read: EXPLAIN QUERY PLAN is taken of the statement the service runs. */
  page?: PageRequest;
  /** Present for a filtered count: the statement the service runs for it (mirrors createInboxQuery's counts). */
  countSql?: { sql: string; params: unknown[] };
  target?: number;
}

function printDedupTargets(results: Record<string, number>): void {
  const lines: [string, boolean, number][] = [];
  if (results.dedup_recall_at_3 !== undefined) {
    lines.push([`dedup_recall_at_3 >= ${DEDUP_TARGETS.recallAt3}`, results.dedup_recall_at_3 >= DEDUP_TARGETS.recallAt3, results.dedup_recall_at_3]);
    lines.push([`dedup_false_candidates_per_lead <= ${DEDUP_TARGETS.falsePerLead}`, results.dedup_false_candidates_per_lead! <= DEDUP_TARGETS.falsePerLead, results.dedup_false_candidates_per_lead!]);
  }
  if (results.dedup_candidates_ms !== undefined) {
    lines.push([`dedup_candidates_ms <= ${DEDUP_TARGETS.candidatesMs}`, results.dedup_candidates_ms <= DEDUP_TARGETS.candidatesMs, results.dedup_candidates_ms]);
  }
  for (const [what, met, value] of lines) console.log(`target ${what}: ${met ? 'met' : 'NOT met'} (${value})`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_SYNC_ONLY === '1') {
    const file = join(root, 'bench', 'results.json');
    const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {};
    writeFileSync(file, JSON.stringify({ ...previous, ...(await benchSync(root)) }, null, 2) + '\n');
    return;
  }
  // Duplicate detection's quality first: its own small database, seconds.
  const dedup = await benchDedupQuality(root);
  if (process.env.BENCH_DEDUP_ONLY === '1') {
    for (const [metric, value] of Object.entries(dedup)) console.log(`${metric.padEnd(30)} ${value}`);
    printDedupTargets(dedup);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-bench-'));
  try {
    const core = openCore({ dataDir, migrationsDir: join(root, 'migrations'), mode: 'browser', appVersion: 'bench' });
    const must = async (method: string, input: unknown) => {
      const r = await core.call('bench', method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value;
    };
    await must('setup.loadDemo', {});
    await must('auth.signIn', { username: 'anna', password: 'demo2026' });

    const writer = new Database(core.databaseFile);
    writer.pragma('synchronous = OFF');
    writer.pragma('foreign_keys = OFF'); // the generator only references rows it read or wrote itself
    writer.pragma('cache_size = -1048576'); // 1 GiB: random UUID keys thrash a small cache
    const t0 = performance.now();
    const generated = generateLargeOffice(writer, { leads: LEADS, clients: CLIENTS, now: Date.now() });
    const seedSeconds = (performance.now() - t0) / 1000;
    const cells = verifyDerived(writer);
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.exec('analyze');
    writer.close();
    const { insert, indexes, derived } = generated.phases;
    console.log(`seeded ${generated.rows} rows in ${seedSeconds.toFixed(1)} s (inserts ${insert.toFixed(1)} s, indexes ${indexes.toFixed(1)} s, ` +
      `search index + counts + report cells ${derived.toFixed(1)} s); leads ${JSON.stringify(generated.statuses)}; verified: report tables equal a fresh count ` +
      `(${cells.dayCells} day cells, ${cells.monthCells} month cells, ${cells.conversions} conversions; ${cells.seconds.toFixed(1)} s)`);

    const reader = new Database(core.databaseFile, { readonly: true });
    // The scope the service builds for the signed-in advisor (leads.list's scopeOf): restricted unless the team sees all.
    const anna = reader.prepare(`select id, role from users where username = 'anna'`).get() as { id: string; role: Role };
    const teamSeesAll = JSON.parse((reader.prepare(`select value from settings where key = 'teamSeesAll'`).pluck().get() as string | undefined) ?? 'false') === true;
    const scope: QueryScope = {
      userId: anna.id,
      phoneRegion: () => 'PL',
      restricted: !can({ id: anna.id, role: anna.role, permissions: [] }, 'everything.view', anna.role === 'advisor' ? { teamSeesAll } : undefined),
    };

    // Inputs picked from the data: the commonest (source, investment) pair among new leads, a lead's phone, names.
    const pair = reader
      .prepare(`select source_id as sourceId, investment_id as investmentId, count(*) as n from leads
        where status = 'new' and investment_id is not null group by source_id, investment_id order by n desc, source_id, investment_id limit 1`)
      .get() as { sourceId: string; investmentId: string; n: number };
    const samplePhone = reader
      .prepare(`select phone_e164 from leads where phone_e164 like '+48_________' order by rowid limit 1 offset ?`)
      .pluck()
      .get(Math.floor(LEADS / 2)) as string;
    const national = samplePhone.slice(3);
    const phoneTyped = `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
    const inputs = { pair: `${pair.n} new leads`, phone: phoneTyped, surname: 'Szymański', prefix: 'szym', fullName: 'Piotr Kowalski' };

    const list = async (input: ListInput) => (await must('leads.list', input)) as LeadPage;
    const counts = async (filters: InboxFilters) => (await must('leads.counts', { filters })) as LeadCounts;
    const pageRequest = (input: ListInput): PageRequest => ({ filters: {}, sort: DEFAULT_INBOX_SORT, limit: 50, ...input });

    // The default view, also timed bare on a separate read-only connection with the very SQL the service builds.
    const firstPage: ListInput = { status: 'new', limit: 50 };
    const bare = buildPageQuery(pageRequest(firstPage), scope);
    const bareStatement = reader.prepare(bare.sql);
    const page1 = await list(firstPage);
    if (page1.rows.length !== 50 || bareStatement.all(...bare.params).length !== 51 || !page1.nextCursor) {
      throw new Error('the inbox did not return a full first page');
    }

    const filtered: ListInput = { status: 'new', filters: { sourceId: pair.sourceId, investmentId: pair.investmentId }, limit: 50 };
    const byName: ListInput = { status: 'new', sort: { column: 'name', direction: 'asc' }, limit: 50 };
    const sortedPage1 = await list(byName);
    const nextPage: ListInput = { ...firstPage, cursor: page1.nextCursor };
    const sortedNext: ListInput = { ...byName, cursor: sortedPage1.nextCursor ?? undefined };
    const search = (text: string): ListInput => ({ filters: { search: text }, limit: 50 });

    // Sanity checks on what each timed call returns, so a fast wrong answer cannot pass.
    const filteredRows = (await list(filtered)).rows;
    if (filteredRows.length !== 50 || filteredRows.some((r) => r.sourceId !== pair.sourceId || r.investmentId !== pair.investmentId || r.status !== 'new')) {
      throw new Error('the filtered page is not 50 new leads of the chosen source and investment');
    }
    const page2 = await list(nextPage);
    if (page2.rows.length !== 50 || page2.rows[0]!.receivedAt > page1.rows[49]!.receivedAt || page2.rows.some((r) => page1.rows.some((p) => p.id === r.id))) {
      throw new Error('the second page does not continue the first');
    }
    if (!sortedPage1.nextCursor || (await list(sortedNext)).rows.length !== 50) throw new Error('the name-sorted list has no second page');
    const phoneRows = (await list(search(phoneTyped))).rows;
    if (!phoneRows.length || phoneRows.some((r) => r.phoneE164 !== samplePhone)) throw new Error(`searching "${phoneTyped}" did not find exactly ${samplePhone}`);
    for (const text of [inputs.surname, inputs.prefix]) {
      if ((await list(search(text))).rows.length !== 50) throw new Error(`searching "${text}" did not return a full page`);
    }
    // One first+last pair is rarer (a few hundred leads in a million): any hit will do, all of them that person.
    const fullNameRows = (await list(search(inputs.fullName))).rows;
    if (!fullNameRows.length || fullNameRows.some((r) => !`${r.firstName} ${r.lastName}`.startsWith(inputs.fullName))) {
      throw new Error(`searching "${inputs.fullName}" did not find that person`);
    }
    const allCounts = await counts({});
    const total = reader.prepare('select count(*) from leads').pluck().get() as number;
    // A restricted advisor's tabs count the leads they see: unassigned ones and their own.
    const visible = scope.restricted
      ? (reader.prepare('select count(*) from leads where assignee_user_id is null or assignee_user_id = ?').pluck().get(scope.userId) as number)
      : total;
    if (Object.values(allCounts).reduce((a, b) => a + b, 0) !== visible) throw new Error(`the tab counts do not add up to the ${visible} leads anna sees`);

    const cases: InboxCase[] = [
      { metric: 'inbox_filtered_page_ms', run: () => list(filtered), page: pageRequest(filtered), target: 10 },
      { metric: 'inbox_counts_ms', run: () => counts({}), target: 20 },
      {
        metric: 'inbox_counts_filtered_ms',
        run: () => counts({ sourceId: pair.sourceId }),
        countSql: { sql: 'select l.status, count(*) as n from leads l where l.source_id = ? group by l.status', params: [pair.sourceId] },
      },
      { metric: 'inbox_search_phone_ms', run: () => list(search(phoneTyped)), page: pageRequest(search(phoneTyped)), target: 30 },
      { metric: 'inbox_search_name_ms', run: () => list(search(inputs.surname)), page: pageRequest(search(inputs.surname)), target: 30 },
      { metric: 'inbox_search_name_prefix_ms', run: () => list(search(inputs.prefix)), page: pageRequest(search(inputs.prefix)) },
      { metric: 'inbox_search_fullname_ms', run: () => list(search(inputs.fullName)), page: pageRequest(search(inputs.fullName)) },
      { metric: 'inbox_next_page_ms', run: () => list(nextPage), page: pageRequest(nextPage) },
      { metric: 'inbox_sorted_page_ms', run: () => list(byName), page: pageRequest(byName) },
      { metric: 'inbox_sorted_next_page_ms', run: () => list(sortedNext), page: pageRequest(sortedNext) },
    ];

    const results: Record<string, number> = {
      leads: total,
      clients: reader.prepare('select count(*) from clients').pluck().get() as number,
      seed_rows_per_s: Math.round(generated.rows / seedSeconds),
      seed_seconds: round(seedSeconds, 1),
      inbox_first_page_ms: round(await timeMedian(() => list(firstPage))),
      inbox_first_page_sql_ms: round(await timeMedian(() => bareStatement.all(...bare.params))),
    };
    results.inbox_service_to_sql_ratio = round(results.inbox_first_page_ms! / results.inbox_first_page_sql_ms!, 2);
    for (const c of cases) results[c.metric] = round(await timeMedian(c.run));

    const plans = createInboxQuery(reader);
    const explain = (sql: string, params: unknown[]) => {
      const rows = reader.prepare(`explain query plan ${sql}`).all(...params) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>([[0, 0]]);
      return rows.map((r) => {
        const d = (depth.get(r.parent) ?? 0) + 1;
        depth.set(r.id, d);
        return `${'  '.repeat(d)}${r.detail}`;
      });
    };
    const planOf = (c: InboxCase): string[] => {
      if (c.page) {
        const { sql, params } = buildPageQuery(c.page, scope, plans.planFor(c.page.filters, scope));
        return [`  ${sql.replace(/\s+/g, ' ')}`, `  params ${JSON.stringify(params)}`, ...explain(sql, params)];
      }
      if (c.countSql) return [`  ${c.countSql.sql}`, `  params ${JSON.stringify(c.countSql.params)}`, ...explain(c.countSql.sql, c.countSql.params)];
      return ['  select status, n from lead_status_counts'];
    };

    console.log(`inputs: source ${pair.sourceId} + investment ${pair.investmentId} (${inputs.pair}), phone "${phoneTyped}" (${samplePhone}), ` +
      `"${inputs.surname}", "${inputs.prefix}", "${inputs.fullName}"`);
    for (const [metric, value] of Object.entries(results)) console.log(`${metric.padEnd(30)} ${value}`);

    const firstPageMet = results.inbox_first_page_ms! <= 10 && results.inbox_service_to_sql_ratio! <= 2;
    console.log(`target inbox_first_page_ms <= 10 and <= 2x bare SQL: ${firstPageMet ? 'met' : 'NOT met'}`);
    if (!firstPageMet || SHOW_PLANS) console.log(`plan for inbox_first_page_ms:\n${planOf({ metric: 'inbox_first_page_ms', run: () => list(firstPage), page: pageRequest(firstPage) }).join('\n')}`);
    for (const c of cases) {
      const value = results[c.metric]!;
      const met = c.target === undefined || value <= c.target;
      if (c.target !== undefined) console.log(`target ${c.metric} <= ${c.target}: ${met ? 'met' : 'NOT met'} (${value} ms)`);
      if (!met || SHOW_PLANS) console.log(`plan for ${c.metric}:\n${planOf(c).join('\n')}`);
    }

    // The response-time report over every client (two years), as a manager sees it.
    const manager = await core.call('bench-manager', 'auth.signIn', { username: 'manager', password: 'demo2026' });
    if (!manager.ok) throw new Error(manager.error.message);
    // The screen's default range (the last 90 days), and informational: all two years at once.
    const now = Date.now();
    const slaInput = { from: now - 90 * 86_400_000, to: now + 86_400_000, groupBy: 'advisor' };
    const slaAll = { from: 0, to: now + 86_400_000, groupBy: 'source' };
    const inRange = reader.prepare('select count(*) from clients where created_at >= ? and created_at < ? and deleted_at is null').pluck();
    for (const input of [slaInput, slaAll]) {
      const sla = await core.call('bench-manager', 'reports.sla', input);
      if (!sla.ok || (sla.value as SlaReport).total.clients !== inRange.get(input.from, input.to)) throw new Error('the response-time report does not cover the clients of its range');
    }
    results.activities = reader.prepare('select count(*) from activities').pluck().get() as number;
    results.sla_report_clients = inRange.get(slaInput.from, slaInput.to) as number;
    results.sla_report_ms = round(await timeMedian(() => core.call('bench-manager', 'reports.sla', slaInput)), 1);
    results.sla_report_all_ms = round(await timeMedian(() => core.call('bench-manager', 'reports.sla', slaAll)), 1);
    for (const metric of ['activities', 'sla_report_clients', 'sla_report_ms', 'sla_report_all_ms']) console.log(`${metric.padEnd(30)} ${results[metric]}`);
    console.log(`target sla_report_ms <= 200: ${results.sla_report_ms <= 200 ? 'met' : 'NOT met'} (${results.sla_report_ms} ms)`);

    Object.assign(results, await benchSourceReports(core, core.databaseFile, console.log, SHOW_PLANS));

    const dedupSpeed = { ...benchDedupSpeed(core.databaseFile, console.log, SHOW_PLANS), ...benchDedupAtScale(core.databaseFile) };
    Object.assign(results, dedup, dedupSpeed);
    for (const [metric, value] of Object.entries({ ...dedup, ...dedupSpeed })) console.log(`${metric.padEnd(30)} ${value}`);
    printDedupTargets(results);
    Object.assign(results, await benchInboxUi(core, root, inputs.surname));
    for (const [metric, value] of Object.entries(results)) if (metric.startsWith('ui_')) console.log(`${metric.padEnd(30)} ${value}`);
    // Last, as it changes data: the report triggers through the services against a fresh count.
    results.report_cells_consistent = await checkReportTriggers(core, core.databaseFile);
    reader.close();
    core.close();
    // Sync over loopback (an office server process and desktops of its own, 100,000 leads).
    Object.assign(results, await benchSync(root));

    mkdirSync(join(root, 'bench'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  } finally {
    if (KEEP) console.log(`kept the database in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
