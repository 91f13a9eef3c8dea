import { availableParallelism } from 'node:os';

/** One tfjs-wasm instance per core, up to the 2 cores this project targets. */
export const defaultThreads = (): number => Math.max(1, Math.min(2, availableParallelism()));
