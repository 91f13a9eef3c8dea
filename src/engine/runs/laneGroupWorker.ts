import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../backend/selectBackend';
import { ArmLanes, type ArmLaneSpec } from './armLanes';
import { auxImages } from './laneSetup';

/** A worker thread computing some lanes of a paper arm (see laneGroup.ts). */
const { spec, dataDir, backend } = (workerData as { data: { spec: ArmLaneSpec; dataDir?: string; backend: BackendChoice } }).data;
let lanes: ArmLanes | null = null;

parentPort!.on('message', (m: { id: number; method: 'initial' | 'epoch'; progress: boolean }) => {
  try {
    const progress = m.progress ? (step: number, steps: number) => parentPort!.postMessage({ progress: [step, steps] }) : undefined;
    const result = m.method === 'initial' ? lanes!.initial() : lanes!.epoch(progress);
    parentPort!.postMessage({ id: m.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});

try {
  await selectBackend(backend);
  lanes = new ArmLanes(spec, spec.config.model.kind === 'auxiliary' ? auxImages(dataDir) : undefined);
  parentPort!.postMessage({ ready: true });
} catch (e) {
  parentPort!.postMessage({ ready: false, error: (e as Error).message });
}
