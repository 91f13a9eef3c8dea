import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../threads/spawnWorker';
import { instantiate, KERNEL_MAX_PAGES, loadKernelModule, type KernelExports } from './kernelModule';

const PAGE = 65536;
/** The first page is the module's (its constant table, kernels/quine.ts `setup`). */
const HEAP_START = PAGE;
/** Byte budget of matrices kept resident between calls (embeddings of fixed inputs). */
const RESIDENT_BYTES = 320 * 1024 * 1024;

/** Row-parallel kernels a helper thread can run (the names it is allowed to call). */
export const PARALLEL_KERNELS = ['forwardRows', 'lineariseRows', 'jvpRows'] as const;
export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];

/**
 * One thread's fused kernels: the wasm instance, its memory (shared, so a helper
 * thread can compute on the same θ and inputs), a first-fit allocator over it, and
 * matrices kept resident between calls (an evaluation's embeddings stay in kernel
 * memory for the whole run instead of being copied in per pass).
 */
export class Kernel {
  readonly x: KernelExports;
  private view: Float32Array<ArrayBufferLike> = new Float32Array(0);
  private ints: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private top = HEAP_START;
  /** Free blocks [start, bytes], sorted by start. */
  private free: [number, number][] = [];
  private readonly sizes = new Map<number, number>();
  private readonly resident = new Map<object, { ptr: number; bytes: number }>();
  private residentBytes = 0;

  private constructor(readonly memory: WebAssembly.Memory, readonly stamp: string, private readonly module: WebAssembly.Module, private helper: KernelHelper | null) {
    this.x = instantiate(module, memory);
    this.x.setup();
  }

  /** A kernel for this thread; `threads` = 2 adds a helper thread for row-parallel passes. */
  static async create(threads = 1): Promise<Kernel> {
    const { module, stamp } = await loadKernelModule();
    const memory = new WebAssembly.Memory({ initial: 64, maximum: KERNEL_MAX_PAGES, shared: true });
    const helper = threads > 1 ? await KernelHelper.start(module, memory).catch(() => null) : null;
    const kernel = new Kernel(memory, stamp, module, helper);
    kernel.warmUp();
    return kernel;
  }

  /**
   * Small calls of every hot kernel, so V8 compiles them with TurboFan now: its
   * baseline compiler (Liftoff) runs a call in baseline code until it returns (wasm has
   * no on-stack replacement), and a first full forward in baseline code measured 2–6×
   * slower. (v8.setFlagsFromString('--no-liftoff') at run time does not take effect.)
   */
  private warmUp(): void {
    const rows = 40;
    const e = this.alloc(rows * 100), theta = this.alloc(21100), g = this.alloc(21100), out = this.alloc(rows * 11);
    const big = [0, 1, 2, 3].map(() => this.alloc(rows * 100));
    const scratch = this.alloc(8 * rows * 100 + 3000);
    this.f32().fill(0, e >> 2, (scratch >> 2) + 8 * rows * 100 + 3000);
    for (let i = 0; i < 40; i++) {
      this.x.forwardRows(e, 0, rows, theta, g, 11, 0, out, scratch);
      this.x.lineariseRows(e, 0, rows, theta, g, 0, big[0], big[1], big[2], big[3], out);
      this.x.jvpRows(e, 0, rows, theta, g, g, g, big[0], big[1], big[2], big[3], out, scratch);
      this.x.batchGradient(e, 10, theta, 11, 0, out, out, 2, 0.01, 1, g, scratch);
      for (let k = 0; k < 6; k++) this.x.update(k, theta, g, big[0], big[1], 64, 0, 0, 0, 0, 0, 1, 1);
    }
    for (const p of [e, theta, g, out, ...big, scratch]) this.release(p);
  }

  /** Threads computing row-parallel passes (this one, plus a helper when there is one). */
  get threads(): number { return this.helper ? 2 : 1; }

  /** Drops or starts the helper thread (results are the same either way: rows are independent). */
  async setThreads(threads: number): Promise<void> {
    if (threads > 1 && !this.helper) this.helper = await KernelHelper.start(this.module, this.memory).catch(() => null);
    if (threads <= 1 && this.helper) {
      await this.helper.stop();
      this.helper = null;
    }
  }

  /** The memory as floats (re-made when the memory has grown). */
  f32(): Float32Array<ArrayBufferLike> {
    if (this.view.byteLength !== this.memory.buffer.byteLength) {
      this.view = new Float32Array(this.memory.buffer);
      this.ints = new Int32Array(this.memory.buffer);
    }
    return this.view;
  }

  i32(): Int32Array<ArrayBufferLike> {
    this.f32();
    return this.ints;
  }

