import type { ImageCursor } from '../data/imageCursor';
import type { LaneSet } from '../lanes/laneSet';
import type { Stream } from '../random/streams';
import { BatchBuilder, disposeBatch } from '../train/batchBuilder';
import { lossGradient } from '../train/batchLoss';
import { createOptimizer } from '../train/optimizers/registry';
import type { EvolutionConfig } from './evolutionConfig';

/**
 * Lifetime learning: every individual takes S optimiser steps on L_aux, all lanes at
 * once. Targets are θ at the start of the generation (as in an optimisation epoch);
 * coordinates are drawn with replacement, images from the continuing training
 * stream. The optimiser starts fresh each generation, so it carries no state
 * between generations.
 */
export function lifetimeLearning(lanes: LaneSet, c: EvolutionConfig['lifetime'], coords: Stream, images: ImageCursor): void {
  if (c.steps === 0) return;
  const n = lanes.layout.count;
  const optimizer = createOptimizer(c.optimizer, [lanes.k, n], c.lr > 0 ? { lr: c.lr } : {});
  const snapshot = lanes.canonical();
  const builder = new BatchBuilder(lanes, c.batchSize);
  const cursors = Array.from({ length: lanes.k }, () => images);
  const batchCoords = new Int32Array(c.batchSize);
  const weights = { replication: 1, task: c.lambda };
  for (let s = 0; s < c.steps; s++) {
    const batch = builder.build(() => {
      for (let j = 0; j < c.batchSize; j++) batchCoords[j] = coords.int(n);
      return batchCoords;
    }, snapshot, cursors);
    const grad = lossGradient(lanes.theta, lanes.layout, batch, weights);
    optimizer.step(lanes.theta, grad);
    grad.dispose();
    disposeBatch(batch);
  }
  optimizer.dispose();
}
