import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BackendInfo } from '../backend/selectBackend';
import { LANE_WORKER } from '../jobs/laneWorkerEntry';
import { laneTables } from '../jobs/laneTables';
import type { AnyJobTable } from '../threads/jobTable';
import { ThreadPool } from '../threads/pool';
import { BlobStore } from './blobStore';
import { fingerprintMismatch, type ComputeFingerprint } from './fingerprint';
import { KEY_PREFIX, QUEUE_NAME, QUEUE_PROTOCOL, REFUSED, type QueueJobData, type QueueJobResult } from './queueProtocol';
import { connect, type RedisEndpoint } from './redisEndpoint';
import { blobRefs, decodeWire, encodeWire, sha256 } from './wireCodec';

export interface QueueWorkerOptions {
  endpoint: RedisEndpoint;
  /** Compute threads on this machine (one tfjs instance each); jobs taken at once. */
  threads: number;
  /** The backend this process selected; its lane threads select the same one. */
  backend: BackendInfo;
  /** This worker's fingerprint (computeFingerprint with its backend and data). */
  fingerprint: ComputeFingerprint;
  /** This machine's copy of the data (the coordinator's path means nothing here). */
  dataDir?: string;
  /** BullMQ's job lock: a job whose worker stops renewing it for this long is taken up again. Default 30 s. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (of any worker). Default 30 s. */
  stalledIntervalMs?: number;
  /** Lifetime of the result blobs it stores. Default 10 min. */
  blobTtlMs?: number;
  /** One line per job (start, end) besides the lines about faults. */
  verbose?: boolean;
  log(message: string): void;
}

/** A worker pool of lane threads for one setup, and which of its threads are free. */
interface Contexts { pool: ThreadPool<AnyJobTable>; free: number[]; busy: number; used: number }

/**
 * The job tables a worker serves: those whose jobs are pure functions of payload and setup.
 * Paper lanes keep state across calls (their optimisers, epoch to epoch), so they stay local.
 */
const DISTRIBUTED_TABLES: readonly string[] = ['evolution', 'evolution-probe'];

/** Contexts kept for this many distinct setups (two coordinators sharing a fleet, or one run after another). */
const KEPT_SETUPS = 2;

/**
 * `quinarium worker`: takes jobs from the BullMQ queue and computes them on this
 * machine's lane threads (the same lane worker and job tables as local runs, so a
 * result is the one a local run computes). The BullMQ worker lives on the main thread
 * and the computing on lane threads, so the job lock is renewed while a job runs. A
 * job made by a coordinator of another code version, backend or data is refused
 * (the coordinator is told why) and the worker stops: it must not serve that fleet.
 */
export class QueueWorker {
  readonly name = `${hostname()}:${process.pid}`;
  /** Resolves when the worker has stopped: with the reason if it refused a job. */
  readonly stopped: Promise<{ refused: string | null }>;
  private stop!: (r: { refused: string | null }) => void;
  private readonly contexts = new Map<string, Promise<Contexts>>();
  private refused: string | null = null;
  private closing: Promise<void> | null = null;
  private down = false;
  private worker!: Worker;
  private readonly store: BlobStore;
  private tick = 0;

  private constructor(private readonly o: QueueWorkerOptions, private readonly client: Redis) {
    this.stopped = new Promise((resolve) => { this.stop = resolve; });
    this.store = new BlobStore(client, KEY_PREFIX, o.blobTtlMs ?? 10 * 60_000);
  }

  static async start(o: QueueWorkerOptions): Promise<QueueWorker> {
    const client = connect(o.endpoint, 'quinarium-worker');
    const w = new QueueWorker(o, client);
    client.on('error', (e: Error) => w.lost(e.message));
    client.on('ready', () => w.back());
    w.worker = new Worker(QUEUE_NAME, (job) => w.process(job), {
      connection: client,
      prefix: KEY_PREFIX,
      name: w.name,
      concurrency: o.threads,
      lockDuration: o.lockDurationMs ?? 30_000,
      stalledInterval: o.stalledIntervalMs ?? 30_000,
      // A job whose workers keep dying (out of memory, say) fails after three recoveries rather than killing the fleet.
      maxStalledCount: 3,
    });
    w.worker.on('error', () => {});
    await w.worker.waitUntilReady();
    return w;
  }

