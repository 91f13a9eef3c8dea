import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AnyJobTable, JobName, PayloadOf, ResultOf, SetupOf } from '../threads/jobTable';
import type { Pool } from '../threads/pool';
import { BlobStore, MissingBlobError } from './blobStore';
import { DistributedError } from './distributedError';
import type { ComputeFingerprint } from './fingerprint';
import { KEY_PREFIX, QUEUE_NAME, QUEUE_PROTOCOL, REFUSED, queueJobId, type QueueJobData, type QueueJobResult } from './queueProtocol';
import { connect, type RedisEndpoint } from './redisEndpoint';
import { blobRefs, decodeWire, encodeWire, type Wire } from './wireCodec';

export interface QueuePoolOptions {
  endpoint: RedisEndpoint;
  /** How long a lost Redis is retried (with backoff) before the run stops with one error. Default 60 s. */
  patienceMs?: number;
  /** Blob lifetime in Redis, renewed while a job needs it (blobs a run no longer names are deleted sooner). Default 10 min. */
  blobTtlMs?: number;
  /** Completed jobs are kept this long (a resumed coordinator finds their results). Default 1 h. */
  keepCompletedMs?: number;
  /** How often pending jobs are checked directly, beside the event stream (a missed event, a job Redis lost). Default 2 s. */
  pollMs?: number;
  log?: (message: string) => void;
  /** Called after every map/call with the running totals (the bench's overhead measurements). */
  observe?: (traffic: Readonly<QueueTraffic>) => void;
}

/**
 * What the coordinator sent and received, and where its time went (milliseconds, summed
 * over calls): encoding and hashing payloads, uploading blobs, adding jobs, waiting for
 * results, fetching and decoding them.
 */
export interface QueueTraffic {
  jobs: number; jobBytes: number; resultBytes: number; blobUploadBytes: number; blobDownloadBytes: number; resubmitted: number; stalled: number;
  encodeMs: number; submitMs: number; waitMs: number; fetchMs: number;
}

interface Pending {
  data: QueueJobData;
  blobs: Map<string, Uint8Array>;
  resolve(result: Wire): void;
  reject(e: Error): void;
  resubmits: number;
  /** Added to the queue (until then, the backstop check must not take it for lost). */
  added: boolean;
}

/** A job sent again this many times (its blobs expired, Redis lost it) is a fault to report, not to hide. */
const MAX_RESUBMITS = 3;

/**
 * The coordinator's pool: each job goes to a BullMQ queue on Redis, and any number
 * of `quinarium worker` processes on any number of machines compute them
 * (queueWorker.ts). It is a Pool like the thread pools, so a distributed run is the
 * same code path: `map` sends a generation's jobs and resolves, in payload order,
 * once all are done. Jobs are pure functions of their payload and setup, and their
 * ids are content hashes, so BullMQ's at-least-once delivery (a job of a killed
 * worker is taken up again) gives each result exactly once.
 *
 * Faults: a lost Redis is retried with backoff for `patienceMs`, then every pending
 * call rejects with one DistributedError; a refused job (a worker of another code
 * version, backend or data) or a failed computation rejects its call with the worker's
 * reason; a job whose blobs expired or that Redis lost is sent again.
 */
export class QueuePool<T extends AnyJobTable> implements Pool<T> {
  readonly size = 1;
  readonly threaded = true;
  readonly traffic: QueueTraffic = { jobs: 0, jobBytes: 0, resultBytes: 0, blobUploadBytes: 0, blobDownloadBytes: 0, resubmitted: 0, stalled: 0, encodeMs: 0, submitMs: 0, waitMs: 0, fetchMs: 0 };
  private readonly pending = new Map<string, Pending>();
  private failure: DistributedError | null = null;
  private down: { since: number; error: string; timer: NodeJS.Timeout } | null = null;
  private lastError = 'connection closed';
  private readonly poller: NodeJS.Timeout;
  private polling = false;
  private noWorkersSince: number | null = null;
  private noWorkersSaid = 0;
  private closed = false;

