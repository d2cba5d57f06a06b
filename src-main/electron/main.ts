/**
 * Electron main process: window, security and IPC only. All application logic lives in the core (src-main/app),
 * which this file opens once and reaches through core.call(). Bundled to dist/main/electron-main.cjs.
 * Security decisions are pure functions in ./security.ts (unit-tested without Electron); see docs/electron.md.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { IPC, METHOD_NAMES } from '../../src-shared/api/contract';
import type { EventMap, EventName } from '../../src-shared/api/contract';
import type { ApiResult } from '../../src-shared/api/errors';
import { openCore } from '../app/core';
import type { Core } from '../app/core-types';
import { appPaths, dataDirOverride, resolveAppRoot } from './app-paths';
import type { AppPaths } from './app-paths';
import {
  APP_SCHEME,
  APP_START_URL,
  appResponseHeaders,
  externalUrlToOpen,
  isAllowedNavigation,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
  resolveRendererPath,
} from './security';
import type { SenderFacts } from './security';
import { startupErrorText } from './startup-error';
import { PRINT_PDF_CHANNEL } from './channels';

// --- Before 'ready': scheme privileges, sandbox for every renderer, data folder, single instance ---------------

// standard: real origin (app://renderer), relative URLs, storage. secure: a secure context like https.
// corsEnabled: lets Chromium make the CORS-mode requests vite emits (<script type="module" crossorigin>, modulepreload);
// no Access-Control-Allow-Origin is ever sent, so other origins still cannot read app:// responses.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
  },
]);
app.enableSandbox();

// `--data-dir DIR` or LEAD_DESK_DATA_DIR (as in browser mode) moves userData, and with it the database and the
// single-instance lock. Default: appData/Lead Desk, the same folder browser mode uses.
const dataDirArg = dataDirOverride(process.argv.slice(1), process.env, process.cwd());
if (dataDirArg) app.setPath('userData', dataDirArg);

let core: Core | null = null;
const windows = new Set<BrowserWindow>();

if (!app.requestSingleInstanceLock()) {
  // Another Lead Desk already runs on this data folder; it gets 'second-instance' and focuses its window.
  app.quit();
} else {
  app.on('second-instance', () => focusWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && windows.size === 0) createWindow(currentPaths());
  });
  app.on('will-quit', () => closeCore());
  app
    .whenReady()
    .then(onReady)
    .catch((err: unknown) => fatal(err));
}

// --- Startup ------------------------------------------------------------------------------------------------------

function currentPaths(): AppPaths {
  return appPaths(
    resolveAppRoot({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      bundleDir: __dirname,
      appPath: app.getAppPath(),
    }),
  );
}

function onReady(): void {
  const paths = currentPaths();
  const dataDir = app.getPath('userData');
  if (!existsSync(path.join(paths.rendererDir, 'index.html'))) {
    fatal(Object.assign(new Error(`No built UI at ${paths.rendererDir}. Run "npm run build" first.`), { code: 'UI_MISSING' }));
    return;
  }
  try {
    core = openCore({ dataDir, migrationsDir: paths.migrationsDir, mode: 'electron', appVersion: app.getVersion() });
  } catch (err) {
    fatal(err, dataDir);
    return;
  }
  configureSession(session.defaultSession, paths.rendererDir);
  registerIpc();
  registerPrintToPdf();
  core.subscribe((clientKey, event, payload) => pushEvent(clientKey, event, payload));
  createWindow(paths);
}

/** Error box, then exit non-zero (app.exit skips will-quit; the core is closed first if it was opened). */
function fatal(err: unknown, dataDir?: string): void {
  console.error('[lead-desk] fatal:', err);
  const { title, message } = startupErrorText(err, dataDir);
  dialog.showErrorBox(title, message);
  closeCore();
  app.exit(1);
}

function closeCore(): void {
  const c = core;
  core = null;
  if (!c) return;
  try {
    c.close();
  } catch (err) {
    console.error('[lead-desk] closing the core failed:', err);
  }
}

// --- Window -------------------------------------------------------------------------------------------------------

