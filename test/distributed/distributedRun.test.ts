import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { SessionHost } from '../../src/hosts/sessionHost';
import type { HostMessage } from '../../src/protocol/messages';
import { bin, CliProcess } from './cliProcess';
import { RedisServer, skipWithoutRedis } from './redisServer';

// A tiny but real evolution (4 individuals, 4 generations, 5 lifetime steps, 1,000 validation
// images), checkpointed every generation so that a killed coordinator has something to resume.
const tiny = ['--population', '4', '--generations', '4', '--lifetime-steps', '5', '--evaluation-validation', '1000', '--checkpoint-every', '1', '--seed', '7', '--backend', 'wasm'];
// Short BullMQ locks, so a SIGKILLed worker's job is taken up again within seconds rather than 30 s.
const workerFlags = ['--threads', '1', '--backend', 'wasm', '--lock-duration', '3000', '--stalled-interval', '1000', '--verbose'];

const root = join(__dirname, '../..');

function runDirIn(out: string): string {
  const [dir] = readdirSync(out);
  return join(out, dir);
}

/** lineage.csv as bytes, generations.jsonl without its wall-clock field (`seconds`), events.jsonl as bytes. */
function contents(dir: string) {
  const strip = (line: string) => { const o = JSON.parse(line); delete o.seconds; return JSON.stringify(o); };
  return {
    lineage: readFileSync(join(dir, 'lineage.csv'), 'utf8'),
    generations: readFileSync(join(dir, 'generations.jsonl'), 'utf8').trim().split('\n').map(strip),
    events: readFileSync(join(dir, 'events.jsonl'), 'utf8'),
  };
}

function generationsLogged(out: string): number {
  try {
    const log = join(runDirIn(out), 'generations.jsonl');
    return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
  } catch {
    return 0;
  }
}

