import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, setKernelThreads, type BackendChoice } from '../backend/selectBackend';
import { serveJobs } from '../threads/serveJobs';
import { laneTables } from './laneTables';

/**
 * The one lane worker: a compute thread with its own tfjs instance serving one job
 * table (evolution individuals or paper lanes), named by the pool that spawned it.
 */
const { table, setup, backend } = (workerData as { data: { table: string; setup: unknown; backend: BackendChoice } }).data;
const jobs = laneTables[table];
if (!jobs) throw new Error(`lane worker: no job table "${table}" (tables: ${Object.keys(laneTables).join(', ')})`);
serveJobs(parentPort!, jobs, async () => {
  // The pool has a worker per core already: the fused kernels' passes stay in this thread.
  setKernelThreads(1);
  await selectBackend(backend);
  return setup as never;
});
