import * as tf from '@tensorflow/tfjs-core';
import { setActiveKernel } from '../fused/activeKernel';
import { Kernel } from '../fused/kernel';
import { defaultThreads } from '../threads/defaultThreads';

/**
 * The compute backends, in the order `auto` tries them; the CLI's --backend values
 * derive from this. `fused` is tfjs-wasm with the hot paths (mini-batch steps, full
 * forward passes, tangent passes) in Quinarium's own WebAssembly SIMD kernels
 * (kernels/quine.ts): one call per step instead of ~50 tfjs ops of 10–14 µs dispatch each.
 */
export const BACKEND_NAMES = ['fused', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** What --backend accepts: `auto` or one backend by name. */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface BackendInfo {
  name: BackendName;
  /** Why this backend was chosen (or why a preferred one was skipped). */
  note: string;
  versions: Record<string, string>;
  simd?: boolean;
  /** fused: threads of the kernels' row-parallel passes. */
  threads?: number;
}

let active: BackendInfo | null = null;
let kernelThreads = defaultThreads();
let kernel: Kernel | null = null;

/**
 * Threads of the fused kernels' row-parallel passes in this thread (default: the
 * machine's, up to 2). Pool workers set 1: the pool already uses every core.
 */
export function setKernelThreads(threads: number): void {
  kernelThreads = threads;
}

let fusedFailure = '';

async function tryFused(): Promise<boolean> {
  try {
    kernel ??= await Kernel.create(kernelThreads);
    await kernel.setThreads(kernelThreads);
  } catch (e) {
    fusedFailure = (e as Error).message;
    return false;
  }
  return tryWasm();
}

async function tryTensorflow(): Promise<boolean> {
  try {
    // Optional dependency: absent where libtensorflow could not be downloaded.
    await import('@tensorflow/tfjs-node' as string);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function tryCpu(): Promise<boolean> {
  await import('@tensorflow/tfjs-backend-cpu');
  return tf.setBackend('cpu');
}

const attempts: Record<BackendName, () => Promise<boolean>> = {
  fused: tryFused,
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

const PROCESS_ERROR_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `load` and then removes every process-wide error listener it added. The
 * tfjs-wasm glue (Emscripten) installs `uncaughtException` and `unhandledRejection`
 * handlers that rethrow, so any later error anywhere in the process exited with code
 * 7 and printed ~39 KB of minified glue (issue 11); its own clean-up of them is a
 * no-op (`!a.indexOf(l) > -1` is always true). The host's own policy stays in charge.
 */
async function withProcessListenersRestored<T>(load: () => Promise<T>): Promise<T> {
  // Typed loosely: @types/node's overloads take one literal event name at a time.
  const events = process as unknown as { listeners(event: string): Function[]; off(event: string, listener: Function): void };
  const before = new Map(PROCESS_ERROR_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
  try {
    return await load();
  } finally {
    for (const event of PROCESS_ERROR_EVENTS) {
      for (const listener of events.listeners(event)) {
        if (!before.get(event)!.has(listener)) events.off(event, listener);
      }
    }
  }
}

/**
 * Chooses the compute backend: fused when its kernels and tfjs-wasm load, else tfjs-node,
 * else wasm (SIMD), else cpu.
 * An explicit choice that cannot load is an error, not a silent fallback.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (active && (choice === 'auto' || choice === active.name)) return active;
  return withProcessListenersRestored(() => loadBackend(choice));
}

async function loadBackend(choice: BackendChoice): Promise<BackendInfo> {
  const order: readonly BackendName[] = choice === 'auto' ? BACKEND_NAMES : [choice];
  const skipped: string[] = [];
  for (const name of order) {
    if (await attempts[name]()) {
      await tf.ready();
      const note = choice === 'auto'
        ? (skipped.length ? `auto: ${skipped.join(', ')} unavailable` : 'auto')
        : 'requested';
      const versions: Record<string, string> = { 'tfjs-core': tf.version_core };
      if (name === 'fused') versions.kernels = kernel!.stamp.slice(0, 12);
      setActiveKernel(name === 'fused' ? kernel : null);
      active = { name, note, versions, simd: name === 'wasm' || name === 'fused' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : undefined, threads: name === 'fused' ? kernel!.threads : undefined };
      return active;
    }
    skipped.push(name === 'fused' && fusedFailure ? `fused (${fusedFailure})` : name);
  }
  if (choice === 'fused') throw new Error(`backend: could not load "fused" (${fusedFailure || 'tfjs-wasm unavailable'}); use --backend wasm`);
  throw new Error(`backend: could not load "${choice}" (tried ${order.join(', ')}); install @tensorflow/tfjs-node or use --backend wasm`);
}

export function activeBackend(): BackendInfo {
  if (!active) throw new Error('backend: selectBackend() has not been called');
  return active;
}

export function describeBackend(info: BackendInfo): string {
  const kernels = info.name === 'fused' ? ` (WebAssembly SIMD kernels ${info.versions.kernels}, ${info.threads} thread${info.threads === 1 ? '' : 's'}; tensors on tfjs-wasm)` : info.simd ? ' (SIMD)' : '';
  return `${info.name}${kernels}, tfjs-core ${info.versions['tfjs-core']}${info.note === 'auto' ? '' : ` [${info.note}]`}`;
}
