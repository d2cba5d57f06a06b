import { TZDate } from '@date-fns/tz';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { BrowserServer } from '../../src-main/browser/http-server';
import type { Lookups } from '../../src-shared';
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

const ZONE = 'Europe/Warsaw';
const one = <T>(sql: string, ...params: unknown[]) => readDb<T>(core, sql, ...params)[0]!;

/** Calendar arithmetic on 'YYYY-MM-DD', independent of the app's helpers. */
const ymd = (day: string) => day.split('-').map(Number) as [number, number, number];
const addDays = (day: string, n: number) => {
  const [y, m, d] = ymd(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
/** The instant a Warsaw calendar day starts. */
const warsawMidnight = (day: string) => {
  const [y, m, d] = ymd(day);
  return new TZDate(y, m - 1, d, ZONE).getTime();
};
const warsawToday = () => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
};
const lastMonthOf = (today: string) => {
  const [y, m] = ymd(today);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** "1,234" or "PLN 1,234.50" as a number. */
const numberIn = async (cell: Locator) => Number((await cell.innerText()).replace(/[^\d.-]/g, ''));

/** Lead figures straight from the tables, for leads received in [start, end). */
function sqlFigures(start: number, end: number, sourceId?: string) {
  const where = `l.received_at >= ? and l.received_at < ?${sourceId ? ' and l.source_id = ?' : ''}`;
  const params = sourceId ? [start, end, sourceId] : [start, end];
  const counts = one<{ leads: number; deleted: number; fresh: number; linked: number; converted: number }>(
    `select count(*) as leads, coalesce(sum(status = 'deleted'), 0) as deleted, coalesce(sum(status = 'new'), 0) as fresh,
       coalesce(sum(status = 'linked'), 0) as linked, coalesce(sum(status = 'converted'), 0) as converted from leads l where ${where}`,
    ...params,
  );
  const clients = one<{ clients: number; meeting: number; contracts: number }>(
    `select count(*) as clients,
       coalesce(sum(exists (select 1 from activities a where a.client_id = c.id and a.state = 'done' and a.type = 'meeting')), 0) as meeting,
       coalesce(sum(c.stage = 'won' or exists (select 1 from activities a where a.client_id = c.id and a.state = 'done' and a.type = 'contract')), 0) as contracts
     from leads l join clients c on c.id = l.client_id where l.status = 'converted' and ${where}`,
    ...params,
  );
  return { ...counts, ...clients };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-source-reports-'));
  app = await startApp(dataDir);
  ({ core, server } = app);
  await ok(core.call('setup', 'setup.loadDemo', {}));
  for (const username of ['manager', 'admin', 'anna']) {
    await ok(core.call(username, 'auth.signIn', { username, password: 'demo2026' }));
    await ok(core.call(username, 'users.setLanguage', { language: 'en' }));
  }
  ({ browser, page, consoleErrors } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('source effectiveness reports', () => {
  const today = warsawToday();
  // Every demo lead (the last 182 days) and a margin; days are Warsaw days.
  const from = addDays(today, -200);
  const start = warsawMidnight(from);
  const end = warsawMidnight(addDays(today, 1));
  const total = () => page.getByTestId('source-total');
  let websiteId: string;

  it('shows the manager one row per source whose figures match the database', async () => {
    websiteId = one<{ id: string }>(`select id from sources where name = 'Website form'`).id;
    await signIn(page, server, 'manager');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('sources-tab').waitFor();
    expect(await page.getByTestId('reports-tab-sources').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('range-from').fill(from);
    await page.getByTestId('range-to').fill(today);
    expect(await page.getByTestId('range-preset').inputValue()).toBe('custom');

    const all = sqlFigures(start, end);
    expect(all.leads).toBeGreaterThan(200);
    await expect.poll(() => numberIn(total().locator('[data-measure="leads"]'))).toBe(all.leads);
    expect(await numberIn(total().locator('[data-measure="deleted"]'))).toBe(all.deleted);
    expect(await numberIn(total().locator('[data-measure="clients"]'))).toBe(all.clients);

    const row = page.locator(`[data-testid="source-row"][data-source-id="${websiteId}"]`);
    const web = sqlFigures(start, end, websiteId);
    const figures: [string, number][] = [
      ['leads', web.leads],
      ['deleted', web.deleted],
      ['new', web.fresh],
      ['linked', web.linked],
      ['converted', web.converted],
      ['clients', web.clients],
      ['withMeeting', web.meeting],
      ['contracts', web.contracts],
    ];
    for (const [measure, expected] of figures) expect([measure, await numberIn(row.locator(`[data-measure="${measure}"]`))]).toEqual([measure, expected]);
    const rate = (await row.locator('[data-measure="leadToClientRate"]').innerText()).replace('%', '');
    expect(Number(rate)).toBeCloseTo((100 * web.clients) / web.leads, 1);
    // The deleted count carries its reasons as a tooltip.
    const reasons = readDb<{ label: string; n: number }>(
      core,
      `select r.label, count(*) as n from leads l join deletion_reasons r on r.id = l.deletion_reason_id
       where l.source_id = ? and l.received_at >= ? and l.received_at < ? group by r.label`,
      websiteId,
      start,
      end,
    );
    const title = await row.locator('[data-measure="deleted"] [data-testid="open-deleted"]').getAttribute('title');
    for (const r of reasons) expect(title).toContain(`${r.label}: ${r.n}`);
    // The demo office has entered spend for its paid sources: the report divides it.
    expect(await page.getByTestId('source-table').locator('.group-row').innerText()).toContain('PLN');
    expect(await numberIn(total().locator('[data-measure="costPerClient"]'))).toBeGreaterThan(0);

    // The chart draws bars for leads, clients and contracts.
    const chart = page.getByTestId('source-chart');
    await expect.poll(() => chart.locator('svg .recharts-bar-rectangle').count()).toBeGreaterThan(5);
    expect(await chart.locator('svg text').filter({ hasText: 'Website form' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/50-source-report.png`, fullPage: true });
  });

  it('lists the leads behind a number and opens the client card from there', async () => {
    const row = page.locator(`[data-testid="source-row"][data-source-id="${websiteId}"]`);
    const clients = await numberIn(row.locator('[data-measure="clients"]'));
    await row.getByTestId('open-clients').click();
    const dialog = page.getByTestId('source-details');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('detail-row').count()).toBe(clients);
    expect(Number(await dialog.getByTestId('details-count').getAttribute('data-total'))).toBe(clients);
    await page.screenshot({ path: `${SHOTS}/51-source-details.png` });

    const first = dialog.getByTestId('detail-row').first();
    const leadId = (await first.getAttribute('data-lead-id'))!;
    const clientId = one<{ client_id: string }>('select client_id from leads where id = ?', leadId).client_id;
    await first.getByTestId('detail-open-client').click();
    await page.getByTestId('client-card').waitFor();
    const clientName = one<{ name: string }>(`select first_name || ' ' || last_name as name from clients where id = ?`, clientId).name;
    await expect.poll(() => page.getByTestId('client-card').innerText()).toContain(clientName);

    // Back on Reports the period is as it was; a lead without a client opens in place.
    await page.getByTestId('nav-reports').click();
    expect(await page.getByTestId('range-from').inputValue()).toBe(from);
    await expect.poll(() => numberIn(row.locator('[data-measure="deleted"]'))).toBeGreaterThan(0);
    await row.getByTestId('open-deleted').click();
    await dialog.getByTestId('detail-row').first().getByTestId('detail-open-lead').click();
    await dialog.getByTestId('lead-peek').locator('.lead-peek').waitFor();
    await dialog.locator('.modal-header button').click();

    // With a column per deletion reason, a reason's number lists exactly its deleted leads.
    await page.getByTestId('by-reason').check();
    const spamId = one<{ id: string }>(`select id from deletion_reasons where label = 'Spam'`).id;
    const spamCell = row.locator(`[data-measure="reason-${spamId}"]`);
    const spam = await numberIn(spamCell);
    expect(spam).toBeGreaterThan(0);
    await spamCell.getByTestId(`open-reason-${spamId}`).click();
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('detail-row').count()).toBe(spam);
    expect(await dialog.getByTestId('detail-row').allInnerTexts()).toSatisfy((rows: string[]) => rows.every((r) => r.includes('Spam')));
    await dialog.locator('.modal-header button').click();
    await page.getByTestId('by-reason').uncheck();
  });

  it('takes marketing spend per source and month, and the report divides it', async () => {
    const month = lastMonthOf(today);
    await page.getByTestId('reports-tab-spend').click();
    const cell = page.locator(`[data-testid="spend-cell"][data-source-id="${websiteId}"][data-month="${month}"]`);
    await cell.getByTestId('spend-input').fill('1234.50');
    await cell.getByTestId('spend-input').press('Enter');
    const stored = () => readDb<{ amount_minor: number }>(core, 'select amount_minor from source_costs where source_id = ? and month = ?', websiteId, Number(month.replace('-', '')));
    await expect.poll(() => stored()[0]?.amount_minor).toBe(123450);
    expect(await cell.getByTestId('spend-input').inputValue()).toBe('1234.50');

    // Not an amount: the cell says so and nothing is written; Escape puts back what was there.
    const other = page.locator(`[data-testid="spend-cell"][data-source-id="${websiteId}"][data-month="${today.slice(0, 7)}"]`);
    await other.getByTestId('spend-input').fill('12 zł');
    await other.getByTestId('spend-input').press('Enter');
    await page.getByTestId('spend-error').waitFor();
    expect(await other.getByTestId('spend-input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('spend-error').innerText()).toContain('12 zł');
    await other.getByTestId('spend-input').focus();
    await other.getByTestId('spend-input').press('Escape');
    expect(await page.getByTestId('spend-error').count()).toBe(0);
    // An amount typed the Polish way is saved; emptying the field removes the entry.
    await other.getByTestId('spend-input').fill('99,9');
    await other.getByTestId('spend-input').press('Tab');
    const current = () => readDb<{ amount_minor: number }>(core, 'select amount_minor from source_costs where source_id = ? and month = ?', websiteId, Number(today.slice(0, 7).replace('-', '')));
    await expect.poll(() => current()[0]?.amount_minor).toBe(9990);
    await other.getByTestId('spend-input').fill('');
    await other.getByTestId('spend-input').press('Enter');
    await expect.poll(() => current().length).toBe(0);
    await page.screenshot({ path: `${SHOTS}/52-marketing-spend.png`, fullPage: true });

    // Last month as a whole: the spend counts in full.
    await page.getByTestId('reports-tab-sources').click();
    await page.getByTestId('range-preset').selectOption('lastMonth');
    expect(await page.getByTestId('range-from').inputValue()).toBe(`${month}-01`);
    expect(await page.getByTestId('range-to').inputValue()).toBe(`${month}-${daysIn(month)}`);
    const leads = sqlFigures(warsawMidnight(`${month}-01`), warsawMidnight(addDays(`${month}-${daysIn(month)}`, 1)), websiteId).leads;
    expect(leads).toBeGreaterThan(0);
    const row = page.locator(`[data-testid="source-row"][data-source-id="${websiteId}"]`);
    await expect.poll(() => numberIn(row.locator('[data-measure="leads"]'))).toBe(leads);
    await expect.poll(() => numberIn(row.locator('[data-measure="cost"]'))).toBe(1234.5);
    expect(await numberIn(row.locator('[data-measure="costPerLead"]'))).toBe(Math.round(123450 / leads) / 100);
    expect(await page.getByTestId('no-spend-hint').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/53-source-report-cost.png`, fullPage: true });
  });

  it('exports the source report as CSV whose totals match the table', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
    const month = lastMonthOf(today);
    expect(download.suggestedFilename()).toBe(`source-report-${month}-01-${month}-${daysIn(month)}.csv`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    const totals = lines[lines.length - 1]!.split(',');
    expect(totals[0]).toBe('Total');
    const column = (name: string) => header.indexOf(name);
    expect(Number(totals[column('Leads')])).toBe(await numberIn(total().locator('[data-measure="leads"]')));
    expect(Number(totals[column('New clients')])).toBe(await numberIn(total().locator('[data-measure="clients"]')));
    const website = lines.find((l) => l.startsWith('Website form,'))!.split(',');
    expect(website[column('Spend (PLN)')]).toBe('1234.50');
    expect(Number(totals[column('Spend (PLN)')])).toBe(await numberIn(total().locator('[data-measure="cost"]')));
    expect(lines.length).toBe(2 + (await page.getByTestId('source-row').count()));
  });

  it('shows sources by month; a cell lists exactly the leads it counts', async () => {
    await page.getByTestId('reports-tab-months').click();
    await page.getByTestId('month-matrix').waitFor();
    const month = lastMonthOf(today);
    const cell = page.locator(`[data-testid="month-row"][data-source-id="${websiteId}"] [data-testid="month-cell"][data-month="${month}"]`);
    const expected = sqlFigures(warsawMidnight(`${month}-01`), warsawMidnight(addDays(`${month}-${daysIn(month)}`, 1)), websiteId).leads;
    await expect.poll(() => numberIn(cell)).toBe(expected);
    await expect.poll(() => page.getByTestId('month-chart').locator('svg .recharts-bar-rectangle').count()).toBeGreaterThan(5);
    await page.screenshot({ path: `${SHOTS}/54-sources-by-month.png`, fullPage: true });

    await cell.locator('button').click();
    const dialog = page.getByTestId('source-details');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('detail-row').count()).toBe(expected);
    expect(Number(await dialog.getByTestId('details-count').getAttribute('data-total'))).toBe(expected);
    await dialog.locator('.modal-header button').click();

    // Contracts: the column total equals the contracts counted from the tables.
    await page.getByTestId('months-measure').selectOption('contracts');
    const all = sqlFigures(warsawMidnight(`${month}-01`), warsawMidnight(addDays(`${month}-${daysIn(month)}`, 1)));
    const column = page.locator(`[data-testid="month-total-row"] [data-testid="month-cell"][data-month="${month}"]`);
    await expect.poll(() => page.getByTestId('month-matrix').getAttribute('data-measure')).toBe('contracts');
    expect(await numberIn(column)).toBe(all.contracts);
  });

  it('prints the report without the app around it', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.top-bar').isVisible()).toBe(false);
    expect(await page.getByTestId('report-export').isVisible()).toBe(false);
    expect(await page.getByTestId('month-matrix').isVisible()).toBe(true);
    await page.pdf({ path: `${SHOTS}/55-sources-by-month-print.pdf`, landscape: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('lets the admin set the office time zone and currency', async () => {
    await page.getByTestId('sign-out').click();
    await signIn(page, server, 'admin');
    await page.getByTestId('nav-settings').click();
    expect(await page.getByTestId('office-time-zone').inputValue()).toBe(ZONE);
    await page.getByTestId('office-currency').fill('eur');
    await page.getByTestId('office-save').click();
    await expect.poll(async () => (await ok<Lookups>(core.call('admin', 'lookups.get', {}))).settings.currency).toBe('EUR');
    await page.getByTestId('office-currency').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/55-settings-office.png` });
    await ok(core.call('admin', 'settings.update', { currency: 'PLN' }));
  });

  it('does not show reports to an advisor', async () => {
    await page.getByTestId('sign-out').click();
    await signIn(page, server, 'anna');
    expect(await page.getByTestId('nav-reports').count()).toBe(0);
    const refused = await core.call('anna', 'reports.sources', { from, to: today });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
