import * as tf from '@tensorflow/tfjs-core';
import type { FixedInputs } from '../models/fixedInputs';
import type { Architecture } from '../models/modelSpec';
import { forwardLane } from '../models/forward';
import { Linearisation } from './tangent';
import { kernelFor } from '../fused/activeKernel';
import { FusedLinearisation } from '../fused/fusedTangent';

/**
 * Regeneration as a map on θ, for the solver and the probe: R(θ) = f_θ(·) and its
 * Jacobian J, in coordinate order and float64 (the network itself runs in float32;
 * every residual, norm and inner product built on it is accumulated in float64).
 */
export class QuineMap {
  readonly n: number;

  /** `inputs`: the run's fixed inputs, or any embedding of the N coordinates with their layout (the continuation's blends). */
  constructor(private readonly inputs: Pick<FixedInputs, 'layout' | 'fullEmbedding'>, private readonly arch: Architecture) {
    this.n = inputs.layout.count;
  }

  /** R(θ) = f_θ(c) for every coordinate c: a plain forward pass (the solver's trial steps need no linearisation). */
  regenerate(theta: Float64Array): Float64Array {
    const t = this.toTensor(theta);
    const f = tf.tidy(() => tf.slice(forwardLane(t, this.inputs.layout, this.inputs.fullEmbedding(), this.arch), [0, 0], [this.n, 1]));
    t.dispose();
    const out = Float64Array.from(f.dataSync());
    f.dispose();
    return out;
  }

  /** θ (coordinate order, float64) as the network's float32 θ in internal order. */
  private toInternal(x: Float64Array): Float32Array {
    const internal = new Float32Array(this.n);
    const at = this.inputs.layout.toInternal;
    for (let c = 0; c < this.n; c++) internal[at[c]] = x[c];
    return internal;
  }

  private toTensor(x: Float64Array): tf.Tensor1D {
    return tf.tensor1d(this.toInternal(x));
  }

  /** The map at θ: R(θ) and v ↦ J(θ)·v (both in coordinate order). Dispose when done. */
  linearise(theta: Float64Array): { f: Float64Array; jvp: (v: Float64Array) => Float64Array; dispose: () => void } {
    const kernel = kernelFor(this.arch);
    if (kernel) {
      // The fused tangent pass: the embeddings stay resident in kernel memory across the solve.
      const e = this.inputs.fullEmbedding();
      const lin = new FusedLinearisation(kernel, this.toInternal(theta), this.inputs.layout, kernel.residentOf(e, () => e.dataSync() as Float32Array), this.n, this.arch);
      return { f: Float64Array.from(lin.f), jvp: (v) => Float64Array.from(lin.jvp(this.toInternal(v))), dispose: () => lin.dispose() };
    }
    const t = this.toTensor(theta);
    const lin = new Linearisation(t, this.inputs.layout, this.inputs.fullEmbedding(), this.arch);
    t.dispose();
    const read = (x: tf.Tensor): Float64Array => {
      const d = x.dataSync();
      x.dispose();
      return Float64Array.from(d);
    };
    const f = Float64Array.from(lin.f.dataSync());
    return {
      f,
      jvp: (v) => {
        const tv = this.toTensor(v);
        const out = lin.jvp(tv);
        tv.dispose();
        return read(out);
      },
      dispose: () => lin.dispose(),
    };
  }
}
