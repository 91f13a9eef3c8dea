import type { Kernel } from '../../engine/fused/kernel';

/**
 * Best GFLOP/s of `f` (doing `flops` a call) over 7 timed batches of `calls` calls, by
 * CPU time: one thread computes, so CPU time is its time on a core, which other load on
 * the machine does not stretch as it stretches wall time.
 */
function bestGflops(f: () => void, flops: number, calls: number): number {
  let best = Infinity;
  f();
  for (let r = 0; r < 7; r++) {
    const t = process.cpuUsage();
    for (let i = 0; i < calls; i++) f();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000 / calls);
  }
  return (flops / (best / 1000)) / 1e9;
}

/**
 * The machine's wasm-SIMD matMul peak as the kernels reach it: their matrix product
 * (kernels/quine.ts gemm, 4 × 8 register tiles of f32x4 multiply + add; baseline SIMD
 * has no fused multiply-add) on one thread, on operands that stay in cache (64 × 100 ·
 * 100 × 100), at a mini-batch's shape (10 × 100 · 100 × 100) and streaming a full
 * forward's [20,100 × 100] · [100 × 100]: the ceiling each measure is compared with.
 */
export function kernelPeak(kernel: Kernel): Record<string, number | string> {
  const rows = 20100;
  const x = kernel.alloc(rows * 100), w = kernel.alloc(100 * 100), y = kernel.alloc(rows * 100);
  const view = kernel.f32();
  for (let i = 0; i < rows * 100; i++) view[(x >> 2) + i] = Math.sin(i) * 0.1;
  for (let i = 0; i < 100 * 100; i++) view[(w >> 2) + i] = Math.cos(i) * 0.1;
  const gemm = (m: number) => () => kernel.x.gemm(x, m, 100, 400, 4, w, y, 0);
  const result = {
    inCacheGflops: bestGflops(gemm(64), 2 * 64 * 100 * 100, 400),
    miniBatchGflops: bestGflops(gemm(10), 2 * 10 * 100 * 100, 2000),
    streamingGflops: bestGflops(gemm(rows), 2 * rows * 100 * 100, 3),
    note: 'one thread, by CPU time; f32x4 mul + add, 4 x 8 register tiles',
  };
  for (const p of [x, w, y]) kernel.release(p);
  return result;
}
