import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './modelSpec';
import { SELU_ALPHA, SELU_SCALE, seluLarge } from './selu';

/** Slope of leaky-relu for negative inputs (tf.leakyRelu's and PyTorch's default). */
export const LEAKY_SLOPE = 0.01;

/**
 * selu kernel of a pass: `native` = tf.selu (mini-batches: one op); `large` = seluLarge
 * (full passes over all coordinates, faster on tfjs-wasm at those shapes). The two
 * agree to float rounding, not bit for bit, so each caller keeps the one it has always used.
 */
export type SeluKernel = 'native' | 'large';

/** The hidden layers' activation h = σ(a). Not tidied. */
export function activate(a: tf.Tensor2D, activation: Activation, selu: SeluKernel): tf.Tensor2D {
  switch (activation) {
    case 'selu': return (selu === 'large' ? seluLarge(a) : tf.selu(a)) as tf.Tensor2D;
    case 'relu': return tf.relu(a);
    case 'leaky-relu': return tf.leakyRelu(a, LEAKY_SLOPE);
    case 'linear': return a;
  }
}

// A full-shape constant keeps tf.where from tiling a scalar every step.
const fills = new Map<string, tf.Tensor2D>();
function filled(shape: [number, number], value: number): tf.Tensor2D {
  const key = `${shape[0]}x${shape[1]}:${value}`;
  let t = fills.get(key);
  if (!t) {
    t = tf.keep(tf.fill(shape, value)) as tf.Tensor2D;
    fills.set(key, t);
  }
  return t;
}

/**
 * σ'(a), read from the pre-activation a and the activation h = σ(a); null for the
 * linear activation (slope 1: the caller skips the multiply). selu'(a) = scale for
 * a > 0, else h + scale·alpha. Not tidied.
 */
export function activationSlope(a: tf.Tensor2D, h: tf.Tensor2D, activation: Activation): tf.Tensor2D | null {
  const shape = a.shape as [number, number];
  switch (activation) {
    case 'selu': return tf.where(tf.greater(a, 0), filled(shape, SELU_SCALE), tf.add(h, SELU_SCALE * SELU_ALPHA) as tf.Tensor2D);
    case 'relu': return tf.where(tf.greater(a, 0), filled(shape, 1), filled(shape, 0));
    case 'leaky-relu': return tf.where(tf.greater(a, 0), filled(shape, 1), filled(shape, LEAKY_SLOPE));
    case 'linear': return null;
  }
}

/** x ⊙ slope, or x itself for the linear activation. */
export function timesSlope(x: tf.Tensor2D, slope: tf.Tensor2D | null): tf.Tensor2D {
  return slope ? (tf.mul(x, slope) as tf.Tensor2D) : x;
}
