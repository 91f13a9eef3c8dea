import * as tf from '@tensorflow/tfjs-core';
import { HIDDEN } from './modelSpec';
import type { ParamLayout } from './layout';

/**
 * Forward pass of one lane over many inputs: E [M, 100] → head outputs [M, H]
 * (column 0 = predicted weight, columns 1.. = classifier logits before the
 * temperature). Uses plain 2-D matMuls, the fast path of the wasm backend.
 */
export function forwardLane(thetaLane: tf.Tensor1D, layout: ParamLayout, e: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const hh = HIDDEN * HIDDEN;
    const [a, b, c] = tf.split(thetaLane, [hh, hh, HIDDEN * layout.headWidth]);
    const h1 = tf.selu(tf.matMul(e, tf.reshape(a, [HIDDEN, HIDDEN])));
    const h2 = tf.selu(tf.matMul(h1, tf.reshape(b, [HIDDEN, HIDDEN])));
    return tf.matMul(h2, tf.reshape(c, [HIDDEN, layout.headWidth]));
  });
}

/** Row `lane` of a [K, N] θ as a 1-D tensor. */
export function laneRow(theta: tf.Tensor2D, lane: number): tf.Tensor1D {
  return tf.reshape(tf.slice(theta, [lane, 0], [1, theta.shape[1]]), [theta.shape[1]]);
}
