import * as tf from '@tensorflow/tfjs-core';
import { hyperDefaults, type OptimizerDefinition } from './optimizer';

/** PyTorch Adamax: m ← β₁m + (1−β₁)g; u ← max(β₂u, |g| + ε); θ ← θ − (lr / (1 − β₁ᵗ))·m/u */
export const adamax: OptimizerDefinition = {
  name: 'adamax',
  label: 'Adamax',
  defaults: hyperDefaults({ lr: 2e-3 }),
  slots: ['m', 'u'],
  update(theta, g, { m, u }, t, h) {
    const m1 = tf.add(tf.mul(m, h.beta1), tf.mul(g, 1 - h.beta1));
    const u1 = tf.maximum(tf.mul(u, h.beta2), tf.add(tf.abs(g), h.eps));
    m.assign(m1);
    u.assign(u1);
    theta.assign(tf.sub(theta, tf.mul(tf.div(m1, u1), h.lr / (1 - h.beta1 ** t))));
  },
  fused: { kind: 4, scalars: (t, h) => [h.lr / (1 - h.beta1 ** t), h.beta1, 1 - h.beta1, h.beta2, 0, 0, h.eps] },
};
