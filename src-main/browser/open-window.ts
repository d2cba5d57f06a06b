import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Opens an app window (no tabs, no address bar) in a Chromium-family browser. Returns why it did not, or null. */
export function openAppWindow(url: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display (DISPLAY/WAYLAND_DISPLAY not set)';
  const browser = env.LEAD_DESK_BROWSER ?? CANDIDATES.find((path) => existsSync(path));
  if (!browser) return 'no Chromium found (install the "chromium" package or set LEAD_DESK_BROWSER)';
  const profile = join(tmpdir(), 'lead-desk-browser-profile');
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1366,860',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(browser, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
  return null;
}
