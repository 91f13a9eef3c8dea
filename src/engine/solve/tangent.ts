import * as tf from '@tensorflow/tfjs-core';
import { activationSlope, timesSlope } from '../models/activation';
import { forwardPass, splitWeights } from '../models/forward';
import type { ParamLayout } from '../models/layout';
import type { Architecture } from '../models/modelSpec';
import { normalisedDerivative } from '../models/weightNorm';

/**
 * The quine linearised at θ: the forward pass over all coordinates once, with what
 * the tangent pass reads kept (weights, activations, slopes), so each
 * Jacobian-vector product costs three large matMuls instead of a forward pass too.
 * Only the predicted-weight column of the head is kept: J is the Jacobian of
 * f_θ(c), c = 1..N, with respect to θ.
 */
export class Linearisation {
  private readonly kept: tf.Tensor[] = [];
  readonly u2: tf.Tensor2D;
  readonly head: tf.Tensor2D;
  readonly h1: tf.Tensor2D;
  readonly h2: tf.Tensor2D;
  readonly slope1: tf.Tensor2D | null;
  readonly slope2: tf.Tensor2D | null;
  readonly raw?: { u1: tf.Tensor2D; u2: tf.Tensor2D; head: tf.Tensor2D };
  /** f_θ(c) for every coordinate, [M, 1]. */
  readonly f: tf.Tensor2D;

  constructor(theta: tf.Tensor1D, private readonly layout: ParamLayout, private readonly e: tf.Tensor2D, private readonly arch: Architecture) {
    const keep = <T extends tf.Tensor>(t: T): T => {
      this.kept.push(tf.keep(t));
      return t;
    };
    const col = (w: tf.Tensor2D): tf.Tensor2D => (w.shape[1] === 1 ? w : tf.slice(w, [0, 0], [w.shape[0], 1]));
    // Everything the tangent pass reads is kept; the rest of the pass is tidied away.
    let held!: Pick<Linearisation, 'u2' | 'head' | 'h1' | 'h2' | 'slope1' | 'slope2' | 'f' | 'raw'>;
    tf.tidy(() => {
      const p = forwardPass(theta, layout, e, 'large', arch);
      const s1 = activationSlope(p.a1, p.h1, arch.activation);
      const s2 = activationSlope(p.a2, p.h2, arch.activation);
      held = {
        u2: keep(p.u2), head: keep(col(p.head)), h1: keep(p.h1), h2: keep(p.h2),
        slope1: s1 && keep(s1), slope2: s2 && keep(s2), f: keep(col(p.out)),
        raw: p.raw && { u1: keep(p.raw.u1), u2: keep(p.raw.u2), head: keep(col(p.raw.head)) },
      };
    });
    ({ u2: this.u2, head: this.head, h1: this.h1, h2: this.h2, slope1: this.slope1, slope2: this.slope2, f: this.f, raw: this.raw } = held);
  }

  /**
   * J·v for a direction v of θ (internal order, [N]), [M, 1]: the forward-mode pass,
   * written like the backward pass — da1 = E·V1, dh1 = σ'(a1)⊙da1,
   * da2 = dh1·U2 + h1·V2, dh2 = σ'(a2)⊙da2, df = dh2·Wout + h2·Vout — with each
   * V mapped through the weight normalisation's derivative when there is one.
   */
  jvp(v: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const split = splitWeights(v, this.layout);
      let dv = { u1: split.u1, u2: split.u2, head: split.head.shape[1] === 1 ? split.head : tf.slice(split.head, [0, 0], [split.head.shape[0], 1]) as tf.Tensor2D };
      if (this.raw) {
        dv = {
          u1: normalisedDerivative(this.raw.u1, dv.u1, false),
          u2: normalisedDerivative(this.raw.u2, dv.u2, false),
          head: normalisedDerivative(this.raw.head, dv.head, true),
        };
      }
      const dh1 = timesSlope(tf.matMul(this.e, dv.u1), this.slope1);
      const dh2 = timesSlope(tf.add(tf.matMul(dh1, this.u2), tf.matMul(this.h1, dv.u2)), this.slope2);
      return tf.add(tf.matMul(dh2, this.head), tf.matMul(this.h2, dv.head)) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const t of this.kept) t.dispose();
  }
}
