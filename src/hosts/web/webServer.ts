/**
 * `quinarium serve`'s server: the built renderer over HTTP and the protocol over a
 * WebSocket at /ws, on 127.0.0.1 only, every request gated by the access token.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, relative, resolve, isAbsolute } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EngineConnection } from '../engineConnection';
import { isLoopbackHost, isOwnOrigin, requestHasToken, tokenCookieName } from './accessToken';
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
}

export interface RunningWebServer {
  port: number;
  /** The page URL with its token: what the user opens. */
  url: string;
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

export async function startWebServer(o: WebServerOptions): Promise<RunningWebServer> {
  const indexPath = join(o.rendererDir, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`serve: the renderer is not built (no ${indexPath}); run \`npx vite build --config renderer/vite.config.ts\``);
  const headers = securityHeaders(cspFromHtml(readFileSync(indexPath, 'utf8')));
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let port = o.port;

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  };

  // Whatever one request does wrong, the server (and the run in its engine) stays up.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    try {
      serveRequest(req, res);
    } catch (e) {
      log(`quinarium serve: ${req.method} ${String(req.url).slice(0, 200)} failed: ${(e as Error)?.message ?? String(e)}`);
      if (!res.headersSent) refuse(res, 500, 'quinarium serve: internal error (reported on the server)');
      else res.destroy();
    }
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const serveRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackHost(req.headers.host, port)) return refuse(res, 403, 'quinarium serve: refused: unexpected Host header');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, `quinarium serve: ${req.method} is not allowed`);
    const url = requestTarget(req.url, port);
    if (!url) return refuse(res, 400, 'quinarium serve: bad request target');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    // The page itself needs ?token=; its assets may use the cookie the page load set.
    if (!requestHasToken(o.token, url, req.headers.cookie, port, !isPage)) {
      return refuse(res, 403, 'quinarium serve: this address needs the token: open the URL that `quinarium serve` printed (…/?token=…)');
    }
    const file = staticFilePath(o.rendererDir, url.pathname);
    if (!file) return refuse(res, 404, `quinarium serve: not found: ${url.pathname}`);
    const body = readFileSync(file);
    const fileHeaders: Record<string, string | string[]> = {
      ...headers,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
    };
    if (isPage) fileHeaders['Set-Cookie'] = `${tokenCookieName(port)}=${o.token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, fileHeaders);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      const url = requestTarget(req.url, port);
      if (!url) return refuseUpgrade(socket, '400 Bad Request');
      if (url.pathname !== '/ws') return refuseUpgrade(socket, '404 Not Found');
      if (!isLoopbackHost(req.headers.host, port) || !isOwnOrigin(req.headers.origin, port)) return refuseUpgrade(socket, '403 Forbidden');
      if (!requestHasToken(o.token, url, undefined, port, false)) return refuseUpgrade(socket, '401 Unauthorized');
      sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, o.engine, log));
    } catch (e) {
      log(`quinarium serve: WebSocket upgrade ${String(req.url).slice(0, 200)} failed: ${(e as Error)?.message ?? String(e)}`);
      socket.destroy();
    }
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${o.token}`,
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
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
