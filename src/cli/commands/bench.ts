import { loadavg } from 'node:os';
import { BACKEND_NAMES, type BackendName } from '../../engine/backend/selectBackend';
import { engineBench } from '../bench/engineBench';
import { evolutionBench } from '../bench/evolutionBench';
import { phylogenyBench } from '../bench/phylogenyBench';
import type { CommandSpec } from '../args';

export const benchSpec: CommandSpec = {
  positionals: [],
  flags: {
    backend: { kind: 'string', help: 'the tfjs backend the fused kernels are measured against (default wasm)', values: BACKEND_NAMES.filter((b) => b !== 'fused') },
    repeats: { kind: 'integer', help: 'timed vanilla epochs (median reported; default 3)' },
    only: { kind: 'string', help: 'run one part', values: ['engine', 'evolution', 'phylogeny'] },
  },
};

/**
 * Prints one JSON object: engine speed on the paper protocol and evolution generation
 * time, each on the tfjs path and on the fused kernels side by side, the per-generation
 * phylogeny statistics' cost, with the load average before and after (other work on
 * the machine slows every figure).
 */
export async function benchCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  const tfjs = (flags.backend as BackendName | undefined) ?? 'wasm';
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, loadAverageBefore: loadavg() };
  const part = (name: string) => flags.only === undefined || flags.only === name;
  if (part('engine')) result.engine = await engineBench(Number(flags.repeats ?? 3), tfjs);
  if (part('evolution')) result.evolution = await evolutionBench(32, 4, tfjs);
  if (part('phylogeny')) result.phylogeny = phylogenyBench();
  result.loadAverageAfter = loadavg();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
