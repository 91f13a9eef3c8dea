import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { ImageCursor } from '../../src/engine/data/imageCursor';
import { loadMnist, type ImageSet } from '../../src/engine/data/mnist';
import type { AuxImages } from '../../src/engine/models/fixedInputs';
import { defaultSpec, type ModelSpec } from '../../src/engine/models/modelSpec';
import { BatchBuilder, disposeBatch } from '../../src/engine/train/batchBuilder';
import { lossGradient, type LossWeights } from '../../src/engine/train/batchLoss';
import { createLaneOptimizers } from '../../src/engine/train/optimizers/registry';
import { maxAbsDiff, seededLanes } from './seededLanes';

// Lanes are independent quines: lane k of a K-lane set, stepped with Adamax, must be
// BIT-IDENTICAL to a 1-lane run of the same seed. Every lane runs its own 2-D ops, so
// any difference is cross-talk (a lane reading another lane's batch, labels, targets,
// θ or optimiser slots, or a cache shared between lanes). This file runs on the cpu
// backend; determinism.test.ts checks the same on wasm over whole epochs.

beforeAll(async () => {
  await selectBackend('cpu');
});

const STEPS = 30;
const B = 10;

const firstImages = (set: ImageSet, count: number): ImageSet => ({
  ...set, count, images: set.images.subarray(0, count * set.rows * set.cols), labels: set.labels.subarray(0, count),
});

/**
 * The optimisation epoch's inner loop (optimisationEpoch.ts), cut to STEPS steps so
 * the slow cpu backend can run it: shuffled coordinates, snapshot targets, one
 * Adamax step per lane per mini-batch, lanes interleaved within each step. Returns
 * the trained θ of every lane, then lane 0's initial θ.
 */
function stepLanes(spec: ModelSpec, seeds: number[], weights: LossWeights, images?: AuxImages): Float32Array[] {
  const run = seededLanes(spec, seeds, images);
  const n = run.lanes.layout.count;
  const snapshot = run.lanes.canonical();
  const orders = run.streams.map((s) => s.stateful('shuffle').shuffle(n));
  const cursors = images ? seeds.map((s) => new ImageCursor(`images/${s}`, images.train.count)) : undefined;
  const builder = new BatchBuilder(run.lanes, B);
  const opts = createLaneOptimizers('adamax', seeds.length, n);
  for (let s = 0; s < STEPS; s++) {
    for (let l = 0; l < seeds.length; l++) {
      const batch = builder.build(l, orders[l].subarray(s * B, (s + 1) * B), snapshot[l], cursors?.[l]);
      const grad = lossGradient(run.lanes.theta(l), run.lanes.layout, batch, weights);
      opts[l].step(run.lanes.theta(l), grad);
      grad.dispose();
      disposeBatch(batch);
    }
  }
  for (const o of opts) expect(o.stepCount).toBe(STEPS);
  const out = [...run.lanes.canonical(), run.thetas[0]];
  opts.forEach((o) => o.dispose());
  run.lanes.dispose();
  run.inputs.forEach((i) => i.dispose());
  return out;
}

describe('K lanes equal K single runs (cpu, Adamax)', () => {
  it('vanilla: 2 lanes (seeds 1, 2) equal two 1-lane runs exactly', () => {
    const spec = defaultSpec('vanilla');
    const w = { replication: 1, task: 0 };
    const [p0, p1] = stepLanes(spec, [1, 2], w);
    const [s0, initial] = stepLanes(spec, [1], w);
    const [s1] = stepLanes(spec, [2], w);
    expect(maxAbsDiff(s0, initial)).toBeGreaterThan(0.01);
    expect(p0).toEqual(s0);
    expect(p1).toEqual(s1);
  });

  it('auxiliary (L_aux, λ = 0.01): 2 lanes equal two 1-lane runs exactly', () => {
    const mnist = loadMnist();
    const images = { train: firstImages(mnist.train, 1000), test: firstImages(mnist.test, 200) };
    const spec = defaultSpec('auxiliary');
    const w = { replication: 1, task: 0.01 };
    const [p0, p1] = stepLanes(spec, [3, 4], w, images);
    const [s0, initial] = stepLanes(spec, [3], w, images);
    const [s1] = stepLanes(spec, [4], w, images);
    expect(maxAbsDiff(s0, initial)).toBeGreaterThan(0.01);
    expect(p0).toEqual(s0);
    expect(p1).toEqual(s1);
  });
});
