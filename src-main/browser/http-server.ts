import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { HTTP } from '../../src-shared/api/contract';
import type { ApiError, ApiResult, ErrorCode } from '../../src-shared/api/errors';
import type { Core } from '../app/core-types';
import { mimeTypeFor } from '../app/static-files';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/api/csp';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNKNOWN_METHOD: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_TOKEN: 401,
  DB_LOCKED: 423,
  DB_CORRUPT: 500,
  DB_INCOMPATIBLE: 500,
  INTERNAL: 500,
};

const MAX_BODY_BYTES = 1024 * 1024;

export interface BrowserServer {
  port: number;
  token: string;
  /** Open this once: it carries the token, which the server moves into an HttpOnly cookie. */
  launchUrl: string;
  close(): Promise<void>;
}

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>, extraHeaders: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extraHeaders });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, error: ApiError): void {
  sendJson(res, STATUS[error.code], { ok: false, error });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves the renderer and carries the contract over HTTP on 127.0.0.1:
 * POST /api/<method> with a JSON body -> ApiResult JSON; GET /events -> server-sent events.
 * Every request needs the per-launch token (HttpOnly cookie, or "Authorization: Bearer" for scripts).
 */
export function startBrowserServer(opts: { core: Core; rendererDir: string; port?: number; host?: string; token?: string }): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  let allowedHosts = new Set<string>();
  const eventStreams = new Set<{ clientKey: string; res: ServerResponse }>();
  const unsubscribe = opts.core.subscribe((clientKey, event, payload) => {
    for (const stream of eventStreams) {
      if (clientKey === null || clientKey === stream.clientKey) stream.res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    }
  });

  const server = createServer(async (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    const url = new URL(req.url ?? '/', `http://${host}`);

    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach us.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return fail(res, { code: 'FORBIDDEN', message: `Unexpected Host header "${req.headers.host ?? ''}".` });
    }

    const jar = cookies(req);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const queryToken = url.searchParams.get(HTTP.tokenQuery);
    if (req.method === 'GET' && url.pathname === '/' && queryToken !== null) {
      if (!sameSecret(queryToken, token)) return fail(res, { code: 'BAD_TOKEN', message: 'This link is not valid for the running Lead Desk. Use the link it printed at start.' });
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${HTTP.tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return res.end();
    }
    const viaCookie = sameSecret(jar[HTTP.tokenCookie], token);
    if (!viaCookie && !sameSecret(bearer, token)) {
      return fail(res, {
        code: 'BAD_TOKEN',
        message: 'Missing or wrong access token. Open the link Lead Desk printed at start (it ends in ?token=…), or send "Authorization: Bearer <token>".',
      });
    }

    // One session per browser profile (or per script's cookie jar); the core keeps the signed-in user for it.
    const setCookies: string[] = [];
    let sessionId = jar[HTTP.sessionCookie];
    if (!sessionId || !/^[A-Za-z0-9_-]{20,64}$/.test(sessionId)) {
      sessionId = randomBytes(18).toString('base64url');
      setCookies.push(`${HTTP.sessionCookie}=${sessionId}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const clientKey = `http:${sessionId}`;

    if (url.pathname.startsWith(HTTP.apiPrefix)) {
      if (req.method !== 'POST') return fail(res, { code: 'UNKNOWN_METHOD', message: 'API calls are POST requests with a JSON body.' });
      if (viaCookie && req.headers[HTTP.csrfHeader] !== '1') {
        return fail(res, { code: 'FORBIDDEN', message: `Missing the ${HTTP.csrfHeader} header.` });
      }
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.trim() ? JSON.parse(body) : {};
      } catch {
        return fail(res, { code: 'VALIDATION', message: 'The request body must be JSON (at most 1 MiB).' });
      }
      const method = decodeURIComponent(url.pathname.slice(HTTP.apiPrefix.length));
      const result = await opts.core.call(clientKey, method, input);
      return sendJson(res, result.ok ? 200 : STATUS[result.error.code], result, setCookies.length ? { 'set-cookie': setCookies } : {});
    }

    if (url.pathname === HTTP.eventsPath && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...(setCookies.length ? { 'set-cookie': setCookies } : {}) });
      res.write(': connected\n\n');
      const stream = { clientKey, res };
      eventStreams.add(stream);
      const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        eventStreams.delete(stream);
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, { code: 'NOT_FOUND', message: 'Not found.' });
    const relative = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^([/\\])+/, '');
    const file = join(opts.rendererDir, relative);
    if (relative.startsWith('..') || !file.startsWith(opts.rendererDir + sep)) return fail(res, { code: 'NOT_FOUND', message: 'Not found.' });
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'content-type': mimeTypeFor(file),
        'content-length': stat.size,
        'cache-control': relative === 'index.html' ? 'no-store' : 'max-age=3600',
        ...(setCookies.length ? { 'set-cookie': setCookies } : {}),
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      fail(res, { code: 'NOT_FOUND', message: `No such file: /${relative}` });
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      port = (server.address() as AddressInfo).port;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      resolve({
        port,
        token,
        launchUrl: `http://${host}:${port}/?${HTTP.tokenQuery}=${token}`,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const { res } of eventStreams) res.end();
            eventStreams.clear();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
