import { paramLayout } from '../../models/layout';
import { metricBlocks, replicationMetrics } from '../../metrics/replicationMetrics';
import { sha256 } from '../../distributed/wireCodec';
import type { JobTable } from '../../threads/jobTable';
import type { ContextSpec } from './evolutionContext';
import type { SolveReport } from '../../solve/solveQuine';
import type { LearnEvaluateJob, LearnEvaluateResult, RegenerateJob, SolveFounderJob } from './laneJobs';

/**
 * The evolution's jobs with their payloads and results at full size (θ and predictions of
 * 21,100 floats, pre-drawn coordinates and images, regeneration rows) but without the
 * computing: every result is a cheap, deterministic function of its payload (θ scaled, real
 * replication metrics of that, an accuracy from a hash). An evolution run on this table
 * measures what remains of a generation — the coordinator's ask / tell, its logs and
 * checkpoints, and the pool's own cost (threads, or the queue and Redis) — not the science
 * (`quinarium bench --only queue`). No setup: the context is empty.
 */
const blocks = metricBlocks(paramLayout('auxiliary'));

/** A number in [0, 1) from the bytes of `a`: an "accuracy" that depends on θ and nothing else. */
function unitFrom(a: Float32Array): number {
  return parseInt(sha256(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).slice(0, 8), 16) / 2 ** 32;
}

function scaled(theta: Float32Array, by: number): Float32Array {
  const out = new Float32Array(theta.length);
  for (let i = 0; i < theta.length; i++) out[i] = theta[i] * by;
  return out;
}

export const evolutionProbeJobs = {
  name: 'evolution-probe',
  setup: (_spec: ContextSpec) => null,
  jobs: {
    learnEvaluate: (_ctx: null, job: LearnEvaluateJob): LearnEvaluateResult => {
      const theta = scaled(job.theta, 0.999);
      const predictions = scaled(theta, 0.99);
      const accuracy = unitFrom(theta);
      return { theta, predictions, metrics: { ...replicationMetrics(predictions, theta, blocks), accuracy }, innateAccuracy: accuracy / 2 };
    },
    // 0.98, not the predictions' 0.99: a regenerated θ is new bytes, as a real one is (equal bytes would be one blob).
    regenerate: (_ctx: null, job: RegenerateJob): Float32Array => scaled(job.theta, 0.98),
    testAccuracy: (_ctx: null, theta: Float32Array): number => unitFrom(theta),
    // A founder "solved" in no steps: θ as given, with a report that says so.
    solveFounder: (_ctx: null, job: SolveFounderJob): { theta: Float32Array; report: SolveReport } => ({
      theta: job.theta,
      report: { r2Start: 0, r2Projective: 0, r2: 0, relativeResidual: 1, newtonSteps: 0, stages: [], converged: false },
    }),
  },
} satisfies JobTable<null, ContextSpec, Record<string, (ctx: null, payload: never) => unknown>>;
