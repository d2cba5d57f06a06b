import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { BrowserServer } from '../../src-main/browser/http-server';
import type { ConversionResult, LeadDetail, Lookups } from '../../src-shared';
import { launchBrowser } from '../helpers/browser';
import { readDb, SHOTS, signIn, startApp, type TestApp } from '../helpers/e2e-app';
import { ok } from '../helpers/temp';

let app: TestApp;
let core: Core;
let server: BrowserServer;
let dataDir: string;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

const one = <T>(sql: string, ...params: unknown[]) => readDb<T>(core, sql, ...params)[0]!;

/** "YYYY-MM-DDTHH:MM" in the browser's (and this machine's) local time, for a datetime-local input. */
const localInput = (ms: number) => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-activities-'));
  app = await startApp(dataDir);
  ({ core, server } = app);
  await ok(core.call('setup', 'setup.loadDemo', {}));
  await ok(core.call('anna', 'auth.signIn', { username: 'anna', password: 'demo2026' }));
  await ok(core.call('anna', 'users.setLanguage', { language: 'en' }));
  ({ browser, page, consoleErrors } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('activities and the first-call timer', () => {
  it('converts a lead, completes the planned call, and the timer stops at the right minute', async () => {
    const lookups = await ok<Lookups>(core.call('anna', 'lookups.get', {}));
    const lead = await ok<LeadDetail>(core.call('anna', 'leads.create', { sourceId: lookups.sources[0]!.id, firstName: 'Witold', lastName: 'Zegarek', phone: '+48 601 700 800' }));
    const { clientId, plannedCall } = await ok<ConversionResult>(
      core.call('anna', 'leads.convert', { leadId: lead.id, client: { firstName: 'Witold', lastName: 'Zegarek', phone: '+48 601 700 800' } }),
    );
    expect(plannedCall).not.toBeNull();
    // The client was made 20 minutes ago (on a whole minute, as the time input has no seconds).
    const created = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const writer = new Database(core.databaseFile);
    writer.prepare('update clients set created_at = ? where id = ?').run(created, clientId);
    writer.close();

    await signIn(page, server, 'anna');
    await page.getByTestId('nav-myday').click();
    await expect.poll(() => page.getByTestId('my-day-today').getByTestId('my-day-item').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/40-my-day.png` });
    await page.getByTestId('my-day-today').getByTestId('my-day-item').filter({ hasText: 'Zegarek' }).click();
    await page.getByTestId('client-card').waitFor();
    expect(await page.getByTestId('sla-firstCall').getAttribute('data-running')).toBe('true');

    // The call happened 7 minutes after the client was created.
    const calledAt = created + 7 * 60_000;
    const planned = page.locator(`[data-testid="client-activity"][data-state="planned"][data-type="phone"]`);
    await planned.getByTestId('activity-complete').click();
    await page.getByTestId('activity-time').fill(localInput(calledAt));
    await page.getByTestId('activity-outcome').fill('Interested, wants the price list');
    await page.getByTestId('activity-step-save').click();
    await expect.poll(() => one<{ state: string }>('select state from activities where id = ?', plannedCall!.activityId).state).toBe('done');
    const doneAt = one<{ done_at: number }>('select done_at from activities where id = ?', plannedCall!.activityId).done_at;
    expect(doneAt).toBe(calledAt);
    const minutes = Math.floor((doneAt - created) / 60_000);
    await expect.poll(() => page.getByTestId('sla-firstCall').getAttribute('data-running')).toBe('false');
    expect(minutes).toBe(7);
    expect(Number(await page.getByTestId('sla-firstCall').getAttribute('data-minutes'))).toBe(7);
    expect(await page.getByTestId('sla-firstCall').textContent()).toContain(`${minutes} min`);
    await page.screenshot({ path: `${SHOTS}/41-sla-stopped.png` });
  });

  it('plans follow-ups when an offer is logged as sent', async () => {
    await page.getByTestId('activity-type').selectOption('offer');
    await page.getByTestId('activity-state').selectOption('done');
    await page.getByTestId('activity-text').fill('Offer for B2/14');
    await page.getByTestId('activity-add').click();
    await expect.poll(() => page.locator('[data-testid="client-activity"][data-state="planned"]').count()).toBe(3);
    const due = readDb<{ due_at: number }>(core, `select due_at from activities where state = 'planned' and notes like 'Follow-up%' order by due_at`).map((r) => r.due_at);
    const offerAt = one<{ done_at: number }>(`select done_at from activities where type = 'offer' and outcome = 'Offer for B2/14'`).done_at;
    expect(due.map((d) => Math.round((d - offerAt) / 86_400_000))).toEqual([2, 7, 14]);
  });

  it('moves the client through the pipeline; lost needs a reason from the list, and each change is recorded', async () => {
    await page.getByTestId('stage-select').selectOption('offer');
    await expect.poll(() => one<{ stage: string }>(`select stage from clients where last_name = 'Zegarek'`).stage).toBe('offer');
    await page.getByTestId('stage-select').selectOption('lost');
    await page.getByTestId('lost-reason').selectOption('Price');
    await page.getByTestId('lost-confirm').click();
    await expect.poll(() => one<{ stage: string }>(`select stage from clients where last_name = 'Zegarek'`).stage).toBe('lost');
    const changes = readDb<{ from_stage: string; to_stage: string; lost_reason: string | null }>(
      core,
      `select k.from_stage, k.to_stage, k.lost_reason from client_stage_changes k join clients c on c.id = k.client_id where c.last_name = 'Zegarek' order by k.at`,
    );
    expect(changes).toEqual([
      { from_stage: 'new', to_stage: 'offer', lost_reason: null },
      { from_stage: 'offer', to_stage: 'lost', lost_reason: 'Price' },
    ]);
    await page.screenshot({ path: `${SHOTS}/42-stage.png` });
  });

  it("shows the manager the response-time report with Anna's call in it", async () => {
    await page.getByTestId('sign-out').click();
    await ok(core.call('m', 'auth.signIn', { username: 'manager', password: 'demo2026' }));
    await ok(core.call('m', 'users.setLanguage', { language: 'en' }));
    await signIn(page, server, 'manager');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('reports-tab-sla').click();
    await expect.poll(() => page.getByTestId('sla-row').count()).toBeGreaterThan(0);
    const anna = page.getByTestId('sla-row').filter({ hasText: 'Anna Nowak' });
    expect(await anna.count()).toBe(1);
    expect(await page.getByTestId('sla-total').textContent()).toMatch(/Total\s*\d+/);
    expect(await page.getByTestId('sla-chart').locator('text').filter({ hasText: 'Anna Nowak' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/43-sla-report.png` });
  });

  it("lets the admin edit the pipeline lists; the client card then offers the office's new lost reasons", async () => {
    await page.getByTestId('sign-out').click();
    await ok(core.call('a', 'auth.signIn', { username: 'admin', password: 'demo2026' }));
    await ok(core.call('a', 'users.setLanguage', { language: 'en' }));
    await signIn(page, server, 'admin');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('lost-reasons').fill('Cena\n  Lokalizacja\nCena\n\nBrak kredytu');
    await page.getByTestId('follow-up-days').fill('3, tydzień');
    await page.getByTestId('pipeline-save').click();
    expect(await page.getByTestId('follow-up-days').getAttribute('aria-invalid')).toBe('true');
    expect((await ok<Lookups>(core.call('a', 'lookups.get', {}))).settings.followUpDays).toEqual([2, 7, 14]);

    await page.getByTestId('follow-up-days').fill('3 10');
    await page.getByTestId('cold-after-days').fill('21');
    await page.getByTestId('pipeline-save').click();
    await expect.poll(async () => (await ok<Lookups>(core.call('a', 'lookups.get', {}))).settings.followUpDays).toEqual([3, 10]);
    const { settings } = await ok<Lookups>(core.call('a', 'lookups.get', {}));
    expect(settings).toMatchObject({ lostReasons: ['Cena', 'Lokalizacja', 'Brak kredytu'], followUpDays: [3, 10], coldAfterDays: 21 });
    expect(await page.getByTestId('lost-reasons').inputValue()).toBe('Cena\nLokalizacja\nBrak kredytu');
    await page.screenshot({ path: `${SHOTS}/44-settings-pipeline.png`, fullPage: true });

    await page.getByTestId('nav-clients').click();
    await page.getByTestId('client-row').first().click();
    await page.getByTestId('client-card').waitFor();
    await page.getByTestId('stage-select').selectOption('lost');
    expect(await page.getByTestId('lost-reason').locator('option').allTextContents()).toEqual(['Cena', 'Lokalizacja', 'Brak kredytu']);
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
