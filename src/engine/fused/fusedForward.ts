import type { ParamLayout } from '../models/layout';
import { HIDDEN, type Architecture } from '../models/modelSpec';
import { ACTIVATION_CODES } from './activeKernel';
import type { Kernel } from './kernel';

/** Rows of a kernel row block (kernels/quine.ts BLOCK): the scratch each thread needs. */
export const BLOCK_ROWS = 32;

/**
 * The full forward on the fused kernels: head outputs [rows, H] (row-major) of the
 * embeddings at `ePtr` (rows × 100 floats in kernel memory) for θ in internal order,
 * in row blocks, split over the kernel's threads.
 */
export function fusedForwardRows(kernel: Kernel, theta: Float32Array, layout: ParamLayout, ePtr: number, rows: number, arch: Architecture): Float32Array {
  const hw = layout.headWidth;
  const t = kernel.put(theta);
  const headT = kernel.alloc(hw * HIDDEN);
  const out = kernel.alloc(rows * hw);
  const scratch = [kernel.alloc(2 * BLOCK_ROWS * HIDDEN), kernel.alloc(2 * BLOCK_ROWS * HIDDEN)];
  try {
    kernel.x.transposeHead(t + 2 * HIDDEN * HIDDEN * 4, hw, headT);
    const act = ACTIVATION_CODES[arch.activation];
    kernel.rows('forwardRows', rows, (r0, r1, part) => [ePtr, r0, r1, t, headT, hw, act, out, scratch[part]]);
    return kernel.read(out, rows * hw);
  } finally {
    for (const p of [t, headT, out, ...scratch]) kernel.release(p);
  }
}
