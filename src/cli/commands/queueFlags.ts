import type { QueueSettings } from '../../engine/distributed/computePool';
import { redisEndpoint } from '../../engine/distributed/redisEndpoint';
import { UsageError } from '../args';

/** --redis and --redis-patience as the session's queue settings (none: local threads). */
export function queueSettings(flags: Record<string, string | number | boolean>): QueueSettings | undefined {
  if (flags.redis === undefined) {
    if (flags['redis-patience'] !== undefined) throw new UsageError('--redis-patience: applies to --redis; give --redis URL too');
    return undefined;
  }
  const patience = flags['redis-patience'] as number | undefined;
  if (patience !== undefined && !(patience > 0)) throw new UsageError(`--redis-patience: expected a positive number of seconds, got ${patience}`);
  redisEndpoint(String(flags.redis)); // a malformed URL fails before a run directory exists
  return { redis: String(flags.redis), patienceSeconds: patience };
}
