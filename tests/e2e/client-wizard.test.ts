import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadDetail, Lookups } from '../../src-shared';
import type { Core } from '../../src-main/app/core';
import type { BrowserServer } from '../../src-main/browser/http-server';
import { launchBrowser } from '../helpers/browser';
import { readDb, SHOTS, signIn as signInAs, startApp, type TestApp } from '../helpers/e2e-app';
import { ok } from '../helpers/temp';

let app: TestApp;
let core: Core;
let server: BrowserServer;
let dataDir: string;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

const query = <T>(sql: string, ...params: unknown[]) => readDb<T>(core, sql, ...params);
const one = <T>(sql: string, ...params: unknown[]) => query<T>(sql, ...params)[0]!;
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });

const signIn = (username: string) => signInAs(page, server, username);

/** A lead arriving from a portal (entered through the API as the intake would). */
async function intake(fields: Record<string, unknown>): Promise<LeadDetail> {
  const lookups = await ok<Lookups>(core.call('intake', 'lookups.get', {}));
  const source = lookups.sources.find((s) => s.name === 'Tabela Ofert')!;
  return ok<LeadDetail>(core.call('intake', 'leads.create', { sourceId: source.id, assigneeId: null, ...fields }));
}

async function openLead(search: string, id: string): Promise<void> {
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('search').fill(search);
  await page.getByTestId('search').press('Enter');
  const row = page.locator(`[data-testid="inbox-row"][data-lead-id="${id}"]`);
  await row.click();
  await page.getByTestId('lead-detail').waitFor();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-wizard-'));
  app = await startApp(dataDir);
  ({ core, server } = app);
  await ok(core.call('setup', 'setup.loadDemo', {}));
  for (const username of ['anna', 'piotr']) {
    await ok(core.call(username, 'auth.signIn', { username, password: 'demo2026' }));
    await ok(core.call(username, 'users.setLanguage', { language: 'en' }));
  }
  await ok(core.call('intake', 'auth.signIn', { username: 'manager', password: 'demo2026' }));
  ({ browser, page, consoleErrors } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('assign a lead to a client or create a new one', () => {
  let linkedLeadId = '';
  let piotrsClient: { id: string; first_name: string; last_name: string; phone_e164: string };

  it("links a lead to the existing client found by a reformatted phone, and tells the client's salesperson", async () => {
    piotrsClient = one(
      `select c.id, c.first_name, c.last_name, c.phone_e164 from clients c join users u on u.id = c.owner_user_id
       where u.username = 'piotr' and c.phone_e164 like '+48_________' order by c.created_at limit 1`,
    );
    const national = piotrsClient.phone_e164.slice(3);
    // The same person writes again from a portal: other e-mail, phone written the portal's way, no diacritics.
    const lead = await intake({ firstName: piotrsClient.first_name, lastName: 'Inny', phone: `0048 ${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`, email: 'nowy.adres@example.pl' });
    linkedLeadId = lead.id;

    await signIn('anna');
    await openLead('Inny', lead.id);
    await page.getByTestId('detail-to-client').click();
    await page.getByTestId('client-wizard').waitFor();
    const first = page.getByTestId('candidate').first();
    await first.waitFor();
    expect(await first.getAttribute('data-client-id')).toBe(piotrsClient.id);
    expect(await first.getByTestId('reason').allTextContents()).toContain('same phone');
    await shot('20-wizard-candidates');
    await first.getByTestId('candidate-pick').click();
    expect(await page.getByTestId('notify-owner').isChecked()).toBe(true);
    await page.getByTestId('link-confirm-submit').click();
    await expect.poll(() => one<{ status: string }>('select status from leads where id = ?', lead.id).status).toBe('linked');
    expect(one<{ client_id: string }>('select client_id from leads where id = ?', lead.id).client_id).toBe(piotrsClient.id);
    expect(query(`select 1 from lead_client_links where lead_id = ? and client_id = ? and kind = 'linked'`, lead.id, piotrsClient.id)).toHaveLength(1);
    expect(query(`select 1 from notifications n join users u on u.id = n.user_id where u.username = 'piotr' and n.lead_id = ?`, lead.id)).toHaveLength(1);
    expect(query(`select 1 from outbox where to_address = 'piotr@zielonetarasy.pl'`)).toHaveLength(1);

    // A second advisor acting on the same lead now gets a clear conflict, and nothing changes.
    const again = await core.call('intake', 'leads.link', { leadId: lead.id, clientId: piotrsClient.id });
    expect(again.ok ? '' : again.error.code).toBe('CONFLICT');
    expect(again.ok ? '' : again.error.message).toContain('Anna Nowak');
  });

  it('creates a new client from a lead, pre-filled, and plans the first phone call', async () => {
    const lead = await intake({ firstName: 'Bożena', lastName: 'Wrzosek', phone: '+48 512 400 300', email: 'b.wrzosek@example.pl', message: 'Szukam 3 pokoi z ogródkiem.', consentDataProcessing: true });
    await openLead('Wrzosek', lead.id);
    await page.keyboard.press('Escape'); // the list keeps the lead highlighted; the key opens the wizard
    await page.locator(`[data-testid="inbox-row"][data-lead-id="${lead.id}"]`).click();
    await page.locator('body').press('c');
    await page.getByTestId('client-wizard').waitFor();
    await page.getByTestId('wizard-empty').or(page.getByTestId('candidates')).waitFor();
    expect(await page.locator('.candidate.strong').count()).toBe(0);
    await page.getByTestId('wizard-create').click();
    expect(await page.getByTestId('new-client-firstName').inputValue()).toBe('Bożena');
    expect(await page.getByTestId('new-client-phone').inputValue()).toBe('+48 512 400 300');
    expect(await page.getByTestId('new-client-description').inputValue()).toBe('Szukam 3 pokoi z ogródkiem.');
    expect(await page.getByTestId('new-client-consentDataProcessing').isChecked()).toBe(true);
    await shot('22-new-client-form');
    const before = Date.now();
    await page.getByTestId('new-client-submit').click();
    await expect.poll(() => one<{ status: string }>('select status from leads where id = ?', lead.id).status).toBe('converted');
    const client = one<{ id: string; owner: string; phone_e164: string }>(
      `select c.id, u.username as owner, c.phone_e164 from clients c join users u on u.id = c.owner_user_id where c.last_name = 'Wrzosek'`,
    );
    expect(client).toMatchObject({ owner: 'anna', phone_e164: '+48512400300' });
    const call = one<{ type: string; state: string; user: string; due_at: number }>(
      `select a.type, a.state, u.username as user, a.due_at from activities a join users u on u.id = a.user_id where a.client_id = ?`,
      client.id,
    );
    expect(call).toMatchObject({ type: 'phone', state: 'planned', user: 'anna' });
    expect(call.due_at - before).toBeGreaterThan(14 * 60_000);
    expect(call.due_at - before).toBeLessThan(16 * 60_000);
    await expect.poll(() => page.getByTestId('notice-info').last().textContent()).toContain('phone call planned for Anna Nowak');

    await page.getByTestId('notice-action').last().click();
    await page.getByTestId('client-card').waitFor();
    await expect.poll(() => page.locator(`[data-testid="client-lead"][data-lead-id="${lead.id}"]`).count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="client-activity"][data-state="planned"][data-type="phone"]').count()).toBe(1);
    await shot('23-client-card-new');
  });

  it('finds clients in the clients list without diacritics', async () => {
    await page.getByTestId('nav-clients').click();
    await page.getByTestId('clients-search').fill('bozena wrzos');
    await expect.poll(() => page.getByTestId('client-row').count()).toBe(1);
    await shot('24-clients-list');
  });

  it("shows Piotr the notification about his client's new inquiry", async () => {
    await page.getByTestId('sign-out').click();
    await signIn('piotr');
    await expect.poll(() => page.getByTestId('bell-count').textContent()).toBe('1');
    await page.getByTestId('bell').click();
    expect(await page.getByTestId('notification').first().textContent()).toContain(`Anna Nowak linked a new inquiry`);
    await shot('25-notification');
    await page.getByTestId('notification').first().click();
    await page.getByTestId('client-card').waitFor();
    await expect.poll(() => page.getByTestId('bell-count').count()).toBe(0);
    // His client's card lists the lead Anna linked.
    await expect.poll(() => page.getByTestId('client-name').textContent()).toContain(piotrsClient.last_name);
    await expect.poll(() => page.locator(`[data-testid="client-lead"][data-lead-id="${linkedLeadId}"]`).count()).toBe(1);
    await shot('21-client-card-linked');
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
