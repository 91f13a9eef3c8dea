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

/**
 * Chooses the compute backend: tfjs-node when it loads, else wasm (SIMD), else cpu.
 * An explicit choice that cannot load is an error, not a silent fallback.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (active && (choice === 'auto' || choice === active.name)) return active;
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
