import { BACKEND_CHOICES, BACKEND_NAMES } from '../engine/backend/selectBackend';
import { maxThreads, THREAD_MEMORY_BYTES } from '../engine/threads/defaultThreads';
import { UsageError, type FlagSpec } from './args';

/** Flags several commands share, spelled and explained once. */
export const backendFlag: FlagSpec = { kind: 'string', help: `compute backend (default auto: ${BACKEND_NAMES.join(', else ')})`, values: BACKEND_CHOICES };
export const dataDirFlag: FlagSpec = { kind: 'string', help: 'directory of MNIST-format IDX files, plain or .gz (default: bundled MNIST)' };
export const jsonSummaryFlag: FlagSpec = { kind: 'boolean', help: 'print the summary as JSON on the last line of stdout' };

/** `--threads`, checked: 1 … maxThreads() (each thread holds its own tfjs instance and data). */
export function threadsFrom(flags: Record<string, string | number | boolean>): number | undefined {
  const threads = flags.threads as number | undefined;
  if (threads === undefined) return undefined;
  const max = maxThreads();
  if (threads < 1 || threads > max) {
    throw new UsageError(`--threads: expected 1…${max} (each thread holds its own tfjs instance and data, ~${Math.round(THREAD_MEMORY_BYTES / 2 ** 20)} MB), got ${threads}`);
  }
  return threads;
}
export const redisFlag: FlagSpec = { kind: 'string', help: 'compute on `quinarium worker`s through a BullMQ queue at this Redis URL (redis://[:password@]host:port[/db], rediss:// for TLS) instead of local threads' };
export const redisPatienceFlag: FlagSpec = { kind: 'number', help: 'with --redis: seconds a lost Redis is retried before the run stops with an error (default 60)' };