  /** `floats` floats (16-byte aligned), uninitialised; returns the byte offset. */
  alloc(floats: number): number {
    const bytes = Math.max(16, Math.ceil((floats * 4) / 16) * 16);
    for (let i = 0; i < this.free.length; i++) {
      const [at, size] = this.free[i];
      if (size < bytes) continue;
      if (size === bytes) this.free.splice(i, 1);
      else this.free[i] = [at + bytes, size - bytes];
      this.sizes.set(at, bytes);
      return at;
    }
    const at = this.top;
    const end = at + bytes;
    const pages = this.memory.buffer.byteLength / PAGE;
    if (end > pages * PAGE) {
      const need = Math.ceil(end / PAGE) - pages;
      if (pages + need > KERNEL_MAX_PAGES) throw new Error(`kernels: out of memory (${(end / 2 ** 20).toFixed(0)} MiB asked, ${KERNEL_MAX_PAGES / 16} MiB at most)`);
      this.memory.grow(Math.max(need, Math.min(pages, KERNEL_MAX_PAGES - pages)));
    }
    this.top = end;
    this.sizes.set(at, bytes);
    return at;
  }

  /** Returns a block to the allocator (neighbouring free blocks merge). */
  release(ptr: number): void {
    const bytes = this.sizes.get(ptr);
    if (bytes === undefined) throw new Error(`kernels: release of an unknown block at ${ptr}`);
    this.sizes.delete(ptr);
    let i = 0;
    while (i < this.free.length && this.free[i][0] < ptr) i++;
    this.free.splice(i, 0, [ptr, bytes]);
    // Merge with the next, then the previous block.
    if (i + 1 < this.free.length && this.free[i][0] + this.free[i][1] === this.free[i + 1][0]) {
      this.free[i][1] += this.free[i + 1][1];
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1][0] + this.free[i - 1][1] === this.free[i][0]) {
      this.free[i - 1][1] += this.free[i][1];
      this.free.splice(i, 1);
    }
  }

  /** A copy of `data` in kernel memory. */
  put(data: ArrayLike<number>): number {
    const ptr = this.alloc(data.length);
    this.f32().set(data, ptr >> 2);
    return ptr;
  }

  /** A copy of `floats` floats at `ptr`. */
  read(ptr: number, floats: number): Float32Array {
    return this.f32().slice(ptr >> 2, (ptr >> 2) + floats);
  }

  /**
   * The matrix `data()` in kernel memory, kept there while `key` is among the recently
   * used (320 MiB in all): the fixed embeddings of a run are copied in once.
   */
  residentOf(key: object, data: () => Float32Array): number {
    const hit = this.resident.get(key);
    if (hit) {
      this.resident.delete(key); // re-inserted last: most recently used
      this.resident.set(key, hit);
      return hit.ptr;
    }
    const d = data();
    const bytes = d.length * 4;
    for (const [k, v] of this.resident) {
      if (this.residentBytes + bytes <= RESIDENT_BYTES) break;
      this.release(v.ptr);
      this.residentBytes -= v.bytes;
      this.resident.delete(k);
    }
    const ptr = this.put(d);
    this.resident.set(key, { ptr, bytes });
    this.residentBytes += bytes;
    return ptr;
  }

  /**
   * A row-parallel kernel over rows [0, rows): with a helper thread, the helper takes
   * the second half (its own scratch via `args`), this thread the first; each row is
   * computed by the same code either way, so the result does not depend on the split.
   */
  rows(name: ParallelKernel, rows: number, args: (r0: number, r1: number, part: number) => number[]): void {
    const fn = this.x[name] as (...a: number[]) => void;
    if (!this.helper || rows < 64) {
      fn(...args(0, rows, 0));
      return;
    }
    const mid = Math.ceil(rows / 2 / 32) * 32;
    this.helper.run(PARALLEL_KERNELS.indexOf(name), args(mid, rows, 1), () => fn(...args(0, mid, 0)));
  }

  async dispose(): Promise<void> {
    await this.helper?.stop();
    this.helper = null;
  }
}

/**
 * The helper thread: the same module instantiated on the same shared memory, waiting
 * on a control word (Atomics) for a kernel name and its arguments, so a parallel pass
 * stays one synchronous call for the engine.
 */
class KernelHelper {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private seq = 0;

  private constructor(private readonly worker: Worker, control: SharedArrayBuffer) {
    this.ctl = new Int32Array(control, 0, 4);
    this.args = new Float64Array(control, 16, 32);
  }

  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelHelper> {
    const control = new SharedArrayBuffer(16 + 32 * 8);
    const worker = spawnWorker(new URL('./kernelHelper.mjs', import.meta.url), { module, memory, control, names: PARALLEL_KERNELS });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`kernel helper exited (${code})`)));
    });
    worker.unref();
    return new KernelHelper(worker, control);
  }

  /** Starts kernel `fn` with `args` on the helper, runs `own` here, waits for the helper. */
  run(fn: number, args: number[], own: () => void): void {
    this.args.set(args);
    Atomics.store(this.ctl, 2, fn);
    Atomics.store(this.ctl, 3, args.length);
    const seq = ++this.seq;
    Atomics.store(this.ctl, 0, seq);
    Atomics.notify(this.ctl, 0);
    own();
    for (;;) {
      const done = Atomics.load(this.ctl, 1);
      if (done === seq) return;
      if (done === -seq) throw new Error('kernels: the helper thread failed');
      Atomics.wait(this.ctl, 1, done, 10_000);
    }
  }

  async stop(): Promise<void> {
    Atomics.store(this.ctl, 0, -1);
    Atomics.notify(this.ctl, 0);
    await this.worker.terminate();
  }
}
