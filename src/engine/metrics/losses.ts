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

/** Σ CE over the samples: Σ (logsumexp(logits) − logits·y), y one-hot [M, 10]. */
export function crossEntropySum(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, labels), 1)));
}

/** d(weight · L_SR)/df = 2·weight·(f − θ_c). */
export function lsrGradient(f: tf.Tensor, targets: tf.Tensor, weight: number): tf.Tensor {
  return tf.mul(tf.sub(f, targets), 2 * weight);
}

/** d(weight · Σ CE)/d(head scores), the logits being scores / T: (softmax(logits) − y)·weight / T. */
export function crossEntropyGradient(logits: tf.Tensor2D, labels: tf.Tensor2D, weight: number): tf.Tensor {
  return tf.mul(tf.sub(tf.softmax(logits), labels), weight / AUX_TEMPERATURE);
}

/** L_SR in float64 from the predictions f and the weights θ, both in coordinate order. */
export function lsrOf(f: Float32Array, theta: Float32Array): number {
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
