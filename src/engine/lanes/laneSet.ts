import * as tf from '@tensorflow/tfjs-core';
import { canonicalToInternal, internalToCanonical, type ParamLayout } from '../models/layout';
import { HIDDEN } from '../models/modelSpec';
import type { FixedInputs } from '../models/fixedInputs';

/**
 * A batch of K independent quines ("lanes") computed together: θ is one [K, N]
 * variable in internal order (see layout.ts). Lane k reads its fixed inputs from
 * `inputs[k]`, or all lanes share `inputs[0]` (a population of one species).
 */
export class LaneSet {
  readonly k: number;
  readonly layout: ParamLayout;
  readonly theta: tf.Variable<tf.Rank.R2>;

  constructor(readonly inputs: FixedInputs[], canonicalThetas: Float32Array[]) {
    this.k = canonicalThetas.length;
    if (this.k === 0) throw new Error('LaneSet: needs at least one lane');
    if (inputs.length !== 1 && inputs.length !== this.k) {
      throw new Error(`LaneSet: expected 1 or ${this.k} fixed inputs, got ${inputs.length}`);
    }
    this.layout = inputs[0].layout;
    this.theta = tf.variable(tf.tensor2d(this.packInternal(canonicalThetas), [this.k, this.layout.count]), false);
  }

  inputsOf(lane: number): FixedInputs {
    return this.inputs.length === 1 ? this.inputs[0] : this.inputs[lane];
  }

  /** θ of every lane in coordinate order (one download). */
  canonical(): Float32Array[] {
    const all = this.theta.dataSync() as Float32Array;
    const n = this.layout.count;
    return Array.from({ length: this.k }, (_, l) => internalToCanonical(this.layout, all.subarray(l * n, (l + 1) * n)));
  }

  setCanonical(thetas: Float32Array[]): void {
    if (thetas.length !== this.k) throw new Error(`LaneSet.setCanonical: expected ${this.k} lanes, got ${thetas.length}`);
    this.theta.assign(tf.tensor2d(this.packInternal(thetas), [this.k, this.layout.count]));
  }

  private packInternal(thetas: Float32Array[]): Float32Array {
    const n = this.layout.count;
    const buf = new Float32Array(this.k * n);
    thetas.forEach((t, l) => {
      if (t.length !== n) throw new Error(`LaneSet: lane ${l} has ${t.length} weights, expected ${n}`);
      canonicalToInternal(this.layout, t, buf.subarray(l * n, (l + 1) * n));
    });
    return buf;
  }

  dispose(): void {
    this.theta.dispose();
  }
}

/** Views of the weight matrices inside a [K, N] internal θ (internal layout: [in, out]). */
export function splitWeights(theta: tf.Tensor2D, layout: ParamLayout): { u1: tf.Tensor3D; u2: tf.Tensor3D; head: tf.Tensor3D } {
  const k = theta.shape[0];
  const hh = HIDDEN * HIDDEN;
  const [a, b, c] = tf.split(theta, [hh, hh, HIDDEN * layout.headWidth], 1);
  return {
    u1: tf.reshape(a, [k, HIDDEN, HIDDEN]),
    u2: tf.reshape(b, [k, HIDDEN, HIDDEN]),
    head: tf.reshape(c, [k, HIDDEN, layout.headWidth]),
  };
}