function createWindow(paths: AppPaths): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Lead Desk',
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: paths.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      safeDialogs: true,
    },
  });
  windows.add(win);
  // Captured now: webContents is already destroyed when 'closed' fires.
  const clientKey = String(win.webContents.id);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    windows.delete(win);
    core?.forgetClient(clientKey);
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[lead-desk] renderer of window ${clientKey} gone: ${details.reason}`);
  });
  win.loadURL(APP_START_URL).catch((err: unknown) => {
    console.error('[lead-desk] loading the UI failed:', err);
    if (!win.isDestroyed()) win.show();
  });
  return win;
}

function focusWindow(): void {
  const win = [...windows].find((w) => !w.isDestroyed());
  if (!win) {
    if (core && app.isReady()) createWindow(currentPaths());
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

// --- Security: navigation, popups, webviews, permissions, app:// protocol ----------------------------------------

function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** Only https URLs go to the OS browser; everything else is dropped. */
function openExternally(url: string): void {
  const target = externalUrlToOpen(url);
  if (!target) {
    console.warn(`[lead-desk] blocked navigation/popup to ${url}`);
    return;
  }
  shell.openExternal(target).catch((err: unknown) => console.error('[lead-desk] openExternal failed:', err));
}

function configureSession(ses: Session, rendererDir: string): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request));
}

async function serveRendererFile(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plainResponse(405, 'Method not allowed');
  const filePath = resolveRendererPath(rendererDir, request.url);
  if (!filePath) return plainResponse(404, 'Not found');
  try {
    const body = await readFile(filePath);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: appResponseHeaders(filePath),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return plainResponse(404, 'Not found');
    console.error(`[lead-desk] serving ${request.url} failed:`, err);
    return plainResponse(500, 'Internal error');
  }
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders('error.txt') });
}

// --- IPC ----------------------------------------------------------------------------------------------------------

const FORBIDDEN: ApiResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'IPC is only accepted from the main frame of the Lead Desk window.' },
};

function senderFacts(event: IpcMainInvokeEvent): SenderFacts {
  try {
    const sender = event.sender;
    const frame = event.senderFrame;
    const win = BrowserWindow.fromWebContents(sender);
    const main = sender.mainFrame;
    return {
      isOurWindow: win !== null && windows.has(win) && !win.isDestroyed(),
      isMainFrame:
        frame !== null &&
        !frame.detached &&
        frame.parent === null &&
        frame.processId === main.processId &&
        frame.routingId === main.routingId,
      frameUrl: frame?.url ?? null,
    };
  } catch {
    // A disposed frame throws on access: treat it as untrusted.
    return { isOurWindow: false, isMainFrame: false, frameUrl: null };
  }
}

function registerIpc(): void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(IPC.methodChannel(name), async (event, input: unknown): Promise<ApiResult<unknown>> => {
      const facts = senderFacts(event);
      if (!isTrustedSender(facts)) {
        console.warn(`[lead-desk] rejected IPC ${name} from ${facts.frameUrl ?? 'a disposed frame'}`);
        return FORBIDDEN;
      }
      const c = core;
      if (!c) return { ok: false, error: { code: 'INTERNAL', message: 'Lead Desk is shutting down.' } };
      try {
        return await c.call(String(event.sender.id), name, input);
      } catch (err) {
        console.error(`[lead-desk] ${name} threw:`, err);
        return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
      }
    });
  }
}

/** Reports' "Save as PDF": the user picks the file, Chromium renders the page with its print styles. */
function registerPrintToPdf(): void {
  ipcMain.handle(PRINT_PDF_CHANNEL, async (event, suggestedName: unknown): Promise<{ saved: boolean; path?: string }> => {
    if (!isTrustedSender(senderFacts(event))) return { saved: false };
    const win = BrowserWindow.fromWebContents(event.sender);
    if (!win) return { saved: false };
    const name = String(suggestedName ?? 'report').replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 120) || 'report';
    const choice = await dialog.showSaveDialog(win, { defaultPath: `${name}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (choice.canceled || !choice.filePath) return { saved: false };
    const pdf = await event.sender.printToPDF({ printBackground: true, landscape: true, pageSize: 'A4' });
    await writeFile(choice.filePath, pdf);
    return { saved: true, path: choice.filePath };
  });
}

/** clientKey null = every window; otherwise the window whose webContents id matches. */
function pushEvent<E extends EventName>(clientKey: string | null, event: E, payload: EventMap[E]): void {
  for (const win of windows) {
    if (win.isDestroyed()) continue;
    const contents = win.webContents;
    if (clientKey !== null && clientKey !== String(contents.id)) continue;
    if (!isAppUrl(contents.getURL())) continue;
    contents.send(IPC.eventChannel, { event, payload });
  }
}
