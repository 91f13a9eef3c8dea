import { selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { writeRunFigures } from '../../report/runFigures';
import type { CommandSpec } from '../args';
import { backendFlag, dataDirFlag } from '../commonFlags';

export const figuresSpec: CommandSpec = {
  positionals: ['runDir'],
  flags: {
    backend: backendFlag,
    'data-dir': dataDirFlag,
  },
};

/** Redraws a run directory's figures from its logs and checkpoints (no training). */
export async function figuresCommand(runDir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  console.log(writeRunFigures(runDir, flags['data-dir'] as string | undefined).join('\n'));
}
