/**
 * The gradient check shared by the gradient tests: a mini-batch per lane built from
 * the float64 reference embedding, and the engine's hand-written lossGradient
 * compared with central finite differences of the reference loss (independent of
 * tf) and with tf's autodiff of batchLoss. Callers register tf's gradients
 * (`register_all_gradients`) and pick the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { ImageSet } from '../../src/engine/data/mnist';
import type { AuxImages } from '../../src/engine/models/fixedInputs';
import { architectureOf, type ModelSpec } from '../../src/engine/models/modelSpec';
import type { Stream } from '../../src/engine/random/streams';
import { disposeBatch } from '../../src/engine/train/batchBuilder';
import { batchLoss, lossGradient, type LaneBatch, type LossWeights } from '../../src/engine/train/batchLoss';
import { OFFSET, referenceBatchLoss, referenceEmbedding, referenceImageEmbedding, type ReferenceArch, type ReferenceSample } from './referenceQuine';
import { seededLanes, type SeededLanes } from './seededLanes';

const B = 10;

/** The first `count` images of a set, as a view: the gradient needs no more, and the cpu backend projects them faster. */
export const firstImages = (set: ImageSet, count: number): ImageSet => ({
  ...set, count, images: set.images.subarray(0, count * set.rows * set.cols), labels: set.labels.subarray(0, count),
});

export interface Case {
  run: SeededLanes;
  spec: ModelSpec;
  arch: ReferenceArch;
  /** Per lane: its own mini-batch. */
  batches: LaneBatch[];
  /** Per lane: the reference samples (the same float32 inputs the tensors hold). */
  samples: ReferenceSample[][];
}

/**
 * A mini-batch per lane with coordinates from every block, random training images,
 * targets = θ_c. Built here from the reference embedding (eT by an explicit
 * transpose loop), not by BatchBuilder, which has its own test. The spec's
 * activation and weight normalisation are the batch's architecture.
 */
export function makeCase(spec: ModelSpec, images: AuxImages | undefined, rng: Stream, seeds = [1, 2]): Case {
  const run = seededLanes(spec, seeds, images);
  const n = run.lanes.layout.count;
  const aux = spec.kind === 'auxiliary';
  const arch = architectureOf(spec);
  const samples: ReferenceSample[][] = [];
  const batches: LaneBatch[] = [];
  for (let l = 0; l < seeds.length; l++) {
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
      lane.push({ e: e.subarray(j * 100, (j + 1) * 100), target: t[j], label, coord: c });
    });
    samples.push(lane);
    batches.push({
      e: tf.tensor2d(e, [B, 100]),
      eT: tf.tensor2d(eT, [100, B]),
      targets: tf.tensor2d(t, [B, 1]),
      labels: aux ? tf.tensor2d(y, [B, 10]) : undefined,
      internal: Int32Array.from(coords, (c) => run.lanes.layout.toInternal[c]),
      arch,
    });
  }
  return { run, spec, arch, batches, samples };
}

export function disposeCase(cs: Case): void {
  cs.batches.forEach(disposeBatch);
  cs.run.lanes.dispose();
  cs.run.inputs.forEach((i) => i.dispose());
}

/** ~40 probe coordinates per lane spanning W1, W2, Wout and (auxiliary) Wcls, plus each block's corners and the batch's own coordinates. */
function probes(aux: boolean, rng: Stream, batchCoords: number[]): number[] {
  const pick = (start: number, size: number, count: number) => [start, start + size - 1, ...Array.from({ length: count }, () => start + rng.int(size))];
  return [...pick(OFFSET.W1, 10_000, 10), ...pick(OFFSET.W2, 10_000, 10), ...pick(OFFSET.Wout, 100, 4), ...(aux ? pick(OFFSET.Wcls, 1000, 8) : []), ...batchCoords];
}

const blockOf = (c: number): string => (c < OFFSET.W2 ? 'W1' : c < OFFSET.Wout ? 'W2' : c < OFFSET.Wcls ? 'Wout' : 'Wcls');

/**
 * Central differences of the float64 reference loss at the lane's θ. Snapshot
 * targets stay fixed; live targets move with θ (the reference reads θ_c).
 */
function finiteDifference(theta: Float32Array, cs: Case, lane: number, weights: LossWeights, c: number): number {
  const aux = cs.spec.kind === 'auxiliary';
  const x = Float64Array.from(theta);
  const h = 1e-6;
  x[c] = theta[c] + h;
  const up = referenceBatchLoss(x, aux, cs.samples[lane], weights, cs.arch);
  x[c] = theta[c] - h;
  const down = referenceBatchLoss(x, aux, cs.samples[lane], weights, cs.arch);
  return (up - down) / (2 * h);
}

/**
 * Engine gradient of each lane (canonical coordinate c read at internal position
 * toInternal[c]) vs finite differences. Tolerance: 1e-3 of the block's largest
 * probed gradient plus 1e-3 relative — a sign error, a missing factor 2, a
 * transposed matrix or a wrong temperature is off by ~100 % and fails. The two
 * lanes have different θ and batches, so a lane computed from the other's also fails.
 * `minGradient`: each block's largest probed gradient must exceed it, so a zero
 * gradient everywhere cannot pass.
 */
export function checkGradient(cs: Case, weights: LossWeights, rng: Stream, minGradient = 1e-4): void {
  const { run, batches, samples, spec } = cs;
  const aux = spec.kind === 'auxiliary';
  const layout = run.lanes.layout;
  const n = layout.count;

  for (let lane = 0; lane < batches.length; lane++) {
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
    const refLoss = referenceBatchLoss(theta, aux, samples[lane], weights, cs.arch);
    expect(Math.abs(l - refLoss)).toBeLessThanOrEqual(1e-5 * Math.abs(refLoss) + 1e-6);

    const ps = probes(aux, rng, samples[lane].map((s) => s.coord!));
    const fd = ps.map((c) => finiteDifference(theta, cs, lane, weights, c));
    const engine = ps.map((c) => g[layout.toInternal[c]]);
    const blockMax = new Map<string, number>();
    ps.forEach((c, i) => blockMax.set(blockOf(c), Math.max(blockMax.get(blockOf(c)) ?? 0, Math.abs(fd[i]))));
    for (const [block, m] of blockMax) {
      if (!(block === 'Wout' && weights.replication === 0)) expect(m, `${block} probe gradient`).toBeGreaterThan(minGradient);
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
