/**
 * A real `quinarium serve` for the end-to-end tests, plus a WebSocket client of our
 * own: the tests check what the page shows against what the engine says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import type { Method, Response, ResultOf } from '../../src/protocol/messages';

export interface ServedApp {
  url: string;
  port: number;
  token: string;
  process: ChildProcess;
  /** Everything the server printed to stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startServe(args: string[], timeoutMs = 100_000): Promise<ServedApp> {
  const child = spawn(process.execPath, ['bin/quinarium.mjs', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`quinarium serve printed no URL within ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+\/\S*\?token=\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`quinarium serve exited (${code}) before printing its URL; stderr:\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token')!,
    process: child,
    log: () => stderr,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGINT');
    }),
  };
}

/** A protocol client over the server's WebSocket, as a second page would be. */
export class EngineProbe {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Response) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Response | { event: unknown };
      if ('id' in m) {
        this.pending.get(m.id)?.(m);
        this.pending.delete(m.id);
      }
    });
  }

  static open(app: ServedApp): Promise<EngineProbe> {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/ws?token=${app.token}`, { headers: { origin: `http://127.0.0.1:${app.port}` } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new EngineProbe(ws)));
      ws.once('error', reject);
    });
  }

  call<M extends Method>(method: M, params?: unknown): Promise<ResultOf[M]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (r) => (r.ok ? resolve(r.result as ResultOf[M]) : reject(new Error(`${method}: ${r.error}`))));
      this.ws.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Polls `probe` until it returns a truthy value; the timeout only bounds a hung run, it is not what is tested. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 60_000, everyMs = 250): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
