import type { JobTable, Progress } from '../threads/jobTable';
import { ArmLanes, type ArmLaneSpec } from './armLanes';
import { auxImages } from './laneSetup';

/** What a paper-lane worker is given: some lanes of one arm, and where MNIST is. */
export interface PaperLanesSetup { spec: ArmLaneSpec; dataDir?: string }

/**
 * The paper lanes' job table: a worker holds some lanes of one arm (their θ,
 * optimisers and streams stay resident across epochs) and advances them one epoch
 * (or generation) per call. Progress is [step, steps] of the epoch's mini-batches.
 */
export const paperJobs = {
  name: 'paper',
  setup: ({ spec, dataDir }: PaperLanesSetup) => new ArmLanes(spec, spec.config.model.kind === 'auxiliary' ? auxImages(dataDir) : undefined),
  dispose: (lanes: ArmLanes) => lanes.dispose(),
  jobs: {
    initial: (lanes: ArmLanes, _payload: null) => lanes.initial(),
    epoch: (lanes: ArmLanes, _payload: null, progress: Progress) => lanes.epoch((step, steps) => progress([step, steps])),
    /** For a checkpoint, between epochs. */
    exportState: (lanes: ArmLanes, _payload: null) => lanes.exportState(),
    /** After a restore (spec.restore): the lanes' evaluation now, drawing nothing. */
    evaluate: (lanes: ArmLanes, _payload: null) => lanes.evaluateNow(),
  },
} satisfies JobTable<ArmLanes, PaperLanesSetup, Record<string, (ctx: ArmLanes, payload: never, progress: Progress) => unknown>>;

export type PaperJobs = typeof paperJobs;
