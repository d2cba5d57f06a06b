/**
 * npm run bench: builds a large office in a temp database and times the hot paths.
 * Prints each figure and writes bench/results.json ({"metric": value}).
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../src-main/app/core';
import { INBOX_SQL } from '../src-main/leads/inbox-query';
import { generateLargeOffice } from './generate';

const root = resolve(__dirname, '..', '..');
const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 300_000);
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

async function main(): Promise<void> {
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
    const rows = generateLargeOffice(writer, { leads: LEADS, clients: CLIENTS, now: Date.now() });
    const seedSeconds = (performance.now() - t0) / 1000;
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.exec('analyze');
    writer.close();

    const reader = new Database(core.databaseFile, { readonly: true });
    const bare = reader.prepare(INBOX_SQL.byStatus);
    const page = (await must('leads.list', { status: 'new', limit: 50 })) as { rows: unknown[] };
    if (page.rows.length !== 50 || bare.all('new', 50).length !== 50) throw new Error('the inbox did not return a full first page');

    const results: Record<string, number> = {
      leads: LEADS + 300,
      clients: CLIENTS,
      seed_rows_per_s: Math.round(rows / seedSeconds),
      inbox_first_page_ms: round(await timeMedian(() => core.call('bench', 'leads.list', { status: 'new', limit: 50 }))),
      inbox_first_page_sql_ms: round(await timeMedian(() => bare.all('new', 50))),
      inbox_counts_ms: round(await timeMedian(() => core.call('bench', 'leads.counts', {}))),
    };
    results.inbox_service_to_sql_ratio = round(results.inbox_first_page_ms! / results.inbox_first_page_sql_ms!, 2);
    reader.close();
    core.close();

    for (const [metric, value] of Object.entries(results)) console.log(`${metric.padEnd(28)} ${value}`);
    const target = results.inbox_first_page_ms! <= 10 && results.inbox_service_to_sql_ratio! <= 2;
    console.log(`target inbox_first_page_ms <= 10 and <= 2x bare SQL: ${target ? 'met' : 'NOT met'}`);
    mkdirSync(join(root, 'bench'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
