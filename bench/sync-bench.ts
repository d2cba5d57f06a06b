/**
 * Sync over loopback (docs/sync.md): the office server runs as its own process (dist/server/server.cjs serve, as
 * offices run it), the desktops in this one, the simulated desktops in a worker thread.
 *
 * - initial_sync_100k_s: a desktop with the demo office plus a generated one (100,000 leads in all, 30,000 clients,
 *   their links, activities and spend: bench/generate.ts) writes an insert change record for every generated row,
 *   as insertSynced records one (the replicated fields of the stored row), and pushes the lot through its own sync
 *   engine (seed_push_*, informational, and seed_repull_s: the same desktop pulling it all back). Then a fresh
 *   desktop (openCore, syncIntervalMs 0) runs 'sync.connect' as the demo manager: the time until it returns. Checked:
 *   every replicated table equals the seeding desktop's (initial_sync_content_equal), 100,000 leads, 'leads.counts'
 *   equals a count by status, a phone search finds its lead, and verifyDerived (search index, counts, report cells).
 * - push_one_change_ms: that desktop sets a lead's priority and runs 'sync.now' (push + pull); median of 50.
 * - server_pull_p50_ms / server_pull_p99_ms: 100 simulated desktops (plain fetch, a device token each from
 *   POST /v1/devices) poll GET /v1/sync/pull after their cursor every 10 s, evenly staggered, while the desktop pushes
 *   a change at a random moment of every second; each pull's latency as the simulated desktop sees it.
 * - breakdown_* (when initial_sync_100k_s misses its target, or BENCH_SYNC_BREAKDOWN=1): the initial sync's parts on
 *   their own against the same server and data: fetching, JSON.parse, applying with triggers or indexes dropped, bigger
 *   transactions, and a prototype of the proposed bulk path end to end (breakdown_prototype_initial_sync_s).
 *
 * Environment: BENCH_SYNC_LEADS (100,000), BENCH_SYNC_CLIENTS (30,000), BENCH_SYNC_POLL_SECONDS (60),
 * BENCH_SYNC_POLLERS (100), BENCH_SYNC_BREAKDOWN=1, LEAD_DESK_TEST_PG_URL (the same figures against a PostgreSQL
 * server too, prefixed pg_; that server gets the SQLite server's tables by a bulk copy instead of a second push).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createHash, randomBytes } from 'node:crypto';
import { openCore, type Core } from '../src-main/app/core';
import { isReplicatedField, TABLE_SHAPES } from '../src-main/db/synced-tables';
import { applyPulled, observeClock } from '../src-main/sync/apply-pulled';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION, type DeviceSignInResult, type PulledChange, type PullResult, type SyncedEntity } from '../src-shared/sync/protocol';
import type { SyncStatus } from '../src-shared/sync/status';
import type { LeadCounts, LeadPage } from '../src-shared/leads/types';
import { generateLargeOffice, officeTimeZone, rebuildDerived, verifyDerived } from './generate';
import { seededRandom } from '../src-main/demo/people';

export const SYNC_TARGETS = { initialSyncS: 10, pushOneChangeMs: 50, serverPullP99Ms: 50 };

const LEADS = Number(process.env.BENCH_SYNC_LEADS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_SYNC_CLIENTS ?? 30_000);
const POLL_SECONDS = Number(process.env.BENCH_SYNC_POLL_SECONDS ?? 60);
const POLLERS = Number(process.env.BENCH_SYNC_POLLERS ?? 100);
const POLL_EVERY_MS = 10_000;
const PUSH_EVERY_MS = 1_000;
const RUNS = 50;
const ADMIN = { username: 'biuro', displayName: 'Biuro Sprzedaży', password: 'office-bench-2026' };
const DEMO_PASSWORD = 'demo2026';
const HEADERS = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION), 'content-type': 'application/json' };

type Log = (line: string) => void;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const seconds = (ms: number) => round(ms / 1000, 2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

// ---------------------------------------------------------------------------------------------------------------
// The office server, as its own process.

interface ServerProcess {
  url: string;
  pid: number;
  /** CPU seconds (user + system) the server process has used so far (Linux /proc; 0 elsewhere). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz on Linux)
  } catch {
    return 0;
  }
}

async function startServer(root: string, env: Record<string, string | undefined>, opts: { createAdmin?: boolean } = {}): Promise<ServerProcess> {
  const script = join(root, 'dist', 'server', 'server.cjs');
  const base: Record<string, string | undefined> = { ...process.env, LEAD_DESK_DATABASE_URL: undefined, ...env };
  if (opts.createAdmin !== false) {
    const admin = spawnSync(process.execPath, [script, 'create-admin', ADMIN.username, ADMIN.displayName], {
      env: { ...base, LEAD_DESK_ADMIN_PASSWORD: ADMIN.password } as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    if (admin.status !== 0) throw new Error(`create-admin failed: ${admin.stderr || admin.stdout}`);
  }
  const child: ChildProcess = spawn(process.execPath, [script, 'serve'], {
    env: { ...base, LEAD_DESK_SERVER_HOST: '127.0.0.1', LEAD_DESK_SERVER_PORT: '0' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the office server exited (${code}): ${stderr}`)));
  });
  child.stdout!.resume();
  // Never left behind by a bench that fails or is stopped.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('exit', () => process.off('exit', orphan));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Desktops.

/** Times every request a desktop's sync engine makes until the response's headers: the server's part, as the server
 * writes its whole JSON body at once. */
