import { describeBackend, selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { DistributedError } from '../../engine/distributed/distributedError';
import { computeFingerprint } from '../../engine/distributed/fingerprint';
import { QueueWorker } from '../../engine/distributed/queueWorker';
import { redisEndpoint } from '../../engine/distributed/redisEndpoint';
import { defaultThreads } from '../../engine/threads/defaultThreads';
import { UsageError, type CommandSpec } from '../args';
import { backendFlag, dataDirFlag } from '../commonFlags';

export const workerSpec: CommandSpec = {
  positionals: [],
  flags: {
    redis: { kind: 'string', help: 'the queue\'s Redis URL: redis://[:password@]host:port[/db], or rediss://… for TLS (required)' },
    threads: { kind: 'integer', help: 'compute threads on this machine, one tfjs instance and one job each (default: up to 2 cores)' },
    backend: backendFlag,
    'data-dir': dataDirFlag,
    'lock-duration': { kind: 'integer', help: 'milliseconds a job stays locked to this worker without renewal before another takes it up (default 30000)' },
    'stalled-interval': { kind: 'integer', help: 'milliseconds between this worker\'s checks for jobs of dead workers (default 30000)' },
    verbose: { kind: 'boolean', help: 'one line per job started and done' },
  },
};

/**
 * Serves the queue until SIGINT/SIGTERM (running jobs finish first), or until it
 * refuses a job of another code version, backend or data (exit status 2).
 */
export async function workerCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  if (flags.redis === undefined) throw new UsageError('--redis: required (e.g. --redis redis://127.0.0.1:6379)');
  const endpoint = redisEndpoint(String(flags.redis));
  const threads = (flags.threads as number | undefined) ?? defaultThreads();
  if (threads < 1) throw new UsageError(`--threads: expected at least 1, got ${threads}`);
  for (const f of ['lock-duration', 'stalled-interval'] as const) {
    if (flags[f] !== undefined && !((flags[f] as number) > 0)) throw new UsageError(`--${f}: expected a positive number of milliseconds, got ${flags[f]}`);
  }
  const err = process.stderr;
  const backend = await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const dataDir = flags['data-dir'] as string | undefined;
  const fingerprint = computeFingerprint(backend, dataDir);
  const worker = await QueueWorker.start({
    endpoint,
    threads,
    backend,
    fingerprint,
    dataDir,
    lockDurationMs: flags['lock-duration'] as number | undefined,
    stalledIntervalMs: flags['stalled-interval'] as number | undefined,
    verbose: Boolean(flags.verbose),
    log: (m) => err.write(`${m}\n`),
  });
  err.write(`quinarium worker ${worker.name}: serving ${endpoint.display} with ${threads} thread(s); backend ${describeBackend(backend)}; code ${fingerprint.code.slice(0, 12)}, data ${fingerprint.data.slice(0, 12)}\n`);
  const stop = (signal: string) => {
    err.write(`quinarium worker ${worker.name}: ${signal}: finishing the running jobs, then stopping\n`);
    void worker.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { refused } = await worker.stopped;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  // BullMQ's own connections may still be retrying a Redis that is gone: do not let them keep a stopped worker alive.
  setTimeout(() => process.exit(), 2000).unref();
  if (refused) throw new DistributedError(refused.replace(/^refused: /, ''));
}
