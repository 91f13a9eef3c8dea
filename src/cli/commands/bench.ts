import { selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { engineBench } from '../bench/engineBench';
import { evolutionBench } from '../bench/evolutionBench';
import type { CommandSpec } from '../args';
import { backendFlag } from '../commonFlags';

export const benchSpec: CommandSpec = {
  positionals: [],
  flags: {
    backend: backendFlag,
    repeats: { kind: 'integer', help: 'timed vanilla epochs (median reported; default 3)' },
    only: { kind: 'string', help: 'run one part', values: ['engine', 'evolution'] },
  },
};

/** Prints one JSON object: engine speed on the paper protocol and evolution generation time. */
export async function benchCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
  if (flags.only !== 'evolution') result.engine = await engineBench(Number(flags.repeats ?? 3));
  if (flags.only !== 'engine') result.evolution = await evolutionBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
