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

/** One forward pass with its intermediates (what the hand-written backward pass reads). */
export interface ForwardPass {
  u1: tf.Tensor2D;
  u2: tf.Tensor2D;
  head: tf.Tensor2D;
  /** Pre-activations and activations of the two hidden layers, [M, 100]. */
  a1: tf.Tensor2D;
  h1: tf.Tensor2D;
  a2: tf.Tensor2D;
  h2: tf.Tensor2D;
  /** Head outputs [M, H]: column 0 = predicted weight, columns 1.. = classifier logits before the temperature. */
  out: tf.Tensor2D;
}

/**
 * selu kernel of a pass: `native` = tf.selu (mini-batches: one op); `large` = seluLarge
 * (full passes over all coordinates, faster on tfjs-wasm at those shapes). The two
 * agree to float rounding, not bit for bit, so each caller keeps the one it has always used.
 */
export type SeluKernel = 'native' | 'large';

/**
 * The quine's forward pass, the only place it is written: E [M, 100] → h1 → h2 →
 * head outputs [M, H], plain 2-D matMuls (the fast path of the wasm backend).
 * Not tidied: call inside a tf.tidy.
 */
export function forwardPass(theta: tf.Tensor1D, layout: ParamLayout, e: tf.Tensor2D, selu: SeluKernel = 'large'): ForwardPass {
  const act = selu === 'large' ? seluLarge : tf.selu;
  const w = splitWeights(theta, layout);
  const a1: tf.Tensor2D = tf.matMul(e, w.u1);
  const h1 = act(a1) as tf.Tensor2D;
  const a2: tf.Tensor2D = tf.matMul(h1, w.u2);
  const h2 = act(a2) as tf.Tensor2D;
  return { ...w, a1, h1, a2, h2, out: tf.matMul(h2, w.head) };
}

/**
 * Forward pass of one lane over many inputs: E [M, 100] → head outputs [M, H]
 * (column 0 = predicted weight, columns 1.. = classifier logits before the
 * temperature), with the full-pass selu kernel; tidied.
 */
export function forwardLane(theta: tf.Tensor1D, layout: ParamLayout, e: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => forwardPass(theta, layout, e, 'large').out);
}
