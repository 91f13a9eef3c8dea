import * as tf from '@tensorflow/tfjs-core';
import type { LaneSet } from '../lanes/laneSet';
import type { Evaluation } from '../metrics/evaluateLanes';
import { forwardLane } from '../models/forward';
import { HIDDEN } from '../models/modelSpec';
import type { Stream } from '../random/streams';

// Regeneration, θ ← f_θ(c), and the reproduction built on it: paper runs regenerate
// in place; evolution makes each child from its parent's regenerated weights (x_c
// given per coordinate), then mutates the child's copy.

/**
 * Regeneration in place: θ ← f_θ(c) for all c at once, every prediction computed from
 * the same θ. Takes the predictions of an evaluation just made (the forward pass over
 * all coordinates is the same one), so regeneration costs no extra pass.
 */
export function regenerate(lanes: LaneSet, evaluations: Evaluation[]): void {
  lanes.setCanonical(evaluations.map((e) => Float32Array.from(e.predictions)));
}

/** Where the auxiliary input x_c comes from when an evolving parent regenerates. */
export type RegenerationInput = 'train' | 'blank' | 'noise';

/** The x_c of every coordinate: an image-embedding table (null: the blank image, whose embedding is zero) and a row per coordinate. */
export interface RegenerationImages { table: Float32Array | null; rows: Int32Array }

/** The parent's prediction of every one of its weights, θ'[c] = f_parent(c, x_c), in coordinate order. */
export function regeneratedWeights(lanes: LaneSet, lane: number, images: RegenerationImages): Float32Array {
  const inputs = lanes.inputsOf(lane);
  const n = inputs.n;
  const buf = new Float32Array(n * HIDDEN);
  for (let c = 0; c < n; c++) inputs.embedInto(buf, c * HIDDEN, c, images.table, images.rows[c]);
  const f = tf.tidy(() => {
    const out = forwardLane(lanes.theta(lane), lanes.layout, tf.tensor2d(buf, [n, HIDDEN]), lanes.architecture(lane));
    return tf.reshape(tf.slice(out, [0, 0], [n, 1]), [n]);
  });
  const data = f.dataSync() as Float32Array;
  f.dispose();
  return Float32Array.from(data);
}

/** Gaussian mutation in place: each weight with probability `rate` gets σ·N(0, 1). */
export function mutate(theta: Float32Array, sigma: number, rate: number, rng: Stream): Float32Array {
  if (sigma === 0 || rate === 0) return theta;
  for (let i = 0; i < theta.length; i++) {
    if (rate >= 1 || rng.next() < rate) theta[i] += sigma * rng.normal();
  }
  return theta;
}
