/**
 * The engine's thread: a SessionHost behind a worker port, so a generation that
 * computes for seconds never freezes the window or the web server. It serves the
 * engine job table (engineJobs.ts) over the shared worker channel; started by
 * EngineProcess, from this source through tsx or as the built engineWorker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../engine/backend/selectBackend';
import { serveJobs } from '../engine/threads/serveJobs';
import type { HostMessage } from '../protocol/messages';
import { engineJobs } from './engineJobs';
import { keepRunningOnErrors } from './processPolicy';
import type { QueueSettings } from '../engine/distributed/computePool';

export interface EngineWorkerData {
  /** Base folder for run directories (also what listRuns/openRun may read). */
  outDir: string;
  dataDir?: string;
  backend?: BackendChoice;
  /** Evolution sessions compute on `quinarium worker`s through this queue instead of local threads. */
  queue?: QueueSettings;
}

if (!parentPort) throw new Error('engineWorker: expected to run as a worker_thread (no parentPort); start it through EngineProcess');
const data = (workerData as { data: EngineWorkerData }).data;

serveJobs(parentPort, engineJobs, async (side) => {
  // An error nothing caught in this thread is logged to every page and the host, and the
  // session goes on: exiting the worker would end the run with it.
  keepRunningOnErrors('engine worker', (line) => side({ event: { type: 'log', message: line } } satisfies HostMessage));
  // tfjs keeps its backend per thread: the worker selects its own, once, before any session;
  // a backend that cannot load fails the ready handshake, and every request says why.
  await selectBackend(data.backend ?? 'auto');
  return { outDir: data.outDir, dataDir: data.dataDir, queue: data.queue, send: (m: HostMessage) => side(m) };
});
