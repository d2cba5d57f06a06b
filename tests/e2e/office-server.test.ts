/**
 * The office server from the desktops' side, in a real browser: desktop A (demo office) is connected in Settings by
 * its administrator and sends the office to the server; a new desktop B joins from the first-run screen, receives
 * everything with a progress bar and its people sign in; edits travel A → B with "Sync now"; B keeps working while
 * the server is down (red light, changes waiting) and catches up when it is back; a change the server refuses comes
 * back as a notification.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadCounts, LeadDetail, Lookups } from '../../src-shared';
import type { SyncStatus } from '../../src-shared/sync/status';
import { createAdmin } from '../../src-server/accounts';
import { startOfficeServer, type OfficeServer } from '../../src-server/http';
import { migrate } from '../../src-server/schema';
import { openSqliteStore, type Store } from '../../src-server/store';
import { launchBrowser } from '../helpers/browser';
import { readDb, SHOTS, signIn, startApp, type TestApp } from '../helpers/e2e-app';
import { ok } from '../helpers/temp';

const SERVER_ADMIN = { username: 'biuro', displayName: 'Biuro Sprzedaży', password: 'office-2026' };

let serverDir: string;
let storeFile: string;
let store: Store | null = null;
let office: OfficeServer | null = null;
let dirA: string;
let dirB: string;
let appA: TestApp;
let appB: TestApp;
let browserA: Browser;
let browserB: Browser;
let pageA: Page;
let pageB: Page;
let errorsA: string[];
let errorsB: string[];
let leadId: string;

async function startServer(port?: number) {
  store = openSqliteStore(storeFile);
  await migrate(store);
  office = await startOfficeServer(store, port ? { port } : {});
}

async function stopServer() {
  await office?.close();
  await store?.close();
  office = null;
  store = null;
}

/** Waits for what the page shows (syncs and their events take a moment on a busy machine). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

/** The number on an inbox tab ("1 234" in Polish has a space in it). */
async function tabCount(page: Page, tab: string): Promise<number> {
  return Number((await page.getByTestId(`tab-${tab}-count`).textContent())?.replace(/\D/g, '') || NaN);
}

/** Opens B's sync light and presses its "Sync now". */
async function syncNowInIndicator(page: Page) {
  if ((await page.getByTestId('sync-panel').count()) === 0) await page.getByTestId('sync-indicator-button').click();
  await page.getByTestId('sync-indicator-now').click();
}

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-office-'));
  storeFile = join(serverDir, 'office.db');
  await startServer();
  await createAdmin(store!, SERVER_ADMIN);

  dirA = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-desk-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-desk-b-'));
  appA = await startApp(dirA);
  appB = await startApp(dirB);
  await ok(appA.core.call('setup', 'setup.loadDemo', {}));
  await ok(appA.core.call('a-admin', 'auth.signIn', { username: 'admin', password: 'demo2026' }));
  await ok(appA.core.call('a-admin', 'users.setLanguage', { language: 'en' }));
  ({ browser: browserA, page: pageA, consoleErrors: errorsA } = await launchBrowser());
  ({ browser: browserB, page: pageB, consoleErrors: errorsB } = await launchBrowser());
});

