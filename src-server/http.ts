import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { deviceSignInInput, PROTOCOL_HEADER, pullQuery, pushInput, SYNC_PROTOCOL_VERSION, type ServerError as WireError } from '../src-shared/sync/protocol';
import { authenticate, officeId, revokeDevice, ServerError, signInDevice } from './accounts';
import type { Store } from './store';
import { createSyncService } from './sync-service';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const STATUS: Record<WireError['code'], number> = { VALIDATION: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, PROTOCOL: 426, TOO_LARGE: 413, INTERNAL: 500 };

class HttpFailure extends Error {
  constructor(readonly error: WireError) {
    super(error.message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
    ...(status === 413 ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return reject(new HttpFailure({ code: 'TOO_LARGE', message: `A request may carry at most ${MAX_BODY_BYTES / 1024 / 1024} MB.` }));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop keeping it and let the rest drain, so the 413 reaches the sender rather than a reset connection.
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpFailure({ code: 'TOO_LARGE', message: `A request may carry at most ${MAX_BODY_BYTES / 1024 / 1024} MB.` }));
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        // "__proto__" becomes an own key in JSON.parse, which later copies would drop silently: refuse it outright.
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'), (key, value: unknown) => {
          if (key === '__proto__') throw new HttpFailure({ code: 'VALIDATION', message: 'A field may not be named __proto__.' });
          return value;
        }));
      } catch (err) {
        reject(err instanceof HttpFailure ? err : new HttpFailure({ code: 'VALIDATION', message: 'The request body is not valid JSON.' }));
      }
    });
    req.on('error', reject);
  });
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new HttpFailure({ code: 'VALIDATION', message: `${issue.path.join('.') || 'request'}: ${issue.message}` });
}

const bearer = (req: IncomingMessage) => /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];

export interface OfficeServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * The office backend's HTTP API (docs/sync.md): sign a desktop in, push changes, pull changes. Every request but
 * /health states the sync protocol it speaks; another version is told to update.
 */
export async function startOfficeServer(store: Store, opts: { port?: number; host?: string } = {}): Promise<OfficeServer> {
  const sync = createSyncService(store);
  const office = await officeId(store);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://server');
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true, protocol: SYNC_PROTOCOL_VERSION, officeId: office });
    const spoken = req.headers[PROTOCOL_HEADER];
    if (spoken !== String(SYNC_PROTOCOL_VERSION)) {
      throw new HttpFailure({
        code: 'PROTOCOL',
        message: `Update Lead Desk: this office server speaks sync protocol ${SYNC_PROTOCOL_VERSION}, this app ${spoken ? `speaks ${String(spoken)}` : 'did not say which it speaks'}.`,
      });
    }
    if (req.method === 'POST' && url.pathname === '/v1/devices') return send(res, 200, await signInDevice(store, parse(deviceSignInInput, await readJson(req))));
    const session = await authenticate(store, bearer(req));
    if (req.method === 'POST' && url.pathname === '/v1/sync/push') return send(res, 200, await sync.push(session, parse(pushInput, await readJson(req)).changes));
    if (req.method === 'GET' && url.pathname === '/v1/sync/pull') {
      const query = parse(pullQuery, Object.fromEntries(url.searchParams));
      return send(res, 200, await sync.pull(query.after, query.limit));
    }
    const device = /^\/v1\/devices\/([\w-]{1,64})$/.exec(url.pathname);
    if (req.method === 'DELETE' && device) {
      await revokeDevice(store, session, device[1]!);
      return send(res, 200, { ok: true });
    }
    throw new HttpFailure({ code: 'NOT_FOUND', message: `No such endpoint: ${req.method} ${url.pathname}` });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const error: WireError =
        err instanceof HttpFailure ? err.error : err instanceof ServerError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'The office server failed; see its log.' };
      if (error.code === 'INTERNAL') console.error('[lead-desk-server]', err);
      if (!res.headersSent) send(res, STATUS[error.code], { error });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
