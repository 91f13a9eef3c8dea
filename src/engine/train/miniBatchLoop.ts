import type { LaneSet } from '../lanes/laneSet';
import { BatchBuilder, disposeBatch } from './batchBuilder';
import { lossGradient, type LaneBatch, type LossWeights } from './batchLoss';
import type { Optimizer } from './optimizers/optimizer';

/** What one lane's mini-batches are made of: the policy of a loop. */
export interface LanePlan {
  /** The lane of the LaneSet. */
  lane: number;
  /** Coordinates in visiting order: step s uses order[s·B … (s+1)·B). */
  order: Int32Array;
  /** Target weights θ_c in coordinate order, fixed for the whole loop (no gradient through them). */
  targets: Float32Array;
  /** Auxiliary quines: the training image of each sample, in turn. */
  images?: { next(): number };
}

export interface MiniBatchPlan {
  lanes: LanePlan[];
  steps: number;
  batchSize: number;
  /** Called every 100 steps and after the last with the number of steps done (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The mini-batch loop, written once: at each step, for each lane of the plan in
 * turn, build its batch (coordinates, targets, images), hand it to `visit`, dispose it.
 */
export function forEachMiniBatch(lanes: LaneSet, plan: MiniBatchPlan, visit: (lane: LanePlan, index: number, batch: LaneBatch) => void): void {
  const b = plan.batchSize;
  const builder = new BatchBuilder(lanes, b);
  for (let s = 0; s < plan.steps; s++) {
    const at = s * b;
    plan.lanes.forEach((p, i) => {
      const batch = builder.build(p.lane, p.order.subarray(at, at + b), p.targets, p.images);
      visit(p, i, batch);
      disposeBatch(batch);
    });
    if (plan.onProgress && (s % 100 === 99 || s === plan.steps - 1)) plan.onProgress(s + 1, plan.steps);
  }
}

/** Gradient steps: one optimiser step per lane and batch on the batch's summed loss (`optimizers[i]` steps `plan.lanes[i]`). */
export function gradientSteps(lanes: LaneSet, plan: MiniBatchPlan, weights: LossWeights, optimizers: readonly Optimizer[]): void {
  forEachMiniBatch(lanes, plan, (p, i, batch) => {
    const grad = lossGradient(lanes.theta(p.lane), lanes.layout, batch, weights);
    optimizers[i].step(lanes.theta(p.lane), grad);
    grad.dispose();
  });
}
