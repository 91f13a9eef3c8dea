import * as tf from '@tensorflow/tfjs-core';
// tfjs-core ships its gradient kernels unregistered; only this test uses tf.grad.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { ImageCursor } from '../../src/engine/data/imageCursor';
import { loadMnist } from '../../src/engine/data/mnist';
import type { AuxImages } from '../../src/engine/models/fixedInputs';
import { defaultSpec } from '../../src/engine/models/modelSpec';
import { seededStream } from '../../src/engine/random/streams';
import { BatchBuilder, disposeBatch } from '../../src/engine/train/batchBuilder';
import { lossGradient } from '../../src/engine/train/batchLoss';
import { checkGradient, disposeCase, firstImages, makeCase } from './gradientCheck';
import { OFFSET, referenceEmbedding, referenceImageEmbedding } from './referenceQuine';
import { seededLanes } from './seededLanes';

// The hand-written lossGradient must equal the gradient of SPEC's batch loss:
// checked against central finite differences of the float64 reference loss
// (independent of tf), and against tf's own autodiff of batchLoss. The cpu
// backend cross-checks the kernels the other files run on wasm.

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('lossGradient', () => {
  it('vanilla (torch-default): matches finite differences of Σ(f − θ_c)², two lanes with different θ', () => {
    const rng = seededStream('quinarium/gradient-test/vanilla');
    const cs = makeCase(defaultSpec('vanilla'), undefined, rng);
    expect(cs.run.thetas[0]).not.toEqual(cs.run.thetas[1]);
    checkGradient(cs, { replication: 1, task: 0 }, rng);
    disposeCase(cs);
  });

  it('vanilla with he init and the selu embedding: matches finite differences', () => {
    const rng = seededStream('quinarium/gradient-test/vanilla-he');
    const cs = makeCase({ ...defaultSpec('vanilla'), init: 'he', embedActivation: 'selu' }, undefined, rng);
    checkGradient(cs, { replication: 1, task: 0 }, rng);
    disposeCase(cs);
  });

  describe('auxiliary', () => {
    let images: AuxImages;
    beforeAll(() => {
      const mnist = loadMnist();
      images = { train: firstImages(mnist.train, 2000), test: firstImages(mnist.test, 500) };
    });

    // SPEC: L_aux = L_SR + λ·Σ CE with logits = Wcls·h2 / 0.01, λ = 0.01.
    it('L_aux (λ = 0.01): matches finite differences', () => {
      const rng = seededStream('quinarium/gradient-test/aux');
      const cs = makeCase(defaultSpec('auxiliary'), images, rng);
      checkGradient(cs, { replication: 1, task: 0.01 }, rng);
      disposeCase(cs);
    });

    // Classifier baseline: λ·CE only; the replication output Wout gets no gradient at all.
    it('classifier only {replication: 0, task: 0.01}: matches finite differences and leaves Wout untouched', () => {
      const rng = seededStream('quinarium/gradient-test/classifier');
      const cs = makeCase(defaultSpec('auxiliary'), images, rng);
      const weights = { replication: 0, task: 0.01 };
      checkGradient(cs, weights, rng);
      const layout = cs.run.lanes.layout;
      for (let lane = 0; lane < 2; lane++) {
        const g = tf.tidy(() => lossGradient(cs.run.lanes.theta(lane), layout, cs.batches[lane], weights).dataSync() as Float32Array);
        for (let i = 0; i < 100; i++) expect(g[layout.toInternal[OFFSET.Wout + i]]).toBe(0);
      }
      disposeCase(cs);
    });

    // The epoch's BatchBuilder must give each sample of lane l e(c, x_img) from lane l's
    // inputs for the cursor's next training image, target θ_c from that lane's snapshot,
    // the one-hot label of that image, and eT exactly the transpose of e. One builder
    // serves both lanes, each batch used and disposed before the next is built, as in
    // optimisationEpoch (on the cpu backend a batch's tensors share the builder's
    // buffers, so the next build overwrites them).
    it('BatchBuilder builds the reference embedding, transpose, target and label of each sample', () => {
      const spec = defaultSpec('auxiliary');
      const run = seededLanes(spec, [4, 5], images);
      const n = run.lanes.layout.count;
      const coords = [[0, 20_000, 20_100, 21_099, 5], [10_000, 9_999, 20_099, 20_500, 17]];
      const cursors = [new ImageCursor('lane-a', images.train.count), new ImageCursor('lane-b', images.train.count)];
      const replay = [new ImageCursor('lane-a', images.train.count), new ImageCursor('lane-b', images.train.count)];
      const builder = new BatchBuilder(run.lanes, 5);
      for (let l = 0; l < 2; l++) {
        const batch = builder.build(l, coords[l], run.thetas[l], cursors[l]);
        expect(batch.e.shape).toEqual([5, 100]);
        expect(batch.eT.shape).toEqual([100, 5]);
        expect(batch.targets.shape).toEqual([5, 1]);
        expect(batch.labels!.shape).toEqual([5, 10]);
        const e = batch.e.arraySync(), eT = batch.eT.arraySync(), t = batch.targets.arraySync(), y = batch.labels!.arraySync();
        coords[l].forEach((c, j) => {
          const img = replay[l].next();
          const ref = referenceEmbedding(spec, run.inputs[l].projections, n, c, referenceImageEmbedding(run.inputs[l].projections.pixel!, images.train.images, img));
          for (let u = 0; u < 100; u++) {
            expect(Math.abs(e[j][u] - ref[u])).toBeLessThan(1e-4 * (1 + Math.abs(ref[u])));
            expect(eT[u][j]).toBe(e[j][u]);
          }
          expect(t[j][0]).toBe(run.thetas[l][c]);
          expect(y[j]).toEqual(Array.from({ length: 10 }, (_, k) => (k === images.train.labels[img] ? 1 : 0)));
        });
        disposeBatch(batch);
      }
      run.lanes.dispose();
      run.inputs.forEach((i) => i.dispose());
    });
  });
});
