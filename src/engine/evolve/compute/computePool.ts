import type { Worker } from 'node:worker_threads';
import { activeBackend } from '../../backend/selectBackend';
import { spawnWorker } from '../../threads/spawnWorker';
import { EvolutionContext, type ContextSpec } from './evolutionContext';
import { runLaneJob, type LaneJob, type LaneResult } from './laneJobs';

/** Runs lane jobs and returns their results in order, wherever they are computed. */
export interface ComputePool {
  readonly threads: number;
  run(jobs: LaneJob[]): Promise<LaneResult[]>;
  dispose(): Promise<void>;
}

/** Everything in the calling thread (one core). */
export class InProcessPool implements ComputePool {
  readonly threads = 1;
  private ctx: EvolutionContext | null = null;
  constructor(private readonly spec: ContextSpec) {}
  async run(jobs: LaneJob[]): Promise<LaneResult[]> {
    this.ctx ??= new EvolutionContext(this.spec);
    return jobs.map((j) => runLaneJob(this.ctx!, j));
  }
  async dispose(): Promise<void> {
    this.ctx?.dispose();
    this.ctx = null;
  }
}

interface Pending { resolve(r: LaneResult[]): void; reject(e: Error): void }

/**
 * One tfjs-wasm instance per worker thread (a wasm instance is single-threaded):
 * jobs are split into contiguous chunks, one per worker. Each lane's numbers do not
 * depend on the thread that computes it, so results equal the in-process ones.
 */
export class WorkerPool implements ComputePool {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: { id: number; results?: LaneResult[]; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(`evolution worker: ${m.error}`));
        else p.resolve(m.results!);
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
    }
  }

  get threads(): number { return this.workers.length; }

  static async start(spec: ContextSpec, threads: number): Promise<WorkerPool> {
    const backend = activeBackend().name;
    const workers = Array.from({ length: threads }, () => spawnWorker(new URL('./laneWorker.ts', import.meta.url), { spec, backend }));
    try {
      await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
        w.once('message', (m: { ready: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
        w.once('error', reject);
      })));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new WorkerPool(workers);
  }

  async run(jobs: LaneJob[]): Promise<LaneResult[]> {
    const per = Math.ceil(jobs.length / this.workers.length);
    const chunks = this.workers.map((w, i) => ({ w, jobs: jobs.slice(i * per, (i + 1) * per) })).filter((c) => c.jobs.length);
    const parts = await Promise.all(chunks.map(({ w, jobs: chunk }) => new Promise<LaneResult[]>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, jobs: chunk });
    })));
    return parts.flat();
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * `threads` compute threads (worker threads when > 1); falls back to the calling
 * thread, saying why, where workers cannot start (e.g. a bundle without the worker).
 */
export async function createComputePool(spec: ContextSpec, threads: number, log: (m: string) => void = () => {}): Promise<ComputePool> {
  if (threads <= 1) return new InProcessPool(spec);
  try {
    return await WorkerPool.start(spec, threads);
  } catch (e) {
    log(`evolution: worker threads unavailable (${(e as Error).message}); computing in one thread`);
    return new InProcessPool(spec);
  }
}
