import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import type { BrowserServer } from '../../src-main/browser/http-server';
import type { LeadDetail, Lookups } from '../../src-shared';
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

const one = <T>(sql: string, ...params: unknown[]) => readDb<T>(core, sql, ...params)[0]!;
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const signIn = (username: string) => signInAs(page, server, username);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-e2e-permissions-'));
  app = await startApp(dataDir);
  ({ core, server } = app);
  await ok(core.call('setup', 'setup.loadDemo', {}));
  for (const username of ['anna', 'admin']) {
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

// Anna linked a lead to the wrong client. Without the right she cannot undo it; the admin grants it on the
// sales director's e-mail; she unlinks; the lead is New again; the audit log shows both acts.
describe('unlinking a lead, with a permission granted on confirmation', () => {
  let leadId = '';
  let clientId = '';

  beforeAll(async () => {
    const lookups = await ok<Lookups>(core.call('anna', 'lookups.get', {}));
    const lead = await ok<LeadDetail>(core.call('anna', 'leads.create', { sourceId: lookups.sources[0]!.id, firstName: 'Marek', lastName: 'Pomyłka', phone: '+48 601 222 333' }));
    leadId = lead.id;
    clientId = one<{ id: string }>(`select c.id from clients c join users u on u.id = c.owner_user_id where u.username = 'anna' and c.deleted_at is null order by c.created_at limit 1`).id;
    await ok(core.call('anna', 'leads.link', { leadId, clientId }));
  });

  it('does not offer the unlink action without the permission, and the service refuses it', async () => {
    await signIn('anna');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('nav-clients').click();
    await page.locator(`[data-testid="client-row"][data-client-id="${clientId}"]`).click();
    await page.getByTestId('client-card').waitFor();
    await expect.poll(() => page.locator(`[data-testid="client-lead"][data-lead-id="${leadId}"]`).count()).toBe(1);
    expect(await page.getByTestId('lead-unlink').count()).toBe(0);
    const refused = await core.call('anna', 'leads.unlink', { leadId, reason: 'Wrong client' });
    expect(refused.ok ? '' : refused.error.code).toBe('FORBIDDEN');
    expect(one<{ status: string }>('select status from leads where id = ?', leadId).status).toBe('linked');
    await page.getByTestId('sign-out').click();
  });

  it("lets the admin grant it, recording the decision-maker's confirmation", async () => {
    await signIn('admin');
    await page.getByTestId('nav-users').click();
    await page.locator('[data-testid="user-row"][data-username="anna"]').getByTestId('user-grant').click();
    await page.getByTestId('grant-name').fill('Tomasz Dyrektor');
    await page.getByTestId('grant-email').fill('t.dyrektor@zielonetarasy.pl');
    await page.getByTestId('grant-reference').fill('RE: Anna — błędne powiązanie leada');
    await shot('30-grant-dialog');
    await page.getByTestId('grant-save').click();
    await expect.poll(() => page.getByTestId('grant-row').count()).toBe(1);
    const grant = one<{ confirmed_by_name: string; confirmed_by_email: string; reference: string; revoked_at: number | null }>(
      `select g.* from permission_grants g join users u on u.id = g.user_id where u.username = 'anna'`,
    );
    expect(grant).toMatchObject({ confirmed_by_name: 'Tomasz Dyrektor', confirmed_by_email: 't.dyrektor@zielonetarasy.pl', reference: 'RE: Anna — błędne powiązanie leada', revoked_at: null });
    await shot('31-users');
    await page.getByTestId('sign-out').click();
  });

  it('lets the advisor unlink the lead with a reason; it is New in the inbox again', async () => {
    await signIn('anna');
    await page.getByTestId('nav-clients').click();
    await page.locator(`[data-testid="client-row"][data-client-id="${clientId}"]`).click();
    const row = page.locator(`[data-testid="client-lead"][data-lead-id="${leadId}"]`);
    await row.getByTestId('lead-unlink').click();
    await page.getByTestId('unlink-reason').fill('Inna osoba o podobnym nazwisku');
    await shot('32-unlink-dialog');
    await page.getByTestId('unlink-confirm').click();
    await expect.poll(() => one<{ status: string }>('select status from leads where id = ?', leadId).status).toBe('new');
    expect(one<{ client_id: string | null }>('select client_id from leads where id = ?', leadId).client_id).toBeNull();
    expect(one<{ unlink_reason: string }>('select unlink_reason from lead_client_links where lead_id = ?', leadId).unlink_reason).toBe('Inna osoba o podobnym nazwisku');
    await expect.poll(() => row.count()).toBe(0);

    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('tab-new').click();
    await page.getByTestId('search').fill('Pomyłka');
    await page.getByTestId('search').press('Enter');
    await expect.poll(() => page.locator(`[data-testid="inbox-row"][data-lead-id="${leadId}"]`).getAttribute('data-status')).toBe('new');
    await page.locator(`[data-testid="inbox-row"][data-lead-id="${leadId}"]`).click();
    await expect.poll(() => page.getByTestId('detail-history').textContent()).toContain('Unlinked from');
    await page.getByTestId('sign-out').click();
  });

  it('shows both acts in the audit log, and exports them', async () => {
    await signIn('admin');
    await page.getByTestId('nav-audit').click();
    await expect.poll(() => page.locator('[data-testid="audit-row"][data-action="permission.granted"]').count()).toBe(1);
    expect(await page.locator('[data-testid="audit-row"][data-action="lead.unlinked"]').count()).toBe(1);
    await page.getByTestId('audit-action').selectOption('lead.unlinked');
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    expect(await page.getByTestId('audit-row').first().textContent()).toContain('Inna osoba o podobnym nazwisku');
    await shot('33-audit-log');
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
