import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { ImageCursor } from '../../src/engine/data/imageCursor';
import { loadMnist } from '../../src/engine/data/mnist';
import type { LaneSet } from '../../src/engine/lanes/laneSet';
import { lifetimeLearning } from '../../src/engine/evolve/lifetimeLearning';
import { evaluateLanes } from '../../src/engine/metrics/evaluateLanes';
import { defaultSpec } from '../../src/engine/models/modelSpec';
import { BatchBuilder, disposeBatch } from '../../src/engine/train/batchBuilder';
import { lossGradient, type LossWeights } from '../../src/engine/train/batchLoss';
import { hillClimbEpoch } from '../../src/engine/train/hillClimb';
import { optimisationEpoch } from '../../src/engine/train/optimisationEpoch';
import { createLaneOptimizers, createOptimizer, optimizerNames } from '../../src/engine/train/optimizers/registry';
import { regenerate, regeneratedWeights } from '../../src/engine/train/regeneration';
import { seededLanes } from './seededLanes';

// Long runs (hundreds of epochs, populations re-created every generation) must not
// accumulate tensors: after a warm-up that fills the caches a run fills once (the fixed
// inputs' embeddings, lossGradient's per-batch-shape constant), tf.memory() is the
// same after every repetition. Epochs use mini-batches of 100
// (201 steps): a per-step leak shows just the same, ten times faster.

beforeAll(async () => {
  await selectBackend('wasm');
});

const EPOCH = { batchSize: 100, weights: { replication: 1, task: 0 } };

const memory = () => ({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });

/**
 * Fills the caches a run fills once: the fixed inputs' embeddings (an evaluation) and
 * lossGradient's selu-derivative constant for this batch shape (one gradient on a real
 * batch; θ is not stepped). From here on an epoch must add nothing.
 */
function warmUp(lanes: LaneSet, batchSize: number, weights: LossWeights, images?: ImageCursor): void {
  evaluateLanes(lanes, true);
  const coords = Int32Array.from({ length: batchSize }, (_, j) => j);
  const batch = new BatchBuilder(lanes, batchSize).build(0, coords, lanes.canonical()[0], images);
  lossGradient(lanes.theta(0), lanes.layout, batch, weights).dispose();
  disposeBatch(batch);
}

