import * as tf from '@tensorflow/tfjs-core';
import { hyperDefaults, type OptimizerDefinition } from './optimizer';

/** θ ← θ − lr·g */
export const sgd: OptimizerDefinition = {
  name: 'sgd',
  label: 'SGD',
  defaults: hyperDefaults({ lr: 0.01 }),
  slots: [],
  update(theta, g, _slots, _t, h) {
    theta.assign(tf.sub(theta, tf.mul(g, h.lr)));
  },
  fused: { kind: 0, scalars: (_t, h) => [h.lr, 0, 0, 0, 0, 0, 0] },
};
