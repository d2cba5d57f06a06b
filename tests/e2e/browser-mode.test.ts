import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src-main/browser/http-server';
import { openCore, type Core } from '../../src-main/app/core';
import { launchBrowser } from '../helpers/browser';
import { MIGRATIONS_DIR } from '../helpers/temp';

const RENDERER_DIR = resolve('dist/renderer');
const SHOTS = resolve('test-results');


let browser: Browser;
let server: BrowserServer;
let core: Core;
let dataDir: string;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first (npm test does).');
  mkdirSync(SHOTS, { recursive: true });
  // One story across the tests below, so one core and folder for the whole file (not the per-test helpers).
  dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-'));
  core = openCore({ dataDir, migrationsDir: MIGRATIONS_DIR, mode: 'browser', appVersion: '0.0.0-e2e' });
  server = await startBrowserServer({ core, rendererDir: RENDERER_DIR });
  ({ browser, page, consoleErrors } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  core?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function newLeadsInDb(): { first_name: string | null; last_name: string | null }[] {
  const db = new Database(core.databaseFile, { readonly: true });
  try {
    // What an advisor sees: unassigned leads and her own (the office's default visibility).
    return db
      .prepare(`select first_name, last_name from leads where status = 'new'
        and (assignee_user_id is null or assignee_user_id = (select id from users where username = 'anna')) order by received_at desc, id desc`)
      .all() as never;
  } finally {
    db.close();
  }
}

// One story, in order: a new office loads demo data, an advisor mistypes, signs in, works, switches language.
describe('browser mode, end to end', () => {
  it('refuses the app without the launch token', async () => {
    const response = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('Missing or wrong access token');
  });

  it('offers demo data on first run and shows the demo accounts', async () => {
    await page.goto(server.launchUrl);
    await page.getByTestId('first-run').waitFor();
    await page.screenshot({ path: `${SHOTS}/01-first-run.png` });
    await page.getByTestId('load-demo').click();
    await expect.poll(() => page.textContent('body')).toContain('demo2026');
    expect(await page.textContent('body')).toContain('anna');
    await page.screenshot({ path: `${SHOTS}/02-demo-loaded.png` });
  });

  it('refuses a wrong password with a clear message and no inbox', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.getByTestId('signin-username').fill('anna');
    await page.getByTestId('signin-password').fill('wrong-password');
    await page.getByTestId('signin-submit').click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toContain('Wrong user name or password.');
    expect(await page.getByTestId('inbox').count()).toBe(0);
  });

  it('signs the advisor in and shows the New leads from the database, newest first', async () => {
    await page.getByTestId('signin-password').fill('demo2026');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('inbox').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain('Anna Nowak');
    const expected = newLeadsInDb();
    expect(expected.length).toBeGreaterThan(10);
    const rows = page.getByTestId('inbox-row');
    await rows.first().waitFor();
    // The table is virtualized: the footer counts every New lead, the DOM holds those in view.
    await expect.poll(() => page.getByTestId('inbox-shown').textContent()).toMatch(new RegExp(`\\b${expected.length}\\D+${expected.length}\\b`));
    for (const i of [0, 1, 2]) {
      const lead = expected[i]!;
      const text = (await rows.nth(i).textContent()) ?? '';
      for (const part of [lead.first_name, lead.last_name]) if (part) expect(text).toContain(part);
    }
    expect(await page.getByTestId('tab-new').textContent()).toContain(String(expected.length));
    await page.screenshot({ path: `${SHOTS}/03-inbox.png` });
  });

  it("opens in the advisor's saved language (Polish), switches to English, and keeps both across a reload", async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('pl');
    expect(await page.getByTestId('tab-new').textContent()).toMatch(/^Nowe/);
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page.getByTestId('tab-new').textContent()).toMatch(/^New/);
    await page.reload();
    await page.getByTestId('inbox').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('current-user').textContent()).toContain('Anna Nowak');
    await page.screenshot({ path: `${SHOTS}/04-inbox-en.png` });
    await page.getByTestId('lang-pl').click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('pl');
  });

  it('signs out back to the sign-in form', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-username').waitFor();
    expect(await page.getByTestId('inbox').count()).toBe(0);
  });

  it('logged no errors in the browser console (no CSP violations, no failed calls)', () => {
    // A wrong-password call answers 401, which Chromium logs as a failed resource; that one is expected.
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
