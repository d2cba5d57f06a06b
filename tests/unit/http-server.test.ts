import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP } from '../../src-shared/api/contract';
import { startBrowserServer, type BrowserServer } from '../../src-main/browser/http-server';
import { ok, tempDir, testCore } from '../helpers/temp';

let server: BrowserServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const core = testCore();
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lead Desk</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, '..', 'secret.txt'), 'not for the browser');
  server = await startBrowserServer({ core, rendererDir });
  return { core, base: `http://127.0.0.1:${server.port}`, token: server.token };
}

/** Raw request, so the Host header and paths are sent exactly as written. */
function raw(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode over HTTP', () => {
  it('moves the launch token into an HttpOnly cookie and then serves the app with it', async () => {
    const { base, token } = await start();
    const launch = await fetch(server!.launchUrl, { redirect: 'manual' });
    expect(launch.status).toBe(303);
    expect(launch.headers.get('location')).toBe('/');
    const cookie = launch.headers.getSetCookie().find((c) => c.startsWith(`${HTTP.tokenCookie}=`))!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(base + '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<title>Lead Desk</title>');
    expect(token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses every request without the token, and a wrong launch link', async () => {
    const { base } = await start();
    const page = await fetch(base + '/');
    expect(page.status).toBe(401);
    expect((await page.json()).error.code).toBe('BAD_TOKEN');
    const api = await fetch(base + '/api/app.info', { method: 'POST', headers: { authorization: 'Bearer wrong' } });
    expect(api.status).toBe(401);
    const link = await fetch(base + '/?token=guess', { redirect: 'manual' });
    expect(link.status).toBe(401);
    expect((await link.json()).error.message).toMatch(/not valid for the running Lead Desk/);
  });

  it('requires the CSRF header on cookie-authenticated API calls', async () => {
    const { base, token } = await start();
    const cookie = `${HTTP.tokenCookie}=${token}`;
    const without = await fetch(base + '/api/app.info', { method: 'POST', headers: { cookie }, body: '{}' });
    expect(without.status).toBe(403);
    const withHeader = await fetch(base + '/api/app.info', { method: 'POST', headers: { cookie, [HTTP.csrfHeader]: '1' }, body: '{}' });
    expect(withHeader.status).toBe(200);
    expect((await withHeader.json()).value.needsSetup).toBe(true);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { token } = await start();
    const res = await raw(server!.port, '/api/app.info', { host: 'attacker.example:80', authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Unexpected Host header/);
  });

  it('serves only files inside the renderer folder', async () => {
    const { token } = await start();
    const auth = { authorization: `Bearer ${token}`, host: `127.0.0.1:${server!.port}` };
    expect((await raw(server!.port, '/assets/app.js', auth)).status).toBe(200);
    expect((await raw(server!.port, '/../secret.txt', auth)).body).not.toContain('not for the browser');
    expect((await raw(server!.port, '/%2e%2e/secret.txt', auth)).body).not.toContain('not for the browser');
  });

  it('carries calls with typed errors and HTTP statuses, and keeps a session per cookie jar', async () => {
    const { base, token } = await start();
    const call = async (method: string, body: unknown, session?: string) => {
      const res = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(session ? { cookie: session } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${HTTP.sessionCookie}=`));
      return { status: res.status, json: await res.json(), session: setCookie?.split(';')[0] ?? session };
    };
    expect((await call('setup.loadDemo', {})).status).toBe(200);
    const signIn = await call('auth.signIn', { username: 'manager', password: 'demo2026' });
    expect(signIn.json).toMatchObject({ ok: true, value: { role: 'manager' } });
    expect((await call('auth.me', {}, signIn.session)).json.value.username).toBe('manager');
    expect((await call('auth.me', {})).json.value).toBeNull();
    expect((await call('leads.list', { limit: 'many' }, signIn.session)).status).toBe(400);
    expect((await call('leads.list', {})).status).toBe(401);
    expect((await call('no.such', {})).status).toBe(404);
    const broken = await call('auth.signIn', '{"username": ');
    expect(broken).toMatchObject({ status: 400, json: { ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/must be JSON/) } } });
  });

  it('pushes events only to the session they concern', async () => {
    const { core, base, token } = await start();
    const events: string[] = [];
    const controller = new AbortController();
    const stream = await fetch(base + HTTP.eventsPath, { headers: { authorization: `Bearer ${token}`, cookie: `${HTTP.sessionCookie}=listener-session-0000000001` }, signal: controller.signal });
    const reader = stream.body!.getReader();
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        events.push(decoder.decode(value));
      }
    })().catch(() => undefined);
    await ok(core.call('setup', 'setup.loadDemo', {}));
    await ok(core.call('http:someone-else-00000000001', 'auth.signIn', { username: 'anna', password: 'demo2026' }));
    await ok(core.call('http:listener-session-0000000001', 'auth.signIn', { username: 'kasia', password: 'demo2026' }));
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await reading;
    const text = events.join('');
    expect(text).toContain('event: leads.changed');
    expect(text).toContain('"username":"kasia"');
    expect(text).not.toContain('"username":"anna"');
  });
});
