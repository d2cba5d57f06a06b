// Pure helpers of the Electron shell (src-main/electron/*), tested in plain Node: none of them imports 'electron'.
import { META_CONTENT_SECURITY_POLICY } from '../../src-shared/api/csp';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, IPC, METHOD_NAMES } from '../../src-shared/api/contract';
import { appPaths, dataDirOverride, parseDataDirArg, resolveAppRoot } from '../../src-main/electron/app-paths';
import {
  EVENT_CHANNEL,
  isEventMessage,
  isKnownEvent,
  isKnownMethod,
  methodChannel,
  PRELOAD_EVENT_NAMES,
  PRELOAD_METHOD_NAMES,
} from '../../src-main/electron/channels';
import {
  APP_START_URL,
  appResponseHeaders,
  CONTENT_SECURITY_POLICY,
  externalUrlToOpen,
  isAllowedNavigation,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
  mimeTypeFor,
  resolveRendererPath,
} from '../../src-main/electron/security';
import { startupErrorText } from '../../src-main/electron/startup-error';

describe('isAppUrl', () => {
  it('accepts app://renderer/ URLs', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('app://renderer/')).toBe(true);
    expect(isAppUrl('app://renderer/assets/index-abc.js?v=1#top')).toBe(true);
    expect(isAppUrl(APP_START_URL)).toBe(true);
  });

  it('rejects other schemes, hosts, look-alikes and non-strings', () => {
    for (const url of [
      'app://renderer',
      'app://renderer.evil.com/index.html',
      'app://rendererx/index.html',
      'app://evil/index.html',
      'app://renderer:8080/index.html',
      'app://user:pw@renderer/index.html',
      'app://renderer@evil/index.html',
      'file:///index.html',
      'https://renderer/index.html',
      'http://localhost:5173/',
      'APP://renderer/index.html',
      'javascript:alert(1)',
      'about:blank',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(42)).toBe(false);
  });
});

