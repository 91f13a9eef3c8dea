import * as tf from '@tensorflow/tfjs-core';
// tfjs-core ships its gradient kernels unregistered; only this test uses tf.grad.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { ImageCursor } from '../../src/engine/data/imageCursor';
import { loadMnist, type ImageSet } from '../../src/engine/data/mnist';
import type { AuxImages } from '../../src/engine/models/fixedInputs';
import { defaultSpec, type ModelSpec } from '../../src/engine/models/modelSpec';
import { seededStream, type Stream } from '../../src/engine/random/streams';
import { BatchBuilder, disposeBatch } from '../../src/engine/train/batchBuilder';
import { batchLoss, lossGradient, type LaneBatch, type LossWeights } from '../../src/engine/train/batchLoss';
import { OFFSET, referenceBatchLoss, referenceEmbedding, referenceImageEmbedding, type ReferenceSample } from './referenceQuine';
import { seededLanes, type SeededLanes } from './seededLanes';

// The hand-written lossGradient must equal the gradient of SPEC's batch loss:
// checked against central finite differences of the float64 reference loss
// (independent of tf), and against tf's own autodiff of batchLoss. The cpu
// backend cross-checks the kernels the other files run on wasm.

beforeAll(async () => {
  await selectBackend('cpu');
});

const B = 10;

/** The first `count` images of a set, as a view: the gradient needs no more, and the cpu backend projects them faster. */
const firstImages = (set: ImageSet, count: number): ImageSet => ({
  ...set, count, images: set.images.subarray(0, count * set.rows * set.cols), labels: set.labels.subarray(0, count),
});

interface Case {
  run: SeededLanes;
  spec: ModelSpec;
  /** Per lane: its own mini-batch. */
  batches: LaneBatch[];
  /** Per lane: the reference samples (the same float32 inputs the tensors hold). */
  samples: ReferenceSample[][];
}

/**
 * A mini-batch per lane with coordinates from every block, random training images,
 * targets = θ_c. Built here from the reference embedding (eT by an explicit
 * transpose loop), not by BatchBuilder, which has its own test below.
 */
function makeCase(spec: ModelSpec, images: AuxImages | undefined, rng: Stream): Case {
  const run = seededLanes(spec, [1, 2], images);
  const n = run.lanes.layout.count;
  const aux = spec.kind === 'auxiliary';
  const samples: ReferenceSample[][] = [];
  const batches: LaneBatch[] = [];
  for (let l = 0; l < 2; l++) {
    const e = new Float32Array(B * 100), eT = new Float32Array(100 * B), t = new Float32Array(B), y = new Float32Array(B * 10);
    const lane: ReferenceSample[] = [];
    const coords = [rng.int(10_000), 10_000 + rng.int(10_000), 20_000 + rng.int(100), ...Array.from({ length: B - 3 }, () => rng.int(n))];
    coords.forEach((c, j) => {
      const img = aux ? rng.int(images!.train.count) : -1;
      const imageEmbed = aux ? referenceImageEmbedding(run.inputs[l].projections.pixel!, images!.train.images, img) : null;
      e.set(referenceEmbedding(spec, run.inputs[l].projections, n, c, imageEmbed), j * 100);
      for (let u = 0; u < 100; u++) eT[u * B + j] = e[j * 100 + u];
      t[j] = run.thetas[l][c];
      const label = aux ? images!.train.labels[img] : undefined;
      if (label !== undefined) y[j * 10 + label] = 1;
      lane.push({ e: e.subarray(j * 100, (j + 1) * 100), target: t[j], label });
    });
    samples.push(lane);
    batches.push({
      e: tf.tensor2d(e, [B, 100]),
      eT: tf.tensor2d(eT, [100, B]),
      targets: tf.tensor2d(t, [B, 1]),
      labels: aux ? tf.tensor2d(y, [B, 10]) : undefined,
    });
  }
  return { run, spec, batches, samples };
}

function disposeCase(cs: Case): void {
  cs.batches.forEach(disposeBatch);
  cs.run.lanes.dispose();
  cs.run.inputs.forEach((i) => i.dispose());
}

