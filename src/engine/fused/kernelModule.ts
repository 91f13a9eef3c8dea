import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled fused kernels (kernels/quine.ts, AssemblyScript → WebAssembly SIMD).
 * `npm ci` builds kernels/build/quine.wasm (the prepare script, scripts/buildKernels.mjs);
 * when the binary is missing or was built from another source (its stamp differs), it
 * is rebuilt here from source with the compiler in node_modules before first use.
 */

/** Every export of the kernel module (pointers are byte offsets into its memory). */
export interface KernelExports {
  setup(): void;
  gemm(x: number, rows: number, k: number, xrs: number, xcs: number, w: number, y: number, acc: number): void;
  gemmNT(x: number, rows: number, v: number, cols: number, y: number, ys: number): void;
  activate(a: number, h: number, n: number, kind: number): void;
  transposeHead(src: number, hw: number, dst: number): void;
  forwardRows(e: number, r0: number, r1: number, theta: number, headT: number, hw: number, act: number, out: number, scratch: number): void;
  lineariseRows(e: number, r0: number, r1: number, theta: number, headT: number, act: number, h1: number, h2: number, s1: number, s2: number, f: number): void;
  jvpRows(e: number, r0: number, r1: number, theta: number, wOutT: number, v: number, vOutT: number, h1: number, h2: number, s1: number, s2: number, df: number, scratch: number): void;
  batchGradient(e: number, b: number, theta: number, hw: number, act: number, targets: number, labels: number, rep2: number, temp: number, taskOverT: number, g: number, scratch: number): void;
  update(kind: number, theta: number, g: number, s1: number, s2: number, n: number, p0: number, p1: number, p2: number, p3: number, p4: number, p5: number, p6: number): void;
}

/** Largest memory the module declares (pages of 64 KiB): 2 GiB. */
export const KERNEL_MAX_PAGES = 32768;

const BUILD_SCRIPT = new URL('../../../scripts/buildKernels.mjs', import.meta.url);
const WASM = fileURLToPath(new URL('../../../kernels/build/quine.wasm', import.meta.url));
const STAMP = fileURLToPath(new URL('../../../kernels/build/quine.stamp', import.meta.url));

interface BuildScript { kernelStamp(): string; buildKernels(): Promise<void> }

export interface CompiledKernels { module: WebAssembly.Module; stamp: string }
let compiled: CompiledKernels | null = null;

/** The kernel module, rebuilt from source if stale, compiled once per thread (see Kernel.warmUp for tiering). */
export async function loadKernelModule(): Promise<CompiledKernels> {
  if (compiled) return compiled;
  const script = (await import(BUILD_SCRIPT.href)) as BuildScript;
  const stamp = script.kernelStamp();
  const built = existsSync(WASM) && existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : '';
  if (built !== stamp) await script.buildKernels();
  compiled = { module: new WebAssembly.Module(readFileSync(WASM)), stamp };
  return compiled;
}

/** An instance on `memory` (shared: a helper thread instantiates the same module on it). */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}
