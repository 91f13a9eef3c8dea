import { activeKernel } from '../fused/activeKernel';
import { fusedGradientLoop, fusedTrainingGap } from '../fused/fusedTraining';
import type { LaneSet } from '../lanes/laneSet';
import type { LossWeights } from './batchLoss';
import { gradientStep, miniBatchLoop, type MiniBatchPlan } from './miniBatchLoop';
import type { Optimizer } from './optimizers/optimizer';

/**
 * Gradient descent over a mini-batch plan, one optimiser step per lane and batch
 * (`optimizers[i]` steps `plan.lanes[i]`): on the fused kernels when the backend has
 * them and they hold these options (fusedTrainingGap), else batch by batch on tfjs.
 * Optimisation epochs and lifetime learning both run it.
 */
export function gradientLoop(lanes: LaneSet, plan: MiniBatchPlan, weights: LossWeights, optimizers: readonly Optimizer[]): void {
  const kernel = activeKernel();
  if (kernel && fusedTrainingGap(lanes, weights) === null) fusedGradientLoop(kernel, lanes, plan, weights, optimizers);
  else miniBatchLoop(lanes, plan, gradientStep(lanes, weights, optimizers));
}
