import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { ImageCursor } from '../../src/engine/data/imageCursor';
import { loadMnist } from '../../src/engine/data/mnist';
import { evaluateLanes } from '../../src/engine/metrics/evaluateLanes';
import { defaultSpec } from '../../src/engine/models/modelSpec';
import { optimisationEpoch } from '../../src/engine/train/optimisationEpoch';
import { createOptimizer, optimizerNames } from '../../src/engine/train/optimizers/registry';
import { regenerate } from '../../src/engine/train/regenerate';
import { seededLanes } from './seededLanes';

// Long runs (hundreds of epochs, populations re-created every generation) must not
// accumulate tensors: after a warm-up that fills the fixed inputs' caches,
// tf.memory() is the same after every repetition. Epochs use mini-batches of 100
// (201 steps): a per-step leak shows just the same, ten times faster.

beforeAll(async () => {
  await selectBackend('wasm');
});

const EPOCH = { batchSize: 100, weights: { replication: 1, task: 0 } };

const memory = () => ({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });

describe('tensor memory', () => {
  it('vanilla: optimisation epochs and evaluations keep tf.memory() constant', () => {
    const run = seededLanes(defaultSpec('vanilla'), [1, 2]);
    const opt = createOptimizer('adamax', [2, run.lanes.layout.count]);
    const streams = run.streams.map((s) => ({ shuffle: s.get('shuffle') }));
    evaluateLanes(run.lanes);
    const before = memory();
    for (let rep = 0; rep < 2; rep++) {
      optimisationEpoch(run.lanes, opt, streams, EPOCH);
      evaluateLanes(run.lanes);
      expect(memory(), `after epoch ${rep + 1}`).toEqual(before);
    }
    opt.dispose();
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

  // Evolution builds a LaneSet and an optimiser per generation: disposing them must
  // release everything they made.
  it('creating and disposing LaneSets and optimisers returns tf.memory() to where it was', () => {
    const spec = defaultSpec('vanilla');
    const run = seededLanes(spec, [1]);
    run.lanes.dispose();
    const before = memory();
    for (let rep = 0; rep < 3; rep++) {
      const again = seededLanes(spec, [1]);
      for (const name of optimizerNames()) createOptimizer(name, [1, again.lanes.layout.count]).dispose();
      again.lanes.dispose();
    }
    expect(memory()).toEqual(before);
  });

  // Resuming from a checkpoint imports the optimiser state; it must replace the slots, not add to them.
  it('optimiser importState keeps tf.memory() constant', () => {
    const opt = createOptimizer('adam', [2, 5]);
    const state = opt.exportState();
    const before = memory();
    for (let rep = 0; rep < 3; rep++) opt.importState(state);
    expect(memory()).toEqual(before);
    opt.dispose();
  });

  it('auxiliary: optimisation epochs and evaluations with test accuracy keep tf.memory() constant', () => {
    const mnist = loadMnist();
    const run = seededLanes(defaultSpec('auxiliary'), [1], mnist);
    const opt = createOptimizer('adamax', [1, run.lanes.layout.count]);
    const streams = [{ shuffle: run.streams[0].get('shuffle'), images: new ImageCursor('leak/images', mnist.train.count) }];
    const weights = { replication: 1, task: 0.01 };
    evaluateLanes(run.lanes, true);
    const before = memory();
    for (let rep = 0; rep < 2; rep++) {
      optimisationEpoch(run.lanes, opt, streams, { ...EPOCH, weights });
      evaluateLanes(run.lanes, true);
      expect(memory(), `after epoch ${rep + 1}`).toEqual(before);
    }
    opt.dispose();
    run.lanes.dispose();
    run.inputs.forEach((i) => i.dispose());
  });
});
