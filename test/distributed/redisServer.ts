import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's redis-server (`apt-get install redis-server`, which .ci/run does); the Redis tests skip without it. */
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync)
  ?? (spawnSync('which', ['redis-server'], { encoding: 'utf8' }).stdout.trim() || null);

export function skipWithoutRedis(): string | false {
  return REDIS_SERVER ? false : 'redis-server not found (apt-get install redis-server): the distributed tests need a real Redis';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.on('connect', () => c.write('PING\r\n'));
    // With requirepass an unauthenticated PING is answered NOAUTH: the server is up all the same.
    c.on('data', (d) => { c.destroy(); resolve(/^(\+PONG|-NOAUTH)/.test(d.toString())); });
    c.on('error', () => resolve(false));
  });
}

/**
 * A throwaway redis-server on 127.0.0.1 on a free port, in a temp directory, with no
 * persistence (`--save '' --appendonly no`): started by the test, stopped by it.
 */
export class RedisServer {
  private constructor(readonly port: number, private readonly dir: string, private readonly child: ChildProcess, private readonly password?: string) {}

  get url(): string { return `redis://${this.password ? `:${this.password}@` : ''}127.0.0.1:${this.port}`; }

  /** `password`: started with --requirepass, and the URL carries it. */
  static async start(o: { password?: string } = {}): Promise<RedisServer> {
    const extra = o.password ? ['--requirepass', o.password] : [];
    if (!REDIS_SERVER) throw new Error('redis-server not installed');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'quinarium-redis-'));
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction', ...extra], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await answers(port)) return new RedisServer(port, dir, child, o.password);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on port ${port}`);
  }

  /** Stops the server (SIGTERM, as a shutdown would) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
