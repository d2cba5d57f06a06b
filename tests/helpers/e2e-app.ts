import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openCore, type Core } from '../../src-main/app/core';
import { startBrowserServer, type BrowserServer } from '../../src-main/browser/http-server';
import { MIGRATIONS_DIR } from './temp';

export const RENDERER_DIR = resolve('dist/renderer');
export const SHOTS = resolve('test-results');

export interface TestApp {
  core: Core;
  server: BrowserServer;
  stop(): Promise<void>;
}

/** Browser mode over a data folder, as `npm start` runs it: one core, the built renderer, a loopback server. */
export async function startApp(dataDir: string): Promise<TestApp> {
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first (npm test does).');
  mkdirSync(SHOTS, { recursive: true });
  const core = openCore({ dataDir, migrationsDir: MIGRATIONS_DIR, mode: 'browser', appVersion: '0.0.0-e2e' });
  const server = await startBrowserServer({ core, rendererDir: RENDERER_DIR });
  return {
    core,
    server,
    async stop() {
      await server.close();
      core.close();
    },
  };
}

/** Reads the database the app writes, on its own connection (what the app shows must be what is stored). */
export function readDb<T>(core: Core, sql: string, ...params: unknown[]): T[] {
  const db = new Database(core.databaseFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Opens the app with its launch token and signs in with the demo password. */
export async function signIn(page: Page, server: BrowserServer, username: string): Promise<void> {
  await page.goto(server.launchUrl);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill('demo2026');
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('inbox').waitFor();
}
