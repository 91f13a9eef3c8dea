import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on `entry`: a built .js file directly, a .ts source through
 * the tsx bootstrap. `data` reaches the worker as workerData.data.
 */
export function spawnWorker(entryOrPath: URL | string, data: unknown): Worker {
  const entry = typeof entryOrPath === 'string' ? pathToFileURL(entryOrPath) : entryOrPath;
  if (entry.pathname.endsWith('.ts')) {
    return new Worker(new URL('./workerBootstrap.mjs', import.meta.url), { workerData: { entry: entry.href, data } });
  }
  return new Worker(entry, { workerData: { entry: entry.href, data } });
}
