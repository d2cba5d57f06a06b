import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { BrowserServer } from '../../src-main/browser/http-server';
import { launchBrowser } from '../helpers/browser';
import { readDb, SHOTS, signIn, startApp, type TestApp } from '../helpers/e2e-app';
import { ok } from '../helpers/temp';

/**
 * Desktop reminders (src-renderer/activities/useDueReminders.ts): the signed-in shell checks My day every 30 s and
 * shows a browser Notification once for each of the user's planned activities that falls due while the window is open.
 *
 * Time: the page runs on Playwright's clock (installed before the app loads, starting at the real time), so the
 * hook's 30 s interval and its Date.now() are moved on with clock.fastForward instead of waiting. The server keeps
 * real time: an activity due in ~40 s is still "today" for the server (not yet overdue) when the page's clock is
 * already past it, and the hook reads overdue and today alike, so the page's clock decides what is due.
 *
 * The browser's Notification API is replaced (before any page script runs) by a recorder that is already granted.
 */

let app: TestApp;
let core: Core;
let server: BrowserServer;
let dataDir: string;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

const MINUTE = 60_000;
const CHECK_MS = 30_000;

interface Shown {
  title: string;
  body: string | undefined;
  tag: string | undefined;
}

/** Plain JavaScript (not a serialised TS function, so no transpiler helpers end up in the page). */
const NOTIFICATION_RECORDER = `
(() => {
  window.__notifications = [];
  window.__permissionRequests = 0;
  function RecordingNotification(title, options) {
    if (!new.target) throw new TypeError("Failed to construct 'Notification': Please use the 'new' operator.");
    options = options || {};
    this.title = title;
    this.body = options.body;
    this.tag = options.tag;
    window.__notifications.push({ title: String(title), body: options.body, tag: options.tag });
  }
  RecordingNotification.permission = 'granted';
  RecordingNotification.requestPermission = function () {
    window.__permissionRequests += 1;
    return Promise.resolve('granted');
  };
  RecordingNotification.prototype.close = function () {};
  RecordingNotification.prototype.addEventListener = function () {};
  RecordingNotification.prototype.removeEventListener = function () {};
  Object.defineProperty(window, 'Notification', { value: RecordingNotification, writable: true, configurable: true });
})();
`;

const shown = () => page.evaluate('window.__notifications') as Promise<Shown[]>;
const pageNow = () => page.evaluate('Date.now()') as Promise<number>;

/** activities.myDay calls the page has had answered (on the inbox, only the reminder hook makes them). */
let myDayAnswers = 0;

/** Moves the page's clock on, and waits until the check that fired has been answered by the service. */
async function advance(ms: number): Promise<void> {
  const before = myDayAnswers;
  await page.clock.fastForward(ms);
  await expect.poll(() => myDayAnswers, { timeout: 10_000 }).toBeGreaterThan(before);
}

const userId = (username: string) => readDb<{ id: string }>(core, 'select id from users where username = ?', username)[0]!.id;

/** Clients a user owns, with the name My day (and so the notification) shows. */
const clientsOf = (username: string) =>
  readDb<{ id: string; name: string }>(
    core,
    `select id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) as name from clients
     where owner_user_id = ? and deleted_at is null order by created_at, id`,
    userId(username),
  );

const plan = (session: string, input: { clientId: string; type: string; dueAt: number; userId?: string; notes?: string }) =>
  ok<{ id: string }>(core.call(session, 'activities.create', { state: 'planned', ...input }));

