import * as tf from '@tensorflow/tfjs-core';
import { classLogits, crossEntropyGradient, crossEntropySum, lsrGradient, lsrSum, predictedWeights } from '../metrics/losses';
import { forwardPass } from '../models/forward';
import type { ParamLayout } from '../models/layout';
import { SELU_ALPHA, SELU_SCALE } from '../models/selu';

/** One lane's mini-batch: embeddings (and their transpose), target weights, (auxiliary) one-hot labels. */
export interface LaneBatch {
  e: tf.Tensor2D;        // [B, 100]
  eT: tf.Tensor2D;       // [100, B]: uploaded transposed, so dU1 needs no transpose op
  targets: tf.Tensor2D;  // [B, 1]: θ_c from the epoch's snapshot (no gradient through targets)
  labels?: tf.Tensor2D;  // [B, 10]
}

/** L = replication·Σ(f − θ_c)² + task·Σ CE; task = λ for L_aux, replication = 0 for the classifier baseline. */
export interface LossWeights { replication: number; task: number }

/** The lane's summed loss on its batch (a scalar). */
export function batchLoss(theta: tf.Tensor1D, layout: ParamLayout, batch: LaneBatch, weights: LossWeights): tf.Scalar {
  return tf.tidy(() => {
    const { out } = forwardPass(theta, layout, batch.e, 'native');
    let loss = tf.mul(lsrSum(predictedWeights(out, layout), batch.targets), weights.replication) as tf.Scalar;
    if (batch.labels && weights.task !== 0) {
      loss = tf.add(loss, tf.mul(crossEntropySum(classLogits(out, layout), batch.labels), weights.task));
    }
    return loss;
  });
}

// selu'(a) = scale for a > 0, else h + scale·alpha (h = selu(a)). A full-shape constant
// keeps tf.where from tiling a scalar every step.
const scaleFill = new Map<number, tf.Tensor2D>();
function seluGrad(a: tf.Tensor, h: tf.Tensor): tf.Tensor {
  const [rows, cols] = a.shape as [number, number];
  let s = scaleFill.get(rows * 1e6 + cols);
  if (!s) {
    s = tf.keep(tf.fill([rows, cols], SELU_SCALE)) as tf.Tensor2D;
    scaleFill.set(rows * 1e6 + cols, s);
  }
  return tf.where(tf.greater(a, 0), s, tf.add(h, SELU_SCALE * SELU_ALPHA));
}

/**
 * Gradient of one lane's batch loss w.r.t. its θ, [N] in internal order. Written out
 * by hand (not tf.grad) with 2-D ops only: the paper's mini-batches of 10 make every
 * step op-bound, so fewer and faster ops are what counts.
 */
export function lossGradient(theta: tf.Tensor1D, layout: ParamLayout, batch: LaneBatch, weights: LossWeights): tf.Tensor1D {
  return tf.tidy(() => {
    const { u2, head, a1, h1, a2, h2, out } = forwardPass(theta, layout, batch.e, 'native');
    const df = lsrGradient(predictedWeights(out, layout), batch.targets, weights.replication);
    const dOut = layout.headWidth === 1 ? df : tf.concat([df, crossEntropyGradient(classLogits(out, layout), batch.labels!, weights.task)], 1);
    // Transposed operands are made explicitly: transpose + plain matMul beats the transposed matMul kernels.
    const dHead = tf.matMul(tf.transpose(h2), dOut);
    const da2 = tf.mul(tf.matMul(dOut, tf.transpose(head)), seluGrad(a2, h2));
    const dU2 = tf.matMul(tf.transpose(h1), da2);
    const da1 = tf.mul(tf.matMul(da2, tf.transpose(u2)), seluGrad(a1, h1));
    const dU1 = tf.matMul(batch.eT, da1);
    return tf.concat([tf.reshape(dU1, [-1]), tf.reshape(dU2, [-1]), tf.reshape(dHead, [-1])]) as tf.Tensor1D;
  });
}