  private async process(job: Job): Promise<QueueJobResult> {
    const data = job.data as QueueJobData;
    const mismatch = data.protocol !== QUEUE_PROTOCOL
      ? `queue protocol ${QUEUE_PROTOCOL} here, ${data.protocol} at the coordinator`
      : fingerprintMismatch(this.o.fingerprint, data.fingerprint);
    if (mismatch) return this.refuse(mismatch);
    const table = DISTRIBUTED_TABLES.includes(data.table) ? (laneTables as Record<string, AnyJobTable>)[data.table] : undefined;
    if (!table) return this.refuse(`no job table "${data.table}" is served here (tables: ${DISTRIBUTED_TABLES.join(', ')})`);
    const started = Date.now();
    if (this.o.verbose) this.o.log(`worker ${this.name}: job ${job.id?.slice(0, 13)} ${data.job} started`);
    const contexts = await this.contextsFor(table, data.setup as Record<string, unknown>);
    const payload = decodeWire(data.payload, await this.store.fetch(blobRefs(data.payload)));
    const slot = contexts.free.pop();
    if (slot === undefined) throw new Error(`worker ${this.name}: no free thread (concurrency above ${this.o.threads}?)`);
    contexts.busy++;
    let result: unknown;
    try {
      result = await contexts.pool.call(slot, data.job, payload as never);
    } catch (e) {
      // A lane thread that died (out of memory, say) takes its pool with it: build a new one for the next job.
      if (/^worker exited/.test((e as Error).message)) this.forget(contexts);
      throw e;
    } finally {
      contexts.free.push(slot);
      contexts.busy--;
    }
    const blobs = new Map<string, Uint8Array>();
    const wire = encodeWire(result, blobs);
    await this.store.ensure(blobs);
    if (this.o.verbose) this.o.log(`worker ${this.name}: job ${job.id?.slice(0, 13)} ${data.job} done in ${Date.now() - started} ms`);
    return { result: wire };
  }

  /** Fails the job with the reason (never retried: another worker like this one would refuse it too) and stops this worker. */
  private refuse(reason: string): never {
    const message = `${REFUSED} worker ${this.name} refused the job: ${reason}`;
    if (!this.refused) {
      this.refused = message;
      this.o.log(`${message.slice(REFUSED.length + 1)}; stopping`);
      setTimeout(() => void this.close(), 0);
    }
    throw new UnrecoverableError(message);
  }

  /** The lane threads for `setup` (started on first use; the least recently used idle ones go beyond KEPT_SETUPS). */
  private async contextsFor(table: AnyJobTable, setup: Record<string, unknown>): Promise<Contexts> {
    const key = sha256(`${table.name}\0${JSON.stringify(setup)}`);
    let entry = this.contexts.get(key);
    if (!entry) {
      const local = { ...setup, dataDir: this.o.dataDir };
      this.o.log(`worker ${this.name}: building ${this.o.threads} ${table.name} context(s) for setup ${key.slice(0, 12)}`);
      entry = ThreadPool.start(LANE_WORKER, table, Array.from({ length: this.o.threads }, () => local), this.o.backend.name)
        .then((pool) => ({ pool, free: Array.from({ length: this.o.threads }, (_, i) => this.o.threads - 1 - i), busy: 0, used: 0 }));
      entry.catch(() => this.contexts.delete(key));
      this.contexts.set(key, entry);
      await this.evict(key);
    }
    const c = await entry;
    c.used = ++this.tick;
    return c;
  }

  private forget(dead: Contexts): void {
    for (const [k, p] of this.contexts) {
      void p.then((c) => {
        if (c !== dead) return;
        this.contexts.delete(k);
        void c.pool.dispose();
      }, () => undefined);
    }
  }

  private async evict(keep: string): Promise<void> {
    if (this.contexts.size <= KEPT_SETUPS) return;
    const settled = await Promise.all([...this.contexts].filter(([k]) => k !== keep).map(async ([k, p]) => [k, await p.catch(() => null)] as const));
    const idle = settled.filter(([, c]) => c && c.busy === 0).sort(([, a], [, b]) => a!.used - b!.used);
    for (const [k, c] of idle.slice(0, this.contexts.size - KEPT_SETUPS)) {
      this.contexts.delete(k);
      await c!.pool.dispose();
    }
  }

  private lost(error: string): void {
    if (this.down || this.closing) return;
    this.down = true;
    this.o.log(`worker ${this.name}: lost ${this.o.endpoint.display} (${error}); reconnecting with backoff (a job it held goes back to the queue)`);
  }

  private back(): void {
    if (!this.down) return;
    this.down = false;
    this.o.log(`worker ${this.name}: reconnected to ${this.o.endpoint.display}`);
  }

  /**
   * Stops taking jobs, lets the running ones finish, ends the lane threads. With Redis
   * gone there is nothing to finish with: the connection is cut first and BullMQ given
   * 5 s (its close may wait on the server otherwise).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const down = this.down;
      if (down) this.client.disconnect();
      const closed = this.worker.close(down).catch(() => undefined);
      await (down ? Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]) : closed);
      for (const entry of this.contexts.values()) await (await entry.catch(() => null))?.pool.dispose();
      this.contexts.clear();
      this.client.disconnect();
      this.stop({ refused: this.refused });
    })();
    return this.closing;
  }
}
