import * as tf from '@tensorflow/tfjs-core';
import { forwardLane } from '../models/forward';
import type { FixedInputs } from '../models/fixedInputs';
import { HIDDEN } from '../models/modelSpec';
import type { LaneSet } from '../lanes/laneSet';
import type { Stream } from '../random/streams';

export type RegenerationInput = 'train' | 'blank' | 'noise';

/** Where x_c comes from when a parent regenerates: an image-embedding table and a row per coordinate. */
export interface RegenerationImages { table: Float32Array | null; rows: Int32Array }

/**
 * Draws the auxiliary input x_c for every coordinate of one regeneration: a training
 * image from the seeded stream, the blank image (its embedding is zero), or one of a
 * fixed pool of noise images.
 */
export function regenerationImages(input: RegenerationInput, inputs: FixedInputs, draw: Stream, noisePool: Float32Array | null): RegenerationImages {
  const n = inputs.n;
  if (input === 'blank') return { table: null, rows: new Int32Array(n) };
  const table = input === 'train' ? inputs.trainImageEmbed! : noisePool!;
  const count = table.length / 50;
  const rows = new Int32Array(n);
  for (let c = 0; c < n; c++) rows[c] = draw.int(count);
  return { table, rows };
}

/** The parent's prediction of every one of its weights, θ'[c] = f_parent(c, x_c), in coordinate order. */
export function regeneratedWeights(lanes: LaneSet, lane: number, images: RegenerationImages): Float32Array {
  const inputs = lanes.inputsOf(lane);
  const n = inputs.n;
  const buf = new Float32Array(n * HIDDEN);
  for (let c = 0; c < n; c++) inputs.embedInto(buf, c * HIDDEN, c, images.table, images.rows[c]);
  const f = tf.tidy(() => {
    const out = forwardLane(lanes.theta(lane), lanes.layout, tf.tensor2d(buf, [n, HIDDEN]));
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
