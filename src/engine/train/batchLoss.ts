import * as tf from '@tensorflow/tfjs-core';
import { splitWeights } from '../lanes/laneSet';
import type { ParamLayout } from '../models/layout';
import { AUX_TEMPERATURE } from '../models/modelSpec';
import { SELU_ALPHA, SELU_SCALE } from '../models/selu';

/** One mini-batch for every lane: embeddings, target weights, and (auxiliary) one-hot labels. */
export interface LaneBatch {
  e: tf.Tensor3D;        // [K, B, 100]
  targets: tf.Tensor3D;  // [K, B, 1]: θ_c from the epoch's snapshot (no gradient through targets)
  labels?: tf.Tensor3D;  // [K, B, 10]
}

/** L = replication·Σ(f − θ_c)² + task·Σ CE; task = λ for L_aux, replication = 0 for the classifier baseline. */
export interface LossWeights { replication: number; task: number }

interface Forward { h1: tf.Tensor; h2: tf.Tensor; a1: tf.Tensor; a2: tf.Tensor; out: tf.Tensor3D }

function forward(theta: tf.Tensor2D, layout: ParamLayout, e: tf.Tensor3D): Forward & ReturnType<typeof splitWeights> {
  const w = splitWeights(theta, layout);
  const a1 = tf.matMul(e, w.u1);
  const h1 = tf.selu(a1);
  const a2 = tf.matMul(h1, w.u2);
  const h2 = tf.selu(a2);
  return { ...w, a1, h1, a2, h2, out: tf.matMul(h2, w.head) as tf.Tensor3D };
}

/** Per-lane summed loss on the batch: [K]. */
export function batchLoss(theta: tf.Tensor2D, layout: ParamLayout, batch: LaneBatch, weights: LossWeights): tf.Tensor1D {
  return tf.tidy(() => {
    const { out } = forward(theta, layout, batch.e);
    const k = out.shape[0], b = out.shape[1];
    const f = layout.headWidth === 1 ? out : tf.slice(out, [0, 0, 0], [k, b, 1]);
    let loss = tf.mul(tf.sum(tf.square(tf.sub(f, batch.targets)), [1, 2]), weights.replication) as tf.Tensor1D;
    if (batch.labels && weights.task !== 0) {
      const logits = tf.div(tf.slice(out, [0, 0, 1], [k, b, layout.headWidth - 1]), AUX_TEMPERATURE);
      const ce = tf.sum(tf.sub(tf.logSumExp(logits, 2), tf.sum(tf.mul(logits, batch.labels), 2)), 1);
      loss = tf.add(loss, tf.mul(ce, weights.task));
    }
    return loss;
  });
}

/** selu'(a) from a and h = selu(a): scale for a > 0, else h + scale·alpha. */
function seluGrad(a: tf.Tensor, h: tf.Tensor): tf.Tensor {
  return tf.where(tf.greater(a, 0), tf.scalar(SELU_SCALE), tf.add(h, SELU_SCALE * SELU_ALPHA));
}

/**
 * Gradient of the batch loss w.r.t. every lane's θ, [K, N] in internal order.
 * Written out by hand (not tf.grad): fewer ops per step, which is what the small
 * mini-batches of the paper's protocol are bound by.
 */
export function lossGradient(theta: tf.Tensor2D, layout: ParamLayout, batch: LaneBatch, weights: LossWeights): tf.Tensor2D {
  return tf.tidy(() => {
    const { u2, head, a1, h1, a2, h2, out } = forward(theta, layout, batch.e);
    const k = out.shape[0], b = out.shape[1];
    let dOut: tf.Tensor;
    if (layout.headWidth === 1) {
      dOut = tf.mul(tf.sub(out, batch.targets), 2 * weights.replication);
    } else {
      const f = tf.slice(out, [0, 0, 0], [k, b, 1]);
      const logits = tf.div(tf.slice(out, [0, 0, 1], [k, b, layout.headWidth - 1]), AUX_TEMPERATURE);
      const df = tf.mul(tf.sub(f, batch.targets), 2 * weights.replication);
      const dLogits = tf.mul(tf.sub(tf.softmax(logits), batch.labels!), weights.task / AUX_TEMPERATURE);
      dOut = tf.concat([df, dLogits], 2);
    }
    const dHead = tf.matMul(h2, dOut, true, false);
    const da2 = tf.mul(tf.matMul(dOut, head, false, true), seluGrad(a2, h2));
    const dU2 = tf.matMul(h1, da2, true, false);
    const da1 = tf.mul(tf.matMul(da2, u2, false, true), seluGrad(a1, h1));
    const dU1 = tf.matMul(batch.e, da1, true, false);
    return tf.concat([tf.reshape(dU1, [k, -1]), tf.reshape(dU2, [k, -1]), tf.reshape(dHead, [k, -1])], 1) as tf.Tensor2D;
  });
}