// Set up before the page opens.
let overdueAtOpen: { id: string; clientName: string };
let dueSoon: { id: string; clientName: string };
let piotrsOwn: string;
let piotrsOnAnnasClient: string;
let annasOverdueIds: string[];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-reminders-'));
  app = await startApp(dataDir);
  ({ core, server } = app);
  await ok(core.call('setup', 'setup.loadDemo', {}));
  await ok(core.call('anna', 'auth.signIn', { username: 'anna', password: 'demo2026' }));
  await ok(core.call('anna', 'users.setLanguage', { language: 'en' }));
  await ok(core.call('piotr', 'auth.signIn', { username: 'piotr', password: 'demo2026' }));
  await ok(core.call('m', 'auth.signIn', { username: 'manager', password: 'demo2026' }));

  const now = Date.now();
  // Nothing of the demo's may fall due for Anna while the page's clock is moved on (a few minutes), or it would
  // pop up too: such activities are put off to tomorrow through the service, as a user would.
  const inTheWay = readDb<{ id: string }>(
    core,
    `select id from activities where user_id = ? and state = 'planned' and due_at >= ? and due_at < ?`,
    userId('anna'),
    now - MINUTE,
    now + 30 * MINUTE,
  );
  for (const { id } of inTheWay) await ok(core.call('anna', 'activities.reschedule', { id, dueAt: now + 24 * 60 * MINUTE }));

  const [first, second] = clientsOf('anna');
  expect(second, 'the demo office gives Anna at least two clients').toBeDefined();
  overdueAtOpen = { id: (await plan('anna', { clientId: first!.id, type: 'meeting', dueAt: now - 10 * MINUTE })).id, clientName: first!.name };
  dueSoon = { id: (await plan('anna', { clientId: second!.id, type: 'phone', dueAt: now + 40_000 })).id, clientName: second!.name };
  // Another user's activities falling due at the same moment: Piotr's own, and one a manager gave Piotr on Anna's client.
  piotrsOwn = (await plan('piotr', { clientId: clientsOf('piotr')[0]!.id, type: 'phone', dueAt: now + 40_000 })).id;
  piotrsOnAnnasClient = (await plan('m', { clientId: second!.id, type: 'meeting', dueAt: now + 40_000, userId: userId('piotr') })).id;

  annasOverdueIds = readDb<{ id: string }>(core, `select id from activities where user_id = ? and state = 'planned' and due_at < ?`, userId('anna'), Date.now()).map((r) => r.id);

  ({ browser, page, consoleErrors } = await launchBrowser());
  page.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/activities.myDay')) myDayAnswers += 1;
  });
  await page.addInitScript(NOTIFICATION_RECORDER);
  // Starts at the real time and runs with it, until moved on.
  await page.clock.install();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('reminders when a planned activity falls due', () => {
  it('opens quietly: what was already overdue is in My day, not a notification', async () => {
    expect(annasOverdueIds).toContain(overdueAtOpen.id);
    await signIn(page, server, 'anna');
    // The check on opening has been answered (and a moment given for the page to go through it).
    await expect.poll(() => myDayAnswers).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    expect(await shown()).toEqual([]);
    expect(await page.evaluate('Notification.permission')).toBe('granted');
  });

  it('shows one notification, with the type and the client, when an activity falls due', async () => {
    expect(await pageNow()).toBeLessThan(readDb<{ due_at: number }>(core, 'select due_at from activities where id = ?', dueSoon.id)[0]!.due_at);
    // Past the 40 s due time; one 30 s check fires.
    await advance(MINUTE);
    await expect.poll(shown).toHaveLength(1);
    // The whole check ran in one go, so had anything else (the overdue meeting, Piotr's activities) been announced,
    // it would be here too.
    expect(await shown()).toEqual([{ title: 'Due now: Phone call', body: dueSoon.clientName, tag: dueSoon.id }]);
  });

  it('does not announce it again on later checks, and keeps announcing what falls due next', async () => {
    await advance(CHECK_MS);
    // The next one falls due a second from now by the real clock too, so when the check comes the service already
    // lists it as overdue (as it always does on a desktop, where the page and the service share one clock).
    const [first, second] = clientsOf('anna');
    const emailDue = Date.now() + 1_000;
    const email = await plan('anna', { clientId: first!.id, type: 'email', dueAt: emailDue });
    while (Date.now() <= emailDue) await new Promise((r) => setTimeout(r, emailDue + 20 - Date.now()));
    const day = await ok<{ overdue: { id: string }[] }>(core.call('anna', 'activities.myDay', { endOfToday: Date.now() + 60 * MINUTE }));
    expect(day.overdue.map((a) => a.id)).toContain(email.id);
    await advance(CHECK_MS);
    await expect.poll(shown).toHaveLength(2);
    await advance(CHECK_MS);
    await advance(CHECK_MS);
    // Two more checks after that; the one that announces the meeting proves they ran, and nothing repeated.
    const meeting = await plan('anna', { clientId: second!.id, type: 'meeting', dueAt: (await pageNow()) + 10_000 });
    await advance(CHECK_MS);
    await expect.poll(shown).toHaveLength(3);
    expect(await shown()).toEqual([
      { title: 'Due now: Phone call', body: dueSoon.clientName, tag: dueSoon.id },
      { title: 'Due now: E-mail', body: first!.name, tag: email.id },
      { title: 'Due now: Meeting', body: second!.name, tag: meeting.id },
    ]);
  });

  it("never announces another user's activity, nor anything overdue when the window opened", async () => {
    const tags = (await shown()).map((n) => n.tag);
    expect(tags).not.toContain(piotrsOwn);
    expect(tags).not.toContain(piotrsOnAnnasClient);
    for (const id of annasOverdueIds) expect(tags).not.toContain(id);
    // Piotr's activities were due by the page's clock all along (so they were not skipped for being in the future).
    const due = readDb<{ due_at: number }>(core, 'select due_at from activities where id in (?, ?)', piotrsOwn, piotrsOnAnnasClient);
    const now = await pageNow();
    expect(due.every((a) => a.due_at < now)).toBe(true);
  });

  it('reminds again when an activity is moved to a later time and that time comes', async () => {
    const newDue = Date.now() + 1_000;
    await ok(core.call('anna', 'activities.reschedule', { id: overdueAtOpen.id, dueAt: newDue }));
    while (Date.now() <= newDue) await new Promise((r) => setTimeout(r, newDue + 20 - Date.now()));
    const before = (await shown()).length;
    await advance(CHECK_MS);
    await expect.poll(async () => (await shown()).length).toBe(before + 1);
    expect((await shown()).at(-1)).toEqual({ title: 'Due now: Meeting', body: overdueAtOpen.clientName, tag: overdueAtOpen.id });
    // Put back in the past for the My day check below.
    await ok(core.call('anna', 'activities.reschedule', { id: overdueAtOpen.id, dueAt: Date.now() - 10 * MINUTE }));
  });

  it('shows the overdue one in My day', async () => {
    await page.getByTestId('nav-myday').click();
    await expect.poll(() => page.getByTestId('my-day-overdue').getByTestId('my-day-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('my-day-overdue').getByTestId('my-day-item').filter({ hasText: overdueAtOpen.clientName }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/45-my-day-reminders.png` });
    // The permission was already granted, so it was never asked for again.
    expect(await page.evaluate('window.__permissionRequests')).toBe(0);
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