/** ~40 probe coordinates per lane spanning W1, W2, Wout and (auxiliary) Wcls, plus each block's corners. */
function probes(aux: boolean, rng: Stream): number[] {
  const pick = (start: number, size: number, count: number) => [start, start + size - 1, ...Array.from({ length: count }, () => start + rng.int(size))];
  return [...pick(OFFSET.W1, 10_000, 10), ...pick(OFFSET.W2, 10_000, 10), ...pick(OFFSET.Wout, 100, 4), ...(aux ? pick(OFFSET.Wcls, 1000, 8) : [])];
}

const blockOf = (c: number): string => (c < OFFSET.W2 ? 'W1' : c < OFFSET.Wout ? 'W2' : c < OFFSET.Wcls ? 'Wout' : 'Wcls');

/**
 * Central differences of the float64 reference loss at the lane's θ; targets stay
 * fixed (no gradient through the snapshot).
 */
function finiteDifference(theta: Float32Array, aux: boolean, samples: ReferenceSample[], weights: LossWeights, c: number): number {
  const x = Float64Array.from(theta);
  const h = 1e-6;
  x[c] = theta[c] + h;
  const up = referenceBatchLoss(x, aux, samples, weights);
  x[c] = theta[c] - h;
  const down = referenceBatchLoss(x, aux, samples, weights);
  return (up - down) / (2 * h);
}

/**
 * Engine gradient of each lane (canonical coordinate c read at internal position
 * toInternal[c]) vs finite differences. Tolerance: 1e-3 of the block's largest
 * probed gradient plus 1e-3 relative — a sign error, a missing factor 2, a
 * transposed matrix or a wrong temperature is off by ~100 % and fails. The two
 * lanes have different θ and batches, so a lane computed from the other's also fails.
 */
function checkGradient(cs: Case, weights: LossWeights, rng: Stream): void {
  const { run, batches, samples, spec } = cs;
  const aux = spec.kind === 'auxiliary';
  const layout = run.lanes.layout;
  const n = layout.count;

  for (let lane = 0; lane < 2; lane++) {
    const thetaVar = run.lanes.theta(lane);
    const grad = lossGradient(thetaVar, layout, batches[lane], weights);
    expect(grad.shape).toEqual([n]);
    const g = grad.dataSync() as Float32Array;
    grad.dispose();

    const loss = batchLoss(thetaVar, layout, batches[lane], weights);
    expect(loss.shape).toEqual([]);
    const l = loss.dataSync()[0];
    loss.dispose();

    const theta = run.thetas[lane];
    const refLoss = referenceBatchLoss(theta, aux, samples[lane], weights);
    expect(Math.abs(l - refLoss)).toBeLessThanOrEqual(1e-5 * Math.abs(refLoss) + 1e-6);

    const ps = probes(aux, rng);
    const fd = ps.map((c) => finiteDifference(theta, aux, samples[lane], weights, c));
    const engine = ps.map((c) => g[layout.toInternal[c]]);
    const blockMax = new Map<string, number>();
    ps.forEach((c, i) => blockMax.set(blockOf(c), Math.max(blockMax.get(blockOf(c)) ?? 0, Math.abs(fd[i]))));
    // The probes must actually exercise the loss: a zero gradient everywhere would pass trivially.
    for (const [block, m] of blockMax) {
      if (!(block === 'Wout' && weights.replication === 0)) expect(m, `${block} probe gradient`).toBeGreaterThan(1e-4);
    }
    ps.forEach((c, i) => {
      const tol = 1e-3 * blockMax.get(blockOf(c))! + 1e-3 * Math.abs(fd[i]) + 1e-7;
      if (!(Math.abs(engine[i] - fd[i]) <= tol)) {
        throw new Error(`lane ${lane} ${blockOf(c)} coordinate ${c}: lossGradient ${engine[i]} vs finite difference ${fd[i]} (tol ${tol})`);
      }
    });

    // tf's autodiff of batchLoss: the same gradient by a third route, on all N weights.
    const auto = tf.grad((t) => batchLoss(t as tf.Tensor1D, layout, batches[lane], weights))(thetaVar);
    const a = auto.dataSync() as Float32Array;
    auto.dispose();
    expect(a.length).toBe(n);
    let maxAbs = 0, maxDiff = 0;
    for (let i = 0; i < n; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(a[i]));
      maxDiff = Math.max(maxDiff, Math.abs(a[i] - g[i]));
    }
    expect(maxDiff, `lane ${lane} autodiff`).toBeLessThanOrEqual(1e-4 * maxAbs);
  }
}

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
