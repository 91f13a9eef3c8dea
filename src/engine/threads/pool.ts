import { runBatch, type AnyJobTable, type JobName, type PayloadOf, type Progress, type ResultOf, type SetupOf } from './jobTable';
import { WorkerChannel } from './workerChannel';

/**
 * The one worker pool: a job table's contexts, each in the calling thread or in a
 * worker thread of its own (one tfjs-wasm instance per thread: a wasm instance is
 * single-threaded). Paper lanes, evolution and any later pool (distributed workers)
 * use this interface; every job is a pure function of its payload and its worker's
 * context, so results never depend on where they were computed.
 */
export interface Pool<T extends AnyJobTable> {
  /** Contexts (one per worker). */
  readonly size: number;
  readonly threaded: boolean;
  /** Runs one job on one worker's context. */
  call<J extends JobName<T>>(worker: number, job: J, payload: PayloadOf<T, J>, progress?: Progress): Promise<ResultOf<T, J>>;
  /** Runs a job on every payload, split into contiguous chunks (one per worker, in order); results in payload order. */
  map<J extends JobName<T>>(job: J, payloads: PayloadOf<T, J>[]): Promise<ResultOf<T, J>[]>;
  dispose(): Promise<void>;
}

/**
 * Contiguous chunks of `count` items over `workers`: the first ⌈count/workers⌉ to
 * worker 0, and so on (deterministic; the same chunking the tests assume).
 */
export function chunkRanges(count: number, workers: number): [number, number][] {
  const per = Math.ceil(count / Math.max(1, workers));
  const out: [number, number][] = [];
  for (let i = 0; i < workers && i * per < count; i++) out.push([i * per, Math.min(count, (i + 1) * per)]);
  return out;
}

/** call and map over a batch primitive; a batch travels as one message to a worker thread. */
abstract class BatchPool<T extends AnyJobTable> implements Pool<T> {
  abstract readonly size: number;
  abstract readonly threaded: boolean;
  protected abstract batch(worker: number, job: string, payloads: unknown[], progress?: Progress): Promise<unknown[]>;
  abstract dispose(): Promise<void>;

  async call<J extends JobName<T>>(worker: number, job: J, payload: PayloadOf<T, J>, progress?: Progress): Promise<ResultOf<T, J>> {
    const [r] = await this.batch(worker, job, [payload], progress);
    return r as ResultOf<T, J>;
  }

  async map<J extends JobName<T>>(job: J, payloads: PayloadOf<T, J>[]): Promise<ResultOf<T, J>[]> {
    const parts = await Promise.all(chunkRanges(payloads.length, this.size).map(([a, b], w) => this.batch(w, job, payloads.slice(a, b))));
    return parts.flat() as ResultOf<T, J>[];
  }
}

/** Every context in the calling thread. */
export class InProcessPool<T extends AnyJobTable> extends BatchPool<T> {
  readonly threaded = false;
  private constructor(private readonly table: T, private readonly contexts: unknown[]) { super(); }

  static async start<T extends AnyJobTable>(table: T, setups: SetupOf<T>[]): Promise<InProcessPool<T>> {
    const contexts: unknown[] = [];
    for (const s of setups) contexts.push(await table.setup(s));
    return new InProcessPool(table, contexts);
  }

  get size(): number { return this.contexts.length; }

  protected batch(worker: number, job: string, payloads: unknown[], progress?: Progress): Promise<unknown[]> {
    return runBatch(this.table, this.contexts[worker], job, payloads, progress ?? (() => {}));
  }

  async dispose(): Promise<void> {
    for (const c of this.contexts) this.table.dispose?.(c);
    this.contexts.length = 0;
  }
}

/** One worker thread per context, each running `entry` (the lane worker) with its setup. */
export class ThreadPool<T extends AnyJobTable> extends BatchPool<T> {
  readonly threaded = true;
  private constructor(private readonly channels: WorkerChannel[]) { super(); }

  static async start<T extends AnyJobTable>(entry: URL, table: T, setups: SetupOf<T>[], backend: string): Promise<ThreadPool<T>> {
    const channels = setups.map((setup) => WorkerChannel.spawn(entry, { table: table.name, setup, backend }));
    try {
      await Promise.all(channels.map((c) => c.ready()));
    } catch (e) {
      await Promise.all(channels.map((c) => c.terminate()));
      throw e;
    }
    return new ThreadPool<T>(channels);
  }

  get size(): number { return this.channels.length; }

  protected batch(worker: number, job: string, payloads: unknown[], progress?: Progress): Promise<unknown[]> {
    return this.channels[worker].run(job, payloads, progress);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.terminate()));
  }
}

export interface PoolOptions<T extends AnyJobTable> {
  /** The lane worker's module (src/engine/jobs/laneWorker.ts). */
  entry: URL;
  /** The tfjs backend each worker thread selects (the caller's, so numbers match). */
  backend: string;
  /** One setup per worker thread. */
  threadSetups: SetupOf<T>[];
  /** The setups when computing in the calling thread (one thread, or workers failed to start). */
  inProcessSetups: SetupOf<T>[];
  log?: (message: string) => void;
}

/**
 * Worker threads when more than one setup is given, else the calling thread; falls
 * back to the calling thread, saying why, where workers cannot start (e.g. a bundle
 * without the worker module).
 */
export async function createPool<T extends AnyJobTable>(table: T, o: PoolOptions<T>): Promise<Pool<T>> {
  if (o.threadSetups.length <= 1) return InProcessPool.start(table, o.inProcessSetups);
  try {
    return await ThreadPool.start(o.entry, table, o.threadSetups, o.backend);
  } catch (e) {
    o.log?.(`${table.name}: worker threads unavailable (${(e as Error).message}); computing in one thread`);
    return InProcessPool.start(table, o.inProcessSetups);
  }
}
