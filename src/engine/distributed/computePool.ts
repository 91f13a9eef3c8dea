import { activeBackend } from '../backend/selectBackend';
import type { AnyJobTable } from '../threads/jobTable';
import { createPool, type Pool, type PoolOptions } from '../threads/pool';
import { computeFingerprint } from './fingerprint';
import { redisEndpoint } from './redisEndpoint';
import type { QueuePoolOptions } from './queuePool';

/** Where a run's jobs go when not to local threads: a BullMQ queue on Redis, served by `quinarium worker`s. */
export interface QueueSettings {
  /** `redis://[:password@]host:port[/db]`, or `rediss://…` for TLS. */
  redis: string;
  /** Seconds a lost Redis is retried before the run stops with one error (default 60). */
  patienceSeconds?: number;
  /** Running totals of the queue's traffic and time after every call (bench). */
  observe?: QueuePoolOptions['observe'];
}

/**
 * The pool a run computes on: local threads (createPool), or with `queue` the
 * distributed queue pool. Either way a Pool, so the run's code path is the same. The
 * queue pool is loaded only when asked for (a local run never touches BullMQ).
 */
export async function createComputePool<T extends AnyJobTable>(table: T, o: PoolOptions<T> & { queue?: QueueSettings }): Promise<Pool<T>> {
  if (!o.queue) return createPool(table, o);
  const endpoint = redisEndpoint(o.queue.redis);
  // A setup's dataDir names this machine's copy of the data; each worker reads its own (the fingerprint checks they agree).
  const { dataDir, ...setup } = o.inProcessSetups[0] as Record<string, unknown> & { dataDir?: string };
  const { QueuePool } = await import('./queuePool');
  o.log?.(`${table.name}: jobs go to the queue at ${endpoint.display}`);
  return QueuePool.start(table, setup, computeFingerprint(activeBackend(), dataDir), {
    endpoint,
    patienceMs: (o.queue.patienceSeconds ?? 60) * 1000,
    log: o.log,
    observe: o.queue.observe,
  });
}
