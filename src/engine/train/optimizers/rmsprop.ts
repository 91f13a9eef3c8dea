import * as tf from '@tensorflow/tfjs-core';
import { hyperDefaults, type OptimizerDefinition } from './optimizer';

/** PyTorch RMSprop (centered false, momentum 0): v ← αv + (1−α)g²; θ ← θ − lr·g / (√v + ε) */
export const rmsprop: OptimizerDefinition = {
  name: 'rmsprop',
  label: 'RMSprop',
  defaults: hyperDefaults({ lr: 1e-2, alpha: 0.99, eps: 1e-8 }),
  slots: ['v'],
  update(theta, g, { v }, _t, h) {
    const v1 = tf.add(tf.mul(v, h.alpha), tf.mul(tf.square(g), 1 - h.alpha));
    v.assign(v1);
    theta.assign(tf.sub(theta, tf.mul(tf.div(g, tf.add(tf.sqrt(v1), h.eps)), h.lr)));
  },
  fused: { kind: 5, scalars: (_t, h) => [h.lr, h.alpha, 1 - h.alpha, 0, 0, 0, h.eps] },
};