interface RequestLog {
  kind: 'push' | 'pull' | 'other';
  start: number;
  headers: number;
}
function timedFetch(log: RequestLog[]): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    const start = performance.now();
    const res = await fetch(input, init);
    log.push({
      kind: url.includes('/v1/sync/push') ? 'push' : url.includes('/v1/sync/pull') ? 'pull' : 'other',
      start,
      headers: performance.now(),
    });
    return res;
  };
}

function desktop(root: string, dataDir: string, requests?: RequestLog[]): Core {
  return openCore({ dataDir, migrationsDir: join(root, 'migrations'), mode: 'browser', appVersion: 'bench', syncIntervalMs: 0, syncFetch: requests ? timedFetch(requests) : undefined });
}

async function must<T>(core: Core, clientKey: string, method: string, input: unknown): Promise<T> {
  const r = await core.call(clientKey, method as never, input as never);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

/** The tables a generated office fills (the demo's rows already have their change records). */
const GENERATED: SyncedEntity[] = ['clients', 'leads', 'lead_client_links', 'activities', 'source_costs'];

/**
 * Writes an insert change record for every row of the generated tables that has none, as insertSynced records a row:
 * the row as stored, by drizzle field name, values as the services pass them (mapFromDriverValue: booleans, JSON),
 * only the replicated fields (no generated or trigger-kept columns: isReplicatedField). The hybrid clock stamp comes
 * from the change_log trigger, as for any edit. Returns the records written.
 */
export function writeChangeRecords(sqlite: Database.Database): number {
  const insert = sqlite.prepare(`insert into change_log (entity, entity_id, op, data, user_id, at) values (?, ?, 'insert', ?, null, ?)`);
  let written = 0;
  for (const entity of GENERATED) {
    const shape = TABLE_SHAPES.get(entity)!;
    const columns = [...shape.columns].filter(([field]) => isReplicatedField(entity, field));
    const rows = sqlite.prepare(`select * from ${shape.name} where id not in (select entity_id from change_log where entity = ?) order by rowid`).all(entity) as Record<string, unknown>[];
    const now = Date.now();
    for (let start = 0; start < rows.length; start += 50_000) {
      sqlite.transaction(() => {
        for (const row of rows.slice(start, start + 50_000)) {
          const fields: Record<string, unknown> = {};
          for (const [field, column] of columns) {
            const value = row[column.name];
            fields[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
          }
          insert.run(entity, row.id, JSON.stringify(fields), now);
          written++;
        }
      })();
    }
  }
  return written;
}

/** The replicated rows of a desktop, one digest per table (local bookkeeping left out), to compare two desktops. */
function digest(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = ['users', 'sources', 'investments', 'deletion_reasons', 'clients', 'leads', 'lead_client_links', 'activities', 'client_stage_changes', 'source_costs'];
    return Object.fromEntries(
      tables.map((t) => {
        const hash = createHash('sha256');
        let n = 0;
        for (const row of db.prepare(`select * from ${t} order by id`).raw().iterate() as IterableIterator<unknown[]>) {
          hash.update(JSON.stringify(row));
          n++;
        }
        return [t, `${n}:${hash.digest('hex').slice(0, 16)}`];
      }),
    );
  } finally {
    db.close();
  }
}

/** The first rows of a table that differ between two desktops, column by column. */
function firstDifferences(mine: string, theirs: string, table: string): string {
  const db = new Database(mine, { readonly: true });
  try {
    db.prepare('attach database ? as theirs').run(theirs);
    const ids = db.prepare(`select id from (select * from main.${table} except select * from theirs.${table}) limit 3`).pluck().all() as string[];
    return ids
      .map((id) => {
        const a = db.prepare(`select * from main.${table} where id = ?`).get(id) as Record<string, unknown>;
        const b = (db.prepare(`select * from theirs.${table} where id = ?`).get(id) ?? {}) as Record<string, unknown>;
        return `${id}: ${Object.keys(a).filter((k) => a[k] !== b[k]).map((k) => `${k} ${JSON.stringify(a[k])} here, ${JSON.stringify(b[k])} there`).join(', ')}`;
      })
      .join('; ');
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------

interface Office {
  server: ServerProcess;
  /** The seeding desktop's database (closed). */
  seedFile: string;
  results: Record<string, number>;
}

/** Builds the office on a desktop and pushes it to the server; the seeding desktop's own pull is timed too. */
async function seedOffice(root: string, server: ServerProcess, dir: string, log: Log): Promise<Office> {
  const results: Record<string, number> = {};
  const requests: RequestLog[] = [];
  const a = desktop(root, join(dir, 'seed'), requests);
  await must(a, 'w', 'setup.loadDemo', {});
  const writer = new Database(a.databaseFile);
  writer.pragma('synchronous = OFF');
  writer.pragma('foreign_keys = OFF');
  writer.pragma('cache_size = -262144');
  const count = (table: string) => writer.prepare(`select count(*) from ${table}`).pluck().get() as number;
  const demoLeads = count('leads');
  const demoClients = count('clients');
  const t0 = performance.now();
  const generated = generateLargeOffice(writer, { leads: LEADS - demoLeads, clients: CLIENTS - demoClients, now: Date.now() });
  const t1 = performance.now();
  const changes = writeChangeRecords(writer);
  const t2 = performance.now();
  const totalChanges = writer.prepare('select count(*) from change_log where pushed_at is null').pluck().get() as number;
  writer.pragma('wal_checkpoint(TRUNCATE)');
  writer.close();
  log(`sync: seeded ${generated.rows} rows (${seconds(t1 - t0)} s) and wrote ${changes} change records for them (${seconds(t2 - t1)} s); ` +
    `${totalChanges} changes to push with the demo's`);

  await must(a, 'w', 'auth.signIn', { username: 'admin', password: DEMO_PASSWORD });
  const cpu0 = server.cpuSeconds();
  const t3 = performance.now();
  const status = await must<SyncStatus>(a, 'w', 'sync.connect', { url: server.url, username: ADMIN.username, password: ADMIN.password, deviceName: 'Recepcja' });
  const t4 = performance.now();
  if (status.lastError || status.pending !== 0) throw new Error(`the seeding desktop did not push everything: ${JSON.stringify(status)}`);
  const pushes = requests.filter((r) => r.kind === 'push');
  const pulls = requests.filter((r) => r.kind === 'pull');
  const pushEnd = pulls.length ? pulls[0]!.start : t4;
  results.seed_push_changes = totalChanges;
  results.seed_push_s = seconds(pushEnd - t3);
  results.seed_push_changes_per_s = Math.round(totalChanges / ((pushEnd - t3) / 1000));
  results.seed_push_server_share = round(pushes.reduce((s, r) => s + r.headers - r.start, 0) / (pushEnd - t3), 2);
  results.seed_repull_s = seconds(t4 - pushEnd);
  log(`sync: the seeding desktop pushed ${totalChanges} changes in ${results.seed_push_s} s (${results.seed_push_changes_per_s}/s, ${pushes.length} requests, ` +
    `${Math.round(results.seed_push_server_share * 100)} % of it waiting on the server), then pulled them back onto its full database in ${results.seed_repull_s} s ` +
    `(${pulls.length} pages); server CPU ${round(server.cpuSeconds() - cpu0, 1)} s`);
  const seedFile = a.databaseFile;
  a.close();
  return { server, seedFile, results };
}

interface Joined {
  core: Core;
  results: Record<string, number>;
}

/** A fresh desktop joins the office: timed, then checked. */
async function initialSync(root: string, office: Office, dir: string, log: Log, prefix: string): Promise<Joined> {
  const results: Record<string, number> = {};
  const requests: RequestLog[] = [];
  const b = desktop(root, join(dir, `fresh-${prefix || 'sqlite'}`), requests);
  const cpu0 = office.server.cpuSeconds();
  const t0 = performance.now();
  const status = await must<SyncStatus>(b, 'w', 'sync.connect', { url: office.server.url, username: 'manager', password: DEMO_PASSWORD, deviceName: 'PC manager' });
  const elapsed = performance.now() - t0;
  const serverCpu = office.server.cpuSeconds() - cpu0;
  if (status.lastError || !status.connected) throw new Error(`the fresh desktop did not sync: ${JSON.stringify(status)}`);

  // What it holds: the seeding desktop's rows, table by table; counts and search through the services.
  const mine = digest(b.databaseFile);
  const theirs = digest(office.seedFile);
  const differing = Object.keys(theirs).filter((t) => mine[t] !== theirs[t]);
  // Told loudly but not fatal: the timings still stand, and the rows that differ are what to look into.
  const same = differing.length === 0;
  if (!same) {
    log(`sync: CONTENT MISMATCH: the fresh desktop differs from the reference desktop in ` +
      differing.map((t) => `${t} (${mine[t]} vs ${theirs[t]}): ${firstDifferences(b.databaseFile, office.seedFile, t)}`).join('; '));
  }
  results[`${prefix}initial_sync_content_equal`] = same ? 1 : 0;
  await must(b, 'w', 'auth.signIn', { username: 'manager', password: DEMO_PASSWORD });
  const reader = new Database(b.databaseFile, { readonly: true });
  const leads = reader.prepare('select count(*) from leads').pluck().get() as number;
  if (leads !== LEADS) throw new Error(`the fresh desktop holds ${leads} leads, not ${LEADS}`);
  const byStatus = Object.fromEntries((reader.prepare('select status, count(*) as n from leads group by status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
  const counts = await must<LeadCounts>(b, 'w', 'leads.counts', { filters: {} });
  for (const [s, n] of Object.entries(counts)) if ((byStatus[s] ?? 0) !== n) throw new Error(`leads.counts says ${s} ${n}, the table has ${byStatus[s] ?? 0}`);
  const phone = reader.prepare(`select phone_e164 from leads where phone_e164 like '+48_________' order by rowid limit 1 offset ?`).pluck().get(Math.floor(LEADS / 2)) as string;
  const national = phone.slice(3);
  const typed = `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
  const found = (await must<LeadPage>(b, 'w', 'leads.list', { filters: { search: typed }, limit: 50 })).rows;
  if (!found.length || found.some((r) => r.phoneE164 !== phone)) throw new Error(`searching "${typed}" on the fresh desktop did not find ${phone}`);
  reader.close();
  const check = new Database(b.databaseFile);
  let derived = 'search index, counts and report cells equal a fresh count';
  try {
    verifyDerived(check);
  } catch (err) {
    derived = `DERIVED DATA WRONG: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    check.close();
  }

  const pulls = requests.filter((r) => r.kind === 'pull');
  const signIn = requests.find((r) => r.kind === 'other');
  const waiting = pulls.reduce((s, r) => s + r.headers - r.start, 0);
  results[`${prefix}initial_sync_100k_s`] = seconds(elapsed);
  results[`${prefix}initial_sync_pages`] = pulls.length;
  results[`${prefix}initial_sync_server_wait_s`] = seconds(waiting);
  results[`${prefix}initial_sync_desktop_s`] = seconds(elapsed - waiting - (signIn ? signIn.headers - signIn.start : 0));
  results[`${prefix}initial_sync_sign_in_ms`] = round(signIn ? signIn.headers - signIn.start : 0, 1);
  results[`${prefix}initial_sync_server_cpu_s`] = round(serverCpu, 1);
  log(`sync${prefix ? ` (${prefix.slice(0, -1)})` : ''}: a fresh desktop took ${LEADS} leads in ${seconds(elapsed)} s: ${pulls.length} pages; ` +
    `waiting on the server ${seconds(waiting)} s (server CPU ${round(serverCpu, 1)} s), ` +
    `on this desktop (JSON + apply + commit) ${results[`${prefix}initial_sync_desktop_s`]} s, device sign-in ${results[`${prefix}initial_sync_sign_in_ms`]} ms; ` +
    `checked: ${same ? 'same rows as the reference desktop' : 'ROWS DIFFER (above)'}, tabs ${JSON.stringify(counts)}, phone "${typed}" found; ${derived}`);
  return { core: b, results };
}

/** The joined desktop sets a lead's priority and syncs: the time of 'sync.now' with that change pending. */
async function pushOneChange(core: Core, runs: number): Promise<number[]> {
  const db = new Database(core.databaseFile, { readonly: true });
  const leads = db.prepare(`select id, priority from leads where status = 'new' order by received_at desc limit 20`).all() as { id: string; priority: string }[];
  db.close();
  const priorities = ['urgent', 'important', 'standard'];
  const samples: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    // Always a real change: the next priority after the lead's current one.
    const lead = leads[i % leads.length]!;
    lead.priority = priorities[(priorities.indexOf(lead.priority) + 1) % 3]!;
    await must(core, 'w', 'leads.setPriority', { ids: [lead.id], priority: lead.priority });
    const t0 = performance.now();
    const status = await must<SyncStatus>(core, 'w', 'sync.now', {});
    const ms = performance.now() - t0;
    if (status.lastError || status.pending !== 0) throw new Error(`sync.now left the change unpushed: ${JSON.stringify(status)}`);
    if (i >= 5) samples.push(ms);
  }
  return samples;
}

/**
 * The simulated desktops, in a worker thread of their own (its own event loop: the pushing desktop's SQLite work in
 * this thread must not be counted as the server's latency). Plain fetch; times are absolute (timeOrigin + now) so
 * both threads agree. Reports each pull's start and latency, and the worker's own event-loop delay as a control.
 */
const POLLER_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance, monitorEventLoopDelay } = require('node:perf_hooks');
const { url, tokens, cursors, start, end, every, headers } = workerData;
const now = () => performance.timeOrigin + performance.now();
const sleepUntil = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - now())));
const pulls = [];
let changes = 0;
let failures = 0;
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
async function poller(i) {
  for (let k = 0; ; k++) {
    const at = start + (i * every) / tokens.length + k * every;
    if (at >= end) return;
    await sleepUntil(at);
    try {
      for (;;) {
        const t0 = now();
        const res = await fetch(url + '/v1/sync/pull?after=' + cursors[i] + '&limit=1000', { headers: { ...headers, authorization: 'Bearer ' + tokens[i] } });
        if (!res.ok) throw new Error('pull answered ' + res.status);
        const page = await res.json();
        pulls.push([t0, now() - t0]);
        changes += page.changes.length;
        cursors[i] = page.last;
        if (!page.more) break;
      }
    } catch {
      failures++;
    }
  }
}
Promise.all(tokens.map((_, i) => poller(i))).then(() => {
  delay.disable();
  parentPort.postMessage({ pulls, changes, failures, loopDelayP99: delay.percentile(99) / 1e6, loopDelayMax: delay.max / 1e6 });
});
`;

/** 100 simulated desktops poll every 10 s (staggered) while the joined desktop pushes a change every second. */
async function pollUnderLoad(core: Core, server: ServerProcess, log: Log, prefix: string): Promise<Record<string, number>> {
  const signIns: DeviceSignInResult[] = [];
  for (let i = 0; i < POLLERS; i++) {
    const r = await fetch(`${server.url}/v1/devices`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ username: 'anna', password: DEMO_PASSWORD, deviceName: `sim ${i}` }) });
    if (!r.ok) throw new Error(`device sign-in answered ${r.status}: ${await r.text()}`);
    signIns.push((await r.json()) as DeviceSignInResult);
  }
  const first = await fetch(`${server.url}/v1/sync/pull?after=0&limit=1`, { headers: { ...HEADERS, authorization: `Bearer ${signIns[0]!.token}` } });
  const head = ((await first.json()) as PullResult).head;

  const now = () => performance.timeOrigin + performance.now();
  const start = now() + 500;
  const end = start + POLL_SECONDS * 1000;
  const worker = new Worker(POLLER_WORKER, {
    eval: true,
    workerData: { url: server.url, tokens: signIns.map((s) => s.token), cursors: signIns.map(() => head), start, end, every: POLL_EVERY_MS, headers: HEADERS },
  });
  const polled = new Promise<{ pulls: [number, number][]; changes: number; failures: number; loopDelayP99: number; loopDelayMax: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });

  const db = new Database(core.databaseFile, { readonly: true });
  const leads = db.prepare(`select id, priority from leads where status = 'new' order by received_at limit 100`).all() as { id: string; priority: string }[];
  db.close();
  const pushes: [number, number][] = [];
  const random = seededRandom(11);
  const cpu0 = server.cpuSeconds();
  for (let k = 0; ; k++) {
    // At a random moment of each second: the polls are evenly staggered, the edits are not.
    const at = start + k * PUSH_EVERY_MS + random() * PUSH_EVERY_MS;
    if (at >= end) break;
    await new Promise((r) => setTimeout(r, Math.max(0, at - now())));
    const lead = leads[k % leads.length]!;
    lead.priority = lead.priority === 'urgent' ? 'important' : 'urgent';
    await must(core, 'w', 'leads.setPriority', { ids: [lead.id], priority: lead.priority });
    const t0 = now();
    const status = await must<SyncStatus>(core, 'w', 'sync.now', {});
    pushes.push([t0, now() - t0]);
    if (status.lastError) throw new Error(`the pushing desktop failed: ${status.lastError}`);
  }
  const result = await polled;
  await worker.terminate();
  const serverCpu = server.cpuSeconds() - cpu0;
  if (result.failures) throw new Error(`${result.failures} simulated pulls failed`);
  const latencies = result.pulls.map(([, ms]) => ms);
  // Pulls that overlapped a push (the server busy with a push transaction, this machine with the desktop's sync).
  const overlapping = result.pulls.filter(([t, ms]) => pushes.some(([p, pms]) => t < p + pms && p < t + ms)).map(([, ms]) => ms);
  const results: Record<string, number> = {
    [`${prefix}server_pull_p50_ms`]: round(percentile(latencies, 0.5), 1),
    [`${prefix}server_pull_p99_ms`]: round(percentile(latencies, 0.99), 1),
    [`${prefix}server_pull_max_ms`]: round(Math.max(...latencies), 1),
    [`${prefix}server_pull_requests`]: latencies.length,
    [`${prefix}push_under_load_p50_ms`]: round(median(pushes.map(([, ms]) => ms)), 1),
  };
  log(`sync${prefix ? ` (${prefix.slice(0, -1)})` : ''}: ${POLLERS} simulated desktops polled every ${POLL_EVERY_MS / 1000} s for ${POLL_SECONDS} s ` +
    `(${latencies.length} pulls, ${result.changes} changes received) while a desktop pushed ${pushes.length} changes (sync.now p50 ${results[`${prefix}push_under_load_p50_ms`]} ms); ` +
    `pull latency p50 ${results[`${prefix}server_pull_p50_ms`]} ms, p99 ${results[`${prefix}server_pull_p99_ms`]} ms, max ${results[`${prefix}server_pull_max_ms`]} ms ` +
    `(${overlapping.length} pulls overlapped a push: max ${overlapping.length ? round(Math.max(...overlapping), 1) : '-'} ms); ` +
    `the polling thread's own event-loop delay p99 ${round(result.loopDelayP99, 1)} ms, max ${round(result.loopDelayMax, 1)} ms (machine noise); ` +
    `server CPU ${round(serverCpu, 1)} s (${Math.round((serverCpu / POLL_SECONDS) * 100)} % of a core)`);
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Where the initial sync's time goes: its parts, one at a time, on the same data, each into a fresh desktop database.

