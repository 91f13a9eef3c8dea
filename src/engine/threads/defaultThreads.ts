import { availableParallelism, totalmem } from 'node:os';

/** One tfjs-wasm instance per core, up to the 2 cores this project targets. */
export const defaultThreads = (): number => Math.max(1, Math.min(2, availableParallelism()));

/**
 * What one compute thread holds: its own tfjs-wasm instance, the training data and the
 * fixed inputs, ~230 MB measured (issue 11). `--threads` had no bound.
 */
export const THREAD_MEMORY_BYTES = 230 * 2 ** 20;
/** More threads than this never helps a population or a set of seed lanes on one machine. */
export const MAX_THREADS = 16;

/** The most compute threads allowed here: MAX_THREADS, and no more than half the machine's memory holds. */
export const maxThreads = (): number => Math.max(1, Math.min(MAX_THREADS, Math.floor(totalmem() / 2 / THREAD_MEMORY_BYTES)));
