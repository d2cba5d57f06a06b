/**
 * Pure security helpers of the Electron shell. No 'electron' import here: these run (and are unit-tested)
 * in plain Node; main.ts wires them to Electron's events.
 */
import path from 'node:path';

/** The privileged custom scheme that serves dist/renderer. */
export const APP_SCHEME = 'app';
/** Host part of every renderer URL: app://renderer/... */
export const APP_HOST = 'renderer';
/** Origin of the renderer as Chromium reports it for a standard scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Every URL our window may show starts with this. */
export const APP_URL_PREFIX = `${APP_ORIGIN}/`;
/** The page the window loads. */
export const APP_START_URL = `${APP_URL_PREFIX}index.html`;

import { CONTENT_SECURITY_POLICY } from '../../src-shared/api/csp';
import { mimeTypeFor } from '../app/static-files';

export { CONTENT_SECURITY_POLICY };

/** The only permission the renderer may get (desktop notifications, e.g. reminders). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for app://renderer/... only: right scheme and host, no credentials, no port.
 * Both the parsed form and the raw prefix are checked, so odd spellings cannot slip through either way.
 */
export function isAppUrl(url: unknown): url is string {
  if (typeof url !== 'string' || !url.startsWith(APP_URL_PREFIX)) return false;
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Maps an app://renderer/... request URL to a file under root (the dist/renderer folder).
 * Returns null when the URL is not ours, cannot be decoded, or would leave root (.., %2e%2e, %2f, %5c,
 * absolute or drive paths, NUL bytes). "/" maps to index.html. Query and hash are ignored.
 * pathImpl lets tests check Windows semantics on any OS.
 */
export function resolveRendererPath(
  root: string,
  requestUrl: string,
  pathImpl: path.PlatformPath = path,
): string | null {
  if (!isAppUrl(requestUrl)) return null;
  const parsed = parseUrl(requestUrl);
  if (!parsed) return null;

  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // Backslashes are separators on Windows, NUL truncates paths in native code, ':' makes drive or stream paths.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':')) return null;

  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');

  const base = pathImpl.resolve(root);
  const target = pathImpl.resolve(base, ...relative.split('/'));
  const rel = pathImpl.relative(base, target);
  if (rel === '' || rel.startsWith('..') || pathImpl.isAbsolute(rel)) return null;
  return target;
}

export { mimeTypeFor };

/** Headers sent with every app:// response. */
export function appResponseHeaders(filePath: string): Record<string, string> {
  return {
    'Content-Type': mimeTypeFor(filePath),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

/** What main.ts knows about the frame that sent an IPC message. */
export interface SenderFacts {
  /** The sending webContents belongs to a window this app created. */
  isOurWindow: boolean;
  /** The sending frame is that webContents' main (top) frame, not an iframe. */
  isMainFrame: boolean;
  /** URL of the sending frame; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
}

/** IPC is answered only for the main frame of our own window while it shows app://renderer/... */
export function isTrustedSender(facts: SenderFacts): boolean {
  return facts.isOurWindow && facts.isMainFrame && isAppUrl(facts.frameUrl);
}

/** Navigation inside the window is allowed only within the app origin. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** The URL to hand to the OS browser, or null: only https links ever leave the app. */
export function externalUrlToOpen(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.hostname === '') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

/** Permission requests/checks: only 'notifications', and only from our own pages. */
export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  if (!requestingUrl) return false;
  // Permission checks report an origin ("app://renderer"), requests a full URL.
  return isAppUrl(requestingUrl) || requestingUrl === APP_ORIGIN;
}
