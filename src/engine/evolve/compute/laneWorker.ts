import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../../backend/selectBackend';
import { EvolutionContext, type ContextSpec } from './evolutionContext';
import { runLaneJob, type LaneJob } from './laneJobs';

/** A compute thread of an evolution run: its own tfjs instance and fixed inputs; runs lane jobs in order. */
const { spec, backend } = (workerData as { data: { spec: ContextSpec; backend: BackendChoice } }).data;
let ctx: EvolutionContext | null = null;

parentPort!.on('message', (msg: { id: number; jobs: LaneJob[] }) => {
  try {
    const results = msg.jobs.map((j) => runLaneJob(ctx!, j));
    parentPort!.postMessage({ id: msg.id, results });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});

try {
  await selectBackend(backend);
  ctx = new EvolutionContext(spec);
  parentPort!.postMessage({ ready: true });
} catch (e) {
  parentPort!.postMessage({ ready: false, error: (e as Error).message });
}
