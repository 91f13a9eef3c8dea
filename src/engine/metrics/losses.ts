import * as tf from '@tensorflow/tfjs-core';
import type { ParamLayout } from '../models/layout';
import { AUX_TEMPERATURE } from '../models/modelSpec';

/**
 * The losses of SPEC.md, each written once: on tensors (float32, what training,
 * hill-climbing and the reported L_aux's cross-entropy use) and, for L_SR, in
 * float64 on the CPU (what every reported L_SR is). Their derivatives with respect
 * to the head outputs sit next to them, for the hand-written backward pass.
 * None of these tidies: call inside a tf.tidy.
 */

/** The predicted weights f: column 0 of the head outputs, [M, 1] (the outputs themselves for the vanilla head). */
export function predictedWeights(out: tf.Tensor2D, layout: ParamLayout): tf.Tensor2D {
  return layout.headWidth === 1 ? out : tf.slice(out, [0, 0], [out.shape[0], 1]);
}

/** The classifier's scores Wcls·h2 (auxiliary head columns 1..), before the temperature, [M, 10]. */
export function classScores(out: tf.Tensor2D, layout: ParamLayout): tf.Tensor2D {
  return tf.slice(out, [0, 1], [out.shape[0], layout.headWidth - 1]);
}

/** The classifier's logits (Wcls·h2) / T, [M, 10]. */
export function classLogits(out: tf.Tensor2D, layout: ParamLayout): tf.Tensor2D {
  return tf.div(classScores(out, layout), AUX_TEMPERATURE);
}

/** L_SR on tensors: Σ (f − θ_c)² over the given samples (a batch, or all N coordinates). */
export function lsrSum(f: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.sum(tf.square(tf.sub(f, targets)));
}

/** The replication losses a quine can be trained on: the paper's Σ(f − θ_c)², and two that shrinking θ cannot lower (SPEC). */
export const REPLICATION_LOSSES = ['sse', 'relative', 'cosine'] as const;
export type ReplicationLossKind = (typeof REPLICATION_LOSSES)[number];
/** `snapshot`: θ_c from the epoch's snapshot, no gradient through it (the paper); `live`: θ as it is now, differentiated on both sides. */
export const TARGET_MODES = ['snapshot', 'live'] as const;
export type TargetMode = (typeof TARGET_MODES)[number];

/** D = Σ(θ − mean θ)² over all of θ: the relative loss's denominator, kept current. */
function spread(theta: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.square(tf.sub(theta, tf.mean(theta))));
}

/**
 * A batch's replication loss: `sse` Σ(f − t)²; `relative` Σ(f − t)²/D (summed over an
 * epoch's batches it is 1 − r2); `cosine` 1 − cos(f, t) over the batch's coordinates.
 */
export function replicationLoss(f: tf.Tensor2D, targets: tf.Tensor2D, kind: ReplicationLossKind, theta: tf.Tensor1D): tf.Scalar {
  if (kind === 'sse') return lsrSum(f, targets);
  if (kind === 'relative') return tf.div(lsrSum(f, targets), spread(theta));
  return tf.sub(1, tf.div(tf.sum(tf.mul(f, targets)), tf.mul(tf.norm(f), tf.norm(targets))));
}

/** weight · dL/df; with live targets weight · dL/dt ([B, 1]); for the relative loss the denominator's weight · dL/dθ ([N]). */
export interface ReplicationGradient { df: tf.Tensor2D; dTargets?: tf.Tensor2D; dTheta?: tf.Tensor1D }

export function replicationLossGradient(f: tf.Tensor2D, t: tf.Tensor2D, kind: ReplicationLossKind, live: boolean, weight: number, theta: tf.Tensor1D): ReplicationGradient {
  if (kind === 'sse' || kind === 'relative') {
    const d = kind === 'sse' ? null : spread(theta);
    const scale = d ? tf.div(2 * weight, d) : 2 * weight;
    const df = tf.mul(tf.sub(f, t), scale) as tf.Tensor2D;
    const out: ReplicationGradient = live ? { df, dTargets: tf.neg(df) } : { df };
    // The denominator is all of the current θ whatever the targets: dD/dθ = 2(θ − mean θ)
    // (the mean's own derivative sums to zero).
    if (d) out.dTheta = tf.mul(tf.sub(theta, tf.mean(theta)), tf.mul(-2 * weight, tf.div(lsrSum(f, t), tf.square(d)))) as tf.Tensor1D;
    return out;
  }
  // L = 1 − p/(ab), p = ⟨f, t⟩, a = ‖f‖, b = ‖t‖.
  const p = tf.sum(tf.mul(f, t));
  const a = tf.norm(f);
  const b = tf.norm(t);
  const ab = tf.mul(a, b);
  const df = tf.mul(tf.sub(tf.div(tf.mul(f, p), tf.mul(tf.square(a), ab)), tf.div(t, ab)), weight) as tf.Tensor2D;
  if (!live) return { df };
  return { df, dTargets: tf.mul(tf.sub(tf.div(tf.mul(t, p), tf.mul(tf.square(b), ab)), tf.div(f, ab)), weight) as tf.Tensor2D };
}

/** Σ CE over the samples: Σ (logsumexp(logits) − logits·y), y one-hot [M, 10]. */
export function crossEntropySum(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, labels), 1)));
}

/** d(weight · Σ CE)/d(head scores), the logits being scores / T: (softmax(logits) − y)·weight / T. */
export function crossEntropyGradient(logits: tf.Tensor2D, labels: tf.Tensor2D, weight: number): tf.Tensor {
  return tf.mul(tf.sub(tf.softmax(logits), labels), weight / AUX_TEMPERATURE);
}

/** L_SR in float64 from the predictions f and the weights θ, both in coordinate order. */
export function lsrOf(f: ArrayLike<number>, theta: ArrayLike<number>): number {
  let lsr = 0;
  for (let i = 0; i < theta.length; i++) {
    const d = f[i] - theta[i];
    lsr += d * d;
  }
  return lsr;
}

/** L_aux = L_SR + λ · Σ CE. */
export function auxLoss(lsr: number, crossEntropy: number, lambda: number): number {
  return lsr + lambda * crossEntropy;
}