describe('resolveRendererPath', () => {
  const root = path.resolve('/opt/lead-desk/dist/renderer');

  it('maps URLs to files under the root', () => {
    expect(resolveRendererPath(root, 'app://renderer/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererPath(root, 'app://renderer/assets/app-1a2b.js')).toBe(path.join(root, 'assets', 'app-1a2b.js'));
    expect(resolveRendererPath(root, 'app://renderer/assets/font%20name.woff2')).toBe(
      path.join(root, 'assets', 'font name.woff2'),
    );
  });

  it('serves index.html for the bare origin and ignores query and hash', () => {
    expect(resolveRendererPath(root, 'app://renderer/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererPath(root, 'app://renderer/index.html?x=1#/leads')).toBe(path.join(root, 'index.html'));
  });

  it('returns null on traversal attempts', () => {
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/assets/../../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/%2E%2E/%2E%2E/etc/passwd',
      'app://renderer/..%2fsecret.txt',
      'app://renderer/assets%2f..%2f..%2fsecret.txt',
      'app://renderer/..%5csecret.txt',
      'app://renderer/assets\\..\\..\\secret.txt',
      'app://renderer/%2fetc%2fpasswd',
      'app://renderer/C:/Windows/win.ini',
      'app://renderer/C%3A%5CWindows%5Cwin.ini',
      'app://renderer/index.html%00.png',
      'app://renderer/%E0%A4%A', // malformed escape
    ]) {
      const resolved = resolveRendererPath(root, url);
      if (resolved !== null) {
        // Whatever the URL parser normalised away, the result must stay inside the root.
        expect(path.relative(root, resolved).startsWith('..'), url).toBe(false);
      }
      expect(resolved === null || resolved.startsWith(root + path.sep), url).toBe(true);
    }
    // The URL parser itself resolves '..' and '%2e%2e' segments against the origin, so they can never climb out.
    expect(resolveRendererPath(root, 'app://renderer/%2e%2e/secret.txt')).toBe(path.join(root, 'secret.txt'));
    expect(resolveRendererPath(root, 'app://renderer/..%2fsecret.txt')).toBeNull();
    expect(resolveRendererPath(root, 'app://renderer/..%5csecret.txt')).toBeNull();
    expect(resolveRendererPath(root, 'app://renderer/index.html%00.png')).toBeNull();
    expect(resolveRendererPath(root, 'app://renderer/%E0%A4%A')).toBeNull();
  });

  it('returns null for URLs that are not ours', () => {
    expect(resolveRendererPath(root, 'app://evil/index.html')).toBeNull();
    expect(resolveRendererPath(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveRendererPath(root, 'not a url')).toBeNull();
  });

  it('guards Windows paths too', () => {
    const winRoot = 'C:\\Program Files\\Lead Desk\\resources\\app.asar\\dist\\renderer';
    expect(resolveRendererPath(winRoot, 'app://renderer/assets/a.js', path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    expect(resolveRendererPath(winRoot, 'app://renderer/..%5c..%5csecret.txt', path.win32)).toBeNull();
    expect(resolveRendererPath(winRoot, 'app://renderer/D:%5csecret.txt', path.win32)).toBeNull();
    expect(resolveRendererPath(winRoot, 'app://renderer/%5c%5cserver%5cshare', path.win32)).toBeNull();
  });
});

describe('response headers', () => {
  it('uses the renderer CSP', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const headers = appResponseHeaders('/x/index.html');
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
  });

  it('matches the CSP meta tag of src-renderer/index.html', () => {
    const html = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  });

  it('gives module scripts a JavaScript type', () => {
    expect(mimeTypeFor('/a/b/index-abc.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('style.CSS')).toMatch(/^text\/css/);
    expect(mimeTypeFor('logo.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});

describe('isTrustedSender', () => {
  const ok = { isOurWindow: true, isMainFrame: true, frameUrl: 'app://renderer/index.html' };
  it('accepts the main frame of our window on the app origin', () => {
    expect(isTrustedSender(ok)).toBe(true);
  });
  it('rejects foreign windows, subframes, other URLs and disposed frames', () => {
    expect(isTrustedSender({ ...ok, isOurWindow: false })).toBe(false);
    expect(isTrustedSender({ ...ok, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'app://renderer.evil/index.html' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'about:blank' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: null })).toBe(false);
  });
});

describe('navigation and external links', () => {
  it('allows navigation only within the app origin', () => {
    expect(isAllowedNavigation('app://renderer/index.html#/leads')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('app://evil/')).toBe(false);
  });

  it('opens only https links externally', () => {
    expect(externalUrlToOpen('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(externalUrlToOpen('http://example.com/')).toBeNull();
    expect(externalUrlToOpen('file:///C:/Windows/System32/calc.exe')).toBeNull();
    expect(externalUrlToOpen('javascript:alert(1)')).toBeNull();
    expect(externalUrlToOpen('smb://server/share')).toBeNull();
    expect(externalUrlToOpen('mailto:a@b.c')).toBeNull();
    expect(externalUrlToOpen('https://user:pw@example.com/')).toBeNull();
    expect(externalUrlToOpen('not a url')).toBeNull();
  });
});

describe('isPermissionAllowed', () => {
  it('allows notifications for our pages only', () => {
    expect(isPermissionAllowed('notifications', 'app://renderer/index.html')).toBe(true);
    expect(isPermissionAllowed('notifications', 'app://renderer')).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('notifications', '')).toBe(false);
    expect(isPermissionAllowed('notifications', undefined)).toBe(false);
  });
  it('denies everything else', () => {
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'midiSysex', 'unknown']) {
      expect(isPermissionAllowed(permission, 'app://renderer/index.html'), permission).toBe(false);
    }
  });
});

describe('app paths', () => {
  it('uses the repo root in development', () => {
    const bundleDir = path.resolve('/home/dev/lead-desk/dist/main');
    const root = resolveAppRoot({ isPackaged: false, resourcesPath: '/ignored', bundleDir, appPath: '/ignored/too' });
    expect(root).toBe(path.resolve('/home/dev/lead-desk'));
    expect(appPaths(root)).toEqual({
      root,
      rendererDir: path.join(root, 'dist', 'renderer'),
      preloadFile: path.join(root, 'dist', 'main', 'preload.cjs'),
      migrationsDir: path.join(root, 'migrations'),
    });
  });

  it('uses app.asar (or app.getAppPath()) when packaged', () => {
    expect(
      resolveAppRoot({ isPackaged: true, resourcesPath: '/opt/Lead Desk/resources', bundleDir: '/x' }, path.posix),
    ).toBe('/opt/Lead Desk/resources/app.asar');
    expect(
      resolveAppRoot(
        { isPackaged: true, resourcesPath: '/opt/ld/resources', bundleDir: '/x', appPath: '/opt/ld/resources/app' },
        path.posix,
      ),
    ).toBe('/opt/ld/resources/app');
    const winRoot = resolveAppRoot(
      { isPackaged: true, resourcesPath: 'C:\\Program Files\\Lead Desk\\resources', bundleDir: 'C:\\x' },
      path.win32,
    );
    expect(appPaths(winRoot, path.win32).preloadFile).toBe(
      'C:\\Program Files\\Lead Desk\\resources\\app.asar\\dist\\main\\preload.cjs',
    );
  });

  it('parses --data-dir', () => {
    const cwd = path.resolve('/work');
    expect(parseDataDirArg(['.', '--data-dir', 'tmp/data'], cwd)).toBe(path.resolve(cwd, 'tmp/data'));
    expect(parseDataDirArg(['--data-dir=/srv/ld'], cwd)).toBe(path.resolve('/srv/ld'));
    expect(parseDataDirArg(['--data-dir', 'a', '--data-dir=b'], cwd)).toBe(path.resolve(cwd, 'b'));
    expect(parseDataDirArg(['.', '--port', '4000'], cwd)).toBeNull();
    expect(parseDataDirArg(['--data-dir'], cwd)).toBeNull();
    expect(parseDataDirArg(['--data-dir', '--port', '1'], cwd)).toBeNull();
    expect(parseDataDirArg(['--data-dir='], cwd)).toBeNull();
  });

  it('falls back to LEAD_DESK_DATA_DIR', () => {
    const cwd = path.resolve('/work');
    expect(dataDirOverride(['--data-dir', 'a'], { LEAD_DESK_DATA_DIR: 'b' }, cwd)).toBe(path.resolve(cwd, 'a'));
    expect(dataDirOverride(['.'], { LEAD_DESK_DATA_DIR: 'b' }, cwd)).toBe(path.resolve(cwd, 'b'));
    expect(dataDirOverride(['.'], { LEAD_DESK_DATA_DIR: '' }, cwd)).toBeNull();
    expect(dataDirOverride(['.'], {}, cwd)).toBeNull();
  });
});

describe('preload channel names match the contract', () => {
  it('lists exactly the contract methods and events', () => {
    expect([...PRELOAD_METHOD_NAMES].sort()).toEqual([...METHOD_NAMES].sort());
    expect([...PRELOAD_EVENT_NAMES].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('uses the contract channel names', () => {
    for (const name of METHOD_NAMES) expect(methodChannel(name)).toBe(IPC.methodChannel(name));
    expect(EVENT_CHANNEL).toBe(IPC.eventChannel);
  });

  it('recognises only known names and well-formed event messages', () => {
    expect(isKnownMethod('app.info')).toBe(true);
    expect(isKnownMethod('constructor')).toBe(false);
    expect(isKnownMethod('__proto__')).toBe(false);
    expect(isKnownMethod('leads.drop')).toBe(false);
    expect(isKnownMethod(7)).toBe(false);
    expect(isKnownEvent('leads.changed')).toBe(true);
    expect(isKnownEvent('toString')).toBe(false);
    expect(isEventMessage({ event: 'leads.changed', payload: { ids: [] } })).toBe(true);
    expect(isEventMessage({ event: 'nope', payload: {} })).toBe(false);
    expect(isEventMessage({ event: 'leads.changed' })).toBe(false);
    expect(isEventMessage(null)).toBe(false);
  });
});

describe('startupErrorText', () => {
  it('titles database errors and shows the message and data folder', () => {
    const err = Object.assign(new Error('Another program holds the database lock.'), { code: 'DB_LOCKED' });
    const text = startupErrorText(err, '/home/u/.config/Lead Desk');
    expect(text.title).toMatch(/in use/);
    expect(text.message).toContain('Another program holds the database lock.');
    expect(text.message).toContain('/home/u/.config/Lead Desk');
  });
  it('handles unknown throwables', () => {
    expect(startupErrorText('boom').message).toBe('boom');
    expect(startupErrorText(undefined).title).toBe('Lead Desk cannot start');
  });
});
