import type { ParamLayout } from '../models/layout';
import { HIDDEN, type Architecture } from '../models/modelSpec';
import { ACTIVATION_CODES } from './activeKernel';
import { BLOCK_ROWS } from './fusedForward';
import type { Kernel } from './kernel';

/**
 * solve/tangent.ts's Linearisation on the fused kernels: the forward pass over all
 * rows once, keeping h1, h2 and the slopes σ'(a1), σ'(a2) in kernel memory, then each
 * Jacobian-vector product J·v (the predicted-weight column) in row blocks, split over
 * the kernel's threads. θ and v in internal order.
 */
export class FusedLinearisation {
  /** f_θ(c) for every row. */
  readonly f: Float32Array;
  private readonly ptrs: number[] = [];
  private readonly theta: number;
  private readonly headT: number;
  private readonly kept: { h1: number; h2: number; s1: number; s2: number };
  private readonly scratch: number[];

  constructor(private readonly kernel: Kernel, theta: Float32Array, private readonly layout: ParamLayout, private readonly ePtr: number, private readonly rows: number, arch: Architecture) {
    const own = (p: number) => { this.ptrs.push(p); return p; };
    this.theta = own(kernel.put(theta));
    this.headT = own(kernel.alloc(layout.headWidth * HIDDEN));
    kernel.x.transposeHead(this.theta + 2 * HIDDEN * HIDDEN * 4, layout.headWidth, this.headT);
    const big = () => own(kernel.alloc(rows * HIDDEN));
    this.kept = { h1: big(), h2: big(), s1: big(), s2: big() };
    this.scratch = [own(kernel.alloc(2 * BLOCK_ROWS * HIDDEN)), own(kernel.alloc(2 * BLOCK_ROWS * HIDDEN))];
    const f = own(kernel.alloc(rows));
    const { h1, h2, s1, s2 } = this.kept;
    const act = ACTIVATION_CODES[arch.activation];
    kernel.rows('lineariseRows', rows, (r0, r1) => [ePtr, r0, r1, this.theta, this.headT, act, h1, h2, s1, s2, f]);
    this.f = kernel.read(f, rows);
  }

  /** J·v, one value per row. */
  jvp(v: Float32Array): Float32Array {
    const k = this.kernel;
    const hw = this.layout.headWidth;
    const headStart = 2 * HIDDEN * HIDDEN;
    const vOut = Float32Array.from({ length: HIDDEN }, (_, i) => v[headStart + i * hw]);
    const local = [k.put(v), k.put(vOut), k.alloc(this.rows)];
    const [vp, vOutT, df] = local;
    try {
      const { h1, h2, s1, s2 } = this.kept;
      k.rows('jvpRows', this.rows, (r0, r1, part) => [this.ePtr, r0, r1, this.theta, this.headT, vp, vOutT, h1, h2, s1, s2, df, this.scratch[part]]);
      return k.read(df, this.rows);
    } finally {
      for (const p of local) k.release(p);
    }
  }

  dispose(): void {
    for (const p of this.ptrs) this.kernel.release(p);
    this.ptrs.length = 0;
  }
}
