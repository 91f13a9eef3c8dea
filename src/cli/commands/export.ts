import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../../engine/store/errors';
import { readEvolutionCheckpoint } from '../../engine/evolve/evolutionCheckpoint';
import { toAlifeCsv } from '../../engine/evolve/lineage/alifeCsv';
import { toJsonl } from '../../engine/evolve/lineage/jsonl';
import { Lineage } from '../../engine/evolve/lineage/lineage';
import { toNewick } from '../../engine/evolve/lineage/newick';
import { paramLayout } from '../../engine/models/layout';
import { EXPORT_FORMATS, type ExportFormat } from '../../protocol/names';
import type { CommandSpec } from '../args';

export const exportSpec: CommandSpec = {
  positionals: ['runDir'],
  flags: {
    format: { kind: 'string', help: `lineage format (default ${EXPORT_FORMATS[0]}; alife-csv is the ALife Data Standards phylogeny)`, values: EXPORT_FORMATS },
    output: { kind: 'string', alias: 'o', help: 'write to this file instead of stdout' },
  },
};

/** The lineage of an evolution run as of its last checkpoint, in a format other tools read. */
export function exportLineage(runDir: string, format: string): string {
  if (!existsSync(join(runDir, 'config.json'))) throw new CheckpointError(`${runDir}: not a run directory (no config.json)`);
  const { state } = readEvolutionCheckpoint(runDir, paramLayout('auxiliary').count);
  const lineage = Lineage.fromJSON(state.lineage);
  return (writers[format as ExportFormat] ?? writers['alife-csv'])(lineage);
}

/** One writer per export format (a format added to EXPORT_FORMATS without one fails to compile). */
const writers: Record<ExportFormat, (lineage: Lineage) => string> = {
  'alife-csv': toAlifeCsv,
  newick: (lineage) => `${toNewick(lineage)}\n`,
  jsonl: toJsonl,
};

export async function exportCommand(runDir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const text = exportLineage(runDir, String(flags.format ?? EXPORT_FORMATS[0]));
  if (flags.output) writeFileSync(String(flags.output), text);
  else process.stdout.write(text);
}