/** Reads every page as the engine asks for them (after the last cursor, `limit` a page), keeping the bodies. */
async function fetchPages(url: string, token: string, limit: number): Promise<{ bodies: string[]; ms: number }> {
  const bodies: string[] = [];
  const t0 = performance.now();
  for (let after = 0; ; ) {
    const res = await fetch(`${url}/v1/sync/pull?after=${after}&limit=${limit}`, { headers: { ...HEADERS, authorization: `Bearer ${token}` } });
    const text = await res.text();
    bodies.push(text);
    const page = JSON.parse(text) as PullResult;
    after = page.last;
    if (!page.more) break;
  }
  return { bodies, ms: performance.now() - t0 };
}

const BIG_TABLES = `('leads', 'clients', 'activities', 'lead_client_links')`;
type Ddl = { name: string; sql: string }[];
const ddlOf = (sqlite: Database.Database, type: 'trigger' | 'index', keep: (name: string) => boolean = () => true): Ddl =>
  (sqlite.prepare(`select name, sql from sqlite_master where type = ? and tbl_name in ${BIG_TABLES} and sql is not null`).all(type) as Ddl).filter((d) => keep(d.name));

/** One pulled page as pullAll commits it: applyPulled, the clock and the cursor in one transaction, foreign keys off. */
function commitPage(sqlite: Database.Database, page: PulledChange[]): void {
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite.transaction(() => {
      applyPulled(sqlite, page);
      observeClock(sqlite, page.map((c) => c.hlc));
      sqlite.prepare(`insert into sync_state (key, value) values ('cursor', ?) on conflict (key) do update set value = excluded.value`).run(String(page[page.length - 1]!.seq));
    })();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}


