import type { LaneSet } from '../lanes/laneSet';
import { BatchBuilder, disposeBatch } from './batchBuilder';
import { lossGradient, type LaneBatch, type LossWeights } from './batchLoss';
import type { Optimizer } from './optimizers/optimizer';

/** What one lane's mini-batches are made of. */
export interface LanePlan {
  /** The lane of the LaneSet. */
  lane: number;
  /**
   * Coordinates in visiting order: batch t uses order[t·B … (t+1)·B); or a source
   * drawn B at a time, batch by batch (lifetime learning: nothing allocated up front).
   */
  order: Int32Array | { next(): number };
  /** Target weights θ_c in coordinate order, fixed for the whole loop (no gradient through them). */
  targets: Float32Array;
  /** Auxiliary quines: the training image of each sample, in turn. */
  images?: { next(): number };
}

export interface MiniBatchPlan {
  lanes: LanePlan[];
  /** Mini-batches per lane. */
  batches: number;
  batchSize: number;
  /** Called every 100 batches and after the last with the number of batches done (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The policy of a loop: what it does with lane `plan.lanes[index]`'s batch — an
 * optimiser step (`gradientStep`), or a hill-climbing proposal judged on the batch.
 */
export type BatchPolicy = (lane: LanePlan, index: number, batch: LaneBatch) => void;

/**
 * The mini-batch loop, written once: for each batch, for each lane of the plan in
 * turn, build its batch (coordinates, targets, images), hand it to the policy, dispose it.
 */
export function miniBatchLoop(lanes: LaneSet, plan: MiniBatchPlan, policy: BatchPolicy): void {
  const b = plan.batchSize;
  const builder = new BatchBuilder(lanes, b);
  // Drawn coordinates land here; build() reads them before the next lane draws.
  const drawn = new Int32Array(b);
  for (let t = 0; t < plan.batches; t++) {
    const at = t * b;
    plan.lanes.forEach((p, i) => {
      const order = p.order;
      let coords: Int32Array;
      if (order instanceof Int32Array) coords = order.subarray(at, at + b);
      else {
        for (let j = 0; j < b; j++) drawn[j] = order.next();
        coords = drawn;
      }
      const batch = builder.build(p.lane, coords, p.targets, p.images);
      policy(p, i, batch);
      disposeBatch(batch);
    });
    if (plan.onProgress && (t % 100 === 99 || t === plan.batches - 1)) plan.onProgress(t + 1, plan.batches);
  }
}

/**
 * Gradient descent as a policy: one optimiser step per lane and batch on the batch's
 * summed loss (`optimizers[i]` steps `plan.lanes[i]`).
 */
export function gradientStep(lanes: LaneSet, weights: LossWeights, optimizers: readonly Optimizer[]): BatchPolicy {
  return (p, i, batch) => {
    const grad = lossGradient(lanes.theta(p.lane), lanes.layout, batch, weights);
    optimizers[i].step(lanes.theta(p.lane), grad);
    grad.dispose();
  };
}
