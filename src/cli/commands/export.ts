import { writeFileSync } from 'node:fs';
import { exportStoredLineage } from '../../engine/evolve/lineage/exportLineage';
import { RunDirectory } from '../../engine/store/runDirectory';
import { EXPORT_FORMATS, type ExportFormat } from '../../protocol/names';
import type { CommandSpec } from '../args';

export const exportSpec: CommandSpec = {
  positionals: ['runDir'],
  flags: {
    format: { kind: 'string', help: `lineage format (default ${EXPORT_FORMATS[0]}; alife-csv is the ALife Data Standards phylogeny)`, values: EXPORT_FORMATS },
    output: { kind: 'string', alias: 'o', help: 'write to this file instead of stdout' },
  },
};

/** The lineage of an evolution run directory in a format other tools read (the same bytes the app exports). */
export async function exportCommand(runDir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const text = exportStoredLineage(RunDirectory.open(runDir), (flags.format ?? EXPORT_FORMATS[0]) as ExportFormat);
  if (flags.output) writeFileSync(String(flags.output), text);
  else process.stdout.write(text);
}
