import { selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { writeRunFigures } from '../../report/runFigures';
import { RasterizerError } from '../../report/svg/rasterize';
import { FIGURE_THEMES, type FigureThemeName } from '../../report/svg/theme';
import { UsageError, type CommandSpec } from '../args';
import { backendFlag, dataDirFlag } from '../commonFlags';

export const figuresSpec: CommandSpec = {
  positionals: ['runDir'],
  flags: {
    backend: backendFlag,
    'data-dir': dataDirFlag,
    theme: { kind: 'string', help: `colours for a white page or a dark one (default ${FIGURE_THEMES[0]})`, values: FIGURE_THEMES },
    png: { kind: 'boolean', help: 'also write each figure as PNG beside its SVG (2 pixels per unit, title and source in its metadata)' },
  },
};

/** Redraws a run directory's figures from its logs and checkpoints (no training). */
export async function figuresCommand(runDir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  try {
    console.log(writeRunFigures(runDir, flags['data-dir'] as string | undefined, { theme: flags.theme as FigureThemeName | undefined, png: Boolean(flags.png) }).join('\n'));
  } catch (e) {
    // A platform without the renderer's binary: one line; the SVGs were written before.
    if (e instanceof RasterizerError) throw new UsageError(e.message);
    throw e;
  }
}