  private constructor(
    private readonly table: T,
    private readonly setup: Wire,
    private readonly fingerprint: ComputeFingerprint,
    private readonly o: Required<Omit<QueuePoolOptions, 'log' | 'observe'>> & Pick<QueuePoolOptions, 'log' | 'observe'>,
    private readonly client: Redis,
    private readonly eventsClient: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly store: BlobStore,
  ) {
    client.on('error', (e: Error) => { this.lastError = e.message; this.lost(); });
    client.on('close', () => this.lost());
    client.on('ready', () => this.back());
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, { returnvalue: returnvalue as unknown as QueueJobResult }));
    events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, { failedReason }));
    events.on('stalled', ({ jobId }) => {
      if (!this.pending.has(jobId)) return;
      this.traffic.stalled++;
      this.log(`redis: job ${jobId.slice(0, 13)} (${this.pending.get(jobId)!.data.job}) stalled — its worker stopped answering — and is back in the queue for another worker`);
    });
    events.on('error', () => {});
    queue.on('error', () => {});
    this.poller = setInterval(() => void this.poll(), this.o.pollMs);
    this.poller.unref();
  }

  /**
   * Connects to the queue for `table`'s jobs with this `setup` (every job carries it;
   * leave out machine-local fields such as `dataDir`) and `fingerprint`. Fails with
   * one line if Redis cannot be reached within the patience.
   */
  static async start<T extends AnyJobTable>(table: T, setup: SetupOf<T>, fingerprint: ComputeFingerprint, options: QueuePoolOptions): Promise<QueuePool<T>> {
    const o = { patienceMs: 60_000, blobTtlMs: 10 * 60_000, keepCompletedMs: 60 * 60_000, pollMs: 2000, ...options };
    const client = connect(o.endpoint, 'quinarium-coordinator');
    let lastError = 'no answer';
    client.on('error', (e: Error) => { lastError = e.message; });
    const eventsClient = connect(o.endpoint, 'quinarium-coordinator-events');
    try {
      await withTimeout(client.ping(), o.patienceMs, () => `redis: cannot reach ${o.endpoint.display} within ${o.patienceMs / 1000} s (${lastError})`);
      await warnUnlessNoEviction(client, o.endpoint, o.log);
    } catch (e) {
      client.disconnect();
      eventsClient.disconnect();
      throw e instanceof DistributedError ? e : new DistributedError(`redis: ${o.endpoint.display}: ${(e as Error).message}`);
    }
    const queue = new Queue(QUEUE_NAME, { connection: client, prefix: KEY_PREFIX, defaultJobOptions: { removeOnComplete: { age: Math.ceil(o.keepCompletedMs / 1000) }, removeOnFail: { age: Math.ceil(o.keepCompletedMs / 1000) } } });
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsClient, prefix: KEY_PREFIX });
    await events.waitUntilReady();
    const wireSetup = encodeWire(setup, new Map());
    return new QueuePool(table, wireSetup, fingerprint, o, client, eventsClient, queue, events, new BlobStore(client, KEY_PREFIX, o.blobTtlMs));
  }

  call<J extends JobName<T>>(_worker: number, job: J, payload: PayloadOf<T, J>): Promise<ResultOf<T, J>> {
    return this.run(job, [payload]).then(([r]) => r as ResultOf<T, J>);
  }

  map<J extends JobName<T>>(job: J, payloads: PayloadOf<T, J>[]): Promise<ResultOf<T, J>[]> {
    return this.run(job, payloads) as Promise<ResultOf<T, J>[]>;
  }

  private async run(job: string, payloads: unknown[]): Promise<unknown[]> {
    if (this.failure) throw this.failure;
    if (payloads.length === 0) return [];
    const result = await this.runTimed(job, payloads);
    this.o.observe?.(this.traffic);
    return result;
  }

  private async runTimed(job: string, payloads: unknown[]): Promise<unknown[]> {
    const t = this.traffic;
    let mark = performance.now();
    const lap = () => { const now = performance.now(); const d = now - mark; mark = now; return d; };
    const jobs = new Map<string, { data: QueueJobData; blobs: Map<string, Uint8Array> }>();
    const ids = payloads.map((p) => {
      const blobs = new Map<string, Uint8Array>();
      const data: QueueJobData = { protocol: QUEUE_PROTOCOL, table: this.table.name, job, setup: this.setup, fingerprint: this.fingerprint, payload: encodeWire(p, blobs) };
      const id = queueJobId(data);
      // Two equal payloads are one job (ids are content hashes); each gets its own decoded copy.
      if (!jobs.has(id)) jobs.set(id, { data, blobs });
      return id;
    });
    const results = new Map<string, Promise<Wire>>();
    for (const [id, j] of jobs) results.set(id, this.expect(id, j, 0));
    t.encodeMs += lap();
    try {
      await this.guard(this.submit([...jobs.keys()], true));
      t.submitMs += lap();
      const wires = new Map<string, Wire>();
      for (let attempt = 0; ; attempt++) {
        for (const [id, r] of results) if (!wires.has(id)) wires.set(id, await this.guard(r));
        t.waitMs += lap();
        try {
          const blobs = await this.guard(this.store.fetch([...wires.values()].flatMap((w) => blobRefs(w))));
          this.traffic.blobDownloadBytes = this.store.traffic.downloadedBytes;
          const decoded = ids.map((id) => decodeWire(wires.get(id)!, blobs));
          await this.collect(new Set([...[...jobs.values()].flatMap((j) => [...j.blobs.keys()]), ...blobs.keys()]));
          t.fetchMs += lap();
          return decoded;
        } catch (e) {
          if (!(e instanceof MissingBlobError) || attempt >= MAX_RESUBMITS) throw e;
          // A result whose blobs expired (a coordinator that came back late): compute it again.
          const lost = new Set(e.hashes);
          const again = [...wires].filter(([, w]) => blobRefs(w).some((h) => lost.has(h))).map(([id]) => id);
          for (const id of again) {
            wires.delete(id);
            results.set(id, this.expect(id, jobs.get(id)!, attempt + 1));
            await this.guard(this.queue.remove(id));
          }
          this.log(`redis: ${again.length} result(s) no longer in Redis (expired, or deleted once used); computing them again`);
          await this.guard(this.submit(again, false));
        }
      }
    } finally {
      for (const id of jobs.keys()) this.pending.delete(id);
    }
  }

  /**
   * Deletes the blobs of the call before last that neither of the last two calls named:
   * a generation's coordinates, images and predictions go once used, while a learned θ
   * (named by the regeneration call after it, and by the next generation's learning if
   * it survives) stays. Redis then holds about three calls' blobs, however fast the
   * generations come (the TTL alone would let K = 256 pile up ~85 MB a generation).
   */
  private async collect(touched: Set<string>): Promise<void> {
    this.touched.push(touched);
    if (this.touched.length <= 2) return;
    const old = this.touched.shift()!;
    const stale = [...old].filter((h) => !this.touched.some((s) => s.has(h)));
    await this.store.remove(stale);
  }

  private readonly touched: Set<string>[] = [];

  /** A pending job's result, to be settled by an event or a check. */
  private expect(id: string, job: { data: QueueJobData; blobs: Map<string, Uint8Array> }, resubmits: number): Promise<Wire> {
    const result = new Promise<Wire>((resolve, reject) => this.pending.set(id, { ...job, resolve, reject, resubmits, added: false }));
    // Awaited one by one: a second failure while the first is reported must not count as unhandled.
    result.catch(() => undefined);
    return result;
  }

  /** Uploads the jobs' blobs, adds the jobs, then settles any that had already finished (or takes up failed ones again). */
  private async submit(ids: string[], fresh: boolean): Promise<void> {
    const blobs = new Map<string, Uint8Array>();
    for (const id of ids) for (const [h, b] of this.pending.get(id)?.blobs ?? []) blobs.set(h, b);
    await this.store.ensure(blobs);
    this.traffic.blobUploadBytes = this.store.traffic.uploadedBytes;
    const bulk = ids.flatMap((id) => {
      const p = this.pending.get(id);
      if (!p) return [];
      this.traffic.jobs++;
      this.traffic.jobBytes += JSON.stringify(p.data).length;
      return [{ name: p.data.job, data: p.data, opts: { jobId: id } }];
    });
    await this.queue.addBulk(bulk);
    for (const id of ids) { const p = this.pending.get(id); if (p) p.added = true; }
    await this.check(ids, fresh);
  }

  /**
   * Looks at jobs directly: finished ones settle (their events may have come before
   * anyone listened), missing ones are sent again, and on a fresh submit a failure
   * left from an earlier coordinator is taken up again rather than reported.
   */
  private async check(ids: string[], fresh: boolean): Promise<void> {
    const jobs = await Promise.all(ids.map((id) => this.queue.getJob(id) as Promise<Job | undefined>));
    const lost: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const job = jobs[i];
      if (!this.pending.has(id)) continue;
      if (!job) { lost.push(id); continue; }
      if (!job.finishedOn) continue;
      if (job.returnvalue) this.settle(id, { returnvalue: job.returnvalue as QueueJobResult });
      else if (fresh) {
        await this.queue.remove(id);
        lost.push(id);
      } else this.settle(id, { failedReason: job.failedReason ?? 'failed' });
    }
    if (lost.length > 0) await this.resubmit(lost, fresh ? null : 'were lost by Redis');
  }

  private async resubmit(ids: string[], why: string | null): Promise<void> {
    const again = ids.filter((id) => {
      const p = this.pending.get(id);
      if (!p) return false;
      if (++p.resubmits > MAX_RESUBMITS) {
        p.reject(new DistributedError(`redis: job ${id.slice(0, 13)} (${p.data.job}) was sent ${MAX_RESUBMITS + 1} times and never came back (lost by Redis, or its blobs expired); giving up`));
        return false;
      }
      return true;
    });
    if (again.length === 0) return;
    if (why) {
      this.traffic.resubmitted += again.length;
      this.log(`redis: ${again.length} job(s) ${why}; sending again`);
    }
    await this.submit(again, false);
  }

  private settle(id: string, outcome: { returnvalue: QueueJobResult } | { failedReason: string }): void {
    const p = this.pending.get(id);
    if (!p) return;
    if ('returnvalue' in outcome) {
      this.traffic.resultBytes += JSON.stringify(outcome.returnvalue).length;
      this.pending.delete(id);
      p.resolve(outcome.returnvalue.result);
      return;
    }
    const reason = outcome.failedReason;
    if (/^missing blob/.test(reason)) {
      // The job waited longer than its blobs lived (no worker for a long while): upload them and send it again.
      p.added = false;
      void this.queue.remove(id).then(() => this.resubmit([id], 'found their blobs expired')).catch((e: Error) => p.reject(e));
      return;
    }
    this.pending.delete(id);
    if (reason.startsWith(REFUSED)) {
      p.reject(new DistributedError(`redis: ${reason.slice(REFUSED.length).trim()} — every worker must run the same code, backend and data as this coordinator; stop it, then resume`));
    } else p.reject(new DistributedError(`redis: job ${p.data.job} failed on a worker: ${reason}`));
  }

  /** The backstop: checks pending jobs directly, renews their blobs, and says so when no worker is connected. */
  private async poll(): Promise<void> {
    if (this.polling || this.down || this.failure || this.pending.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.pending].filter(([, p]) => p.added).map(([id]) => id);
      await this.store.renew([...new Set(ids.flatMap((id) => [...this.pending.get(id)?.blobs.keys() ?? []]))]);
      await this.check(ids, false);
      const workers = await this.queue.getWorkersCount();
      const now = Date.now();
      if (workers > 0) this.noWorkersSince = null;
      else {
        this.noWorkersSince ??= now;
        if (now - this.noWorkersSince >= 10_000 && now - this.noWorkersSaid >= 60_000) {
          this.noWorkersSaid = now;
          this.log(`redis: no worker is connected to ${this.o.endpoint.display}; ${this.pending.size} job(s) wait (start one per machine: quinarium worker --redis URL)`);
        }
      }
    } catch {
      // A failed poll is retried at the next tick; a lost connection is the watch's to report.
    } finally {
      this.polling = false;
    }
  }

  private lost(): void {
    if (this.down || this.closed || this.failure) return;
    const patience = this.o.patienceMs;
    this.down = {
      since: Date.now(),
      error: this.lastError,
      timer: setTimeout(() => this.fail(new DistributedError(
        `redis: lost ${this.o.endpoint.display} (${this.lastError}) and could not reconnect within ${patience / 1000} s; the run stopped — its last checkpoint is kept: resume with --redis once Redis is back`,
      )), patience),
    };
    this.log(`redis: lost the connection to ${this.o.endpoint.display} (${this.lastError}); retrying for up to ${patience / 1000} s`);
  }

  private back(): void {
    if (!this.down || this.failure) return;
    clearTimeout(this.down.timer);
    this.log(`redis: reconnected to ${this.o.endpoint.display} after ${((Date.now() - this.down.since) / 1000).toFixed(1)} s`);
    this.down = null;
    // Events sent while we were away are not replayed: look at every pending job now.
    void this.poll();
  }

  private failureWaiters = new Set<(e: Error) => void>();

  private fail(e: DistributedError): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const w of this.failureWaiters) w(e);
  }

  /** `work`, or the pool's failure if that comes first (a command queued while Redis is away never answers). */
  private guard<R>(work: Promise<R>): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    let waiter!: (e: Error) => void;
    const failed = new Promise<never>((_, reject) => { waiter = reject; this.failureWaiters.add(waiter); });
    return Promise.race([work, failed]).finally(() => this.failureWaiters.delete(waiter));
  }

  private log(message: string): void { this.o.log?.(message); }

  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poller);
    if (this.down) clearTimeout(this.down.timer);
    this.fail(new DistributedError('redis: the pool was closed'));
    // When Redis is gone, closing politely would wait on it: cut the connections.
    if (this.down || this.failure?.message.startsWith('redis: lost')) {
      this.client.disconnect();
      this.eventsClient.disconnect();
    }
    await Promise.race([Promise.allSettled([this.events.close(), this.queue.close()]), new Promise((r) => setTimeout(r, 2000).unref())]);
    this.client.disconnect();
    this.eventsClient.disconnect();
  }
}

function withTimeout<R>(work: Promise<R>, ms: number, message: () => string): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new DistributedError(message())), ms); })]).finally(() => clearTimeout(timer));
}

/** BullMQ's keys must never be evicted (a lost job would wait forever): warn unless maxmemory-policy is noeviction. */
async function warnUnlessNoEviction(client: Redis, endpoint: RedisEndpoint, log?: (m: string) => void): Promise<void> {
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy && policy !== 'noeviction') log?.(`redis: ${endpoint.display} has maxmemory-policy ${policy}; set it to noeviction (redis-cli config set maxmemory-policy noeviction), or Redis may drop queued jobs`);
  } catch {
    // Managed Redis often disables CONFIG; nothing to check then.
  }
}
