/**
 * The engine worker's job table: a SessionHost as the worker's context, and one job,
 * `handle`, that answers a protocol Request with its Response. Session events leave
 * as the channel's side messages. Served by the same serveJobs / WorkerChannel pair
 * as the lane workers (engine/threads), so the engine process has no RPC of its own.
 */
import type { JobTable } from '../engine/threads/jobTable';
import type { HostMessage, Request, Response } from '../protocol/messages';
import { SessionHost } from './sessionHost';
import type { QueueSettings } from '../engine/distributed/computePool';

export interface EngineSetup {
  /** Base folder for run directories (also what listRuns/openRun may read). */
  outDir: string;
  dataDir?: string;
  /** Evolution sessions compute on `quinarium worker`s through this queue instead of local threads. */
  queue?: QueueSettings;
  /** Where the host's event messages go (the channel's side messages). */
  send(message: HostMessage): void;
}

export const engineJobs = {
  name: 'engine',
  setup: (s: EngineSetup) => new SessionHost({ outDir: s.outDir, dataDir: s.dataDir, queue: s.queue, send: (m) => s.send(m) }),
  jobs: {
    handle: (host: SessionHost, request: Request): Promise<Response> => host.handle(request),
  },
} satisfies JobTable<SessionHost, EngineSetup, Record<string, (ctx: SessionHost, payload: never) => unknown>>;
