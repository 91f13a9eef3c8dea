import { LaneSet } from '../../lanes/laneSet';
import { evaluateLanes, testAccuracy, type LaneMetrics } from '../../metrics/evaluateLanes';
import type { EvolutionConfig } from '../evolutionConfig';
import { lifetimeLearning } from '../lifetimeLearning';
import { regeneratedWeights } from '../reproduce';
import type { EvolutionContext } from './evolutionContext';

/**
 * The per-individual work of a generation, as plain data so it can run in any
 * thread: every random draw it needs was made beforehand by the main thread, so
 * the result does not depend on which thread computes it.
 */
export type LaneJob =
  /** Lifetime learning (S steps on pre-drawn coordinates and training images), then evaluation. */
  | { kind: 'learnEvaluate'; theta: Float32Array; coords: Int32Array; images: Int32Array; lifetime: EvolutionConfig['lifetime'] }
  /** The parent's predictions of its own weights with x_c = image row `rows[c]` (null rows: blank image). */
  | { kind: 'regenerate'; theta: Float32Array; rows: Int32Array | null }
  | { kind: 'testAccuracy'; theta: Float32Array };

export type LaneResult =
  | { kind: 'learnEvaluate'; theta: Float32Array; metrics: LaneMetrics; predictions: Float32Array }
  | { kind: 'regenerate'; theta: Float32Array }
  | { kind: 'testAccuracy'; accuracy: number };

export function runLaneJob(ctx: EvolutionContext, job: LaneJob): LaneResult {
  if (job.kind === 'testAccuracy') {
    const lanes = new LaneSet([ctx.testInputs()], [job.theta]);
    try {
      return { kind: 'testAccuracy', accuracy: testAccuracy(lanes, 0, false) };
    } finally {
      lanes.dispose();
    }
  }
  const lanes = new LaneSet([ctx.fixed], [job.theta]);
  try {
    if (job.kind === 'regenerate') {
      const table = job.rows === null ? null : ctx.spec.regeneration === 'noise' ? ctx.noisePool : ctx.fixed.trainImageEmbed!;
      return { kind: 'regenerate', theta: regeneratedWeights(lanes, 0, { table, rows: job.rows ?? new Int32Array(ctx.fixed.n) }) };
    }
    lifetimeLearning(lanes, 0, job.lifetime, job.coords, job.images);
    const [e] = evaluateLanes(lanes, true, false, false);
    return { kind: 'learnEvaluate', theta: e.theta, metrics: e.metrics, predictions: e.predictions };
  } finally {
    lanes.dispose();
  }
}
