import { selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { engineBench } from '../bench/engineBench';
import { evolutionBench } from '../bench/evolutionBench';
import { phylogenyBench } from '../bench/phylogenyBench';
import type { CommandSpec } from '../args';
import { backendFlag } from '../commonFlags';

export const benchSpec: CommandSpec = {
  positionals: [],
  flags: {
    backend: backendFlag,
    repeats: { kind: 'integer', help: 'timed vanilla epochs (median reported; default 3)' },
    only: { kind: 'string', help: 'run one part', values: ['engine', 'evolution', 'phylogeny'] },
  },
};

/** Prints one JSON object: engine speed on the paper protocol, evolution generation time, and the per-generation phylogeny statistics' cost. */
export async function benchCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
  const part = (name: string) => flags.only === undefined || flags.only === name;
  if (part('engine')) result.engine = await engineBench(Number(flags.repeats ?? 3));
  if (part('evolution')) result.evolution = await evolutionBench();
  if (part('phylogeny')) result.phylogeny = phylogenyBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
