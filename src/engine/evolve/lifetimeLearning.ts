import type { LaneSet } from '../lanes/laneSet';
import { gradientLoop } from '../train/gradientLoop';
import { createOptimizer } from '../train/optimizers/registry';
import type { EvolutionConfig } from './evolutionConfig';

/** Where a lifetime's samples come from, one at a time: coordinates, and training-image rows. */
export interface SampleSource { next(): number }

/**
 * Lifetime learning of one individual: S optimiser steps on L_aux, through the
 * mini-batch loop of optimisation epochs. Targets are θ at the start of the
 * generation (as in an optimisation epoch); each step draws its B coordinates and B
 * training images from `coords` and `images` as it comes to them, in visiting order,
 * so a lifetime holds one batch of indices, never S·B of them (S·B was allocated up
 * front: 10⁸ indices took 3.6 GB, issue 11). The optimiser starts fresh each
 * generation, so it carries no state between generations.
 */
export function lifetimeLearning(lanes: LaneSet, lane: number, c: EvolutionConfig['lifetime'], coords: SampleSource, images: SampleSource): void {
  if (c.steps === 0) return;
  const optimizer = createOptimizer(c.optimizer, [lanes.layout.count], c.lr > 0 ? { lr: c.lr } : {});
  const plan = {
    lanes: [{ lane, order: coords, targets: lanes.canonical()[lane], images }],
    batches: c.steps,
    batchSize: c.batchSize,
  };
  gradientLoop(lanes, plan, { replication: 1, task: c.lambda }, [optimizer]);
  optimizer.dispose();
}