afterAll(async () => {
  await browserA?.close();
  await browserB?.close();
  await appA?.stop();
  await appB?.stop();
  await stopServer();
  for (const dir of [serverDir, dirA, dirB]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('office server: connect, join, sync and work offline', () => {
  it("connects desktop A in Settings with the server administrator's account", async () => {
    await signIn(pageA, appA.server, 'admin');
    // Not connected: no light in the top bar.
    expect(await pageA.getByTestId('sync-indicator').count()).toBe(0);
    await pageA.getByTestId('nav-settings').click();
    const card = pageA.getByTestId('office-server-card');
    await card.scrollIntoViewIfNeeded();

    // Empty fields are named before anything is sent.
    await pageA.getByTestId('office-submit').click();
    await pageA.getByTestId('office-url-error').waitFor();
    expect(await pageA.getByTestId('office-username-error').textContent()).toBe('Enter your user name');
    expect(await pageA.getByTestId('office-password-error').textContent()).toBe('Enter your password');

    // A wrong password: the server's refusal, in plain words (the address may be typed without http://).
    await pageA.getByTestId('office-url').fill(office!.url.replace('http://', ''));
    await pageA.getByTestId('office-username').fill(SERVER_ADMIN.username);
    await pageA.getByTestId('office-password').fill('wrong-password');
    await pageA.getByTestId('office-submit').click();
    await pageA.getByTestId('office-error').waitFor();
    expect(await pageA.getByTestId('office-error').textContent()).toContain('The office server did not accept this sign-in');
    expect(await pageA.getByTestId('office-error').textContent()).toContain('Wrong username or password');
    await card.scrollIntoViewIfNeeded();
    await pageA.screenshot({ path: `${SHOTS}/60-office-server-refused.png` });

    await pageA.getByTestId('office-password').fill(SERVER_ADMIN.password);
    expect(await pageA.getByTestId('office-deviceName').inputValue()).toMatch(/^Lead Desk/);
    await pageA.getByTestId('office-deviceName').fill('Recepcja');
    await pageA.getByTestId('office-submit').click();
    await pageA.getByTestId('office-state').waitFor({ timeout: 30_000 });
    await poll(() => pageA.getByTestId('office-state').getAttribute('data-state')).toBe('synced');
    expect(await pageA.getByTestId('office-sync-pending').textContent()).toBe('0');
    expect(await pageA.getByTestId('office-sync-url').textContent()).toBe(office!.url);
    expect(await pageA.getByTestId('office-sync-online').getAttribute('data-online')).toBe('true');
    expect(await pageA.getByTestId('office-sync-last-sync').textContent()).toMatch(/ago/);
    expect(await pageA.getByTestId('office-last-error').count()).toBe(0);
    await poll(() => pageA.getByTestId('sync-indicator').getAttribute('data-state')).toBe('synced');
    await card.scrollIntoViewIfNeeded();
    await pageA.screenshot({ path: `${SHOTS}/61-office-server-connected.png` });

    await pageA.getByTestId('sync-indicator-button').click();
    await pageA.getByTestId('sync-panel').waitFor();
    expect(await pageA.getByTestId('sync-panel-pending').textContent()).toBe('0');
    await pageA.screenshot({ path: `${SHOTS}/62-sync-indicator-green.png` });
    await pageA.getByTestId('sync-indicator-button').click();
    expect(readDb<{ n: number }>(appA.core, 'select count(*) as n from change_log where pushed_at is null')[0]!.n).toBe(0);
  });

  it('joins desktop B from the first-run screen, receives the office and lets Anna sign in', async () => {
    await pageB.goto(appB.server.launchUrl);
    await pageB.getByTestId('join-option').waitFor();
    await pageB.getByTestId('join-url').fill(office!.url);
    await pageB.getByTestId('join-username').fill('anna');
    await pageB.getByTestId('join-password').fill('demo2026');
    await pageB.getByTestId('join-deviceName').fill('Laptop Anny');
    await pageB.screenshot({ path: `${SHOTS}/63-first-run-join.png` });
    await pageB.getByTestId('join-submit').click();
    // The bar shows while the office's data arrives (on a fast machine that may be a moment only).
    try {
      await pageB.getByTestId('join-progress').waitFor({ timeout: 2_000 });
      await pageB.screenshot({ path: `${SHOTS}/64-first-run-join-progress.png` });
    } catch {
      // Already done: the sign-in screen below is the finished state.
    }
    await pageB.getByTestId('signin-notice').waitFor({ timeout: 30_000 });
    await pageB.screenshot({ path: `${SHOTS}/65-joined-sign-in.png` });

    await pageB.getByTestId('signin-username').fill('anna');
    await pageB.getByTestId('signin-password').fill('demo2026');
    await pageB.getByTestId('signin-submit').click();
    await pageB.getByTestId('inbox').waitFor();
    await poll(() => pageB.getByTestId('sync-indicator').getAttribute('data-state')).toBe('synced');

    // Anna sees on B what she sees on A.
    await ok(appA.core.call('a-anna', 'auth.signIn', { username: 'anna', password: 'demo2026' }));
    const onA = await ok<LeadCounts>(appA.core.call('a-anna', 'leads.counts', {}));
    expect(onA.new).toBeGreaterThan(0);
    await poll(() => tabCount(pageB, 'new')).toBe(onA.new);
    await pageB.screenshot({ path: `${SHOTS}/66-joined-inbox.png` });
  });

  it('brings a lead added on A to B after "Sync now" on both', async () => {
    const before = await tabCount(pageB, 'new');
    const lookups = await ok<Lookups>(appA.core.call('a-admin', 'lookups.get', {}));
    const lead = await ok<LeadDetail>(
      appA.core.call('a-admin', 'leads.create', { sourceId: lookups.sources[0]!.id, firstName: 'Zenon', lastName: 'Synchroniczny', phone: '+48 455 100 200' }),
    );
    leadId = lead.id;
    const a = await ok<SyncStatus>(appA.core.call('a-admin', 'sync.now', {}));
    expect(a).toMatchObject({ pending: 0, lastError: null });

    await syncNowInIndicator(pageB);
    await poll(() => tabCount(pageB, 'new')).toBe(before + 1);
    await pageB.getByText('Synchroniczny').first().waitFor();
    expect(await pageB.getByTestId('sync-panel-pending').textContent()).toBe('0');
    await pageB.screenshot({ path: `${SHOTS}/67-lead-from-a-on-b.png` });
  });

  it('shows B offline while the server is down, counts its waiting edits, and catches up when it is back', async () => {
    const port = office!.port;
    await stopServer();
    await syncNowInIndicator(pageB);
    await poll(() => pageB.getByTestId('sync-indicator').getAttribute('data-state')).toBe('offline');
    await pageB.getByTestId('sync-panel-error').waitFor();
    expect(await pageB.getByTestId('sync-panel-online').getAttribute('data-online')).toBe('false');

    // Anna keeps working: her edit waits for the server.
    await ok(appB.core.call('b-anna', 'auth.signIn', { username: 'anna', password: 'demo2026' }));
    await ok(appB.core.call('b-anna', 'leads.setPriority', { ids: [leadId], priority: 'urgent' }));
    await poll(() => pageB.getByTestId('sync-indicator').getAttribute('data-pending')).not.toBe('0');
    const waiting = Number(await pageB.getByTestId('sync-indicator').getAttribute('data-pending'));
    expect(waiting).toBeGreaterThan(0);
    expect(await pageB.getByTestId('sync-panel-pending').textContent()).toBe(String(waiting));
    await pageB.screenshot({ path: `${SHOTS}/68-offline-pending.png` });

    await startServer(port);
    await syncNowInIndicator(pageB);
    await poll(() => pageB.getByTestId('sync-indicator').getAttribute('data-state')).toBe('synced');
    expect(await pageB.getByTestId('sync-panel-pending').textContent()).toBe('0');
    expect(await pageB.getByTestId('sync-panel-error').count()).toBe(0);
    await pageB.screenshot({ path: `${SHOTS}/69-back-online.png` });

    // The edit made offline reached the office.
    await ok(appA.core.call('a-admin', 'sync.now', {}));
    expect(readDb<{ priority: string }>(appA.core, 'select priority from leads where id = ?', leadId)).toEqual([{ priority: 'urgent' }]);
  });

  it('tells Anna when the office server refuses her change', async () => {
    const client = (lastName: string) => ({ firstName: 'Olga', lastName, phone: '+48 455 300 400' });
    await ok(appA.core.call('a-admin', 'leads.convert', { leadId, client: client('Pierwsza') }));
    await ok(appB.core.call('b-anna', 'leads.convert', { leadId, client: client('Druga') }));
    await ok(appA.core.call('a-admin', 'sync.now', {}));
    await syncNowInIndicator(pageB);
    await poll(() => pageB.getByTestId('sync-indicator').getAttribute('data-state')).toBe('synced');
    await pageB.getByTestId('sync-indicator-button').click();

    await pageB.getByTestId('bell-count').waitFor();
    await pageB.getByTestId('bell').click();
    // The lead and its link to Anna's client were both refused (written in the same millisecond: either comes first).
    const notices = pageB.locator('[data-testid="notification"][data-kind="sync.rejected"]');
    await poll(() => notices.count()).toBe(2);
    const texts = await notices.allTextContents();
    for (const text of texts) expect(text).toContain('Serwer biura nie przyjął zmiany');
    expect(texts.join('\n')).toContain('Lead: This lead was already converted to another client');
    await pageB.screenshot({ path: `${SHOTS}/70-sync-rejected-notification.png` });
  });

  it('disconnects desktop A after a confirmation; the light goes and the form is back with the address', async () => {
    await pageA.getByTestId('nav-settings').click();
    // In Polish this time; the language is a change of the user's row that waits for the next sync.
    await pageA.getByTestId('lang-pl').click();
    await poll(() => pageA.getByTestId('office-sync-pending').textContent()).not.toBe('0');
    await pageA.getByTestId('office-server-card').scrollIntoViewIfNeeded();
    await pageA.screenshot({ path: `${SHOTS}/71-office-server-pl-pending.png` });
    await pageA.getByTestId('office-disconnect').click();
    await pageA.getByTestId('office-disconnect-dialog').waitFor();
    await pageA.screenshot({ path: `${SHOTS}/72-disconnect-confirm.png` });
    await pageA.getByTestId('office-disconnect-confirm').click();
    await pageA.getByTestId('office-form').waitFor();
    expect(await pageA.getByTestId('office-url').inputValue()).toBe(office!.url);
    await poll(() => pageA.getByTestId('sync-indicator').count()).toBe(0);
    expect(await ok<SyncStatus>(appA.core.call('a-admin', 'sync.status', {}))).toMatchObject({ connected: false });
  });

  it('logged no console errors on either desktop', () => {
    // The wrong password on A is answered with HTTP 400 on purpose; Chromium logs that request.
    const refused = /^Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/;
    expect(errorsA.filter((e) => !refused.test(e))).toEqual([]);
    expect(errorsB).toEqual([]);
  });
});
