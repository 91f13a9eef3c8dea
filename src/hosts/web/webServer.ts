/**
 * `quinarium serve`'s server: the built renderer over HTTP and the protocol over a
 * WebSocket, on the loopback addresses only (127.0.0.1 and ::1), every request gated
 * by the access token or the cookie it sets for this server's own path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, relative, resolve, isAbsolute } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EngineConnection } from '../engineConnection';
import { createServerId, isLoopbackHost, isOwnOrigin, mountPath, requestHasToken, tokenCookieName } from './accessToken';
import { cspFromHtml, securityHeaders } from './securityHeaders';

export interface WebServerOptions {
  engine: EngineConnection;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  token: string;
  /** 0 picks a free port. */
  port: number;
  /** Where a request that failed inside the server is reported (one line); default stderr. */
  log?: (line: string) => void;
  /** The id naming this server's path (`/q-<id>/`) and cookie; a fresh one by default. A restarted `serve` passes its saved one, so open pages reconnect at the same URL. */
  serverId?: string;
}

export interface RunningWebServer {
  port: number;
  /** The page URL with its token: what the user opens. */
  url: string;
  /** The loopback addresses listened on: 127.0.0.1, and ::1 where the machine has it. */
  addresses: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Largest request the WebSocket accepts: requests are small; this bounds a hostile one. */
const MAX_MESSAGE_BYTES = 1 << 20;
/** Progress events are dropped for a client this far behind; everything else always goes. */
const SLOW_CLIENT_BYTES = 8 << 20;

/** The file under `root` that `pathname` names, or null when it escapes root or does not exist. */
export function staticFilePath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(root, wanted);
  const rel = relative(resolve(root), full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The request target as a URL on this server, or null when it is not an origin-form
 * path (`/…`). Never throws: `new URL('//', base)` reads `//` as a host-less
 * authority and throws, which took the whole server down (issue 11).
 */
export function requestTarget(raw: string | undefined, port: number): URL | null {
  if (raw === undefined || !raw.startsWith('/')) return null;
  try {
    // Prefixed, not resolved against a base: `//x` stays the path `//x`, never the host x.
    return new URL(`http://127.0.0.1:${port}${raw}`);
  } catch {
    return null;
  }
}

/** Listens on host:port; rejects with the listen error (EADDRINUSE, EADDRNOTAVAIL, …). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
}

const closeServer = (server: Server): Promise<void> => new Promise((done) => (server.listening ? server.close(() => done()) : done()));

/** Errors that mean "this machine has no IPv6 loopback", not "something is wrong". */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);

export async function startWebServer(o: WebServerOptions): Promise<RunningWebServer> {
  const indexPath = join(o.rendererDir, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`serve: the renderer is not built (no ${indexPath}); run \`npx vite build --config renderer/vite.config.ts\``);
  const headers = securityHeaders(cspFromHtml(readFileSync(indexPath, 'utf8')));
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const serverId = o.serverId ?? createServerId();
  const mount = mountPath(serverId);
  const cookieName = tokenCookieName(serverId);
  let port = o.port;

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  };
  const needsToken = 'quinarium serve: this address needs the token: open the URL that `quinarium serve` printed (…?token=…)';