describe('tensor memory', () => {
  it('vanilla: optimisation epochs and evaluations keep tf.memory() constant', () => {
    const run = seededLanes(defaultSpec('vanilla'), [1, 2]);
    const opts = createLaneOptimizers('adamax', 2, run.lanes.layout.count);
    const streams = run.streams.map((s) => ({ shuffle: s.stateful('shuffle') }));
    warmUp(run.lanes, EPOCH.batchSize, EPOCH.weights);
    const before = memory();
    for (let rep = 0; rep < 2; rep++) {
      optimisationEpoch(run.lanes, opts, streams, EPOCH);
      evaluateLanes(run.lanes);
      expect(memory(), `after epoch ${rep + 1}`).toEqual(before);
    }
    opts.forEach((o) => o.dispose());
    run.lanes.dispose();
    run.inputs.forEach((i) => i.dispose());
  });

  // SPEC's regeneration protocol runs it once per generation, for hundreds of generations.
  it('vanilla: regeneration keeps tf.memory() constant', () => {
    const run = seededLanes(defaultSpec('vanilla'), [1]);
    evaluateLanes(run.lanes);
    const before = memory();
    for (let rep = 0; rep < 3; rep++) regenerate(run.lanes, evaluateLanes(run.lanes));
    expect(memory()).toEqual(before);
    run.lanes.dispose();
    run.inputs.forEach((i) => i.dispose());
  });

  // Mini-batch hill-climbing is the mini-batch loop with two losses and a candidate per
  // proposal, 2,010 proposals an epoch at the paper's batch size: none may stay.
  it('vanilla: hill-climbing epochs (mini-batch and full) keep tf.memory() constant', () => {
    const run = seededLanes(defaultSpec('vanilla'), [1, 2]);
    const streams = run.streams.map((s) => ({ shuffle: s.stateful('shuffle'), noise: s.stateful('noise') }));
    const o = { sigma: 1e-3, batchSize: EPOCH.batchSize, proposalsPerEpoch: 3 };
    // Warm-up: the first full-variant pass fills the fixed inputs' embedding.
    hillClimbEpoch(run.lanes, streams, { ...o, variant: 'full' });
    const before = memory();
    for (let rep = 0; rep < 2; rep++) {
      for (const variant of ['minibatch', 'full'] as const) hillClimbEpoch(run.lanes, streams, { ...o, variant });
      expect(memory(), `after epoch ${rep + 1}`).toEqual(before);
    }
    run.lanes.dispose();
    run.inputs.forEach((i) => i.dispose());
  });

  // Every individual of every generation learns for S steps and every parent regenerates.
  it('auxiliary: lifetime learning and a parent\'s regenerated weights keep tf.memory() constant', () => {
    const mnist = loadMnist();
    const run = seededLanes(defaultSpec('auxiliary'), [1], mnist);
    const lifetime = { steps: 20, optimizer: 'adamax' as const, lr: 0, batchSize: EPOCH.batchSize, lambda: 0.01 };
    const coords = run.streams[0].stateful('coords');
    const n = run.lanes.layout.count;
    const rows = { table: run.inputs[0].trainImageEmbed!, rows: Int32Array.from({ length: n }, (_, c) => c % mnist.train.count) };
    warmUp(run.lanes, lifetime.batchSize, { replication: 1, task: lifetime.lambda }, new ImageCursor('leak/warm-up', mnist.train.count));
    const before = memory();
    for (let rep = 0; rep < 2; rep++) {
      let image = 0;
      lifetimeLearning(run.lanes, 0, lifetime, { next: () => coords.int(n) }, { next: () => image++ });
      regeneratedWeights(run.lanes, 0, rows);
      expect(memory(), `after generation ${rep + 1}`).toEqual(before);
    }
    run.lanes.dispose();
    run.inputs.forEach((i) => i.dispose());
  });

  // Evolution builds a LaneSet and an optimiser per generation: disposing them must
  // release everything they made.
  it('creating and disposing LaneSets and optimisers returns tf.memory() to where it was', () => {
    const spec = defaultSpec('vanilla');
    const run = seededLanes(spec, [1]);
    run.lanes.dispose();
    const before = memory();
    for (let rep = 0; rep < 3; rep++) {
      const again = seededLanes(spec, [1]);
      for (const name of optimizerNames()) {
        createOptimizer(name, [again.lanes.layout.count]).dispose();
        createLaneOptimizers(name, 2, again.lanes.layout.count).forEach((o) => o.dispose());
      }
      again.lanes.dispose();
      again.inputs.forEach((i) => i.dispose());
    }
    expect(memory()).toEqual(before);
  });

  // Resuming from a checkpoint imports the optimiser state, and a new generation resets
  // it: both must replace the slots, not add to them, for every optimiser.
  it('optimiser importState and reset keep tf.memory() constant', () => {
    for (const name of optimizerNames()) {
      const opt = createOptimizer(name, [10]);
      const state = opt.exportState();
      const before = memory();
      for (let rep = 0; rep < 3; rep++) opt.importState(state);
      expect(memory(), `${name} importState`).toEqual(before);
      for (let rep = 0; rep < 3; rep++) opt.reset();
      expect(memory(), `${name} reset`).toEqual(before);
      opt.dispose();
    }
  });

  // Regeneration and checkpoint loading overwrite θ in place: the old values must be released.
  it('LaneSet.setCanonical keeps tf.memory() constant', () => {
    const run = seededLanes(defaultSpec('vanilla'), [1, 2]);
    const before = memory();
    for (let rep = 0; rep < 3; rep++) run.lanes.setCanonical(rep % 2 ? run.thetas : [run.thetas[1], run.thetas[0]]);
    expect(memory()).toEqual(before);
    expect(run.lanes.canonical()[0]).toEqual(run.thetas[1]);
    run.lanes.dispose();
  });

  it('auxiliary: optimisation epochs and evaluations with test accuracy keep tf.memory() constant', () => {
    const mnist = loadMnist();
    const run = seededLanes(defaultSpec('auxiliary'), [1], mnist);
    const opts = createLaneOptimizers('adamax', 1, run.lanes.layout.count);
    const streams = [{ shuffle: run.streams[0].stateful('shuffle'), images: new ImageCursor('leak/images', mnist.train.count) }];
    const weights = { replication: 1, task: 0.01 };
    // Warm-up draws from a cursor of its own, so the epochs' image stream is untouched.
    warmUp(run.lanes, EPOCH.batchSize, weights, new ImageCursor('leak/warm-up', mnist.train.count));
    const before = memory();
    for (let rep = 0; rep < 2; rep++) {
      optimisationEpoch(run.lanes, opts, streams, { ...EPOCH, weights });
      evaluateLanes(run.lanes, true);
      expect(memory(), `after epoch ${rep + 1}`).toEqual(before);
    }
    opts.forEach((o) => o.dispose());
    run.lanes.dispose();
    run.inputs.forEach((i) => i.dispose());
  });
});
