/**
 * Browser mode: the same services and renderer as the Electron app, served on 127.0.0.1.
 * Usage: node dist/main/browser-main.cjs [--data-dir DIR] [--port N] [--open] [--reason TEXT]
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../src-shared/api/errors';
import { openCore } from '../app/core';
import { defaultDataDir } from '../app/paths';
import { startBrowserServer } from './http-server';
import { openAppWindow } from './open-window';

// Bundled to dist/main/browser-main.cjs: the app root is two folders up.
const appRoot = resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      open: { type: 'boolean', default: false },
      reason: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('VALIDATION', `--port must be a number from 0 to 65535, not "${values.port}".`);
  const dataDir = resolve(values['data-dir'] ?? process.env.LEAD_DESK_DATA_DIR ?? defaultDataDir());
  const version = (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;

  const core = openCore({ dataDir, migrationsDir: join(appRoot, 'migrations'), mode: 'browser', appVersion: version });
  const server = await startBrowserServer({ core, rendererDir: join(appRoot, 'dist', 'renderer'), port });

  // Lets scripts find the running app: the URL and token, readable by this user only.
  const infoFile = join(dataDir, 'browser-mode.json');
  writeFileSync(infoFile, JSON.stringify({ url: `http://127.0.0.1:${server.port}`, token: server.token, pid: process.pid }, null, 2));
  chmodSync(infoFile, 0o600);

  console.log(`Lead Desk ${version} — browser mode${values.reason ? ` (${values.reason})` : ''}`);
  console.log(`  database: ${core.databaseFile}`);
  console.log(`  open:     ${server.launchUrl}`);
  if (values.open) {
    const notOpened = openAppWindow(server.launchUrl);
    console.log(notOpened ? `  (no window opened: ${notOpened}; open the link above in a browser)` : '  opened a Chromium app window');
  }
  console.log('Press Ctrl+C to stop.');

  const stop = async () => {
    await server.close();
    core.close();
    rmSync(infoFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Lead Desk could not start: ${message}`);
  process.exit(1);
});
