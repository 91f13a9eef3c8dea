import { describeBackend, selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { paperConfigSchema } from '../../engine/scenarios/paperConfig';
import { findScenario } from '../../engine/scenarios/registry';
import { createPaperSession } from '../../engine/runs/paperSession';
import type { RunSummary } from '../../engine/runs/paperRun';
import { applyFlagsToConfig, flagsFromSchema, type CommandSpec } from '../args';
import { writeRunFigures } from '../../report/runFigures';
import { ProgressBar } from '../progressBar';
import { summaryTable } from '../summaryTable';
import { RunDivergedError } from '../runOutcome';
import type { SteppedSession } from '../../engine/session/steppedSession';
import type { PaperScenario } from '../../engine/scenarios/scenario';
import { backendFlag, dataDirFlag, jsonSummaryFlag, threadsFrom } from '../commonFlags';

export const runSpec: CommandSpec = {
  positionals: ['scenario'],
  flags: {
    ...flagsFromSchema(paperConfigSchema),
    backend: backendFlag,
    out: { kind: 'string', help: 'base folder for the run directory (default runs)' },
    'data-dir': dataDirFlag,
    full: { kind: 'boolean', help: "the paper's full length where the preset is shortened (hill-climbing: 5,000 epochs)" },
    json: jsonSummaryFlag,
    threads: { kind: 'integer', help: "compute threads for --seeds lanes (default: up to 2 cores); results do not depend on it" },
  },
};

export async function runCommand(scenarioName: string, flags: Record<string, string | number | boolean>): Promise<RunSummary | null> {
  const scenario = findScenario(scenarioName);
  const info = await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const overrides = applyFlagsToConfig(paperConfigSchema, flags);
  if (flags.full && scenario.fullEpochs && flags.epochs === undefined) overrides.epochs = scenario.fullEpochs;
  const session = createPaperSession(scenario.name, { overrides, outDir: flags.out as string | undefined, dataDir: flags['data-dir'] as string | undefined, threads: threadsFrom(flags) });
  process.stderr.write(`quinarium: ${scenario.name} — ${scenario.title}\nbackend: ${describeBackend(info)}\nrun directory: ${session.run.runDir}\n`);
  return drivePaperRun(session, scenario, flags);
}

/**
 * Drives a paper session from the terminal: progress bar, the summary table. The first
 * Ctrl-C stops after the current epoch with a checkpoint (`quinarium resume` continues
 * it); a second one kills.
 */
export async function drivePaperRun(session: SteppedSession, scenario: PaperScenario, flags: Record<string, string | number | boolean>): Promise<RunSummary | null> {
  const err = process.stderr;
  let bar: ProgressBar | null = null;
  let summary: RunSummary | null = null;
  let stopped = false;
  session.on((e) => {
    if (e.type === 'progress') {
      bar ??= new ProgressBar({ total: Math.max(1, e.total), label: scenario.name, stream: err });
      const info: Record<string, string | number> = { ...e.info };
      if (typeof info.loss === 'number') info.loss = info.loss.toFixed(2);
      if (e.unitTotal > 1 && e.unitDone < e.unitTotal) info.step = `${e.unitDone}/${e.unitTotal}`;
      bar.update(Math.min(e.total, e.done), info);
    } else if (e.type === 'log') {
      err.write(`${bar ? '\n' : ''}quinarium: ${e.message}\n`);
    } else if (e.type === 'done') {
      bar?.done();
      summary = e.summary as unknown as RunSummary;
    }
  });
  const onSigint = () => {
    stopped = true;
    err.write('\nstopping after this epoch (checkpointing)…\n');
    process.off('SIGINT', onSigint);
    void session.stop();
  };
  process.on('SIGINT', onSigint);
  try {
    await session.start();
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (session.error) throw session.error;
  if (stopped) {
    err.write(`stopped; continue with: quinarium resume ${session.run.runDir}\n`);
    return null;
  }
  if (!summary) throw new Error('run ended without a summary');
  writeRunFigures(session.run.runDir, flags['data-dir'] as string | undefined);
  err.write(`\n${summaryTable(scenario, summary)}\n\nwrote ${session.run.runDir}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  const runs = (summary as RunSummary).runs;
  // Every lane diverged: a result (SPEC), but not a success a script may mistake for one.
  if (runs.length > 0 && runs.every((r) => r.diverged !== false)) {
    const where = runs.map((r) => `${r.arm === 'main' ? '' : `${r.arm} `}seed ${r.seed} at epoch ${r.diverged}`).join(', ');
    throw new RunDivergedError(`every lane diverged (${where}): the results are their last finite measurements (summary.json: "diverged" per run)`);
  }
  return summary;
}
