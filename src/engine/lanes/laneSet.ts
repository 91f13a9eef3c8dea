import * as tf from '@tensorflow/tfjs-core';
import { canonicalToInternal, internalToCanonical, type ParamLayout } from '../models/layout';
import type { FixedInputs } from '../models/fixedInputs';
import { architectureOf, type Architecture } from '../models/modelSpec';

/**
 * A batch of K independent quines ("lanes") driven together: lane k's θ is one flat
 * variable [N] in internal order (see layout.ts), and lane k reads its fixed inputs
 * from `inputs[k]`, or all lanes share `inputs[0]` (a population of one species).
 *
 * Each lane is computed with plain 2-D ops rather than one batched op over [K, …]:
 * on tfjs-wasm the 2-D matMul path is ~5× faster than the batched one at these
 * shapes (measured: K = 8, [10,100]·[100,100]: 141 µs looped vs 713 µs batched),
 * and a lane then gives bit-for-bit the numbers of a single run.
 */
export class LaneSet {
  readonly k: number;
  readonly layout: ParamLayout;
  private readonly vars: tf.Variable<tf.Rank.R1>[];

  constructor(readonly inputs: FixedInputs[], canonicalThetas: Float32Array[]) {
    this.k = canonicalThetas.length;
    if (this.k === 0) throw new Error('LaneSet: needs at least one lane');
    if (inputs.length !== 1 && inputs.length !== this.k) {
      throw new Error(`LaneSet: expected 1 or ${this.k} fixed inputs, got ${inputs.length}`);
    }
    this.layout = inputs[0].layout;
    this.vars = canonicalThetas.map((t, l) => tf.tidy(() => tf.variable(tf.tensor1d(this.internal(t, l)), false)));
  }

  /** Lane l's θ variable (internal order). */
  theta(lane: number): tf.Variable<tf.Rank.R1> {
    return this.vars[lane];
  }

  inputsOf(lane: number): FixedInputs {
    return this.inputs.length === 1 ? this.inputs[0] : this.inputs[lane];
  }

  /** How lane l's network computes (its spec's activation and weight normalisation). */
  architecture(lane: number): Architecture {
    return architectureOf(this.inputsOf(lane).spec);
  }

  /** θ of every lane in coordinate order. */
  canonical(): Float32Array[] {
    return this.vars.map((v) => internalToCanonical(this.layout, v.dataSync() as Float32Array));
  }

  setCanonical(thetas: Float32Array[]): void {
    if (thetas.length !== this.k) throw new Error(`LaneSet.setCanonical: expected ${this.k} lanes, got ${thetas.length}`);
    const internal = thetas.map((t, l) => this.internal(t, l)); // all checked before any lane changes
    internal.forEach((t, l) => tf.tidy(() => this.vars[l].assign(tf.tensor1d(t))));
  }

  private internal(t: Float32Array, lane: number): Float32Array {
    const n = this.layout.count;
    if (t.length !== n) throw new Error(`LaneSet: lane ${lane} has ${t.length} weights, expected ${n}`);
    return canonicalToInternal(this.layout, t);
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}
