import * as tf from '@tensorflow/tfjs-core';
import { hyperDefaults, type OptimizerDefinition } from './optimizer';

/** PyTorch Adagrad (lr_decay 0): sum ← sum + g²; θ ← θ − lr·g / (√sum + ε), sum₀ = 0, ε = 1e-10 */
export const adagrad: OptimizerDefinition = {
  name: 'adagrad',
  label: 'Adagrad',
  defaults: hyperDefaults({ lr: 1e-2, eps: 1e-10, initialAccumulator: 0 }),
  slots: ['sum'],
  update(theta, g, { sum }, _t, h) {
    const s = tf.add(sum, tf.square(g));
    sum.assign(s);
    theta.assign(tf.sub(theta, tf.mul(tf.div(g, tf.add(tf.sqrt(s), h.eps)), h.lr)));
  },
  fused: { kind: 3, scalars: (_t, h) => [h.lr, 0, 0, 0, 0, 0, h.eps] },
};
