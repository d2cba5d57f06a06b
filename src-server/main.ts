/**
 * The office backend: `npm run server` (serve) and `npm run server:create-admin` (the first administrator).
 * Environment: LEAD_DESK_DATABASE_URL (postgres://… to keep the office in PostgreSQL; otherwise an embedded SQLite
 * file), LEAD_DESK_SERVER_DATA (folder of the SQLite file, default ./server-data), LEAD_DESK_SERVER_HOST
 * (default 0.0.0.0: reachable by the office's desktops), LEAD_DESK_SERVER_PORT (default 8787).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { createAdmin, ServerError } from './accounts';
import { startOfficeServer } from './http';
import { openPostgresStore } from './pg-store';
import { migrate } from './schema';
import { openSqliteStore, type Store } from './store';

async function openStore(): Promise<Store> {
  const url = process.env.LEAD_DESK_DATABASE_URL;
  if (url) {
    const store = await openPostgresStore(url);
    await migrate(store);
    return store;
  }
  const dir = resolve(process.env.LEAD_DESK_SERVER_DATA ?? 'server-data');
  mkdirSync(dir, { recursive: true });
  const store = openSqliteStore(join(dir, 'office.db'));
  await migrate(store);
  return store;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const store = await openStore();
  if (command === 'create-admin') {
    const username = args[0] ?? (await ask('Username: '));
    const displayName = args[1] ?? (await ask('Full name: '));
    const password = process.env.LEAD_DESK_ADMIN_PASSWORD ?? (await ask('Password (at least 8 characters): '));
    const id = await createAdmin(store, { username, displayName, password });
    console.log(`Created the administrator "${username}" (${id}). Connect a desktop in Settings → Office server with it.`);
    await store.close();
    return;
  }
  if (command && command !== 'serve') throw new Error(`Unknown command "${command}"; use "serve" or "create-admin <username> <full name>".`);
  const server = await startOfficeServer(store, { host: process.env.LEAD_DESK_SERVER_HOST ?? '0.0.0.0', port: Number(process.env.LEAD_DESK_SERVER_PORT ?? 8787) });
  const where = process.env.LEAD_DESK_DATABASE_URL ? 'PostgreSQL' : resolve(process.env.LEAD_DESK_SERVER_DATA ?? 'server-data');
  console.log(`Lead Desk office server listening on port ${server.port} (data: ${where}).`);
  const stop = () => void server.close().then(() => store.close()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ServerError || err instanceof Error ? err.message : err);
  process.exit(1);
});
