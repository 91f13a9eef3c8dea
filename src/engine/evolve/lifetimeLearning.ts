import type { LaneSet } from '../lanes/laneSet';
import { BatchBuilder, disposeBatch } from '../train/batchBuilder';
import { lossGradient } from '../train/batchLoss';
import { createOptimizer } from '../train/optimizers/registry';
import type { EvolutionConfig } from './evolutionConfig';

/**
 * Lifetime learning of one individual: S optimiser steps on L_aux. Targets are θ at
 * the start of the generation (as in an optimisation epoch); the coordinates and
 * training images of every step were drawn beforehand (S·B of each). The optimiser
 * starts fresh each generation, so it carries no state between generations.
 */
export function lifetimeLearning(lanes: LaneSet, lane: number, c: EvolutionConfig['lifetime'], coords: Int32Array, images: Int32Array): void {
  if (c.steps === 0) return;
  const b = c.batchSize;
  if (coords.length !== c.steps * b || images.length !== c.steps * b) {
    throw new Error(`lifetimeLearning: expected ${c.steps * b} coordinates and images, got ${coords.length} and ${images.length}`);
  }
  const optimizer = createOptimizer(c.optimizer, [lanes.layout.count], c.lr > 0 ? { lr: c.lr } : {});
  const snapshot = lanes.canonical()[lane];
  const builder = new BatchBuilder(lanes, b);
  const weights = { replication: 1, task: c.lambda };
  let at = 0;
  const cursor = { next: () => images[at++] };
  for (let s = 0; s < c.steps; s++) {
    const batch = builder.build(lane, coords.subarray(s * b, (s + 1) * b), snapshot, cursor);
    const grad = lossGradient(lanes.theta(lane), lanes.layout, batch, weights);
    optimizer.step(lanes.theta(lane), grad);
    grad.dispose();
    disposeBatch(batch);
  }
  optimizer.dispose();
}
