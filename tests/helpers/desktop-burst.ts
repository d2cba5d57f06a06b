/**
 * A desktop process for the kill test (tests/unit/sync-faults.test.ts), run with tsx: opens the data folder, signs
 * in, and writes as fast as it can — new leads, priority changes, now and then a sync — printing each change only
 * after its call returned (its transaction committed). The test kills it with SIGKILL somewhere in the burst.
 *
 *   tsx tests/helpers/desktop-burst.ts <dataDir> <migrationsDir> <username> <password> <tag>
 *
 * Lines: "ready", "created <id>", "priority <id> <priority>", "sync-start", "sync-done <pending> <error|->".
 * It stops by itself after 3,000 writes or 30 s, so a test that forgets it leaves nothing running.
 */
import { openCore } from '../../src-main/app/core';

const [dataDir, migrationsDir, username, password, tag] = process.argv.slice(2);
if (!dataDir || !migrationsDir || !username || !password || !tag) {
  console.error('usage: desktop-burst <dataDir> <migrationsDir> <username> <password> <tag>');
  process.exit(2);
}
const deadline = setTimeout(() => process.exit(3), 30_000);
const PRIORITIES = ['standard', 'important', 'urgent'] as const;

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const core = openCore({ dataDir: dataDir!, migrationsDir: migrationsDir!, mode: 'browser', appVersion: '0.0.0-test', syncIntervalMs: 0 });
  const call = async (method: string, input: unknown) => {
    const r = (await core.call('burst', method, input)) as Result;
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  await call('auth.signIn', { username, password });
  const lookups = (await call('lookups.get', {})) as { sources: { id: string }[] };
  const sourceId = lookups.sources[0]!.id;
  const created: string[] = [];
  say('ready');
  for (let i = 0; i < 3000; i++) {
    const lead = (await call('leads.create', { sourceId, firstName: 'Burst', lastName: `${tag}-${i}`, email: `burst-${tag}-${i}@example.com` })) as { id: string };
    created.push(lead.id);
    say(`created ${lead.id}`);
    if (i % 3 === 2) {
      const id = created[(i * 7) % created.length]!;
      const priority = PRIORITIES[i % 3 === 2 ? (i >> 1) % 3 : 0]!;
      await call('leads.setPriority', { ids: [id], priority });
      say(`priority ${id} ${priority}`);
    }
    if (i % 10 === 9) {
      say('sync-start');
      const status = (await call('sync.now', {})) as { pending: number; lastError: string | null };
      say(`sync-done ${status.pending} ${status.lastError ? 'error' : '-'}`);
    }
  }
  core.close();
  clearTimeout(deadline);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
