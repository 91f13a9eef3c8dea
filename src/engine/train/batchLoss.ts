import * as tf from '@tensorflow/tfjs-core';
import { classLogits, crossEntropyGradient, crossEntropySum, predictedWeights, replicationLoss, replicationLossGradient, type ReplicationLossKind, type TargetMode } from '../metrics/losses';
import { activationSlope, timesSlope } from '../models/activation';
import { forwardPass } from '../models/forward';
import type { ParamLayout } from '../models/layout';
import type { Architecture } from '../models/modelSpec';
import { normalisedDerivative } from '../models/weightNorm';

/** One lane's mini-batch: embeddings (and their transpose), target weights, (auxiliary) one-hot labels. */
export interface LaneBatch {
  e: tf.Tensor2D;        // [B, 100]
  eT: tf.Tensor2D;       // [100, B]: uploaded transposed, so dU1 needs no transpose op
  targets: tf.Tensor2D;  // [B, 1]: θ_c from the epoch's snapshot (no gradient through targets)
  labels?: tf.Tensor2D;  // [B, 10]
  /** The batch's coordinates as internal positions of θ (live targets read and differentiate θ there). */
  internal: Int32Array;
  /** How the lane's network computes (activation, weight normalisation). */
  arch: Architecture;
}

/**
 * L = replication·L_rep + task·Σ CE; task = λ for L_aux, replication = 0 for the
 * classifier baseline. L_rep is the paper's Σ(f − θ_c)² (`sse`, the default) or a
 * scale-free one (`relative`, `cosine`: losses.ts), against the epoch's snapshot of θ
 * (`snapshot`, the paper) or against θ as it is now, with the gradient through θ on
 * both sides (`live`).
 */
export interface LossWeights { replication: number; task: number; loss?: ReplicationLossKind; targets?: TargetMode }

/** The targets of a batch: the snapshot's, or θ itself at the batch's coordinates (live). */
function batchTargets(theta: tf.Tensor1D, batch: LaneBatch, weights: LossWeights): tf.Tensor2D {
  if (weights.targets !== 'live') return batch.targets;
  return tf.reshape(tf.gather(theta, tf.tensor1d(batch.internal, 'int32')), [batch.internal.length, 1]);
}

/** The lane's loss on its batch (a scalar): what the hand-written gradient differentiates. */
export function batchLoss(theta: tf.Tensor1D, layout: ParamLayout, batch: LaneBatch, weights: LossWeights): tf.Scalar {
  return tf.tidy(() => {
    const { out } = forwardPass(theta, layout, batch.e, 'native', batch.arch);
    const kind = weights.loss ?? 'sse';
    let loss = tf.mul(replicationLoss(predictedWeights(out, layout), batchTargets(theta, batch, weights), kind, theta), weights.replication) as tf.Scalar;
    if (batch.labels && weights.task !== 0) {
      loss = tf.add(loss, tf.mul(crossEntropySum(classLogits(out, layout), batch.labels), weights.task));
    }
    return loss;
  });
}

/**
 * Gradient of one lane's batch loss w.r.t. its θ, [N] in internal order. Written out
 * by hand (not tf.grad) with 2-D ops only: the paper's mini-batches of 10 make every
 * step op-bound, so fewer and faster ops are what counts.
 */
export function lossGradient(theta: tf.Tensor1D, layout: ParamLayout, batch: LaneBatch, weights: LossWeights): tf.Tensor1D {
  return tf.tidy(() => {
    const arch = batch.arch;
    const pass = forwardPass(theta, layout, batch.e, 'native', arch);
    const { u2, head, a1, h1, a2, h2, out } = pass;
    const targets = batchTargets(theta, batch, weights);
    const rep = replicationLossGradient(predictedWeights(out, layout), targets, weights.loss ?? 'sse', weights.targets === 'live', weights.replication, theta);
    const dOut = layout.headWidth === 1 ? rep.df : tf.concat([rep.df, crossEntropyGradient(classLogits(out, layout), batch.labels!, weights.task)], 1);
    // Transposed operands are made explicitly: transpose + plain matMul beats the transposed matMul kernels.
    let dHead: tf.Tensor2D = tf.matMul(tf.transpose(h2), dOut);
    const da2 = timesSlope(tf.matMul(dOut, tf.transpose(head)), activationSlope(a2, h2, arch.activation));
    let dU2: tf.Tensor2D = tf.matMul(tf.transpose(h1), da2);
    const da1 = timesSlope(tf.matMul(da2, tf.transpose(u2)), activationSlope(a1, h1, arch.activation));
    let dU1: tf.Tensor2D = tf.matMul(batch.eT, da1);
    if (pass.raw) {
      dU1 = normalisedDerivative(pass.raw.u1, dU1, false);
      dU2 = normalisedDerivative(pass.raw.u2, dU2, false);
      dHead = normalisedDerivative(pass.raw.head, dHead, true);
    }
    let grad = tf.concat([tf.reshape(dU1, [-1]), tf.reshape(dU2, [-1]), tf.reshape(dHead, [-1])]) as tf.Tensor1D;
    // Live targets: the targets are θ at the batch's coordinates, and the relative
    // loss's denominator is all of θ.
    if (rep.dTargets) {
      const at = tf.tensor2d(batch.internal, [batch.internal.length, 1], 'int32');
      grad = tf.add(grad, tf.scatterND(at, tf.reshape(rep.dTargets, [-1]), [layout.count]));
    }
    if (rep.dTheta) grad = tf.add(grad, rep.dTheta);
    return grad;
  });
}
