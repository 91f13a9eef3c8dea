import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as netConnect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineConnection } from '../../src/hosts/engineConnection';
import type { EventMessage } from '../../src/hosts/engineProcess';
import { cookieValue, createAccessToken, createServerId, mountPath, tokenCookieName, tokenMatches } from '../../src/hosts/web/accessToken';
import { RENDERER_SOURCES, rendererBuildReason } from '../../src/hosts/web/rendererBuild';
import { cspFromHtml, FALLBACK_CSP } from '../../src/hosts/web/securityHeaders';
import { requestTarget, startWebServer, staticFilePath, type RunningWebServer } from '../../src/hosts/web/webServer';
import type { Response } from '../../src/protocol/messages';

const PAGE_CSP = "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*";
const INDEX = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}" /></head><body>page</body></html>`;

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', address = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: address, port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, or with the HTTP status the upgrade was refused with. */
function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

/** Sends `text` as a raw HTTP request and resolves with the status line (or '' if the socket just closed). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.on('data', (d) => (reply += d));
    socket.on('end', () => resolve(reply.split('\r\n')[0]));
    socket.on('close', () => resolve(reply.split('\r\n')[0]));
    socket.on('error', reject);
  });
}

const nextMessage = (ws: WebSocket): Promise<unknown> => new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));

describe('access token', () => {
  it('is 43 URL-safe characters, different each time', () => {
    const a = createAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createAccessToken()).not.toBe(a);
  });

  it('matches only itself', () => {
    const t = createAccessToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t, t.slice(0, -1))).toBe(false);
    expect(tokenMatches(t, `${t}x`)).toBe(false);
    expect(tokenMatches(t, null)).toBe(false);
    expect(tokenMatches(t, '')).toBe(false);
  });

  it('reads its cookie by the per-server name, under a per-server path', () => {
    const [a, b] = [createServerId(), createServerId()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(b).not.toBe(a);
    expect(mountPath(a)).toBe(`/q-${a}/`);
    expect(cookieValue(`x=1; ${tokenCookieName(a)}=abc; y=2`, tokenCookieName(a))).toBe('abc');
    expect(cookieValue(`${tokenCookieName(b)}=abc`, tokenCookieName(a))).toBeNull();
  });
});

describe('security headers', () => {
  it("reads the page's CSP meta", () => {
    expect(cspFromHtml(INDEX)).toBe(PAGE_CSP);
    expect(cspFromHtml("<meta content='x-src a' http-equiv='content-security-policy'>")).toBe('x-src a');
    expect(cspFromHtml('<meta charset="utf-8">')).toBeNull();
  });
});

describe('staticFilePath', () => {
  it('keeps requests inside the renderer folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'quinarium-static-'));
    writeFileSync(join(root, 'index.html'), 'x');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'a.js'), 'x');
    expect(staticFilePath(root, '/')).toBe(join(root, 'index.html'));
    expect(staticFilePath(root, '/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
    expect(staticFilePath(root, '/../package.json')).toBeNull();
    expect(staticFilePath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(staticFilePath(root, '/assets')).toBeNull(); // a folder is not a file
    expect(staticFilePath(root, '/%E0%A4%A')).toBeNull(); // malformed escape
    rmSync(root, { recursive: true });
  });
});

describe('requestTarget', () => {
  // `new URL('//', base)` throws (a host-less authority): that one request ended serve (issue 11).
  it('reads every origin-form target as a path, and never throws', () => {
    expect(requestTarget('//', 80)?.pathname).toBe('//');
    expect(requestTarget('//?token=x', 80)?.searchParams.get('token')).toBe('x');
    expect(requestTarget('//evil.example/ws', 8080)?.host).toBe('127.0.0.1:8080');
    expect(requestTarget('/a?b=c', 80)?.pathname).toBe('/a');
    for (const bad of [undefined, '', '*', 'http://evil.example/', 'ws']) expect(requestTarget(bad, 80)).toBeNull();
  });
});

describe('rendererBuildReason', () => {
  it('asks for a build when the output is missing or older than a source', () => {
    const root = mkdtempSync(join(tmpdir(), 'quinarium-build-'));
    const out = join(root, 'out');
    const src = join(root, 'src');
    mkdirSync(out);
    mkdirSync(src);
    writeFileSync(join(src, 'main.ts'), 'x');
    expect(rendererBuildReason(out, [src])).toMatch(/index\.html is missing/);
    writeFileSync(join(out, 'index.html'), 'x');
    utimesSync(join(src, 'main.ts'), new Date(1_000_000), new Date(1_000_000));
    utimesSync(join(out, 'index.html'), new Date(2_000_000), new Date(2_000_000));
    expect(rendererBuildReason(out, [src])).toBeNull();
    utimesSync(join(src, 'main.ts'), new Date(3_000_000), new Date(3_000_000));
    expect(rendererBuildReason(out, [src])).toMatch(/newer than the build/);
    rmSync(root, { recursive: true });
  });

  // The staleness check must watch every folder the bundle is built from: read the
  // renderer's imports and check each src/<layer> it reaches is watched.
  it('watches every source folder the renderer imports from', () => {
    const repo = join(__dirname, '../..');
    const layers = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.ts$/.test(e.name)) {
          for (const m of readFileSync(path, 'utf8').matchAll(/from '((?:\.\.\/)+src\/([a-z]+))\//g)) layers.add(`src/${m[2]}`);
        }
      }
    };
    walk(join(repo, 'renderer', 'src'));
    expect([...layers].sort()).toEqual(['src/protocol', 'src/shared']);
    for (const layer of layers) expect(RENDERER_SOURCES).toContain(layer);
    expect(RENDERER_SOURCES).toContain('renderer');
  });
});

describe('web server', () => {
  let rendererDir: string;
  let server: RunningWebServer;
  const token = createAccessToken();
  const received: unknown[] = [];
  const listeners = new Set<(m: EventMessage) => void>();
  const engine: EngineConnection = {
    request: async (m) => {
      received.push(m);
      return { id: (m as { id: number }).id, ok: true, result: { state: 'idle' } } as Response;
    },
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'quinarium-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), INDEX);
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startWebServer({ engine, rendererDir, token, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(rendererDir, { recursive: true });
  });

  /** The app's own path and cookie name, from the printed URL. */
  const mountOf = (s: RunningWebServer) => new URL(s.url).pathname;
  const cookieOf = (s: RunningWebServer, value = token) => `${tokenCookieName(mountOf(s).slice(3, -1))}=${value}`;

  it('listens on 127.0.0.1 (and ::1) at a free port and prints a URL with its own path and the token', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/q-[A-Za-z0-9_-]{12}/\\?token=${token}$`));
    expect(server.addresses[0]).toBe('127.0.0.1');
  });

  it('refuses the page without the token, or with a wrong one (403)', async () => {
    const mount = mountOf(server);
    expect((await get(server.port, '/')).status).toBe(403);
    expect((await get(server.port, mount)).status).toBe(403);
    expect((await get(server.port, `${mount}index.html`)).status).toBe(403);
    expect((await get(server.port, `${mount}?token=${createAccessToken()}`)).status).toBe(403);
    expect((await get(server.port, mount, { cookie: cookieOf(server, 'wrong') })).status).toBe(403);
  });

  // Issue 11: the cookie was `Path=/` for 127.0.0.1, which the browser sends to every
  // port of the machine (cookies ignore ports). Scoped to this server's random path.
  it('serves the page with the token, its CSP, nosniff, no CORS, and a cookie scoped to its own path', async () => {
    const mount = mountOf(server);
    const r = await get(server.port, `${mount}?token=${token}`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX);
    expect(r.headers['content-security-policy']).toBe(`${PAGE_CSP}; frame-ancestors 'none'`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(r.headers['set-cookie'])).toBe(`${cookieOf(server)}; HttpOnly; SameSite=Strict; Path=${mount}`);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
  });

  // The page takes the token out of its address bar: a reload carries only the cookie.
  it('serves the page again to its cookie alone (a reload after the token left the address)', async () => {
    expect((await get(server.port, mountOf(server), { cookie: cookieOf(server) })).status).toBe(200);
  });

  it('leads the old address (/?token=) to the app\'s own path', async () => {
    const r = await get(server.port, `/?token=${token}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`${mountOf(server)}?token=${token}`);
  });

  it('serves assets to the token or its cookie only', async () => {
    const mount = mountOf(server);
    expect((await get(server.port, `${mount}assets/app.js`)).status).toBe(403);
    const withCookie = await get(server.port, `${mount}assets/app.js`, { cookie: cookieOf(server) });
    expect(withCookie.status).toBe(200);
    expect(withCookie.body).toBe('console.log(1)');
    expect(withCookie.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await get(server.port, `${mount}assets/app.js`, { cookie: cookieOf(server, 'wrong') })).status).toBe(403);
    // The cookie is this server's only: at the root, where another server's page would be, it opens nothing.
    expect((await get(server.port, '/assets/app.js', { cookie: cookieOf(server) })).status).toBe(403);
    expect((await get(server.port, `${mount}assets/missing.js?token=${token}`)).status).toBe(404);
    expect((await get(server.port, `${mount}../package.json?token=${token}`)).status).not.toBe(200);
    expect((await get(server.port, `${mount}%2e%2e/package.json?token=${token}`)).status).not.toBe(200);
  });

  it('opens the page\'s own WebSocket to its cookie, from its own Origin only', async () => {
    const own = `ws://127.0.0.1:${server.port}${mountOf(server)}ws`;
    const origin = `http://127.0.0.1:${server.port}`;
    const ws = await connect(own, { cookie: cookieOf(server), origin });
    if (typeof ws === 'number') throw new Error(`upgrade refused with ${ws}`);
    ws.close();
    expect(await connect(own, { cookie: cookieOf(server) })).toBe(401); // no Origin: not a page
    expect(await connect(own, { cookie: cookieOf(server, 'wrong'), origin })).toBe(401);
    expect(await connect(`ws://127.0.0.1:${server.port}/ws`, { cookie: cookieOf(server), origin })).toBe(401); // the cookie is not for /ws
  });

  // `localhost` is accepted in the Host header; browsers may resolve it to ::1 first.
  it('answers on ::1 too, as localhost and as [::1]', async () => {
    // Where this machine has no IPv6 loopback, 127.0.0.1 alone is right.
    const ipv6 = await new Promise<boolean>((resolve) => {
      const probe = createNetServer();
      probe.once('error', () => resolve(false));
      probe.listen(0, '::1', () => probe.close(() => resolve(true)));
    });
    expect(server.addresses).toEqual(ipv6 ? ['127.0.0.1', '::1'] : ['127.0.0.1']);
    if (!ipv6) return;
    const mount = mountOf(server);
    expect((await get(server.port, `${mount}?token=${token}`, { host: `localhost:${server.port}` }, 'GET', '::1')).status).toBe(200);
    expect((await get(server.port, `${mount}?token=${token}`, { host: `[::1]:${server.port}` }, 'GET', '::1')).status).toBe(200);
    expect((await get(server.port, `${mount}?token=${token}`, { host: `evil.example:${server.port}` }, 'GET', '::1')).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) and non-GET methods', async () => {
    expect((await get(server.port, `/?token=${token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, `/?token=${token}`, {}, 'POST')).status).toBe(405);
  });

  it('refuses WebSockets without the token (401), from another origin (403), or off /ws (404)', async () => {
    const base = `ws://127.0.0.1:${server.port}`;
    expect(await connect(`${base}/ws`)).toBe(401);
    expect(await connect(`${base}/ws?token=nope`)).toBe(401);
    expect(await connect(`${base}/ws?token=${token}`, { origin: 'https://evil.example' })).toBe(403);
    expect(await connect(`${base}/other?token=${token}`)).toBe(404);
    expect(received).toEqual([]);
  });

  it('carries requests, responses and events over the WebSocket', async () => {
    const ws = await connect(`ws://127.0.0.1:${server.port}/ws?token=${token}`, { origin: `http://127.0.0.1:${server.port}` });
    if (typeof ws === 'number') throw new Error(`upgrade refused with ${ws}`);
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 7, method: 'state' }));
    expect(await reply).toEqual({ id: 7, ok: true, result: { state: 'idle' } });
    expect(received).toEqual([{ id: 7, method: 'state' }]);

    const garbled = nextMessage(ws);
    ws.send('{not json');
    expect(await garbled).toMatchObject({ id: -1, ok: false, error: expect.stringMatching(/expected one JSON object per message/) });

    const event = nextMessage(ws);
    for (const l of listeners) l({ event: { type: 'log', message: 'hello' } });
    expect(await event).toEqual({ event: { type: 'log', message: 'hello' } });
    ws.close();
  });

  // Each of these took the whole server (and the run in its engine) down before issue 11.
  it('answers `GET //`, `//?token=`, odd targets and a `//` upgrade, and stays up', async () => {
    expect((await get(server.port, '//')).status).toBe(403);
    expect((await get(server.port, `${mountOf(server)}/?token=${token}`)).status).toBe(404);
    expect((await get(server.port, `//?token=${token}`)).status).toBe(404);
    expect((await get(server.port, '//?token=x')).status).toBe(403);
    expect(await rawRequest(server.port, `GET * HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    const upgrade = (target: string) => rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    expect(await upgrade('//')).toMatch(/^HTTP\/1\.1 404/);
    expect(await upgrade(`//?token=${token}`)).toMatch(/^HTTP\/1\.1 404/);
    expect(await upgrade('*')).toMatch(/^HTTP\/1\.1 400/);
    expect((await get(server.port, `${mountOf(server)}?token=${token}`)).status).toBe(200);
  });

  it('answers every message once, even when the engine throws, rejects or sends what cannot be serialised', async () => {
    const logged: string[] = [];
    const eventListeners = new Set<(m: EventMessage) => void>();
    const unruly: EngineConnection = {
      request: (m) => {
        const method = (m as { method?: string }).method;
        if (method === 'throw') throw new Error('thrown synchronously');
        if (method === 'reject') return Promise.reject(new Error('rejected'));
        return Promise.resolve({ id: (m as { id: number }).id, ok: true, result: { state: 'idle' } } as Response);
      },
      onEvent: (l) => { eventListeners.add(l); return () => eventListeners.delete(l); },
    };
    const s = await startWebServer({ engine: unruly, rendererDir, token, port: 0, log: (line) => logged.push(line) });
    const ws = await connect(`ws://127.0.0.1:${s.port}/ws?token=${token}`);
    if (typeof ws === 'number') throw new Error(`upgrade refused with ${ws}`);
    let reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 1, method: 'throw' }));
    expect(await reply).toEqual({ id: 1, ok: false, error: 'request failed: thrown synchronously' });
    reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 2, method: 'reject' }));
    expect(await reply).toEqual({ id: 2, ok: false, error: 'request failed: rejected' });
    // An event JSON cannot carry (a BigInt) is dropped and logged; the next one still arrives.
    reply = nextMessage(ws);
    for (const l of eventListeners) l({ event: { type: 'log', message: 10n as unknown as string } });
    for (const l of eventListeners) l({ event: { type: 'log', message: 'after' } });
    expect(await reply).toEqual({ event: { type: 'log', message: 'after' } });
    expect(logged.join('\n')).toMatch(/could not send a message to a page: .*BigInt/);
    ws.close();
    await s.close();
  });

  it('uses a strict fallback CSP when the page declares none', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'quinarium-bare-'));
    writeFileSync(join(bare, 'index.html'), '<!doctype html><p>x</p>');
    const s = await startWebServer({ engine, rendererDir: bare, token, port: 0 });
    const r = await get(s.port, `${new URL(s.url).pathname}?token=${token}`);
    expect(r.headers['content-security-policy']).toBe(`${FALLBACK_CSP}; frame-ancestors 'none'`);
    await s.close();
    rmSync(bare, { recursive: true });
  });

  it('refuses to start without a built renderer', async () => {
    await expect(startWebServer({ engine, rendererDir: join(tmpdir(), 'quinarium-no-such-dir'), token, port: 0 })).rejects.toThrow(/renderer is not built/);
  });
});
