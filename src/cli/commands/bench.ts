import { selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { engineBench } from '../bench/engineBench';
import { evolutionBench } from '../bench/evolutionBench';
import { bookkeepingBench } from '../bench/bookkeepingBench';
import type { CommandSpec } from '../args';
import { backendFlag } from '../commonFlags';

export const benchSpec: CommandSpec = {
  positionals: [],
  flags: {
    backend: backendFlag,
    repeats: { kind: 'integer', help: 'timed vanilla epochs (median reported; default 3)' },
    only: { kind: 'string', help: 'run one part', values: ['engine', 'evolution', 'bookkeeping'] },
  },
};

/** Prints one JSON object: engine speed on the paper protocol, evolution generation time, and the bookkeeping of a generation at growing lineages. */
export async function benchCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
  if (flags.only === undefined || flags.only === 'engine') result.engine = await engineBench(Number(flags.repeats ?? 3));
  if (flags.only === undefined || flags.only === 'evolution') result.evolution = await evolutionBench();
  if (flags.only === undefined || flags.only === 'bookkeeping') result.bookkeeping = bookkeepingBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