async function until(test: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The ids of the jobs a worker finished (from its --verbose lines). */
const doneIds = (stderr: string) => [...stderr.matchAll(/job (q[0-9a-f]+) \w+ done/g)].map((m) => m[1]);

const missing = skipWithoutRedis();
if (missing) console.warn(`test/distributed: skipped — ${missing}`);

// Each test runs several CLI processes (Redis, workers, coordinators) on a shared machine: generous timeouts.
describe.skipIf(missing)(missing ? `distributed evolution: SKIPPED — ${missing}` : 'distributed evolution on BullMQ + a real redis-server', { timeout: 300_000 }, () => {
  const base = mkdtempSync(join(tmpdir(), 'quinarium-dist-'));
  let reference: ReturnType<typeof contents>;
  /** A distributed run's lineage.csv, generation rows and events.jsonl are the local run's, byte for byte. */
  const expectLocalRun = (dir: string) => {
    const run = contents(dir);
    expect(run.lineage).toBe(reference.lineage);
    expect(run.generations).toEqual(reference.generations);
    expect(run.events).toBe(reference.events);
  };
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(() => {
    const out = join(base, 'local');
    execFileSync('node', [bin, 'evolve', ...tiny, '--threads', '1', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    reference = contents(runDirIn(out));
  }, 300_000);

  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A fresh server each test: job ids are content hashes, so a server that saw this run would just hand back its results. */
  async function fleet(workers: number, extra: string[][] = [], password?: string): Promise<{ redis: RedisServer; workers: CliProcess[] }> {
    const redis = await RedisServer.start({ password });
    cleanup.push(() => redis.stop());
    const procs = Array.from({ length: workers }, (_, i) => new CliProcess(['worker', '--redis', redis.url, ...workerFlags, ...(extra[i] ?? [])]));
    for (const p of procs) cleanup.push(() => p.stop());
    await Promise.all(procs.map((p) => p.waitFor(/serving redis:\/\//)));
    return { redis, workers: procs };
  }

  it('two workers give byte-for-byte the lineage (and the generation rows) of a local run, each job computed once; so does an app session', async () => {
    const { redis, workers } = await fleet(2);
    const out = join(base, 'two');
    const coordinator = new CliProcess(['evolve', ...tiny, '--out', out, '--redis', redis.url]);
    const { code } = await coordinator.exited;
    expect(code, coordinator.stderr).toBe(0);
    expectLocalRun(runDirIn(out));
    const done = workers.flatMap((w) => doneIds(w.stderr));
    // 4 generations × 4 individuals, at least one regeneration per reproduction, the best's test accuracy.
    expect(done.length).toBeGreaterThanOrEqual(16 + 3 + 1);
    expect(new Set(done).size).toBe(done.length);

    // The app's sessions take the same queue (a host option), with the same result.
    await selectBackend('wasm');
    const sent: HostMessage[] = [];
    const host = new SessionHost({ outDir: join(base, 'app'), queue: { redis: redis.url }, send: (m) => sent.push(m), progressIntervalMs: 0 });
    const overrides = { population: 4, generations: 4, seed: 7, checkpointEvery: 1, lifetime: { steps: 5 }, evaluation: { validation: 1000 } };
    const created = await host.handle({ id: 1, method: 'create', params: { preset: 'evo/default', overrides } });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    await host.handle({ id: 2, method: 'start' });
    await until(() => sent.some((m) => 'event' in m && m.event.type === 'status' && ['done', 'error'].includes(m.event.state)), 'the app session ended');
    const ended = sent.flatMap((m) => ('event' in m && m.event.type === 'status' && ['done', 'error'].includes(m.event.state) ? [m.event] : []));
    expect(ended[0], 'the app session ended done, not in error').toMatchObject({ state: 'done' });
    const logs = sent.flatMap((m) => ('event' in m && m.event.type === 'log' ? [m.event.message] : []));
    expect(logs).toContain(`evolution: jobs go to the queue at ${redis.url}`);
    expect(contents((created as { result: { runDir: string } }).result.runDir).lineage).toBe(reference.lineage);
    expect(workers.flatMap((w) => doneIds(w.stderr)).length, 'the session computed on the workers').toBeGreaterThan(done.length);
    await host.close();
  });

  it('a worker SIGKILLed mid-job: its job is taken up again by the other, nothing lost or doubled', async () => {
    const { redis, workers: [victim, survivor] } = await fleet(2);
    const out = join(base, 'sigkill');
    const coordinator = new CliProcess(['evolve', ...tiny, '--out', out, '--redis', redis.url]);
    await until(() => generationsLogged(out) >= 1, 'generation 0 logged');
    await victim.waitFor(/learnEvaluate started/);
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    const killedJob = [...victim.stderr.matchAll(/job (q[0-9a-f]+) learnEvaluate started/g)].at(-1)![1];
    expect(doneIds(victim.stderr), 'the victim finished the job it was killed in').not.toContain(killedJob);
    const { code } = await coordinator.exited;
    expect(code, coordinator.stderr).toBe(0);
    // BullMQ's stalled-job check saw the dead worker's lock expire and put the job back.
    expect(coordinator.stderr).toMatch(/stalled — its worker stopped answering — and is back in the queue/);
    expect(doneIds(survivor.stderr)).toContain(killedJob);
    expectLocalRun(runDirIn(out));
    const done = [...doneIds(victim.stderr), ...doneIds(survivor.stderr)];
    expect(new Set(done).size).toBe(done.length);
  });

  it('a coordinator SIGKILLed mid-run and resumed with --redis ends with the lineage of a local run', async () => {
    const { redis } = await fleet(2);
    const out = join(base, 'coordinator');
    const first = new CliProcess(['evolve', ...tiny, '--out', out, '--redis', redis.url]);
    await until(() => generationsLogged(out) >= 2, 'generation 1 logged');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal, 'the run finished before it could be killed').toBe('SIGKILL');
    const resumed = new CliProcess(['resume', runDirIn(out), '--backend', 'wasm', '--redis', redis.url]);
    const { code } = await resumed.exited;
    expect(code, resumed.stderr).toBe(0);
    expectLocalRun(runDirIn(out));
  });

  it('Redis stopped mid-run: the coordinator retries, then stops with one clear line; the worker waits for Redis', async () => {
    const { redis, workers: [worker] } = await fleet(1);
    const out = join(base, 'redis-down');
    const coordinator = new CliProcess(['evolve', ...tiny, '--out', out, '--redis', redis.url, '--redis-patience', '3']);
    await until(() => generationsLogged(out) >= 1, 'generation 0 logged');
    await redis.stop();
    const started = Date.now();
    const { code } = await coordinator.exited;
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(coordinator.stderr).toMatch(/redis: lost the connection to redis:\/\/127\.0\.0\.1:\d+ \(.*\); retrying for up to 3 s/);
    expect(coordinator.stderr).toMatch(/quinarium evolve: redis: lost redis:\/\/127\.0\.0\.1:\d+ \(.*\) and could not reconnect within 3 s; the run stopped/);
    expect(coordinator.stderr).not.toMatch(/at .*\.ts:\d+/);
    // The worker is still alive, retrying; it stops cleanly when asked.
    await worker.waitFor(/lost redis:\/\/127\.0\.0\.1:\d+ .*reconnecting with backoff/, 20_000).catch(() => undefined);
    expect(worker.stderr).toMatch(/lost redis:\/\/127\.0\.0\.1:\d+/);
    expect(worker.child.exitCode).toBeNull();
    await worker.stop();
    expect((await worker.exited).signal).toBeNull();
  });

  it('a worker of another backend is refused: the coordinator stops with its reason, nothing mixed in (Redis with a password)', async () => {
    const { redis, workers: [worker] } = await fleet(1, [['--backend', 'cpu']], 's3cret-pw');
    expect(redis.url).toMatch(/^redis:\/\/:s3cret-pw@/);
    const out = join(base, 'refused');
    const coordinator = new CliProcess(['evolve', ...tiny, '--out', out, '--redis', redis.url]);
    const { code } = await coordinator.exited;
    expect(code).toBe(2);
    expect(coordinator.stderr).toMatch(/quinarium evolve: redis: worker \S+ refused the job: backend cpu, tfjs-core [\d.]+ here, wasm \(SIMD\), tfjs-core [\d.]+ at the coordinator — every worker must run the same code, backend and data/);
    expect(coordinator.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect((await worker.exited).code).toBe(2);
    expect(worker.stderr).toMatch(/quinarium worker: worker \S+ refused the job: backend cpu/);
    expect(doneIds(worker.stderr)).toEqual([]);
    // Nothing was logged for the refused generation.
    expect(generationsLogged(out)).toBe(0);
    // The password reached Redis (the worker was served) and was never printed.
    expect(coordinator.stderr + worker.stderr).not.toContain('s3cret-pw');
    expect(worker.stderr).toMatch(/serving redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
  });

  it('a worker of another code version is refused', async () => {
    // Another checkout: these sources with one engine file changed (a comment is a change), the same node_modules.
    const other = mkdtempSync(join(tmpdir(), 'quinarium-other-version-'));
    for (const f of ['src', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.base.json']) cpSync(join(root, f), join(other, f), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'));
    appendFileSync(join(other, 'src/engine/evolve/generation.ts'), '// another version\n');
    const redis = await RedisServer.start();
    cleanup.push(() => redis.stop());
    const worker = new CliProcess(['worker', '--redis', redis.url, ...workerFlags], join(other, 'bin/quinarium.mjs'));
    cleanup.push(() => worker.stop());
    await worker.waitFor(/serving redis:\/\//);
    const coordinator = new CliProcess(['evolve', ...tiny, '--out', join(base, 'other-version'), '--redis', redis.url]);
    const { code } = await coordinator.exited;
    expect(code).toBe(2);
    expect(coordinator.stderr).toMatch(/quinarium evolve: redis: worker \S+ refused the job: code version [0-9a-f]{12}… here, [0-9a-f]{12}… at the coordinator/);
    expect((await worker.exited).code).toBe(2);
    expect(doneIds(worker.stderr)).toEqual([]);
  });

  it('a wrong password is one clear line, not a hang', async () => {
    const redis = await RedisServer.start({ password: 'right' });
    cleanup.push(() => redis.stop());
    const coordinator = new CliProcess(['evolve', ...tiny, '--out', join(base, 'wrong-password'), '--redis', `redis://:wrong@127.0.0.1:${redis.port}`, '--redis-patience', '3']);
    const { code } = await coordinator.exited;
    expect(code).toBe(2);
    expect(coordinator.stderr).toMatch(/quinarium evolve: redis: .*(WRONGPASS|invalid username-password)/i);
    expect(coordinator.stderr).not.toContain(':wrong@');
  });
});