interface Variant {
  /** Triggers of the big tables to drop for the load (restored after, with their data rebuilt when `rebuild`). */
  dropTriggers?: (name: string) => boolean;
  /** Also drop the big tables' secondary indexes (recreated after). */
  dropIndexes?: boolean;
  /** Rebuild the derived data and restore triggers and indexes afterwards (the bulk path), checked with verifyDerived. */
  rebuild?: boolean;
  /** Changes a transaction (default: a page, as the engine commits). */
  perTransaction?: number;
}

/** Applies the pulled changes into a fresh desktop database with a variant of the engine's path; times and CPU. */
function applyVariant(file: string, changes: PulledChange[], v: Variant): { ms: number; cpuMs: number; loadMs: number; indexMs: number; derivedMs: number; verified: string } {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const triggers = v.dropTriggers ? ddlOf(sqlite, 'trigger', v.dropTriggers) : [];
  const indexes = v.dropIndexes ? ddlOf(sqlite, 'index') : [];
  sqlite.transaction(() => {
    for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
    for (const { name } of indexes) sqlite.exec(`drop index "${name}"`);
  })();
  const size = v.perTransaction ?? 1000;
  for (let i = 0; i < changes.length; i += size) commitPage(sqlite, changes.slice(i, i + size));
  const t1 = performance.now();
  sqlite.transaction(() => {
    for (const { sql } of indexes) sqlite.exec(sql);
  })();
  const t2 = performance.now();
  if (v.rebuild) {
    sqlite.transaction(() => {
      rebuildDerived(sqlite, officeTimeZone(sqlite));
      for (const { sql } of triggers) sqlite.exec(sql);
    })();
  }
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  let verified = '';
  if (v.rebuild) {
    try {
      verifyDerived(sqlite);
      verified = 'derived data verified';
    } catch (err) {
      verified = `DERIVED DATA WRONG: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  sqlite.close();
  return { ms: t3 - t0, cpuMs: (cpu.user + cpu.system) / 1000, loadMs: t1 - t0, indexMs: t2 - t1, derivedMs: t3 - t2, verified };
}

/**
 * The proposed initial sync, end to end against the server: an empty desktop drops the big tables' triggers and
 * secondary indexes, fetches page n+1 while it applies page n (applyPulled as it is, a transaction a page), then
 * recreates the indexes, rebuilds the derived data and restores the triggers.
 */
async function prototypeBulkSync(url: string, token: string, file: string, limit: number): Promise<{ ms: number; loadMs: number; fetchWaitMs: number; verified: string }> {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const t0 = performance.now();
  const triggers = ddlOf(sqlite, 'trigger');
  const indexes = ddlOf(sqlite, 'index');
  sqlite.transaction(() => {
    for (const { name } of [...triggers]) sqlite.exec(`drop trigger "${name}"`);
    for (const { name } of indexes) sqlite.exec(`drop index "${name}"`);
  })();
  const once = (after: number) =>
    fetch(`${url}/v1/sync/pull?after=${after}&limit=${limit}`, { headers: { ...HEADERS, authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<PullResult>);
  // Once more on a connection the server closed while this thread was busy (keep-alive ends after 5 s idle).
  const get = (after: number) => once(after).catch(() => once(after));
  let fetchWaitMs = 0;
  let w = performance.now();
  let page = await get(0);
  fetchWaitMs += performance.now() - w;
  for (;;) {
    // The next page is asked for before this one is applied: the server works while this desktop writes.
    const next = page.more ? get(page.last) : null;
    if (page.changes.length) commitPage(sqlite, page.changes);
    if (!next) break;
    w = performance.now();
    page = await next;
    fetchWaitMs += performance.now() - w;
  }
  const t1 = performance.now();
  sqlite.transaction(() => {
    for (const { sql } of indexes) sqlite.exec(sql);
    rebuildDerived(sqlite, officeTimeZone(sqlite));
    for (const { sql } of triggers) sqlite.exec(sql);
  })();
  const ms = performance.now() - t0;
  const loadMs = t1 - t0;
  let verified = 'derived data verified';
  try {
    verifyDerived(sqlite);
  } catch (err) {
    verified = `DERIVED DATA WRONG: ${err instanceof Error ? err.message : String(err)}`;
  }
  sqlite.close();
  return { ms, loadMs, fetchWaitMs, verified };
}

/** A fresh migrated desktop database file. */
function freshDatabase(root: string, dir: string, name: string): string {
  const core = desktop(root, join(dir, name));
  const file = core.databaseFile;
  core.close();
  return file;
}

async function breakdown(root: string, office: Office, dir: string, log: Log): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const signIn = (await (await fetch(`${office.server.url}/v1/devices`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ username: 'anna', password: DEMO_PASSWORD, deviceName: 'breakdown' }) })).json()) as DeviceSignInResult;
  // The prototype first: the connection is fresh (the variants below keep this thread busy for minutes), and no
  // pages are held in memory yet (their garbage collection would be charged to it).
  for (const limit of [1000, 2000]) {
    const metric = limit === 1000 ? 'breakdown_prototype_initial_sync_s' : `breakdown_prototype_initial_sync_${limit}_s`;
    try {
      const proto = await prototypeBulkSync(office.server.url, signIn.token, freshDatabase(root, dir, `bd-prototype-${limit}`), limit);
      results[metric] = seconds(proto.ms);
      log(`sync breakdown: prototype of the proposed initial sync (bulk path + next page fetched while this one is applied, ${limit} a page), end to end: ` +
        `${results[metric]} s (pages in ${seconds(proto.loadMs)} s, of it waiting for them ${seconds(proto.fetchWaitMs)} s; indexes and derived data ` +
        `${seconds(proto.ms - proto.loadMs)} s); ${proto.verified}`);
    } catch (err) {
      log(`sync breakdown: the prototype failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const bigMs = (await fetchPages(office.server.url, signIn.token, 2000)).ms;
  const cpu0 = office.server.cpuSeconds();
  const fetched = await fetchPages(office.server.url, signIn.token, 1000);
  const serverCpu = office.server.cpuSeconds() - cpu0;
  const t0 = performance.now();
  const changes = fetched.bodies.flatMap((b) => (JSON.parse(b) as PullResult).changes);
  const parseMs = performance.now() - t0;
  const byEntity: Record<string, number> = {};
  for (const c of changes) byEntity[c.entity] = (byEntity[c.entity] ?? 0) + 1;
  results.breakdown_changes = changes.length;
  results.breakdown_mb = round(fetched.bodies.reduce((s, b) => s + Buffer.byteLength(b), 0) / 1e6, 1);
  results.breakdown_fetch_s = seconds(fetched.ms);
  fetched.bodies.length = 0;
  results.breakdown_fetch_2000_s = seconds(bigMs);
  results.breakdown_server_cpu_s = round(serverCpu, 1);
  results.breakdown_json_parse_s = seconds(parseMs);
  log(`sync breakdown: ${changes.length} changes ${JSON.stringify(byEntity)}, ${results.breakdown_mb} MB of JSON; fetching every page alone (limit 1000, ` +
    `JSON.parse included) ${results.breakdown_fetch_s} s (server CPU ${results.breakdown_server_cpu_s} s), limit 2000 ${results.breakdown_fetch_2000_s} s; ` +
    `JSON.parse ${results.breakdown_json_parse_s} s`);

  const variants: [metric: string, what: string, v: Variant][] = [
    ['breakdown_apply_s', 'applyPulled as the engine runs it (a transaction a page)', {}],
    ['breakdown_apply_no_triggers_s', 'the big tables\' triggers dropped (no rebuild)', { dropTriggers: () => true }],
    ['breakdown_apply_no_fts_triggers_s', 'only the search (FTS) triggers dropped', { dropTriggers: (n) => n.includes('search') }],
    ['breakdown_apply_no_report_triggers_s', 'only the report-cell triggers dropped', { dropTriggers: (n) => n.includes('report') }],
    ['breakdown_apply_no_count_triggers_s', 'only the tab-count triggers dropped', { dropTriggers: (n) => n.includes('count') }],
    ['breakdown_apply_no_first_contact_triggers_s', 'only the first-contact triggers dropped', { dropTriggers: (n) => n.includes('first_contact') || n.includes('lead_received') }],
    ['breakdown_apply_no_index_no_trigger_s', 'triggers and secondary indexes dropped (no rebuild)', { dropTriggers: () => true, dropIndexes: true }],
    ['breakdown_apply_20_pages_a_txn_s', '20 pages (20,000 changes) a transaction', { perTransaction: 20_000 }],
    ['breakdown_bulk_apply_s', 'bulk path: triggers and indexes dropped, applyPulled, indexes and derived data rebuilt', { dropTriggers: () => true, dropIndexes: true, rebuild: true }],
  ];
  for (const [metric, what, v] of variants) {
    const r = applyVariant(freshDatabase(root, dir, `bd-${metric}`), changes, v);
    results[metric] = seconds(r.ms);
    const parts = v.dropIndexes ? ` (load ${seconds(r.loadMs)} s, indexes ${seconds(r.indexMs)} s, derived ${seconds(r.derivedMs)} s)` : '';
    log(`sync breakdown: ${what}: ${results[metric]} s, CPU ${seconds(r.cpuMs)} s, ${round((r.ms * 1000) / changes.length, 1)} µs a change${parts}${r.verified ? `; ${r.verified}` : ''}`);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Seeds the office through `server` (unless `reference` is given: a server already holding the office, whose content
 * a desktop at that file holds), then the initial sync, one change pushed, and pulls under load. Returns the figures
 * and the joined desktop's file (it equals the server at the end).
 */
async function runAgainst(root: string, server: ServerProcess, dir: string, log: Log, prefix: string, reference?: string): Promise<{ results: Record<string, number>; joinedFile: string }> {
  const results: Record<string, number> = {};
  let office: Office;
  if (reference) office = { server, seedFile: reference, results: {} };
  else {
    office = await seedOffice(root, server, dir, log);
    for (const [k, v] of Object.entries(office.results)) results[`${prefix}${k}`] = v;
  }
  const joined = await initialSync(root, office, dir, log, prefix);
  Object.assign(results, joined.results);
  try {
    const samples = await pushOneChange(joined.core, RUNS);
    results[`${prefix}push_one_change_ms`] = round(median(samples), 1);
    results[`${prefix}push_one_change_p90_ms`] = round(percentile(samples, 0.9), 1);
    log(`sync${prefix ? ` (${prefix.slice(0, -1)})` : ''}: set a lead's priority + sync.now, median of ${samples.length}: ${results[`${prefix}push_one_change_ms`]} ms (p90 ${results[`${prefix}push_one_change_p90_ms`]} ms)`);
    Object.assign(results, await pollUnderLoad(joined.core, server, log, prefix));
  } finally {
    joined.core.close();
  }
  if (!prefix && (process.env.BENCH_SYNC_BREAKDOWN === '1' || results.initial_sync_100k_s! > SYNC_TARGETS.initialSyncS)) {
    Object.assign(results, await breakdown(root, office, dir, log));
  }
  return { results, joinedFile: joined.core.databaseFile };
}

/**
 * Runs a script with the project's own node_modules (pg is not bundled into the bench: its optional native binding
 * is left out only for the server's bundle).
 */
function nodeScript(root: string, code: string, args: string[]): void {
  const r = spawnSync(process.execPath, ['-e', code, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PostgreSQL: ${r.stderr || r.stdout}`);
}
const PG_QUERY = `const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1] });
c.connect().then(() => c.query(process.argv[2])).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`;
/** Copies the SQLite server's accounts, records and changes into the PostgreSQL server's (migrated, empty) tables. */
const PG_COPY = `const Database = require('better-sqlite3'); const pg = require('pg');
(async () => {
  const src = new Database(process.argv[1], { readonly: true });
  const c = new pg.Client({ connectionString: process.argv[2] });
  await c.connect();
  await c.query('begin');
  const tables = { accounts: ['id', 'username', 'display_name', 'role', 'password_hash', 'active', 'updated_at'],
    records: ['entity', 'id', 'data', 'clocks', 'deleted', 'seq'], changes: ['seq', 'entity', 'id', 'fields', 'deleted', 'hlc', 'device_id', 'at'] };
  for (const [table, cols] of Object.entries(tables)) {
    const rows = src.prepare('select ' + cols.join(', ') + ' from ' + table).raw().all();
    for (let i = 0; i < rows.length; i += 1000) {
      const params = [];
      const values = rows.slice(i, i + 1000).map((r) => '(' + r.map((v) => (params.push(v), '$' + params.length)).join(', ') + ')');
      await c.query('insert into ' + table + ' (' + cols.join(', ') + ') values ' + values.join(', '), params);
    }
  }
  await c.query("select setval(pg_get_serial_sequence('changes', 'seq'), (select max(seq) from changes))");
  await c.query('commit');
  await c.end();
})().catch((e) => { console.error(e); process.exit(1); });`;

/** Runs the sync figures (SQLite server; PostgreSQL too when LEAD_DESK_TEST_PG_URL is set) and prints them with targets. */
export async function benchSync(root: string, log: Log = console.log): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'lead-desk-sync-bench-'));
  const results: Record<string, number> = {};
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  try {
    log(`sync: load average ${load()} (2 cores shared with other work: figures are of this moment)`);
    const serverDir = join(dir, 'server');
    const server = await startServer(root, { LEAD_DESK_SERVER_DATA: serverDir });
    let joinedFile: string;
    try {
      const run = await runAgainst(root, server, dir, log, '');
      Object.assign(results, run.results);
      joinedFile = run.joinedFile;
    } finally {
      await server.stop();
    }
    const pgUrl = process.env.LEAD_DESK_TEST_PG_URL;
    if (pgUrl) {
      // The same office in a PostgreSQL server: the SQLite server's tables copied in bulk (pushing 300,000 changes
      // again would time the seeding, not the figures), then the same initial sync, push and pulls.
      const schemaName = `ld_bench_${randomBytes(6).toString('hex')}`;
      nodeScript(root, PG_QUERY, [pgUrl, `create schema ${schemaName}`]);
      try {
        const url = new URL(pgUrl);
        url.searchParams.set('options', `-c search_path=${schemaName}`);
        const pgServer = await startServer(root, { LEAD_DESK_DATABASE_URL: url.toString() }, { createAdmin: false });
        try {
          const t0 = performance.now();
          nodeScript(root, PG_COPY, [join(serverDir, 'office.db'), url.toString()]);
          log(`sync (pg): copied the SQLite server's accounts, records and changes into PostgreSQL schema ${schemaName} in ${seconds(performance.now() - t0)} s`);
          Object.assign(results, (await runAgainst(root, pgServer, dir, log, 'pg_', joinedFile)).results);
        } finally {
          await pgServer.stop();
        }
      } finally {
        nodeScript(root, PG_QUERY, [pgUrl, `drop schema if exists ${schemaName} cascade`]);
      }
    }
    log(`sync: load average ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [metric, value] of Object.entries(results)) log(`${metric.padEnd(30)} ${value}`);
  printSyncTargets(results, log);
  return results;
}

export function printSyncTargets(results: Record<string, number>, log: Log = console.log): void {
  const lines: [string, number, number, string][] = [
    ['initial_sync_100k_s', SYNC_TARGETS.initialSyncS, results.initial_sync_100k_s!, 's'],
    ['push_one_change_ms', SYNC_TARGETS.pushOneChangeMs, results.push_one_change_ms!, 'ms'],
    ['server_pull_p99_ms', SYNC_TARGETS.serverPullP99Ms, results.server_pull_p99_ms!, 'ms'],
  ];
  for (const [metric, target, value, unit] of lines) {
    if (value === undefined) continue;
    log(`target ${metric} <= ${target}: ${value <= target ? 'met' : 'NOT met'} (${value} ${unit})`);
    const pg = results[`pg_${metric}`];
    if (pg !== undefined) log(`target pg_${metric} <= ${target} (PostgreSQL server): ${pg <= target ? 'met' : 'NOT met'} (${pg} ${unit})`);
  }
}
