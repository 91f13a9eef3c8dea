import { loadavg } from 'node:os';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import { engineBench } from '../bench/engineBench';
import { evolutionBench } from '../bench/evolutionBench';
import { phylogenyBench } from '../bench/phylogenyBench';
import { queueBench } from '../bench/queueBench';
import { redisEndpoint } from '../../engine/distributed/redisEndpoint';
import { UsageError, type CommandSpec } from '../args';
import { bookkeepingBench } from '../bench/bookkeepingBench';

export const benchSpec: CommandSpec = {
  positionals: [],
  flags: {
    backend: { kind: 'string', help: 'the tfjs backend the fused kernels are measured against (default wasm)', values: BACKEND_NAMES.filter((b) => b !== 'fused') },
    repeats: { kind: 'integer', help: 'timed vanilla epochs (median reported; default 3)' },
    only: { kind: 'string', help: 'run one part (queue: the distributed queue\'s overhead; needs --redis and running workers)', values: ['engine', 'evolution', 'phylogeny', 'bookkeeping', 'queue'] },
    redis: { kind: 'string', help: 'with --only queue: the Redis URL that `quinarium worker`s serve' },
    populations: { kind: 'string', help: 'with --only queue: populations for the probe jobs, comma-separated (default 32,256)' },
    real: { kind: 'string', help: 'with --only queue: populations for real jobs, comma-separated (default 32; empty for none)' },
    generations: { kind: 'integer', help: 'with --only queue: generations per measured run (default 6; the first and last are left out)' },
  },
};

const list = (text: string | undefined, fallback: number[]) => (text === undefined ? fallback : text.split(',').filter(Boolean).map(Number));

/**
 * Prints one JSON object: engine speed on the paper protocol and evolution generation
 * time, each on the tfjs path and on the fused kernels side by side, the per-generation
 * phylogeny statistics' and the bookkeeping's cost at growing lineages, with the load average before and after (other work on
 * the machine slows every figure); `--only queue` measures the distributed queue instead.
 */
export async function benchCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  const tfjs = (flags.backend as BackendName | undefined) ?? 'wasm';
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, loadAverageBefore: loadavg() };
  if (flags.only === 'queue') {
    if (flags.redis === undefined) throw new UsageError('--only queue: give --redis URL (with `quinarium worker`s serving it)');
    redisEndpoint(String(flags.redis));
    await selectBackend('auto');
    result.queue = await queueBench(String(flags.redis), { populations: list(flags.populations as string | undefined, [32, 256]), real: list(flags.real as string | undefined, [32]), generations: Number(flags.generations ?? 6) });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const part = (name: string) => flags.only === undefined || flags.only === name;
  if (part('engine')) result.engine = await engineBench(Number(flags.repeats ?? 3), tfjs);
  if (part('evolution')) result.evolution = await evolutionBench(32, 4, tfjs);
  if (part('phylogeny')) result.phylogeny = phylogenyBench();
  if (part('bookkeeping')) result.bookkeeping = bookkeepingBench();
  result.loadAverageAfter = loadavg();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
