/**
 * The engine's thread: a SessionHost behind a worker port, so a generation that
 * computes for seconds never freezes the window or the web server. Messages in are
 * protocol Requests, messages out are HostMessages, both plain JSON.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../engine/backend/selectBackend';
import { SessionHost } from './sessionHost';

export interface EngineWorkerData {
  /** Base folder for run directories (also what listRuns/openRun may read). */
  outDir: string;
  dataDir?: string;
  backend?: BackendChoice;
}

if (!parentPort) throw new Error('engineWorker: expected to run as a worker_thread (no parentPort); start it through EngineProcess');
const port = parentPort;
const data = workerData as EngineWorkerData;

// tfjs keeps its backend per thread: the worker selects its own, once, before any session.
const backendReady = selectBackend(data.backend ?? 'auto');
backendReady.catch(() => undefined); // reported per request below, not as an unhandled rejection

const host = new SessionHost({ outDir: data.outDir, dataDir: data.dataDir, send: (m) => port.postMessage(m) });

port.on('message', async (message: unknown) => {
  try {
    await backendReady;
  } catch (err) {
    const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
    port.postMessage({ id, ok: false, error: (err as Error).message });
    return;
  }
  port.postMessage(await host.handle(message));
});
