import * as tf from '@tensorflow/tfjs-core';
import { activate, type SeluKernel } from './activation';
import { HIDDEN, PAPER_ARCHITECTURE, type Architecture } from './modelSpec';
import type { ParamLayout } from './layout';
import { normalised } from './weightNorm';
import { kernelFor } from '../fused/activeKernel';
import { fusedForwardRows } from '../fused/fusedForward';

/** The weight matrices inside one lane's internal θ, as [in, out] views (one split). */
export function splitWeights(theta: tf.Tensor1D, layout: ParamLayout): { u1: tf.Tensor2D; u2: tf.Tensor2D; head: tf.Tensor2D } {
  const hh = HIDDEN * HIDDEN;
  const [a, b, c] = tf.split(theta, [hh, hh, HIDDEN * layout.headWidth]);
  return {
    u1: tf.reshape(a, [HIDDEN, HIDDEN]),
    u2: tf.reshape(b, [HIDDEN, HIDDEN]),
    head: tf.reshape(c, [HIDDEN, layout.headWidth]),
  };
}

/** One forward pass with its intermediates (what the hand-written backward pass reads). */
export interface ForwardPass {
  /** The weights the pass computes with (weight-normalised when the architecture says so). */
  u1: tf.Tensor2D;
  u2: tf.Tensor2D;
  head: tf.Tensor2D;
  /** Pre-activations and activations of the two hidden layers, [M, 100]. */
  a1: tf.Tensor2D;
  h1: tf.Tensor2D;
  a2: tf.Tensor2D;
  h2: tf.Tensor2D;
  /** Head outputs [M, H]: column 0 = predicted weight, columns 1.. = classifier logits before the temperature. */
  out: tf.Tensor2D;
  /** Weight-normalised passes: the raw weights of θ (what the backward pass maps the gradient back to). */
  raw?: { u1: tf.Tensor2D; u2: tf.Tensor2D; head: tf.Tensor2D };
}

/**
 * The quine's forward pass, the only place it is written: E [M, 100] → h1 → h2 →
 * head outputs [M, H], plain 2-D matMuls (the fast path of the wasm backend).
 * Not tidied: call inside a tf.tidy.
 */
export function forwardPass(theta: tf.Tensor1D, layout: ParamLayout, e: tf.Tensor2D, selu: SeluKernel = 'large', arch: Architecture = PAPER_ARCHITECTURE): ForwardPass {
  const raw = splitWeights(theta, layout);
  const w = arch.weightNorm === 'per-layer'
    ? { u1: normalised(raw.u1, false), u2: normalised(raw.u2, false), head: normalised(raw.head, true) }
    : raw;
  const a1: tf.Tensor2D = tf.matMul(e, w.u1);
  const h1 = activate(a1, arch.activation, selu);
  const a2: tf.Tensor2D = tf.matMul(h1, w.u2);
  const h2 = activate(a2, arch.activation, selu);
  return { ...w, a1, h1, a2, h2, out: tf.matMul(h2, w.head), ...(w === raw ? {} : { raw }) };
}

/**
 * Forward pass of one lane over many inputs: E [M, 100] → head outputs [M, H]
 * (column 0 = predicted weight, columns 1.. = classifier logits before the
 * temperature), with the full-pass selu kernel; tidied. On the fused backend the
 * pass runs in the kernels, E kept resident in kernel memory while it is reused
 * (the fixed embeddings of a run are copied in once).
 */
export function forwardLane(theta: tf.Tensor1D, layout: ParamLayout, e: tf.Tensor2D, arch: Architecture = PAPER_ARCHITECTURE): tf.Tensor2D {
  const kernel = kernelFor(arch);
  if (kernel) {
    const rows = e.shape[0];
    const ePtr = kernel.residentOf(e, () => e.dataSync() as Float32Array);
    return tf.tensor2d(fusedForwardRows(kernel, theta.dataSync() as Float32Array, layout, ePtr, rows, arch), [rows, layout.headWidth]);
  }
  return tf.tidy(() => forwardPass(theta, layout, e, 'large', arch).out);
}

/**
 * forwardLane for embeddings used once (a regeneration's E [rows, 100], built on the
 * CPU): head outputs [rows, H] row-major, E not kept.
 */
export function forwardLaneOnce(theta: tf.Tensor1D, layout: ParamLayout, e: Float32Array, rows: number, arch: Architecture = PAPER_ARCHITECTURE): Float32Array {
  const kernel = kernelFor(arch);
  if (kernel) {
    const ePtr = kernel.put(e);
    try {
      return fusedForwardRows(kernel, theta.dataSync() as Float32Array, layout, ePtr, rows, arch);
    } finally {
      kernel.release(ePtr);
    }
  }
  const out = tf.tidy(() => forwardPass(theta, layout, tf.tensor2d(e, [rows, HIDDEN]), 'large', arch).out);
  const data = out.dataSync() as Float32Array;
  out.dispose();
  return Float32Array.from(data);
}
