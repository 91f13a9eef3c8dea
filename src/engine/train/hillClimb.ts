import * as tf from '@tensorflow/tfjs-core';
import type { LaneSet } from '../lanes/laneSet';
import { forwardLane, laneRow } from '../models/forward';
import { BatchBuilder, disposeBatch } from './batchBuilder';
import { batchLoss } from './batchLoss';
import type { LaneStreams } from './optimisationEpoch';

export type HillClimbVariant = 'minibatch' | 'full';

export interface HillClimbOptions {
  variant: HillClimbVariant;
  /** σ of the Gaussian perturbation of every weight. */
  sigma: number;
  batchSize: number;
  /** Full variant: proposals per epoch (each costs two passes over all N coordinates). */
  proposalsPerEpoch: number;
  onProgress?: (done: number, total: number) => void;
}

export interface HillClimbStats { proposals: number; accepted: number[] }

/** Per-lane perturbation drawn from each lane's own noise stream, so lanes equal single runs. */
function perturbation(lanes: LaneSet, streams: LaneStreams[], sigma: number): tf.Tensor2D {
  return tf.tidy(() => tf.stack(streams.map((s) => tf.randomNormal([lanes.layout.count], 0, sigma, 'float32', s.noise!.int(2 ** 31)))) as tf.Tensor2D);
}

/** θ ← candidate in the lanes where `better` (a [K] bool) holds. */
function acceptWhere(lanes: LaneSet, candidate: tf.Tensor2D, better: tf.Tensor1D): void {
  tf.tidy(() => lanes.theta.assign(tf.where(tf.reshape(better, [lanes.k, 1]), candidate, lanes.theta)));
}

/**
 * One epoch of (1+1) hill-climbing: perturb all weights by N(0, σ²) and keep the
 * candidate only if the loss strictly decreases. `minibatch` follows the paper
 * (the optimisation epoch's pseudo-code with a non-gradient step, loss on each
 * mini-batch against the epoch's snapshot); `full` judges each candidate on the
 * whole L_SR.
 */
export function hillClimbEpoch(lanes: LaneSet, streams: LaneStreams[], o: HillClimbOptions): HillClimbStats {
  const accepted = new Array<number>(lanes.k).fill(0);
  const count = (better: tf.Tensor1D) => (better.dataSync() as Uint8Array).forEach((b, l) => { accepted[l] += b; });
  if (o.variant === 'minibatch') {
    const n = lanes.layout.count;
    const snapshot = lanes.canonical();
    const orders = streams.map((s) => s.shuffle.shuffle(n));
    const builder = new BatchBuilder(lanes, o.batchSize);
    const steps = Math.floor(n / o.batchSize);
    const weights = { replication: 1, task: 0 };
    for (let s = 0; s < steps; s++) {
      const at = s * o.batchSize;
      const batch = builder.build((l) => orders[l].subarray(at, at + o.batchSize), snapshot, streams.map((x) => x.images));
      const candidate = tf.tidy(() => tf.add(lanes.theta, perturbation(lanes, streams, o.sigma)) as tf.Tensor2D);
      const better = tf.tidy(() => tf.less(batchLoss(candidate, lanes.layout, batch, weights), batchLoss(lanes.theta, lanes.layout, batch, weights)) as tf.Tensor1D);
      count(better);
      acceptWhere(lanes, candidate, better);
      tf.dispose([candidate, better]);
      disposeBatch(batch);
      if (o.onProgress && (s % 100 === 99 || s === steps - 1)) o.onProgress(s + 1, steps);
    }
    return { proposals: steps, accepted };
  }
  let current = fullLoss(lanes, lanes.theta);
  for (let p = 0; p < o.proposalsPerEpoch; p++) {
    const candidate = tf.tidy(() => tf.add(lanes.theta, perturbation(lanes, streams, o.sigma)) as tf.Tensor2D);
    const loss = fullLoss(lanes, candidate);
    const better = tf.tidy(() => tf.less(loss, current) as tf.Tensor1D);
    count(better);
    acceptWhere(lanes, candidate, better);
    const next = tf.tidy(() => tf.where(better, loss, current) as tf.Tensor1D);
    tf.dispose([candidate, better, loss, current]);
    current = next;
    o.onProgress?.(p + 1, o.proposalsPerEpoch);
  }
  current.dispose();
  return { proposals: o.proposalsPerEpoch, accepted };
}

/** L_SR of every lane of a [K, N] θ against itself (the true, moving target): [K]. */
export function fullLoss(lanes: LaneSet, theta: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const perm = tf.tensor1d(lanes.layout.toInternal, 'int32');
    const losses = Array.from({ length: lanes.k }, (_, l) => {
      const row = laneRow(theta, l);
      const out = forwardLane(row, lanes.layout, lanes.inputsOf(l).fullEmbedding());
      const f = tf.reshape(tf.slice(out, [0, 0], [out.shape[0], 1]), [-1]);
      return tf.sum(tf.square(tf.sub(f, tf.gather(row, perm))));
    });
    return tf.stack(losses) as tf.Tensor1D;
  });
}
