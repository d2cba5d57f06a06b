/**
 * The inbox as an advisor feels it, over the bench's million leads: the renderer in Debian's Chromium against
 * browser mode on the same core (the global performance clock: page.evaluate code must not name an import). Skipped (with a note) where Chromium or the built renderer is missing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Core } from '../src-main/app/core';
import { startBrowserServer } from '../src-main/browser/http-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/browser';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchInboxUi(core: Core, root: string, search: string): Promise<Record<string, number> | null> {
  const rendererDir = join(root, 'dist', 'renderer');
  if (!existsSync(CHROMIUM_PATH) || !existsSync(join(rendererDir, 'index.html'))) {
    console.log(`ui bench skipped: needs ${CHROMIUM_PATH} and a built renderer (npm run build)`);
    return null;
  }
  // The manager reads English here, so the footer's figures parse the same everywhere.
  await core.call('ui-bench', 'auth.signIn', { username: 'manager', password: 'demo2026' });
  await core.call('ui-bench', 'users.setLanguage', { language: 'en' });
  const server = await startBrowserServer({ core, rendererDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    await page.goto(server.launchUrl);
    await page.getByTestId('signin-username').fill('manager');
    await page.getByTestId('signin-password').fill('demo2026');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('tab-all').click();
    const rows = page.getByTestId('inbox-row');
    await rows.first().waitFor();

    // A fresh window on the All tab (the view is remembered): load, sign-in check, saved view, first page.
    const open: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await page.reload();
      await rows.first().waitFor();
      open.push(performance.now() - t0);
    }

    // Typing a name into the search box and pressing Enter, until the table shows the matches.
    const searching: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const text = i % 2 ? search : search.slice(0, 4);
      await page.getByTestId('search').fill(text);
      const t0 = performance.now();
      await page.getByTestId('search').press('Enter');
      await page.waitForFunction(
        (prefix) => {
          const names = [...document.querySelectorAll('[data-testid="inbox-row"] .col-name')];
          return names.length > 0 && names.every((cell) => cell.textContent?.includes(prefix));
        },
        search.slice(0, 4),
        { polling: 'raf' },
      );
      searching.push(performance.now() - t0);
      await page.getByTestId('clear-filters').click();
      await page.waitForFunction(() => !document.querySelector('[data-testid="clear-filters"]'));
    }

    // Scrolling the All tab fast for two seconds: frame times while pages load behind the scroll.
    await rows.first().waitFor();
    const scroll = await page.evaluate(async () => {
      const box = document.querySelector<HTMLElement>('[data-testid="inbox-scroll"]')!;
      const frames: number[] = [];
      let last = performance.now();
      const end = last + 2000;
      while (performance.now() < end) {
        box.scrollTop += 350;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return { p50: frames[Math.floor(frames.length / 2)]!, p95: frames[Math.floor(frames.length * 0.95)]!, rows: document.querySelectorAll('[data-testid="inbox-row"]').length };
    });
    const loaded = Number((await page.getByTestId('inbox-shown').textContent())!.match(/Showing ([\d,]+)/)?.[1]?.replace(/,/g, '') ?? 0);
    return {
      ui_inbox_open_ms: Math.round(median(open)),
      ui_search_ms: Math.round(median(searching)),
      ui_scroll_frame_p50_ms: Number(scroll.p50.toFixed(1)),
      ui_scroll_frame_p95_ms: Number(scroll.p95.toFixed(1)),
      ui_scroll_rows_loaded: loaded,
      ui_scroll_rows_in_dom: scroll.rows,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
