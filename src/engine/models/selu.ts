import * as tf from '@tensorflow/tfjs-core';

/** SELU constants (Klambauer et al. 2017), the same as tf.selu's. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

export function seluScalar(x: number): number {
  return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * (Math.exp(x) - 1);
}

/**
 * selu for large tensors (full forward passes): λα·elu(x) − λ(α−1)·relu(x). On
 * tfjs-wasm this is 2× faster than tf.selu, whose kernel takes ~10 ns a value
 * (measured on [20100, 100]: 9 ms against 20 ms); it agrees to float rounding.
 * Other backends keep their native kernel.
 */
export function seluLarge(x: tf.Tensor): tf.Tensor {
  if (tf.getBackend() !== 'wasm') return tf.selu(x);
  return tf.tidy(() => tf.sub(tf.mul(tf.elu(x), SELU_SCALE * SELU_ALPHA), tf.mul(tf.relu(x), SELU_SCALE * (SELU_ALPHA - 1))));
}
