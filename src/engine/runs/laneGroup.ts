import type { Worker } from 'node:worker_threads';
import { activeBackend } from '../backend/selectBackend';
import type { Evaluation } from '../metrics/evaluateLanes';
import { spawnWorker } from '../threads/spawnWorker';
import { ArmLanes, type ArmLaneSpec, type MeasuredPhase } from './armLanes';
import { auxImages } from './laneSetup';

/** Some lanes of an arm, computed here or in a worker thread. */
export interface LaneGroup {
  initial(): Promise<Evaluation[]>;
  epoch(onProgress?: (step: number, steps: number) => void): Promise<MeasuredPhase[]>;
  dispose(): Promise<void>;
}

export class InProcessGroup implements LaneGroup {
  private readonly lanes: ArmLanes;
  constructor(spec: ArmLaneSpec, dataDir?: string) {
    this.lanes = new ArmLanes(spec, spec.config.model.kind === 'auxiliary' ? auxImages(dataDir) : undefined);
  }
  async initial(): Promise<Evaluation[]> { return this.lanes.initial(); }
  async epoch(onProgress?: (step: number, steps: number) => void): Promise<MeasuredPhase[]> { return this.lanes.epoch(onProgress); }
  async dispose(): Promise<void> { this.lanes.dispose(); }
}

type Reply = { id: number; result?: unknown; error?: string } | { progress: [number, number] };

/** A group in its own worker thread (its own single-threaded tfjs-wasm instance). */
export class WorkerGroup implements LaneGroup {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private onProgress?: (step: number, steps: number) => void;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      if ('progress' in m) return this.onProgress?.(...m.progress);
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
    worker.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }

  static async start(spec: ArmLaneSpec, dataDir?: string): Promise<WorkerGroup> {
    const worker = spawnWorker(new URL('./laneGroupWorker.ts', import.meta.url), { spec, dataDir, backend: activeBackend().name });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { ready: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
      worker.once('error', reject);
    }).catch(async (e) => {
      await worker.terminate();
      throw e;
    });
    return new WorkerGroup(worker);
  }

  private call<T>(method: 'initial' | 'epoch', progress = false): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, progress });
    });
  }

  initial(): Promise<Evaluation[]> { return this.call('initial'); }

  epoch(onProgress?: (step: number, steps: number) => void): Promise<MeasuredPhase[]> {
    this.onProgress = onProgress;
    return this.call('epoch', onProgress !== undefined);
  }

  async dispose(): Promise<void> { await this.worker.terminate(); }
}

/**
 * Splits an arm's K lanes into up to `threads` contiguous groups (worker threads when
 * more than one); every lane's numbers are the same however they are split.
 */
export async function startLaneGroups(spec: ArmLaneSpec, threads: number, dataDir?: string, log: (m: string) => void = () => {}): Promise<LaneGroup[]> {
  const groups = Math.max(1, Math.min(threads, spec.count));
  if (groups === 1) return [new InProcessGroup(spec, dataDir)];
  const per = Math.ceil(spec.count / groups);
  const parts: ArmLaneSpec[] = [];
  for (let first = 0; first < spec.count; first += per) parts.push({ ...spec, first: spec.first + first, count: Math.min(per, spec.count - first) });
  try {
    return await Promise.all(parts.map((p) => WorkerGroup.start(p, dataDir)));
  } catch (e) {
    log(`paper run: worker threads unavailable (${(e as Error).message}); computing in one thread`);
    return [new InProcessGroup(spec, dataDir)];
  }
}
