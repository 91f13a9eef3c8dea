import * as tf from '@tensorflow/tfjs-core';
import { HIDDEN } from './modelSpec';
import { seluLarge } from './selu';
import type { ParamLayout } from './layout';

/** The weight matrices inside one lane's internal θ, as [in, out] views (one split). */
export function splitWeights(theta: tf.Tensor1D, layout: ParamLayout): { u1: tf.Tensor2D; u2: tf.Tensor2D; head: tf.Tensor2D } {
  const hh = HIDDEN * HIDDEN;
  const [a, b, c] = tf.split(theta, [hh, hh, HIDDEN * layout.headWidth]);
  return {
    u1: tf.reshape(a, [HIDDEN, HIDDEN]),
    u2: tf.reshape(b, [HIDDEN, HIDDEN]),
    head: tf.reshape(c, [HIDDEN, layout.headWidth]),
  };
}

/**
 * Forward pass of one lane over many inputs: E [M, 100] → head outputs [M, H]
 * (column 0 = predicted weight, columns 1.. = classifier logits before the
 * temperature). Plain 2-D matMuls, the fast path of the wasm backend.
 */
export function forwardLane(theta: tf.Tensor1D, layout: ParamLayout, e: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { u1, u2, head } = splitWeights(theta, layout);
    const h1 = seluLarge(tf.matMul(e, u1));
    const h2 = seluLarge(tf.matMul(h1, u2));
    return tf.matMul(h2, head);
  });
}
