import * as tf from '@tensorflow/tfjs-core';
import { hyperDefaults, type OptimizerDefinition } from './optimizer';

/** PyTorch SGD(momentum=ρ, dampening=0): buf ← ρ·buf + g (buf₁ = g); θ ← θ − lr·buf */
export const momentum: OptimizerDefinition = {
  name: 'momentum',
  label: 'SGD + momentum',
  defaults: hyperDefaults({ lr: 0.01, momentum: 0.9 }),
  slots: ['buf'],
  update(theta, g, { buf }, _t, h) {
    const b = tf.add(tf.mul(buf, h.momentum), g);
    buf.assign(b);
    theta.assign(tf.sub(theta, tf.mul(b, h.lr)));
  },
  fused: { kind: 1, scalars: (_t, h) => [h.lr, h.momentum, 0, 0, 0, 0, 0] },
};
