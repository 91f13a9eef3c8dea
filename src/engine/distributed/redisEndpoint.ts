import { Redis, type RedisOptions } from 'ioredis';
import { DistributedError } from './distributedError';

/** A Redis server named by URL: `redis://[[user]:password@]host[:port][/db]`, or `rediss://…` for TLS. */
export interface RedisEndpoint {
  /** The URL as given (it may hold a password: never print it). */
  readonly url: string;
  /** The URL with any password replaced by `***`, for messages and logs. */
  readonly display: string;
}

/** Parses and checks a Redis URL; throws one line naming what is wrong. */
export function redisEndpoint(url: string, flag = '--redis'): RedisEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DistributedError(`${flag}: expected redis://[:password@]host:port[/db] or rediss://… (TLS), got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new DistributedError(`${flag}: expected a redis:// or rediss:// URL, got protocol ${JSON.stringify(parsed.protocol)}`);
  }
  if (!parsed.hostname) throw new DistributedError(`${flag}: the URL names no host`);
  if (parsed.pathname.length > 1 && !/^\/\d+$/.test(parsed.pathname)) {
    throw new DistributedError(`${flag}: the path must be a database number (/0, /1, …), got ${JSON.stringify(parsed.pathname)}`);
  }
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return { url, display: shown.toString().replace(/\/$/, '') };
}

/**
 * One ioredis connection to `endpoint`. BullMQ's blocking connections require
 * maxRetriesPerRequest null (commands wait while ioredis reconnects); whoever
 * holds a connection watches it (connectionWatch.ts) so a lost server ends in
 * one clear error, not a silent wait. Reconnects back off from 100 ms to 2 s.
 */
export function connect(endpoint: RedisEndpoint, name: string, extra: RedisOptions = {}): Redis {
  const client = new Redis(endpoint.url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    ...extra,
  });
  // ioredis prints every failed reconnect as an "Unhandled error event" unless someone listens;
  // the watch reports the outage once instead.
  client.on('error', () => {});
  return client;
}