  // Whatever one request does wrong, the server (and the run in its engine) stays up.
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    try {
      serveRequest(req, res);
    } catch (e) {
      log(`quinarium serve: ${req.method} ${String(req.url).slice(0, 200)} failed: ${(e as Error)?.message ?? String(e)}`);
      if (!res.headersSent) refuse(res, 500, 'quinarium serve: internal error (reported on the server)');
      else res.destroy();
    }
  };

  /**
   * The app lives under this server's own path (`/q-<id>/`), and its cookie is scoped
   * to it. The page and its assets take the token (`?token=`, as printed) or the
   * cookie the first page load set, so a reload works once the page has taken the
   * token out of its address bar.
   */
  const serveRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackHost(req.headers.host, port)) return refuse(res, 403, 'quinarium serve: refused: unexpected Host header');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, `quinarium serve: ${req.method} is not allowed`);
    const url = requestTarget(req.url, port);
    if (!url) return refuse(res, 400, 'quinarium serve: bad request target');
    if (!url.pathname.startsWith(mount)) {
      if (!requestHasToken(o.token, url, undefined, null)) return refuse(res, 403, needsToken);
      // The page's old address (`/?token=…`) leads to where the app now lives.
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(302, { ...headers, Location: `${mount}${url.search}` });
        return res.end();
      }
      return refuse(res, 404, `quinarium serve: not found: ${url.pathname.slice(0, 200)}`);
    }
    const path = url.pathname.slice(mount.length - 1);
    const isPage = path === '/' || path === '/index.html';
    if (!requestHasToken(o.token, url, req.headers.cookie, cookieName)) return refuse(res, 403, needsToken);
    const file = staticFilePath(o.rendererDir, path);
    if (!file) return refuse(res, 404, `quinarium serve: not found: ${path.slice(0, 200)}`);
    const body = readFileSync(file);
    const fileHeaders: Record<string, string | string[]> = {
      ...headers,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
    };
    if (isPage) fileHeaders['Set-Cookie'] = `${cookieName}=${o.token}; HttpOnly; SameSite=Strict; Path=${mount}`;
    res.writeHead(200, fileHeaders);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  /**
   * The protocol at `<mount>ws` (the page's own, authenticated by its cookie, from its
   * own Origin only) and at `/ws` (tools and tests, with `?token=`).
   */
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      const url = requestTarget(req.url, port);
      if (!url) return refuseUpgrade(socket, '400 Bad Request');
      const own = url.pathname === `${mount}ws`;
      if (url.pathname !== '/ws' && !own) return refuseUpgrade(socket, '404 Not Found');
      if (!isLoopbackHost(req.headers.host, port) || !isOwnOrigin(req.headers.origin, port)) return refuseUpgrade(socket, '403 Forbidden');
      // A cookie proves a browser page only with the Origin it sent: never without one.
      const cookieAllowed = own && req.headers.origin !== undefined;
      if (!requestHasToken(o.token, url, req.headers.cookie, cookieAllowed ? cookieName : null)) return refuseUpgrade(socket, '401 Unauthorized');
      sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, o.engine, log));
    } catch (e) {
      log(`quinarium serve: WebSocket upgrade ${String(req.url).slice(0, 200)} failed: ${(e as Error)?.message ?? String(e)}`);
      socket.destroy();
    }
  };

  const onClientError = (_e: Error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  };
  const makeServer = (): Server => {
    const server = createServer(onRequest);
    server.on('upgrade', onUpgrade);
    server.on('clientError', onClientError);
    return server;
  };

  // 127.0.0.1, and ::1 on the same port: the Host check accepts `localhost`, which a
  // browser may resolve to ::1 first. A machine without IPv6 loopback keeps 127.0.0.1 alone.
  let servers: Server[] = [];
  for (let attempt = 0; ; attempt++) {
    const v4 = makeServer();
    await listen(v4, o.port, '127.0.0.1');
    port = (v4.address() as AddressInfo).port;
    const v6 = makeServer();
    try {
      await listen(v6, port, '::1');
      servers = [v4, v6];
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (NO_IPV6.has(code)) {
        servers = [v4];
        break;
      }
      await closeServer(v4);
      // A free port on 127.0.0.1 may be taken on ::1: with --port 0, pick another.
      if (code === 'EADDRINUSE' && o.port === 0 && attempt < 10) continue;
      throw e;
    }
  }

  return {
    port,
    url: `http://127.0.0.1:${port}${mount}?token=${o.token}`,
    addresses: servers.map((s) => (s.address() as AddressInfo).address),
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map(closeServer));
    },
  };
}

/** The id a reply to `message` goes back under: its own when usable, else -1 (as validateRequest does). */
const replyId = (message: unknown): number => {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : -1;
};

function serveSocket(ws: WebSocket, engine: EngineConnection, log: (line: string) => void): void {
  // Every send is guarded: a reply that cannot be serialised or a socket that broke
  // costs that one message (reported), never the server.
  const send = (message: unknown) => {
    try {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    } catch (e) {
      log(`quinarium serve: could not send a message to a page: ${(e as Error)?.message ?? String(e)}`);
    }
  };
  const unsubscribe = engine.onEvent((m) => {
    if (m.event.type === 'progress' && ws.bufferedAmount > SLOW_CLIENT_BYTES) return;
    send(m);
  });
  ws.on('message', (data, isBinary) => {
    let message: unknown;
    try {
      if (isBinary) throw new Error('binary frame; expected JSON text');
      message = JSON.parse(data.toString());
    } catch (err) {
      send({ id: -1, ok: false, error: `request: expected one JSON object per message (${(err as Error).message})` });
      return;
    }
    // EngineConnection.request never rejects by contract; a stand-in that does still gets one reply.
    Promise.resolve().then(() => engine.request(message)).then(send, (e: unknown) => send({ id: replyId(message), ok: false, error: `request failed: ${(e as Error)?.message ?? String(e)}` }));
  });
  ws.on('close', unsubscribe);
  ws.on('error', () => ws.terminate());
}
