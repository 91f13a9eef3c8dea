import { selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { engineBench } from '../bench/engineBench';
import { evolutionBench } from '../bench/evolutionBench';
import { queueBench } from '../bench/queueBench';
import { redisEndpoint } from '../../engine/distributed/redisEndpoint';
import { UsageError, type CommandSpec } from '../args';
import { backendFlag } from '../commonFlags';

export const benchSpec: CommandSpec = {
  positionals: [],
  flags: {
    backend: backendFlag,
    repeats: { kind: 'integer', help: 'timed vanilla epochs (median reported; default 3)' },
    only: { kind: 'string', help: 'run one part (queue: the distributed queue\'s overhead; needs --redis and running workers)', values: ['engine', 'evolution', 'queue'] },
    redis: { kind: 'string', help: 'with --only queue: the Redis URL that `quinarium worker`s serve' },
    populations: { kind: 'string', help: 'with --only queue: populations for the probe jobs, comma-separated (default 32,256)' },
    real: { kind: 'string', help: 'with --only queue: populations for real jobs, comma-separated (default 32; empty for none)' },
    generations: { kind: 'integer', help: 'with --only queue: generations per measured run (default 6; the first and last are left out)' },
  },
};

const list = (text: string | undefined, fallback: number[]) => (text === undefined ? fallback : text.split(',').filter(Boolean).map(Number));

/** Prints one JSON object: engine speed on the paper protocol and evolution generation time. */
export async function benchCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
  if (flags.only === 'queue') {
    if (flags.redis === undefined) throw new UsageError('--only queue: give --redis URL (with `quinarium worker`s serving it)');
    redisEndpoint(String(flags.redis));
    result.queue = await queueBench(String(flags.redis), { populations: list(flags.populations as string | undefined, [32, 256]), real: list(flags.real as string | undefined, [32]), generations: Number(flags.generations ?? 6) });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (flags.only !== 'evolution') result.engine = await engineBench(Number(flags.repeats ?? 3));
  if (flags.only !== 'engine') result.evolution = await evolutionBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
