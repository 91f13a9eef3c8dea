/** SELU constants (Klambauer et al. 2017), the same as tf.selu's. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

export function seluScalar(x: number): number {
  return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * (Math.exp(x) - 1);
}
