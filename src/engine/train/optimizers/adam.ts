import * as tf from '@tensorflow/tfjs-core';
import { hyperDefaults, type OptimizerDefinition } from './optimizer';

/** PyTorch Adam: θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε) */
export const adam: OptimizerDefinition = {
  name: 'adam',
  label: 'Adam',
  defaults: hyperDefaults({ lr: 1e-3 }),
  slots: ['m', 'v'],
  update(theta, g, { m, v }, t, h) {
    const m1 = tf.add(tf.mul(m, h.beta1), tf.mul(g, 1 - h.beta1));
    const v1 = tf.add(tf.mul(v, h.beta2), tf.mul(tf.square(g), 1 - h.beta2));
    m.assign(m1);
    v.assign(v1);
    const denom = tf.add(tf.div(tf.sqrt(v1), Math.sqrt(1 - h.beta2 ** t)), h.eps);
    theta.assign(tf.sub(theta, tf.mul(tf.div(m1, denom), h.lr / (1 - h.beta1 ** t))));
  },
  fused: { kind: 2, scalars: (t, h) => [h.lr / (1 - h.beta1 ** t), h.beta1, 1 - h.beta1, h.beta2, 1 - h.beta2, Math.sqrt(1 - h.beta2 ** t), h.eps] },
};
