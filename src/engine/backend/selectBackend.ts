import * as tf from '@tensorflow/tfjs-core';

/** The compute backends, in the order `auto` tries them; the CLI's --backend values derive from this. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
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
}

let active: BackendInfo | null = null;

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
 * Chooses the compute backend: tfjs-node when it loads, else wasm (SIMD), else cpu.
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
      active = { name, note, versions: { 'tfjs-core': tf.version_core }, simd: name === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : undefined };
      return active;
    }
    skipped.push(name);
  }
  throw new Error(`backend: could not load "${choice}" (tried ${order.join(', ')}); install @tensorflow/tfjs-node or use --backend wasm`);
}

export function activeBackend(): BackendInfo {
  if (!active) throw new Error('backend: selectBackend() has not been called');
  return active;
}

export function describeBackend(info: BackendInfo): string {
  return `${info.name}${info.simd ? ' (SIMD)' : ''}, tfjs-core ${info.versions['tfjs-core']}${info.note === 'auto' ? '' : ` [${info.note}]`}`;
}
