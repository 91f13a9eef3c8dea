import type { LaneSet } from '../lanes/laneSet';
import { gradientLoop } from '../train/gradientLoop';
import { createOptimizer } from '../train/optimizers/registry';
import type { EvolutionConfig } from './evolutionConfig';

/**
 * Lifetime learning of one individual: S optimiser steps on L_aux, through the
 * mini-batch loop of optimisation epochs. Targets are θ at the start of the
 * generation (as in an optimisation epoch); the coordinates and training images of
 * every batch were drawn beforehand (S·B of each), in visiting order. The optimiser
 * starts fresh each generation, so it carries no state between generations.
 */
export function lifetimeLearning(lanes: LaneSet, lane: number, c: EvolutionConfig['lifetime'], coords: Int32Array, images: Int32Array): void {
  if (c.steps === 0) return;
  const b = c.batchSize;
  if (coords.length !== c.steps * b || images.length !== c.steps * b) {
    throw new Error(`lifetimeLearning: expected ${c.steps * b} coordinates and images, got ${coords.length} and ${images.length}`);
  }
  const optimizer = createOptimizer(c.optimizer, [lanes.layout.count], c.lr > 0 ? { lr: c.lr } : {});
  let at = 0;
  const plan = {
    lanes: [{ lane, order: coords, targets: lanes.canonical()[lane], images: { next: () => images[at++] } }],
    batches: c.steps,
    batchSize: b,
  };
  gradientLoop(lanes, plan, { replication: 1, task: c.lambda }, [optimizer]);
  optimizer.dispose();
}
