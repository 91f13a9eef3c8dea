import type { Worker } from 'node:worker_threads';
import type { FromWorker, Progress, ToWorker } from './jobTable';
import { spawnWorker } from './spawnWorker';

/** A payload the worker never received (it could not be cloned: too deep, a function, …); the worker is fine. */
export class WorkerSendError extends Error {
  override name = 'WorkerSendError';
}

interface Pending { resolve(results: unknown[]): void; reject(e: Error): void; progress?: Progress }

/**
 * The main-thread side of one worker thread serving a job table (serveJobs):
 * typed request/response by id, the ready handshake, progress and side messages,
 * and error fan-out — a worker that fails or exits rejects everything pending and
 * everything asked of it afterwards, with the reason.
 */
export class WorkerChannel {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;
  private readonly readyPromise: Promise<void>;
  private readonly exitPromise: Promise<void>;
  private closing = false;

  constructor(private readonly worker: Worker, private readonly onSide: (m: unknown) => void = () => {}, private readonly onFail: (e: Error) => void = () => {}) {
    let ready!: () => void;
    let notReady!: (e: Error) => void;
    this.readyPromise = new Promise<void>((resolve, reject) => { ready = resolve; notReady = reject; });
    this.readyPromise.catch(() => undefined); // reported through ready() and every request
    worker.on('message', (m: FromWorker) => {
      if ('ready' in m) {
        if (m.ready) ready();
        else { const e = new Error(m.error); notReady(e); this.fail(e); }
      } else if ('side' in m) this.onSide(m.side);
      else this.reply(m);
    });
    worker.on('error', (e) => { notReady(e); this.fail(e); });
    this.exitPromise = new Promise((resolve) => worker.on('exit', (code) => {
      const e = new Error(`worker exited (code ${code})`);
      notReady(e);
      this.fail(e);
      resolve();
    }));
  }

  /** A worker on `entry` (a .ts source through tsx, or a built .js file); `data` reaches it as workerData.data. */
  static spawn(entry: URL | string, data: unknown, onSide?: (m: unknown) => void, onFail?: (e: Error) => void): WorkerChannel {
    return new WorkerChannel(spawnWorker(entry, data), onSide, onFail);
  }

  /** Resolves once the worker has built its context; rejects with its reason. */
  ready(): Promise<void> { return this.readyPromise; }

  /** Runs `job` on each payload in order, in the worker. */
  run(job: string, payloads: unknown[], progress?: Progress): Promise<unknown[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress });
      try {
        this.worker.postMessage({ id, job, payloads } satisfies ToWorker);
      } catch (e) {
        // Nothing was sent: no reply will come, so the request must not stay pending.
        this.pending.delete(id);
        reject(new WorkerSendError(`could not pass ${job} to the worker: ${(e as Error)?.message ?? String(e)}`));
      }
    });
  }

  async terminate(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
    await this.exitPromise;
  }

  private reply(m: Extract<FromWorker, { id: number }>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if ('progress' in m) return p.progress?.(m.progress);
    this.pending.delete(m.id);
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.results);
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    // Ending the worker on purpose is no failure to report.
    if (!this.closing) this.onFail(e);
  }
}
