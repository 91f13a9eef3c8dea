import * as tf from '@tensorflow/tfjs-core';

/**
 * Weight normalisation (SPEC, "Beyond the paper"): a weight matrix W computes as
 * W̃ = r₀·W/‖W‖ while θ keeps the raw W, so f_{sθ} = f_θ: the radial mode that lets
 * regeneration shrink θ to the zero quine is gone. r₀ is the norm He init gives the
 * block in expectation, √(2·out) for W [out, in] (var 2/in over out·in weights), so a
 * freshly initialised network computes about what it would without normalisation.
 *
 * The internal head [100, H] holds Wout (column 0) and, for the auxiliary quine, Wcls
 * (columns 1..10): two layers, normalised separately. Nothing here tidies.
 */

/** r₀ of a block with `out` output units. */
export const normTarget = (out: number): number => Math.sqrt(2 * out);

/** The column groups of a matrix that are normalised as one layer each: one group, or the head's [1, H − 1]. */
function groups(w: tf.Tensor2D, isHead: boolean): number[] {
  const cols = w.shape[1];
  return isHead && cols > 1 ? [1, cols - 1] : [cols];
}

/** Out-units of each group: W1/W2 [in, out] → out columns; the head's Wout 1, Wcls H − 1. */
function outUnits(w: tf.Tensor2D, isHead: boolean): number[] {
  return groups(w, isHead);
}

/** W̃ = r₀·W/‖W‖ per layer. */
export function normalised(w: tf.Tensor2D, isHead: boolean): tf.Tensor2D {
  const g = groups(w, isHead);
  const parts = g.length === 1 ? [w] : tf.split(w, g, 1);
  const outs = outUnits(w, isHead);
  const scaled = parts.map((p, i) => tf.mul(p, tf.div(normTarget(outs[i]), tf.norm(p))) as tf.Tensor2D);
  return scaled.length === 1 ? scaled[0] : tf.concat(scaled, 1);
}

/**
 * The derivative of W̃ applied to a direction: given G (dL/dW̃ for the backward pass,
 * or a tangent V of W for the forward-mode pass) returns (r₀/‖W‖)·(G − (⟨G, W⟩/‖W‖²)·W)
 * per layer. The map is symmetric, so the same formula serves both passes.
 */
export function normalisedDerivative(w: tf.Tensor2D, g: tf.Tensor2D, isHead: boolean): tf.Tensor2D {
  const sizes = groups(w, isHead);
  const ws = sizes.length === 1 ? [w] : tf.split(w, sizes, 1);
  const gs = sizes.length === 1 ? [g] : tf.split(g, sizes, 1);
  const outs = outUnits(w, isHead);
  const parts = ws.map((wi, i) => {
    const sq = tf.sum(tf.square(wi));
    const radial = tf.div(tf.sum(tf.mul(gs[i], wi)), sq);
    return tf.mul(tf.sub(gs[i], tf.mul(wi, radial)), tf.div(normTarget(outs[i]), tf.sqrt(sq))) as tf.Tensor2D;
  });
  return parts.length === 1 ? parts[0] : tf.concat(parts, 1);
}
